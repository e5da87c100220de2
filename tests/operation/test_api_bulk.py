"""GET /api/v1/action-plans/{id}/activities/export/: a plan's activities as CSV, JSON or xlsx."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mipg.operation import services
from mipg.operation.models import Activity
from mipg.organizations.models import Dependencia

from ..bulk import csv_rows, error, json_rows, xlsx_rows
from .conftest import plan_rows, xlsx_upload

pytestmark = pytest.mark.django_db


def url(plan, query=""):
    return f"/api/v1/action-plans/{plan.pk}/activities/export/{query}"


def test_csv_json_and_xlsx_hold_every_activity_of_the_plan(world, plan, api):
    client = api(world.head_planner)
    expected = list(
        Activity.objects.filter(goal__plan=plan)
        .order_by("goal__order", "order")
        .values_list("code", flat=True)
    )
    by_csv = csv_rows(client.get(url(plan)))
    by_json = json_rows(client.get(url(plan, "?format=json")))
    by_xlsx = xlsx_rows(client.get(url(plan, "?format=xlsx")))
    assert (
        [r["code"] for r in by_csv]
        == [r["code"] for r in by_json]
        == [r["code"] for r in by_xlsx]
        == expected
    )

    first = by_json[0]
    assert first["plan"] == plan.pk and first["entity"] == world.head.pk and first["vigencia"] == 2026
    assert first["goal"] == "M1" and first["name"] == "Actividad 1.1" and first["weight"] == 33.0
    assert first["start_date"] == "2026-01-01" and first["end_date"] == "2026-12-31"
    assert first["responsible_dependencia"] == "Oficina de Planeación"
    assert first["responsible_person"] == "Lina Líder" and by_json[1]["responsible_person"] is None
    assert first["progress"] == 0.0 and first["policy"].startswith("POL") and first["dimension"]
    # CSV: ISO dates and plain numbers; xlsx: real dates and numbers.
    assert by_csv[0]["start_date"] == "2026-01-01" and by_csv[0]["weight"] == "33.0"
    assert by_csv[1]["responsible_person"] == ""
    assert by_xlsx[0]["start_date"] == date(2026, 1, 1) and by_xlsx[0]["weight"] == 33.0


def test_filters_and_ordering_apply_as_on_the_activities_list(world, plan, api):
    client = api(world.head_planner)
    policy = Activity.objects.filter(goal__plan=plan).first().policy.code
    rows = json_rows(client.get(url(plan, f"?format=json&policy={policy}")))
    assert rows and {r["policy"] for r in rows} == {policy}
    assert json_rows(client.get(url(plan, "?format=json&vigencia=2025"))) == []
    rows = json_rows(client.get(url(plan, "?format=json&ordering=-id")))
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)
    response = client.get(url(plan, "?format=docx"))
    assert response.status_code == 400 and "format" in error(response)["details"]
    response = client.get(url(plan, "?planes=1"))
    assert response.status_code == 400 and "planes" in error(response)["details"]


def test_another_entity_never_sees_the_plan(world, plan, api):
    assert api(world.outsider).get(url(plan)).status_code == 404
    assert api(world.child_planner).get(url(plan, "?format=json")).status_code == 404
    assert api().get(url(plan)).status_code == 401
    assert len(json_rows(api(world.sector_planner).get(url(plan, "?format=json")))) == 6
    # An activity of the other entity's plan never appears through an allowed plan's route.
    for name in ("Oficina de Planeación", "Secretaría General"):
        Dependencia.objects.create(entity=world.other, name=name)
    foreign = services.plan_import(
        user=world.outsider,
        entity=world.other,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=1, leader_name="")),
    )
    assert api(world.head_planner).get(url(foreign)).status_code == 404
    rows = json_rows(api(world.head_planner).get(url(plan, f"?format=json&plan={foreign.pk}")))
    assert rows == []


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_query_count_does_not_grow_with_the_plan(ops, api, fmt):
    world = ops.world
    client = api(world.head_planner)
    counts, sizes = [], []
    for year, goals in ((2026, 1), (2027, 5)):
        plan = services.plan_import(
            user=world.head_planner,
            entity=world.head,
            vigencia=year,
            upload=xlsx_upload(plan_rows(goals=goals, activities=4, year=year)),
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(plan, f"?format={fmt}"))
            b"".join(response.streaming_content)
        counts.append(len(queries))
        sizes.append(Activity.objects.filter(goal__plan=plan).count())
    assert sizes == [4, 20]
    assert counts[0] == counts[1], counts
