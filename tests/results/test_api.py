import csv
import io
import json

from mipg.measurement.results.models import Recommendation
from mipg.measurement.results.samples import recommendations_workbook
from mipg.measurement.results.services import recommendations_import


def test_results_filters(world, api, imported):
    client = api(world.outsider)  # public data: any signed-in user
    body = client.get("/api/v1/results/?vigencia=2024&sigep_code=1002&code=idi").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["sigep_code"] == "1002" and row["code"] == "IDI" and row["entity"] == world.child.pk
    # `entity` is the entity id, as on every other endpoint (issue 13).
    by_id = client.get(f"/api/v1/results/?vigencia=2024&entity={world.child.pk}&code=idi").json()
    assert by_id["results"] == body["results"]
    assert client.get("/api/v1/results/?vigencia=abc").status_code == 400
    assert api().get("/api/v1/results/").status_code in (401, 403)


def test_bulk_export_csv_and_json(world, api, imported):
    client = api(world.head_planner)
    response = client.get("/api/v1/results/export/?vigencia=2024")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["codigo_sigep", "entidad"] and "IDI" in rows[0] and "I70" in rows[0]
    assert len(rows) == 34
    response = client.get("/api/v1/results/export/?vigencia=2024&fmt=json")
    data = json.loads(b"".join(response.streaming_content))
    assert data["vigencia"] == 2024 and len(data["results"]) == 33
    assert client.get("/api/v1/results/export/?vigencia=1990").status_code == 400
    assert client.get("/api/v1/results/export/").json()["error"]["code"] == "invalid"


def test_recommendations_api_is_scoped(world, api, results_admin):
    recommendations_import(
        user=results_admin,
        entity=world.child,
        vigencia=2024,
        file=recommendations_workbook([("POL01", "Una recomendación.", "")]),
    )
    assert api(world.child_planner).get("/api/v1/recommendations/").json()["count"] == 1
    assert api(world.outsider).get("/api/v1/recommendations/").json()["count"] == 0
    pk = Recommendation.objects.get().pk
    assert api(world.outsider).get(f"/api/v1/recommendations/{pk}/").status_code == 404


def test_bulk_export_has_every_score_as_one_decimal_text_and_reads_scores_in_one_pass(world, api, imported):
    """The export (results/exporter.py) formats the scores in the database: each cell is the score with
    one decimal, "" for "no aplica" and for a code the entity has no score for; the scores are read with
    one statement whatever the number of entities, and the codes with one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mipg.measurement.results.models import Score

    Score.objects.filter(vigencia=2024, subject__sigep_code="1002", code="POL07").update(value=None)
    Score.objects.filter(vigencia=2024, subject__sigep_code="1001", code="I70").delete()
    Score.objects.filter(vigencia=2024, subject__sigep_code="2001", code="IDI").update(value=80)
    with CaptureQueriesContext(connection) as queries:
        response = api(world.head_planner).get("/api/v1/results/export/?vigencia=2024")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, by_code = rows[0], {row[0]: row for row in rows[1:]}
    expected = {
        (sigep, code): "" if value is None else f"{value:.1f}"
        for sigep, code, value in Score.objects.filter(vigencia=2024).values_list(
            "subject__sigep_code", "code", "value"
        )
    }
    cells = {
        (sigep, code): row[header.index(code)]
        for sigep, row in by_code.items()
        for code in header[7:-1]
        if (sigep, code) in expected
    }
    assert cells == expected and len(cells) > 3000
    assert by_code["1002"][header.index("POL07")] == "" and by_code["1001"][header.index("I70")] == ""
    assert by_code["2001"][header.index("IDI")] == "80.0"
    assert sum(1 for q in queries.captured_queries if "results_score" in q["sql"]) == 2
    data = json.loads(
        b"".join(
            api(world.head_planner).get("/api/v1/results/export/?vigencia=2024&fmt=json").streaming_content
        )
    )
    scores = {item["sigep_code"]: item["scores"] for item in data["results"]}
    assert "I70" not in scores["1001"] and scores["1002"]["POL07"] is None and scores["2001"]["IDI"] == 80.0
