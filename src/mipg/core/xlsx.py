"""Excel in and out: fast reading with python-calamine, writing with openpyxl (write-only mode)."""

import io
from collections.abc import Iterable
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from .imports import ImportRejected
from .xlsx_format import typed_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Sheet = tuple[str, list[str], Iterable[Iterable]]


def build_workbook(sheets: list[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([typed_cell(sheet, value, _cell_value) for value in row])  # numbers, dates: es-CO
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    if isinstance(value, datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, (int, float, str, date)):
        return value
    return str(value)


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    response = HttpResponse(build_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def open_workbook(uploaded) -> CalamineWorkbook:
    """Open an uploaded .xlsx (file object, bytes or path); a file that is not a workbook is rejected
    in Spanish instead of failing deep inside the reader."""
    try:
        if isinstance(uploaded, (str, bytes)) or hasattr(uploaded, "__fspath__"):
            data = uploaded if isinstance(uploaded, bytes) else open(uploaded, "rb").read()
        else:
            uploaded.seek(0)
            data = uploaded.read()
        if not data.startswith(b"PK\x03\x04"):
            raise ValueError("not a zip container")
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as error:  # the reader raises many types for corrupt files
        raise ImportRejected.single(_("El archivo no es un libro de Excel (.xlsx) válido.")) from error


def sheet_rows(workbook: CalamineWorkbook, name: str) -> list[list]:
    return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
