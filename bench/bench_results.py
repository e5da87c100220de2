"""National-scale benchmark of official results: ~5,400 entities x 8 vigencias x the full index set
(IDI, D1-D7, POL01-POL19, I01-I70 = 97 codes, ~4.2 million scores). One vigencia's workbook is generated
in the official layout and imported through the real importer; the other seven are loaded in bulk.
Then the entity dashboard, the sector dashboard and the results API are timed with the test client.
The figures are also written to bench/figures/results-<database>.json, from which bench/render_performance.py
regenerates the table of targets in docs/performance.md (`make bench` runs both).

    MIPG_SECRET_KEY=x MIPG_DATA_DIR=$(mktemp -d) .venv/bin/python bench/bench_results.py
    BENCH_RESULTS_ENTITIES=600 ...   (a reduced scale while developing; the figures say which scale)
"""

import datetime
import json
import os
import random
import statistics
import sys
import time
from urllib.parse import quote

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mipg.settings")
os.environ.setdefault("MIPG_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MIPG_MANIFEST_STATIC", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from mipg.measurement.results import samples  # noqa: E402
from mipg.measurement.results.models import PeerRank, ResultSubject  # noqa: E402
from mipg.measurement.results.services import (  # noqa: E402
    insert_scores,
    peer_stats_recompute,
    results_import,
)
from mipg.organizations.models import Entity, Sector  # noqa: E402
from mipg.organizations.roles import Role  # noqa: E402
from mipg.organizations.services import entity_save  # noqa: E402

ENTITIES = int(os.environ.get("BENCH_RESULTS_ENTITIES", "5400"))
VIGENCIAS = list(range(2018, 2026))
IMPORTED = VIGENCIAS[-1]
SECTOR_SIZE = 24
REQUESTS = int(os.environ.get("BENCH_RESULTS_REQUESTS", "30"))
FIGURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "figures")
# Issue 14.1: p95 targets of the dashboard pages at national scale, in ms, per database.
TARGETS_MS = {"postgresql": 150, "sqlite": 300}
GROUPS = [*samples.TERRITORIAL_GROUPS, *samples.PEER_GROUPS]


def build_world():
    sector = Sector.objects.create(code="bench", name="Sector de referencia")
    head = entity_save(
        user=None, entity=Entity(name="Entidad cabeza de referencia", sigep_code="100000", sector=sector)
    )
    members = [head]
    for index in range(1, SECTOR_SIZE):
        members.append(
            entity_save(
                user=None,
                entity=Entity(
                    name=f"Entidad de referencia {index}",
                    sigep_code=str(100000 + index),
                    sector=sector,
                    parent=head,
                ),
            )
        )
    user = get_user_model().objects.create_user("bench", password="bench-clave-123")
    from mipg.organizations.models import RoleAssignment

    RoleAssignment.objects.create(user=user, entity=head, role=Role.PLANNING, include_subtree=True)
    return sector, head, members, user


