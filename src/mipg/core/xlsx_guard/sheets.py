"""Each worksheet's declared `<dimension>` and real extent (the cell references it holds), streamed from
its XML, and the row, column and cell limits they are held to."""

import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .common import CHUNK, Limits, not_a_workbook, reject


@dataclass
class SheetExtent:
    rows: int = 0
    columns: int = 0
    declared: tuple[int, int] | None = None


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _ref(ref: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"\$?([A-Z]{1,7})\$?([0-9]{1,12})", ref.strip().upper())
    if not match:
        return None
    return int(match.group(2)), column_number(match.group(1))


DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref="([^"]*)"')
ROW_REF = re.compile(rb'<row r="([0-9]+)"')
CELL_COLUMN = re.compile(rb'<c r="([A-Z]+)')
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])[^>]*")
R_ATTR = re.compile(rb'\sr="([A-Z]*)([0-9]*)"')
SAMPLE = 64 * 1024


def _greater_than(number: int) -> bytes:
    """A regex (bytes) matching a decimal integer without leading zeros strictly greater than `number`."""
    digits = str(number)
    parts = [rb"[1-9][0-9]{%d,}" % len(digits)]
    for index, digit in enumerate(digits):
        if digit == "9":
            continue
        rest = len(digits) - index - 1
        parts.append(
            digits[:index].encode() + b"[%d-9]" % (int(digit) + 1) + (b"[0-9]{%d}" % rest if rest else b"")
        )
    return b"(?:" + b"|".join(parts) + b")"


def _greater_letters(letters: str) -> bytes:
    """A regex matching column letters strictly after `letters` (longer, or same length and later)."""
    parts = [rb"[A-Z]{%d,}" % (len(letters) + 1)]
    for index, letter in enumerate(letters):
        if letter == "Z":
            continue
        rest = len(letters) - index - 1
        parts.append(
            letters[:index].encode()
            + b"[%s-Z]" % chr(ord(letter) + 1).encode()
            + (b"[A-Z]{%d}" % rest if rest else b"")
        )
    return b"(?:" + b"|".join(parts) + b")"


# Tags a regular sheet never has: a cell or row without `r` as its first attribute, or a prefixed one.
IRREGULAR = (
    re.compile(rb'<c(?:[>/]|\s(?!r="))'),
    re.compile(rb'<row(?:[>/]|\s(?!r="))'),
    re.compile(rb":(?:c|row)[\s/>]"),
)


@functools.lru_cache(maxsize=256)
def _beyond_rows(rows: int) -> re.Pattern:
    return re.compile(rb'<c r="[A-Z]++' + _greater_than(rows) + rb'"')


@functools.lru_cache(maxsize=256)
def _beyond_columns(columns: str) -> re.Pattern:
    return re.compile(rb'<c r="' + _greater_letters(columns) + rb"[0-9]")


def _max_letters(found) -> str:
    return max((c.decode() for c in found), key=lambda c: (len(c), c), default="A")


class _ExtentScanner:
    """Streams a worksheet's XML and finds its real extent.

    Fast path (every row and cell carries `r` as its first attribute, as Excel, LibreOffice and openpyxl
    write them): rows from `<row r>`, columns sampled from each chunk's last cells, then one regex search
    per chunk for anything irregular or beyond. Otherwise an exact pass over every row and cell tag."""

    def __init__(self):
        self.carry = b""
        self.declared = None
        self.head_seen = False
        self.max_row = 0
        self.max_column = "A"
        self.exact = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        buffer = self.carry + chunk
        cut = -1 if final else buffer.rfind(b"<")
        if cut < 0:
            self.carry = b""
        else:
            buffer, self.carry = buffer[:cut], buffer[cut:]
            if len(self.carry) > CHUNK:  # a tag that never closes: not a worksheet we can read
                raise not_a_workbook()
        if not self.head_seen:
            match = DIMENSION.search(buffer)
            if match:
                self.declared = _ref(match.group(1).decode("ascii", "replace").split(":")[-1])
            self.head_seen = b"sheetData" in buffer
        if self.exact:
            return
        rows = ROW_REF.findall(buffer)
        if rows:
            self.max_row = max(self.max_row, *map(int, rows))
        self.max_column = _max_letters({self.max_column.encode(), *CELL_COLUMN.findall(buffer[-SAMPLE:])})
        if _beyond_columns(self.max_column).search(buffer):  # the sample missed a wider row
            self.max_column = _max_letters({self.max_column.encode(), *CELL_COLUMN.findall(buffer)})
        if _beyond_rows(self.max_row).search(buffer) or any(p.search(buffer) for p in IRREGULAR):
            self.exact = True

    def finish(self, replay) -> SheetExtent:
        if self.carry:
            self.feed(b"", final=True)
        if self.exact:
            rows, columns = _exact_extent(replay())
        else:
            rows, columns = self.max_row, column_number(self.max_column) if self.max_row else 0
        return SheetExtent(rows=rows, columns=columns, declared=self.declared)


def _exact_extent(chunks) -> tuple[int, int]:
    """Row and column of the far corner, as a reader places cells (with or without `r`)."""
    max_row = max_column = 0
    row = 0
    column = 0
    carry = b""
    for chunk in [*chunks, None]:
        if chunk is None:
            buffer, carry = carry, b""
        else:
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            buffer, carry = (buffer, b"") if cut < 0 else (buffer[:cut], buffer[cut:])
        for match in CELL_TAG.finditer(buffer):
            attrs = R_ATTR.search(match.group(0))
            if match.group(1) == b"row":
                row = int(attrs.group(2)) if attrs and attrs.group(2) else row + 1
                column = 0
                max_row = max(max_row, row)
                continue
            if attrs and attrs.group(1):
                column = column_number(attrs.group(1).decode())
                cell_row = int(attrs.group(2)) if attrs.group(2) else row
            else:
                column += 1
                cell_row = row
            max_row = max(max_row, cell_row)
            max_column = max(max_column, column)
    return max_row, max_column


def _check_extent(sheet: str, extent: SheetExtent, lim: Limits) -> None:
    for rows, columns, declared in (
        (*(extent.declared or (0, 0)), True),
        (extent.rows, extent.columns, False),
    ):
        too_many = rows > lim.max_rows or columns > lim.max_columns or rows * columns > lim.max_cells
        if not too_many:
            continue
        message = (
            _(
                "La hoja declara un rango de %(rows)s filas por %(columns)s columnas; el máximo es "
                "%(max_rows)s filas, %(max_columns)s columnas y %(max_cells)s celdas. Si sus datos son "
                "menos, cópielos a un libro nuevo y cárguelo de nuevo."
            )
            if declared
            else _(
                "La hoja tiene celdas hasta la fila %(rows)s y la columna %(columns)s; el máximo es "
                "%(max_rows)s filas, %(max_columns)s columnas y %(max_cells)s celdas."
            )
        )
        raise reject(
            message
            % {
                "rows": f"{rows:,}".replace(",", "."),
                "columns": f"{columns:,}".replace(",", "."),
                "max_rows": f"{lim.max_rows:,}".replace(",", "."),
                "max_columns": f"{lim.max_columns:,}".replace(",", "."),
                "max_cells": f"{lim.max_cells:,}".replace(",", "."),
            },
            sheet=sheet,
        )
