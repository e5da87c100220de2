import random

import pytest

from mipg.measurement.results import samples
from mipg.measurement.results.services import results_import


def make_rows(count: int, *, start: int = 500000, seed: int = 7, groups=("Fuerzas",), extra=()):
    rng = random.Random(seed)
    peers = samples.synthetic_peers(count, start=start, groups=list(groups), rng=rng)
    rows = list(extra) + peers
    for row in rows:
        row["values"] = samples.synthetic_values(rng, row.get("level", 70))
    return rows


@pytest.fixture
def results_rows():
    return make_rows


@pytest.fixture
def imported(world):
    """Two vigencias for the world's head and child entities plus 30 peers in their grupo par."""
    extra = [
        {"sigep_code": "1001", "name": "Ministerio de Prueba", "peer_group": "Fuerzas", "level": 60},
        {"sigep_code": "1002", "name": "Hospital de Prueba", "peer_group": "Fuerzas", "level": 50},
        {"sigep_code": "2001", "name": "Entidad Ajena", "peer_group": "Fuerzas", "level": 80},
    ]
    records = []
    for vigencia, seed in ((2023, 1), (2024, 2)):
        rows = make_rows(30, seed=seed, extra=[dict(e) for e in extra])
        data = samples.build_results_workbook(rows, vigencia=vigencia)
        records.append(
            results_import(user=world.admin, file=data, vigencia=vigencia, file_name=f"r{vigencia}.xlsx")
        )
    return records


@pytest.fixture
def results_admin(world):
    """An «administrador de resultados oficiales»: a national role, filed over an unrelated entity (the
    entity of a national role assignment is irrelevant and opens none of its data)."""
    from mipg.organizations.roles import Role
    from tests.factories import UserFactory, grant

    user = UserFactory(username="resultados")
    grant(user, world.other, Role.RESULTS_ADMIN)
    return user
