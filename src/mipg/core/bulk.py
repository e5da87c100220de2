"""Bulk reads that stream (issue 13 item 5): one list as CSV, JSON or xlsx, chosen by `?format=` or the
`Accept` header, with the list endpoint's filters, ordering and the caller's scope.

- **Format.** `?format=csv|json|xlsx` (or a `.csv`/`.json`/`.xlsx` suffix on the route) wins; otherwise the
  first supported type of the `Accept` header (`text/csv`, `application/json`, the xlsx type); `*/*` or no
  header gives CSV. An unknown `?format=` answers 400 and an `Accept` with no supported type 406, both in the
  one error shape of `core.api`.
- **Rows** are read with `values_list(...).iterator()` in chunks: a fixed number of queries whatever the
  size, and memory that does not grow with it. There is no row cap: CSV and JSON are written while they are
  read; an xlsx is built by openpyxl in write-only mode in a temporary file that is then streamed, and a
  sheet that reaches Excel's row limit continues on a new sheet.
- **Values.** CSV and JSON are machine formats: plain numbers with a decimal point (`85.3`), ISO dates
  (`2026-11-30`, datetimes with their offset in America/Bogota), `true`/`false`, empty cell or `null` for
  nothing; lists and objects are JSON text in a CSV cell. es-CO formatting is not applied to them. The xlsx
  has typed cells (numbers and dates keep Excel's types with the es-CO display formats of `core.xlsx`).
- Every text cell of CSV and xlsx goes through `core.exports.neutralise` (formula injection).
"""

import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from rest_framework import exceptions, serializers, viewsets
from rest_framework.negotiation import BaseContentNegotiation

from .db_router import reading_from_replica
from .exports import csv_lines, neutralise
from .openapi import ErrorSerializer
from .xlsx import XLSX_CONTENT_TYPE, _cell_value
from .xlsx_format import typed_cell

CONTENT_TYPES = {"csv": "text/csv", "json": "application/json", "xlsx": XLSX_CONTENT_TYPE}
FORMATS = tuple(CONTENT_TYPES)
DEFAULT_FORMAT = "csv"
CHUNK_ROWS = 2000  # rows fetched per database round trip and written per streamed chunk
XLSX_SHEET_ROWS = 1_048_575  # Excel's limit (1,048,576) minus the header row


@dataclass(frozen=True)
class Column:
    """One output column: its name (the same in every format), the ORM path read with `values_list`, and a
    DRF field that documents its type in the schema."""

    name: str
    path: str
    field: serializers.Field


def requested_format(request, suffix: str | None = None) -> str:
    """csv, json or xlsx from the route suffix, `?format=` or the `Accept` header (see the module text)."""
    chosen = suffix or request.query_params.get("format")
    if chosen not in (None, ""):
        if chosen.lower() not in FORMATS:
            raise exceptions.ValidationError(
                {"format": [_("Formato no disponible: use %(formats)s.") % {"formats": ", ".join(FORMATS)}]}
            )
        return chosen.lower()
    accept = request.META.get("HTTP_ACCEPT", "").strip()
    if not accept:
        return DEFAULT_FORMAT
    for media in _accepted_media(accept):
        if media in ("*/*", "text/*"):
            return DEFAULT_FORMAT
        for name, content_type in CONTENT_TYPES.items():
            if media == content_type or (media == "application/*" and name == "json"):
                return name
    raise exceptions.NotAcceptable(
        _("Tipo pedido en «Accept» no disponible: use text/csv, application/json o el tipo de xlsx.")
    )


def _accepted_media(accept: str) -> list[str]:
    """Media types of an Accept header, best first (by q, then in the order written); q=0 is left out."""
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media, *params = [part.strip() for part in item.split(";")]
        quality = 1.0
        for param in params:
            key, _sep, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _q, _p, media in sorted(ranked)]


