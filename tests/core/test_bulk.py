"""The bulk-export building blocks (mipg.core.bulk): format negotiation and the three writers."""

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from python_calamine import CalamineWorkbook
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from mipg.core.bulk import Column, csv_stream, json_stream, requested_format, xlsx_file

COLUMNS = [
    Column("name", "name", serializers.CharField()),
    Column("score", "score", serializers.FloatField()),
    Column("day", "day", serializers.DateField()),
    Column("at", "at", serializers.DateTimeField()),
    Column("ok", "ok", serializers.BooleanField()),
    Column("choices", "choices", serializers.ListField()),
]
ROWS = [
    (
        '=HYPERLINK("http://x")',
        Decimal("1250.5"),
        date(2026, 11, 30),
        datetime(2026, 11, 30, 17, 0, tzinfo=ZoneInfo("UTC")),
        True,
        [3, 4],
    ),
    ("Plan ñandú", None, None, None, False, []),
]


def fmt(query="", accept=None):
    factory = APIRequestFactory()
    headers = {"HTTP_ACCEPT": accept} if accept is not None else {}
    return requested_format(Request(factory.get("/x/" + query, **headers)))


def test_format_parameter_wins_over_accept():
    assert fmt("?format=xlsx", accept="application/json") == "xlsx"
    assert fmt("?format=JSON") == "json"


def test_accept_header_chooses_by_quality_and_defaults_to_csv():
    assert fmt(accept="application/json") == "json"
    assert (
        fmt(accept="text/csv;q=0.5, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        == "xlsx"
    )
    assert fmt(accept="text/html,application/xhtml+xml,*/*;q=0.8") == "csv"
    assert fmt() == "csv"
    assert fmt(accept="application/json;q=0, text/csv") == "csv"


def test_unknown_format_is_400_and_unsupported_accept_is_406():
    with pytest.raises(exceptions.ValidationError) as error:
        fmt("?format=pdf")
    assert "format" in error.value.detail
    with pytest.raises(exceptions.NotAcceptable):
        fmt(accept="application/pdf")


def test_csv_has_plain_numbers_iso_dates_and_neutralised_formulas(settings):
    settings.TIME_ZONE = "America/Bogota"
    text = "".join(csv_stream(COLUMNS, iter(ROWS)))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["name", "score", "day", "at", "ok", "choices"]
    assert rows[1] == [
        '\'=HYPERLINK("http://x")',
        "1250.5",
        "2026-11-30",
        "2026-11-30T12:00:00-05:00",
        "true",
        "[3, 4]",
    ]
    assert rows[2] == ["Plan ñandú", "", "", "", "false", "[]"]


def test_json_is_one_array_with_plain_values():
    data = json.loads("".join(json_stream(COLUMNS, iter(ROWS))))
    assert data[0]["score"] == 1250.5 and data[0]["day"] == "2026-11-30" and data[0]["choices"] == [3, 4]
    assert data[0]["name"] == '=HYPERLINK("http://x")'  # JSON is data, not a spreadsheet
    assert data[1] == {
        "name": "Plan ñandú",
        "score": None,
        "day": None,
        "at": None,
        "ok": False,
        "choices": [],
    }
    assert json.loads("".join(json_stream(COLUMNS, iter([])))) == []


def test_xlsx_keeps_types_and_continues_on_a_new_sheet_at_the_row_limit():
    rows = [(f"fila {n}", Decimal(n), date(2026, 1, 1), None, True, []) for n in range(5)]
    handle = xlsx_file(COLUMNS, iter(rows), title="Datos", sheet_rows=2)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    assert workbook.sheet_names == ["Datos", "Datos 2", "Datos 3"]
    first = workbook.get_sheet_by_name("Datos").to_python()
    assert first[0] == ["name", "score", "day", "at", "ok", "choices"]
    assert first[1][:3] == ["fila 0", 0.0, date(2026, 1, 1)]
    assert [r[0] for r in workbook.get_sheet_by_name("Datos 3").to_python()[1:]] == ["fila 4"]


def test_xlsx_of_nothing_has_the_header_and_neutralises_formulas():
    empty = CalamineWorkbook.from_filelike(io.BytesIO(xlsx_file(COLUMNS, iter([]), title="Datos").read()))
    assert empty.get_sheet_by_name("Datos").to_python() == [["name", "score", "day", "at", "ok", "choices"]]
    one = CalamineWorkbook.from_filelike(io.BytesIO(xlsx_file(COLUMNS, iter(ROWS[:1]), title="D").read()))
    assert one.get_sheet_by_name("D").to_python()[1][0] == '\'=HYPERLINK("http://x")'
