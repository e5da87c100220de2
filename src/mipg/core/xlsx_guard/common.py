"""Limits of the guard (from settings), its constants and the Spanish refusals every check raises."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ..imports import ImportRejected

CHUNK = 1024 * 1024
# Parts read whole in the worker (workbook.xml and its relationships) must be small.
METADATA_LIMIT = 4 * 1024 * 1024
# Largest answer (pickled rows) a child may send back: the worker must stay small (a legitimate
# 2,000,000-cell sheet of numbers pickles to about 20 MB).
RESULT_LIMIT = 64 * 1024 * 1024
# Entries smaller than this are not held to the ratio limit: tiny parts compress well and are harmless.
RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_entries: int
    max_uncompressed: int
    max_ratio: int
    max_rows: int
    max_columns: int
    max_cells: int
    memory: int
    timeout: float


def limits() -> Limits:
    return Limits(
        max_bytes=settings.MIPG_MAX_UPLOAD_BYTES,
        max_entries=getattr(settings, "MIPG_XLSX_MAX_ENTRIES", 1000),
        max_uncompressed=getattr(settings, "MIPG_XLSX_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024),
        max_ratio=getattr(settings, "MIPG_XLSX_MAX_RATIO", 100),
        max_rows=getattr(settings, "MIPG_XLSX_MAX_ROWS", 100_000),
        max_columns=getattr(settings, "MIPG_XLSX_MAX_COLUMNS", 1_000),
        max_cells=getattr(settings, "MIPG_XLSX_MAX_CELLS", 2_000_000),
        memory=getattr(settings, "MIPG_XLSX_PARSE_MEMORY_BYTES", 768 * 1024 * 1024),
        timeout=getattr(settings, "MIPG_XLSX_PARSE_TIMEOUT", 60),
    )


def _mb(size: int, *, up: bool = False) -> str:
    value = size / 1048576
    if up:  # a size just over the limit must not print as the limit itself
        return f"{math.ceil(value * 100) / 100:.2f}".replace(".", ",")
    return f"{value:.1f}".replace(".", ",")


def reject(message: str, **where) -> ImportRejected:
    return ImportRejected.single(message, **where)


def not_a_workbook() -> ImportRejected:
    return reject(_("El archivo no es un libro de Excel (.xlsx) válido."))


def too_large(size: int, limit: int) -> ImportRejected:
    return reject(
        _("El archivo pesa %(size)s MB y el máximo permitido es %(limit)s MB.")
        % {"size": _mb(size, up=True), "limit": _mb(limit)}
    )
