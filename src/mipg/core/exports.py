"""Every spreadsheet and CSV export goes through here: cells that a spreadsheet program would run as a
formula are neutralised (OWASP "CSV injection" guidance).

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a
single quote, so Excel and LibreOffice show it as text. Numbers stay numbers: int, float and Decimal
values are never touched, and a text that is exactly a plain number (``-12``, ``3,5``) is left as is
because no spreadsheet evaluates it as a formula. A text such as ``-1+2`` or ``=HYPERLINK(...)`` is not.
A text that already starts with quotes before such a character gets one more quote, so that
`unneutralise` (applied when our own exports are imported back) is exact.
"""

import csv
import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value):
    """The value to write in a cell: formula-like text gets a leading single quote."""
    if isinstance(value, str) and _NEEDS_QUOTE.match(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `neutralise` on a text read back from one of our exports."""
    if isinstance(value, str) and value[:1] == "'" and _QUOTED.match(value):
        return value[1:]
    return value


class _Echo:
    def write(self, value):
        return value


def csv_lines(header, rows, *, bom: bool = True):
    """Yield CSV text line by line (for StreamingHttpResponse), every cell neutralised."""
    writer = csv.writer(_Echo())
    first = writer.writerow([neutralise(cell) for cell in header])
    yield ("\ufeff" + first) if bom else first
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])
