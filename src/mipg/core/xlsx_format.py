"""Typed cells for xlsx exports: numbers stay numbers and dates stay dates, each with a number format, so
that Excel shows them as the reader's locale writes them (1.250,5 and 27/11/2026 in es-CO) and they can
still be added up and sorted. Used by `mipg.core.xlsx.build_workbook`."""

from datetime import date, datetime
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MAX_DECIMALS = 4


def _decimal_format(number: Decimal) -> str:
    exponent = number.normalize().as_tuple().exponent
    places = min(-exponent, MAX_DECIMALS) if isinstance(exponent, int) and exponent < 0 else 0
    return "#,##0" + ("." + "0" * places if places else "")


def typed_cell(sheet, value, fallback):
    """A cell with a number or date format for Decimals, floats and dates; anything else is
    ``fallback(value)`` (whole numbers such as years and ids keep Excel's general format)."""
    if isinstance(value, bool) or value is None:
        return fallback(value)
    if isinstance(value, (Decimal, float)):
        number = value if isinstance(value, Decimal) else Decimal(repr(value))
        if not number.is_finite():
            return fallback(value)
        cell = WriteOnlyCell(sheet, value=float(number))
        cell.number_format = _decimal_format(number)
        return cell
    if isinstance(value, (date, datetime)):
        cell = WriteOnlyCell(sheet, value=fallback(value))
        cell.number_format = DATETIME_FORMAT if isinstance(value, datetime) else DATE_FORMAT
        return cell
    return fallback(value)
