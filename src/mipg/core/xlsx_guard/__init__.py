"""The one guarded way to read an uploaded workbook.

Before python-calamine sees a byte, `inspect_workbook` checks, in the web worker and with bounded memory:
the file size; the zip structure (entry count read from the end-of-central-directory record before the
directory is loaded, compression method, declared and *actual* uncompressed size of every entry measured
by inflating it in chunks, compression ratio); and, for every worksheet, its declared `<dimension>` and
its real extent (the cell references it holds), against row, column and cell limits.

Only then does calamine parse, in a forked child process with an address-space limit (RLIMIT_AS) and a
time limit, so that a file that still manages to exhaust memory kills the child, not the worker. The
child sends the rows back pickled through a pipe. Every refusal is an `ImportRejected` in Spanish.

The package follows that order: `common` (limits, constants and the refusals), `reader` (the upload's
size and bytes), `zipcheck` (the zip structure and the workbook's parts), `sheets` (each worksheet's
declared and real extent) and `child` (parsing in a limited child process). Every public name is
re-exported here, so callers keep writing `xlsx_guard.inspect_workbook(...)`; `xlsx_guard.RESULT_LIMIT`
stays the one knob for the child's answer size.
"""

from .child import run_isolated
from .common import (
    CHUNK,
    METADATA_LIMIT,
    RATIO_FLOOR,
    RESULT_LIMIT,
    Limits,
    limits,
    not_a_workbook,
    reject,
    too_large,
)
from .reader import check_size, read_bounded, upload_size
from .sheets import SheetExtent, column_number
from .zipcheck import WorkbookPlan, inspect_workbook, zip_entry_count

__all__ = [
    "CHUNK",
    "METADATA_LIMIT",
    "RATIO_FLOOR",
    "RESULT_LIMIT",
    "Limits",
    "SheetExtent",
    "WorkbookPlan",
    "check_size",
    "column_number",
    "inspect_workbook",
    "limits",
    "not_a_workbook",
    "read_bounded",
    "reject",
    "run_isolated",
    "too_large",
    "upload_size",
    "zip_entry_count",
]