class _Counter:
    """execute_wrapper that records every SQL statement (works whatever DEBUG says)."""

    def __init__(self, sink: list):
        self.sink = sink

    def __call__(self, execute, sql, params, many, context):
        self.sink.append(sql)
        return execute(sql, params, many, context)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load-catalog", verbosity=0)
    print(
        f"Base de datos: {connection.vendor} · {ENTITIES} entidades × {len(VIGENCIAS)} vigencias × "
        f"{len(samples.ALL_CODES)} códigos"
    )
    sector, head, members, user = build_world()
    rng = random.Random(42)
    subjects = samples.synthetic_peers(
        ENTITIES, start=100000, groups=GROUPS, rng=rng, prefix="Entidad sintética"
    )

    started = time.perf_counter()
    rows = [{**s, "values": samples.synthetic_values(rng, s["level"])} for s in subjects]
    workbook = samples.build_results_workbook(rows, vigencia=IMPORTED)
    generate = time.perf_counter() - started
    started = time.perf_counter()
    record = results_import(user=None, file=workbook, vigencia=IMPORTED, file_name="nacional.xlsx")
    import_seconds = time.perf_counter() - started
    print(
        f"Libro generado en {generate:.1f} s ({len(workbook) / 1e6:.1f} MB); "
        f"importado en {import_seconds:.1f} s "
        f"({record.row_count} filas × {record.column_count} columnas = {record.score_count} puntajes)"
    )

    figures = {
        "database": connection.vendor,
        "entities": ENTITIES,
        "vigencias": len(VIGENCIAS),
        "codes": len(samples.ALL_CODES),
        "requests": REQUESTS,
        "measured_on": datetime.date.today().isoformat(),
        "load_before": round(os.getloadavg()[0], 1),
        "import_seconds": round(import_seconds, 1),
        "pages": [],
    }
    started = time.perf_counter()
    ids = dict(ResultSubject.objects.values_list("sigep_code", "pk"))
    total = 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a larger page cache while loading only
            cursor.execute("PRAGMA cache_size = -400000")
    stats_seconds = []
    for vigencia in VIGENCIAS[:-1]:
        shift = (vigencia - IMPORTED) * 1.5
        with transaction.atomic():  # one transaction per vigencia, as the importer does
            total += insert_scores(
                (vigencia, ids[s["sigep_code"]], code, None if value is None else round(value, 1))
                for s in subjects
                for code, value in sorted(samples.synthetic_values(rng, s["level"] + shift).items())
            )
            # the peer statistics the importer computes in its transaction (services/peer_stats.py)
            begun = time.perf_counter()
            peer_stats_recompute(vigencia)
            stats_seconds.append(time.perf_counter() - begun)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -2000")
    print(
        f"Otras {len(VIGENCIAS) - 1} vigencias cargadas en bloque: {total} puntajes "
        f"en {time.perf_counter() - started:.1f} s"
    )
    figures["peer_stats_seconds"] = round(statistics.median(stats_seconds), 2)
    print(
        f"Estadísticas de grupo par precalculadas por vigencia: mediana {figures['peer_stats_seconds']} s "
        f"({PeerRank.objects.filter(vigencia=IMPORTED).count()} puestos en {IMPORTED})"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(user)
    target = members[len(members) // 2]
    group_q = quote(ResultSubject.objects.get(sigep_code=target.sigep_code).peer_group)
    pages = [
        ("Índice de tableros (piso)", "/tableros/"),
        ("Tablero de entidad", f"/tableros/entidad/{target.pk}/"),
        ("Detalle de política", f"/tableros/entidad/{target.pk}/politica/POL07/"),
        ("Tablero sectorial", f"/tableros/sector/{sector.pk}/"),
        ("Ranking nacional (página 1)", f"/medicion/resultados/ranking/?vigencia={IMPORTED}"),
        ("Ranking nacional (página 50)", f"/medicion/resultados/ranking/?vigencia={IMPORTED}&page=50"),
        ("Ranking de un grupo par", f"/medicion/resultados/ranking/?vigencia={IMPORTED}&grupo={group_q}"),
        ("Tablero de entidad, vigencia anterior", f"/tableros/entidad/{target.pk}/?vigencia={IMPORTED - 3}"),
        ("Tablero sectorial, vigencia anterior", f"/tableros/sector/{sector.pk}/?vigencia={IMPORTED - 3}"),
        ("API resultados (filtro)", f"/api/v1/results/?vigencia={IMPORTED}&entity={target.sigep_code}"),
        ("API resultados (página de 100)", f"/api/v1/results/?vigencia={IMPORTED}&code=IDI"),
    ]
    print()
    print(f"{'Página':34} {'consultas':>9} {'mediana ms':>11} {'p95 ms':>8}")
    for label, url in pages:
        queries = []
        with connection.execute_wrapper(_Counter(queries)):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
        print(f"{label:34} {len(queries):>9} {statistics.median(timings):>11.0f} {p95:>8.0f}")
        figures["pages"].append(
            {
                "label": label,
                "url": url.replace(str(target.pk), "<entidad>").replace(
                    f"sector/{sector.pk}/", "sector/<id>/"
                ),
                "queries": len(queries),
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(p95, 1),
                "target_ms": None if "API" in label or "piso" in label else TARGETS_MS.get(connection.vendor),
            }
        )
    figures["load_after"] = round(os.getloadavg()[0], 1)
    os.makedirs(FIGURES, exist_ok=True)
    with open(os.path.join(FIGURES, f"results-{connection.vendor}.json"), "w", encoding="utf-8") as handle:
        json.dump(figures, handle, ensure_ascii=False, indent=1)
    started = time.perf_counter()
    response = client.get(f"/api/v1/results/export/?vigencia={IMPORTED}")
    size = sum(len(chunk) for chunk in response.streaming_content)
    print(f"Exportación CSV de una vigencia: {size / 1e6:.1f} MB en {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    response = client.get(f"/tableros/sector/{sector.pk}/informe.pdf")
    assert response.status_code == 200
    print(
        f"Informe PDF del sector: {len(response.content) / 1e3:.0f} kB "
        f"en {time.perf_counter() - started:.1f} s"
    )
    bench_replacement(workbook)


def bench_replacement(workbook) -> None:
    """Replacing the national vigencia archives its scores (INSERT … SELECT) before importing; restoring
    archives the current data and copies the version back."""
    from mipg.measurement.results.models import ResultVersion
    from mipg.measurement.results.services import results_version_restore

    admin = get_user_model().objects.create_superuser("bench-resultados", password="bench-clave-123")
    started = time.perf_counter()
    results_import(user=admin, file=workbook, vigencia=IMPORTED, file_name="nacional-2.xlsx", replace=True)
    version = ResultVersion.objects.latest("pk")
    print(
        f"Reemplazo de la vigencia (archiva {version.score_count} puntajes y reimporta) "
        f"en {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    record = results_version_restore(user=admin, version=version)
    print(
        f"Restauración de una versión ({record.score_count} puntajes, archivando los vigentes) "
        f"en {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
