"""Cost of the guarded workbook reader (issue 9, item 2) on the national results workbook (~5,400
entities x 97 index codes): the old direct calamine read against the guarded one (checks in the worker,
parse in a limited child process), then one full import through the real importer.

    MIPG_SECRET_KEY=x MIPG_DATA_DIR=$(mktemp -d) .venv/bin/python bench/bench_xlsx_guard.py
"""

import io
import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mipg.settings")
os.environ.setdefault("MIPG_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MIPG_MANIFEST_STATIC", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from mipg.core import xlsx, xlsx_guard  # noqa: E402
from mipg.measurement.results import importer, samples  # noqa: E402
from mipg.measurement.results.services import known_codes, results_import  # noqa: E402

ENTITIES = int(os.environ.get("BENCH_RESULTS_ENTITIES", "5400"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


class _Unguarded:
    """The reader before issue 9: calamine straight on the upload's bytes, in the worker."""

    def __init__(self, data):
        self.book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        self.sheet_names = self.book.sheet_names

    def get_sheet_by_name(self, name):
        return self.book.get_sheet_by_name(name)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (robust on a shared, loaded machine)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _median(function) -> float:
    times = []
    for _ in range(RUNS):
        started = _cpu()
        function()
        times.append(_cpu() - started)
    return statistics.median(times)


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load-catalog", verbosity=0)
    rng = random.Random(1)
    rows = samples.synthetic_peers(ENTITIES, start=500000, groups=list(samples.PEER_GROUPS), rng=rng)
    for row in rows:
        row["values"] = samples.synthetic_values(rng, 70)
    data = samples.build_results_workbook(rows, vigencia=2025)
    codes = known_codes()
    print(f"workbook: {len(data) / 1048576:.1f} MB, {ENTITIES} rows")

    guarded_open = importer.open_workbook
    importer.open_workbook = _Unguarded
    before = _median(lambda: importer.read_results_workbook(data, known_codes=codes))
    importer.open_workbook = guarded_open
    after = _median(lambda: importer.read_results_workbook(data, known_codes=codes))
    checks = _median(lambda: xlsx_guard.inspect_workbook(data, xlsx_guard.limits()))
    rows_only = _median(lambda: xlsx.sheet_rows(xlsx.open_workbook(data), f"Resultados {2025}"))
    print(f"read_results_workbook, unguarded (before): {before:.2f} s (CPU, median of {RUNS})")
    print(f"read_results_workbook, guarded (after):    {after:.2f} s  (+{after - before:.2f} s)")
    print(f"  of which checks in the worker:           {checks:.2f} s")
    print(f"  open + read in child processes + checks: {rows_only:.2f} s")
    started = time.perf_counter()
    record = results_import(user=None, file=data, vigencia=2025, file_name="nacional.xlsx")
    print(
        f"full import: {record.row_count} entities, {record.score_count} scores in "
        f"{time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
