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
