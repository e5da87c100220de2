"""National-scale benchmark of official results: ~5,400 entities x 8 vigencias x the full index set
(IDI, D1-D7, POL01-POL19, I01-I70 = 97 codes, ~4.2 million scores). One vigencia's workbook is generated
in the official layout and imported through the real importer; the other seven are loaded in bulk.
Then the entity dashboard, the sector dashboard and the results API are timed with the test client.
The figures are also written to bench/figures/results-<database>.json, from which bench/render_performance.py
regenerates the table of targets in docs/performance.md (`make bench` runs both).

    MIPG_SECRET_KEY=x MIPG_DATA_DIR=$(mktemp -d) .venv/bin/python bench/bench_results.py
    ... bench_results.py --entities 600   (or BENCH_RESULTS_ENTITIES=600: a reduced scale while the
                                           machine is busy; the figures say which scale)

Issue 14 items 1 and 4 are measured against a floor taken in the same run (`throughput` in the figures):
the import against a raw bulk insert of the same rows into the same table (committed, then deleted), the
CSV export against reading the same rows with a bare cursor, its first byte against the dashboard index,
and the sector PDF (cold, then served from the cache) against the sector dashboard page.
"""

import datetime
import json
import logging
import os
import random
import statistics
import sys
import time
from urllib.parse import quote

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mipg.settings")
os.environ.setdefault("MIPG_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MIPG_MANIFEST_STATIC", "0")
# The sector PDF is a background job (issue 14 item 5): the immediate backend runs it inside the POST, so
# the request's time is the job's time.
os.environ.setdefault("MIPG_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)  # no progress lines in the figures

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from mipg.measurement.results import samples  # noqa: E402
from mipg.measurement.results.models import PeerRank, ResultSubject, Score  # noqa: E402
from mipg.measurement.results.services import (  # noqa: E402
    insert_scores,
    peer_stats_recompute,
    results_import,
)
from mipg.organizations.models import Entity, Sector  # noqa: E402
from mipg.organizations.roles import Role  # noqa: E402
from mipg.organizations.services import entity_save  # noqa: E402


def _scale_option() -> int:
    if "--entities" in sys.argv:
        return int(sys.argv[sys.argv.index("--entities") + 1])
    return int(os.environ.get("BENCH_RESULTS_ENTITIES", "5400"))


ENTITIES = _scale_option()
VIGENCIAS = list(range(2018, 2026))
IMPORTED = VIGENCIAS[-1]
SECTOR_SIZE = 24
REQUESTS = int(os.environ.get("BENCH_RESULTS_REQUESTS", "30"))
FIGURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "figures")
# Issue 14.1: p95 targets of the dashboard pages at national scale, in ms, per database.
TARGETS_MS = {"postgresql": 150, "sqlite": 300}
# Issue 14.1 and 14.4: import ≤ 15 s on SQLite and ≤ 3 × the raw bulk insert of the same rows; the CSV's
# first byte ≤ 200 ms and the whole file ≤ 1.5 s on PostgreSQL; the sector PDF ≤ 1 s.
IMPORT_TARGET_SECONDS = {"sqlite": 15}
IMPORT_FLOOR_RATIO = 3
EXPORT_TARGET_SECONDS = {"postgresql": 1.5}
PDF_TARGET_SECONDS = 1
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
    floor_seconds = bulk_insert_floor(rows)
    started = time.perf_counter()
    record = results_import(user=None, file=workbook, vigencia=IMPORTED, file_name="nacional.xlsx")
    import_seconds = time.perf_counter() - started
    print(
        f"Piso: inserción en bloque de las mismas {record.score_count} filas en {floor_seconds:.1f} s; "
        f"importar / piso = {import_seconds / floor_seconds:.2f}"
    )
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
        "throughput": [],
    }
    add_measure(
        figures,
        "import",
        "Importar el libro de una vigencia (s)",
        import_seconds,
        target=IMPORT_TARGET_SECONDS.get(connection.vendor),
        floor=floor_seconds,
        floor_label="inserción en bloque de las mismas filas",
        floor_target=IMPORT_FLOOR_RATIO,
    )
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
    os.makedirs(FIGURES, exist_ok=True)
    floor_page = next(p for p in figures["pages"] if "piso" in p["label"])
    bench_export(figures, client, floor_page)
    sector_page = next(p for p in figures["pages"] if p["label"] == "Tablero sectorial")
    bench_sector_pdf(figures, client, sector, sector_page)
    bench_replacement(figures, workbook)
    figures["load_after"] = round(os.getloadavg()[0], 1)
    with open(os.path.join(FIGURES, f"results-{connection.vendor}.json"), "w", encoding="utf-8") as handle:
        json.dump(figures, handle, ensure_ascii=False, indent=1)


def add_measure(figures, key, label, seconds, *, target=None, floor=None, floor_label="", floor_target=None):
    """One row of the generated throughput table (bench/render_performance.py)."""
    figures["throughput"].append(
        {
            "key": key,
            "label": label,
            "value": round(seconds, 3),
            "target": target,
            "floor": None if floor is None else round(floor, 3),
            "floor_label": floor_label,
            "floor_target": floor_target,
        }
    )


