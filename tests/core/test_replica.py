"""Read replica routing (issue 14 item 8). The test settings define a `replica` alias that mirrors the
test database (TEST MIRROR), so both aliases see the same rows while each connection records its own
queries: the assertions say which alias ran them."""

import csv
import io

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mipg.core.db_router import REPLICA, ReplicaRouter, reading_from_replica
from mipg.measurement.results import samples
from mipg.measurement.results.services import results_import
from mipg.organizations.models import Entity

# No `available_apps`: naming them stops the flush after each test from re-creating content types, and the
# next transactional test then wrote audit entries against content types the flush had deleted.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def replica_on(settings):
    assert REPLICA in connections.settings, "tests/pytest_env.py defines the mirrored replica alias"
    settings.MIPG_REPLICA_READS = True


@pytest.fixture
def results(world):
    rows = [
        {"sigep_code": "1001", "name": "Ministerio de Prueba", "peer_group": "Fuerzas", "level": 60},
        {"sigep_code": "1002", "name": "Hospital de Prueba", "peer_group": "Fuerzas", "level": 50},
    ]
    import random

    rng = random.Random(3)
    for row in rows:
        row["values"] = samples.synthetic_values(rng, row["level"])
    data = samples.build_results_workbook(rows, vigencia=2024)
    return results_import(user=world.admin, file=data, vigencia=2024, file_name="r2024.xlsx")


def _captured(client_call):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client_call()
        if getattr(response, "streaming", False):
            response.body = b"".join(response.streaming_content)
    return response, primary, replica


def _mentions(queries, table: str) -> int:
    return sum(table in query["sql"] for query in queries)


def test_reads_inside_the_block_go_to_the_replica_and_writes_and_transactions_to_the_primary(
    world, replica_on
):
    router = ReplicaRouter()
    assert router.db_for_read(Entity) == "default"
    with reading_from_replica():
        assert router.db_for_read(Entity) == REPLICA
        assert router.db_for_write(Entity) == "default"
        with transaction.atomic():
            assert router.db_for_read(Entity) == "default"
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        with reading_from_replica():
            assert Entity.objects.filter(pk=world.head.pk).count() == 1
            Entity.objects.filter(pk=world.head.pk).update(acronym="MINX")
    assert _mentions(replica, "UPDATE") == 0 and _mentions(primary, "UPDATE") == 1
    assert _mentions(replica, "COUNT(") == 1 and _mentions(primary, "COUNT(") == 0
    assert router.allow_migrate(REPLICA, "core") is False and router.allow_migrate("default", "core")


def test_without_replica_reads_everything_stays_on_the_primary(world, login, settings):
    settings.MIPG_REPLICA_READS = False
    client = login(world.head_planner)
    response, primary, replica = _captured(
        lambda: client.get(reverse("dashboards:entity", args=[world.head.pk]))
    )
    assert response.status_code == 200
    assert len(replica) == 0 and len(primary) > 0


def test_entity_dashboard_reads_from_the_replica(world, login, replica_on, results):
    client = login(world.head_planner)
    response, primary, replica = _captured(
        lambda: client.get(reverse("dashboards:entity", args=[world.head.pk]))
    )
    assert response.status_code == 200
    assert _mentions(replica, "results_score") > 0
    assert _mentions(primary, "results_score") == 0
    # Who is asking is read from the primary: a lagging replica must not sign out a fresh session.
    assert _mentions(primary, "django_session") > 0 and _mentions(replica, "django_session") == 0


def test_sector_dashboard_reads_from_the_replica_and_still_hides_other_entities(world, login, replica_on):
    response, primary, replica = _captured(
        lambda: login(world.sector_planner).get(reverse("dashboards:sector", args=[world.sector.pk]))
    )
    assert response.status_code == 200 and _mentions(replica, "organizations_entity") > 0
    denied = login(world.outsider).get(reverse("dashboards:sector", args=[world.sector.pk]))
    assert denied.status_code == 404


def test_ranking_reads_from_the_replica(world, login, replica_on, results):
    response, primary, replica = _captured(
        lambda: login(world.outsider).get(reverse("results:ranking") + "?vigencia=2024")
    )
    assert response.status_code == 200
    assert _mentions(replica, "results_peerrank") > 0 and _mentions(primary, "results_peerrank") == 0


def test_streamed_export_reads_its_rows_from_the_replica(world, api, replica_on, results):
    response, primary, replica = _captured(
        lambda: api(world.head_planner).get("/api/v1/results/export/?vigencia=2024")
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8-sig"))))
    assert len(rows) == 3 and {row[0] for row in rows[1:]} == {"1001", "1002"}
    assert _mentions(replica, "results_score") > 0 and _mentions(primary, "results_score") == 0
