"""GET /api/v1/vigencias/{vigencia}/results/export/: a vigencia's official scores as CSV, JSON or xlsx."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mipg.measurement.results import samples
from mipg.measurement.results.models import Score
from mipg.measurement.results.services import results_import

from ..bulk import csv_rows, error, json_rows, xlsx_rows
from .conftest import make_rows

pytestmark = pytest.mark.django_db


def url(vigencia, query=""):
    return f"/api/v1/vigencias/{vigencia}/results/export/{query}"


def test_csv_json_and_xlsx_hold_every_score_of_the_vigencia(world, imported, api):
    client = api(world.head_planner)
    scores = Score.objects.filter(vigencia=2024)
    by_csv = csv_rows(client.get(url(2024)))
    by_json = json_rows(client.get(url(2024, "?format=json")))
    by_xlsx = xlsx_rows(client.get(url(2024, "?format=xlsx")))
    assert len(by_csv) == len(by_json) == len(by_xlsx) == scores.count()
    assert {r["vigencia"] for r in by_json} == {2024}  # never another vigencia's scores
    idi = scores.select_related("subject").get(subject__sigep_code="1001", code="IDI")
    row = next(r for r in by_json if r["sigep_code"] == "1001" and r["code"] == "IDI")
    assert row == {
        "id": idi.pk,
        "vigencia": 2024,
        "sigep_code": "1001",
        "entity_name": "Ministerio de Prueba",
        "peer_group": "Fuerzas",
        "entity": world.head.pk,
        "code": "IDI",
        "value": float(idi.value),
    }
    csv_row = next(r for r in by_csv if r["sigep_code"] == "1001" and r["code"] == "IDI")
    assert csv_row["value"] == str(idi.value) and csv_row["entity"] == str(world.head.pk)  # plain "63.4"
    xlsx_row = next(r for r in by_xlsx if r["sigep_code"] == "1001" and r["code"] == "IDI")
    assert xlsx_row["value"] == float(idi.value) and xlsx_row["entity_name"] == "Ministerio de Prueba"
    peer = next(r for r in by_json if r["sigep_code"] not in ("1001", "1002", "2001"))
    assert peer["entity"] is None


def test_filters_of_the_results_list_apply(world, imported, api):
    client = api(world.reader)
    rows = json_rows(client.get(url(2024, "?format=json&code=idi")))
    assert rows and {r["code"] for r in rows} == {"IDI"} and len(rows) == 33
    rows = json_rows(client.get(url(2024, f"?format=json&entity={world.child.pk}")))
    assert rows and {r["sigep_code"] for r in rows} == {"1002"}
    assert [
        r["sigep_code"] for r in json_rows(client.get(url(2024, "?format=json&sigep_code=2001&code=IDI")))
    ] == ["2001"]
    assert json_rows(client.get(url(2024, "?format=json&vigencia=2023"))) == []
    assert json_rows(client.get(url(2019, "?format=json"))) == []
    response = client.get(url(2024, "?format=ods"))
    assert response.status_code == 400 and error(response)["code"] == "invalid"
    response = client.get(url(2024, "?fmt=json"))
    assert response.status_code == 400 and "fmt" in error(response)["details"]
    assert client.get(url(2024, "?entity=abc")).status_code == 400


def test_a_format_suffix_on_the_route_also_chooses_the_format(world, imported, api):
    client = api(world.reader)
    response = client.get("/api/v1/vigencias/2024/results/export.xlsx?code=IDI")
    assert 'filename="resultados-2024.xlsx"' in response["Content-Disposition"]
    assert len(xlsx_rows(response)) == 33
    assert client.get("/api/v1/vigencias/2024/results/export.pdf").status_code == 400


def test_only_signed_in_users_read_the_results(imported, api):
    response = api().get(url(2024))
    assert response.status_code == 401 and error(response)["code"] == "not_authenticated"


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_query_count_does_not_grow_with_the_vigencia(world, api, fmt):
    for vigencia, count in ((2023, 3), (2024, 25)):
        data = samples.build_results_workbook(make_rows(count, seed=vigencia), vigencia=vigencia)
        results_import(user=world.admin, file=data, vigencia=vigencia, file_name=f"r{vigencia}.xlsx")
    client = api(world.reader)
    counts = []
    for vigencia in (2023, 2024):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(vigencia, f"?format={fmt}"))
            b"".join(response.streaming_content)
        counts.append(len(queries))
    assert Score.objects.filter(vigencia=2024).count() > 5 * Score.objects.filter(vigencia=2023).count()
    assert counts[0] == counts[1], counts
