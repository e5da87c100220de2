"""Excel in and out: fast reading with python-calamine, writing with openpyxl (write-only mode).

Reading goes through `open_workbook`, the one guarded reader (see `xlsx_guard`): size, zip structure and
sheet extent are checked before calamine runs, and calamine runs in a memory- and time-limited child
process. Writing goes through `build_workbook`, which neutralises formula-like text (see `exports`)."""

import io
from collections.abc import Iterable
from datetime import date, datetime

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

from . import xlsx_guard
from .exports import neutralise, unneutralise
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
            cell = WriteOnlyCell(sheet, value=neutralise(header))
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
    if value is None or isinstance(value, (int, float, date)):
        return value
    return neutralise(value if isinstance(value, str) else str(value))


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    response = HttpResponse(build_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class GuardedSheet:
    """Stands in for calamine's sheet: `to_python()` reads it in the limited child process."""

    def __init__(self, workbook: "GuardedWorkbook", name: str):
        self.workbook = workbook
        self.name = name

    def to_python(self, skip_empty_area: bool = False) -> list[list]:
        return self.workbook.rows(self.name, skip_empty_area=skip_empty_area)


class GuardedWorkbook:
    """What `open_workbook` returns: `sheet_names` and `get_sheet_by_name(name).to_python()` as in
    calamine, but every read happens after the checks and inside the limited child process."""

    def __init__(self, data: bytes, sheet_names: list[str], limits: xlsx_guard.Limits):
        self._data = data
        self.sheet_names = sheet_names
        self._limits = limits
        self._rows: dict[tuple[str, bool], list[list]] = {}

    def get_sheet_by_name(self, name: str) -> GuardedSheet:
        if name not in self.sheet_names:
            raise ImportRejected.single(_("El libro no tiene la hoja «%(sheet)s».") % {"sheet": name})
        return GuardedSheet(self, name)

    def rows(self, name: str, *, skip_empty_area: bool = False) -> list[list]:
        key = (name, skip_empty_area)
        if key not in self._rows:
            self._rows[key] = xlsx_guard.run_isolated(
                _read_sheet, self._data, name, skip_empty_area, self._limits, lim=self._limits
            )
        return self._rows[key]


def _open(data: bytes) -> CalamineWorkbook:
    return CalamineWorkbook.from_filelike(io.BytesIO(data))


def _sheet_names(data: bytes) -> list[str]:
    """Runs in the child process."""
    return list(_open(data).sheet_names)


def _read_sheet(data: bytes, name: str, skip_empty_area: bool, limits: xlsx_guard.Limits) -> list[list]:
    """Runs in the child process: read one sheet within the row and column limits."""
    rows = _open(data).get_sheet_by_name(name).to_python(skip_empty_area=skip_empty_area)
    width = max((len(row) for row in rows), default=0)
    if len(rows) > limits.max_rows or width > limits.max_columns or len(rows) * width > limits.max_cells:
        raise ImportRejected.single(
            _("La hoja tiene %(rows)s filas por %(columns)s columnas: supera los límites de lectura.")
            % {"rows": len(rows), "columns": width},
            sheet=name,
        )
    for row in rows:
        for index, cell in enumerate(row):
            if cell.__class__ is str and cell[:1] == "'":
                row[index] = unneutralise(cell)
    return rows


def open_workbook(uploaded) -> GuardedWorkbook:
    """Open an uploaded .xlsx (file object, bytes or path) through the guard: anything too large, not a
    workbook, or shaped to exhaust the server is rejected in Spanish before (or while) it is parsed."""
    limits = xlsx_guard.limits()
    data = xlsx_guard.read_bounded(uploaded, limits)
    xlsx_guard.inspect_workbook(data, limits)
    names = xlsx_guard.run_isolated(_sheet_names, data, lim=limits)
    return GuardedWorkbook(data, names, limits)


def sheet_rows(workbook: GuardedWorkbook, name: str) -> list[list]:
    return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