class BulkNegotiation(BaseContentNegotiation):
    """DRF's negotiation would answer 404 to `?format=xlsx` (no such renderer). Bulk views pick their format
    themselves (`requested_format`, after authentication); DRF renders only error bodies, always as JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def _plain(value):
    """A value of a machine format: numbers, ISO dates and JSON stay language-neutral."""
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _csv_cell(value):
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _chunks(pieces: Iterable[str], size: int = CHUNK_ROWS) -> Iterator[str]:
    batch = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_stream(columns: list[Column], rows: Iterable[tuple]) -> Iterator[str]:
    body = ([_csv_cell(value) for value in row] for row in rows)
    return _chunks(csv_lines([column.name for column in columns], body))


def json_stream(columns: list[Column], rows: Iterable[tuple]) -> Iterator[str]:
    names = [column.name for column in columns]

    def pieces():
        yield "["
        separator = "\n"
        for row in rows:
            item = {name: _plain(value) for name, value in zip(names, row, strict=True)}
            yield separator + json.dumps(item, ensure_ascii=False)
            separator = ",\n"
        yield "\n]\n"

    return _chunks(pieces())


def xlsx_file(columns: list[Column], rows: Iterable[tuple], *, title: str, sheet_rows: int = XLSX_SHEET_ROWS):
    """A temporary file (removed when closed) holding the workbook; rows beyond a sheet's limit go on to
    "<title> 2", "<title> 3"…"""
    workbook = Workbook(write_only=True)
    sheet, count, number = None, sheet_rows, 0
    for row in rows:
        if count >= sheet_rows:
            number += 1
            sheet = _new_sheet(workbook, title if number == 1 else f"{title[:27]} {number}", columns)
            count = 0
        sheet.append([typed_cell(sheet, _xlsx_value(value), _cell_value) for value in row])
        count += 1
    if sheet is None:
        _new_sheet(workbook, title, columns)
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(handle)
    handle.seek(0)
    return handle


def _xlsx_value(value):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _new_sheet(workbook, title: str, columns: list[Column]):
    sheet = workbook.create_sheet(title=title[:31])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=neutralise(column.name))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    return sheet


def bulk_rows(queryset, columns: list[Column]) -> Iterator[tuple]:
    return queryset.values_list(*[column.path for column in columns]).iterator(chunk_size=CHUNK_ROWS)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def bulk_response(fmt: str, *, queryset, columns: list[Column], filename: str, title: str):
    """The streamed file for `fmt`; `filename` has no extension."""
    rows = bulk_rows(queryset, columns)
    name = f"{_SAFE_NAME.sub('-', filename)}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(
            xlsx_file(columns, rows, title=title),
            as_attachment=True,
            filename=name,
            content_type=XLSX_CONTENT_TYPE,
        )
    if fmt == "json":
        response = StreamingHttpResponse(json_stream(columns, rows), content_type="application/json")
    else:
        response = StreamingHttpResponse(csv_stream(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class BulkExportViewSet(viewsets.GenericViewSet):
    """Base of a bulk export route: set `columns`, `filterset_class`, `get_queryset` (scoped, and 404 for a
    parent the caller may not see), `bulk_filename()` and `bulk_title`. Registered on the router as a list
    route, so the strict query-parameter check of `core.api.StrictFilterBackend` applies."""

    columns: list[Column] = []
    bulk_title = "Datos"
    pagination_class = None
    content_negotiation_class = BulkNegotiation

    def bulk_filename(self) -> str:
        raise NotImplementedError

    @reading_from_replica()
    def list(self, request, *args, **kwargs):
        fmt = requested_format(request, kwargs.get("format"))
        queryset = self.filter_queryset(self.get_queryset())
        return bulk_response(
            fmt, queryset=queryset, columns=self.columns, filename=self.bulk_filename(), title=self.bulk_title
        )


def bulk_schema(*, row_name: str, columns: list[Column], description: str, path_parameters=()):
    """Class decorator documenting a bulk route: three formats, the JSON row and the `format` parameter."""
    row = inline_serializer(row_name, {column.name: column.field for column in columns}, many=True)
    schema = extend_schema(
        description=description,
        filters=True,
        parameters=[
            *path_parameters,
            OpenApiParameter(
                "format",
                str,
                enum=list(FORMATS),
                description=gettext_lazy(
                    "csv, json o xlsx; sin él se sigue el encabezado Accept (por defecto csv). "
                    "Un valor distinto responde 400."
                ),
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/json"): row,
            (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
            406: OpenApiResponse(
                ErrorSerializer, description=gettext_lazy("El encabezado Accept no pide CSV, JSON ni xlsx.")
            ),
        },
    )
    return extend_schema_view(list=schema)


def path_id(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=description)
