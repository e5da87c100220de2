"""Readers for the bulk exports (mipg.core.bulk) used by the app tests: the streamed body, parsed."""

import csv
import io
import json

from python_calamine import CalamineWorkbook


def body(response) -> bytes:
    assert response.streaming, "a bulk export must stream"
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_rows(response) -> list[dict]:
    assert response["Content-Type"] == "application/json"
    return json.loads(body(response))


def xlsx_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(body(response)))
    rows = []
    for name in workbook.sheet_names:
        header, *data = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        rows += [dict(zip(header, row, strict=True)) for row in data]
    return rows


def error(response) -> dict:
    data = response.json()
    assert set(data) == {"error"} and set(data["error"]) == {"code", "message", "details"}
    return data["error"]