def bulk_insert_floor(rows) -> float:
    """The same scores the import writes, inserted with the bulk path alone (no workbook, no subject
    upsert, no statistics) into the same table and committed, as the import is (the commit checks the
    deferred foreign keys); then removed again with plain DELETEs (not timed)."""
    ResultSubject.objects.bulk_create(
        [ResultSubject(sigep_code=row["sigep_code"], name=row["name"]) for row in rows], batch_size=1000
    )
    subjects = dict(ResultSubject.objects.values_list("sigep_code", "pk"))
    values = [
        (IMPORTED, subjects[row["sigep_code"]], code, None if value is None else round(value, 1))
        for row in rows
        for code, value in row["values"].items()
    ]
    started = time.perf_counter()
    with transaction.atomic():
        insert_scores(iter(values))
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:  # no model deletion: no audit entries, no signals
        cursor.execute(f"DELETE FROM {Score._meta.db_table}")
        cursor.execute(f"DELETE FROM {ResultSubject._meta.db_table}")
    return seconds


def _median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


def bench_export(figures, client, floor_page) -> None:
    """Time to the first byte and to the last of the vigencia's CSV (median of three), and the floor:
    the same rows read with a bare cursor."""
    url = f"/api/v1/results/export/?vigencia={IMPORTED}"
    sizes = []

    def first_byte():
        started = time.perf_counter()
        response = client.get(url)
        next(iter(response.streaming_content))
        seconds = time.perf_counter() - started
        response.close()
        return seconds

    def whole():
        started = time.perf_counter()
        response = client.get(url)
        sizes.append(sum(len(chunk) for chunk in response.streaming_content))
        return time.perf_counter() - started

    def raw_read():
        started = time.perf_counter()
        with connection.chunked_cursor() as cursor:
            cursor.execute(
                f"SELECT subject_id, code, value FROM {Score._meta.db_table} WHERE vigencia = %s "
                "ORDER BY subject_id, code",
                [IMPORTED],
            )
            while cursor.fetchmany(10_000):
                pass
        return time.perf_counter() - started

    ttfb, total, floor = _median_of(3, first_byte), _median_of(3, whole), _median_of(3, raw_read)
    print(
        f"Exportación CSV de una vigencia ({sizes[-1] / 1e6:.1f} MB): primer byte {ttfb * 1000:.0f} ms, "
        f"completa {total:.2f} s (piso: leer las mismas filas {floor:.2f} s)"
    )
    add_measure(
        figures,
        "csv_first_byte",
        "Exportación CSV: primer byte (ms)",
        ttfb * 1000,
        target=200,
        floor=floor_page["median_ms"],
        floor_label="mediana del índice de tableros",
    )
    add_measure(
        figures,
        "csv_total",
        "Exportación CSV: archivo completo (s)",
        total,
        target=EXPORT_TARGET_SECONDS.get(connection.vendor),
        floor=floor,
        floor_label="leer las mismas filas con un cursor",
    )


def bench_sector_pdf(figures, client, sector, sector_page) -> None:
    """The sector report of a 24-entity sector, as the page asks for it: a background job (run here by the
    immediate backend inside the POST) whose PDF is then downloaded from the job. Rendered with an empty
    cache, then served from the cache (the same data gives the same PDF until the results change)."""
    from django.core.cache import caches

    from mipg.jobs.models import Job

    url = f"/tableros/sector/{sector.pk}/informe.pdf"

    def fetch():
        started = time.perf_counter()
        response = client.post(url)
        assert response.status_code == 302, response
        job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))
        assert job.status == Job.Status.SUCCEEDED, job.log
        download = client.get(f"/trabajos/{job.pk}/descargar/")
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
        return time.perf_counter() - started

    cold = []
    for _ in range(3):
        caches["default"].clear()
        cold.append(fetch())
    warm = _median_of(5, fetch)
    print(
        f"Informe PDF del sector ({SECTOR_SIZE} entidades): {statistics.median(cold):.2f} s al generarlo, "
        f"{warm * 1000:.0f} ms desde la caché"
    )
    floor = sector_page["median_ms"] / 1000
    for key, label, seconds in (
        ("pdf_cold", "Informe PDF del sector: generarlo (s)", statistics.median(cold)),
        ("pdf_warm", "Informe PDF del sector: desde la caché (s)", warm),
    ):
        add_measure(
            figures,
            key,
            label,
            seconds,
            target=PDF_TARGET_SECONDS,
            floor=floor,
            floor_label="mediana del tablero sectorial",
        )


def bench_replacement(figures, workbook) -> None:
    """Replacing the national vigencia archives its scores (INSERT … SELECT) before importing; restoring
    archives the current data and copies the version back."""
    from mipg.measurement.results.models import ResultVersion
    from mipg.measurement.results.services import results_version_restore

    admin = get_user_model().objects.create_superuser("bench-resultados", password="bench-clave-123")
    started = time.perf_counter()
    results_import(user=admin, file=workbook, vigencia=IMPORTED, file_name="nacional-2.xlsx", replace=True)
    replaced = time.perf_counter() - started
    version = ResultVersion.objects.latest("pk")
    print(f"Reemplazo de la vigencia (archiva {version.score_count} puntajes y reimporta): {replaced:.1f} s")
    started = time.perf_counter()
    record = results_version_restore(user=admin, version=version)
    restored = time.perf_counter() - started
    print(
        f"Restauración de una versión ({record.score_count} puntajes, archivando los vigentes) "
        f"en {restored:.1f} s"
    )
    add_measure(figures, "replace", "Reemplazar la vigencia: archivar y reimportar (s)", replaced)
    add_measure(figures, "restore", "Restaurar una versión de la vigencia (s)", restored)


if __name__ == "__main__":
    sys.exit(main())
