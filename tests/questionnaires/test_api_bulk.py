"""GET /api/v1/campaigns/{id}/answers/export/: a whole campaign's answers as CSV, JSON or xlsx."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mipg.measurement.questionnaires.models import Answer
from mipg.measurement.questionnaires.services import answer_save, campaign_create

from ..bulk import csv_rows, error, json_rows, xlsx_rows
from .conftest import answer_of, option_id

pytestmark = pytest.mark.django_db


def url(campaign, query=""):
    return f"/api/v1/campaigns/{campaign.pk}/answers/export/{query}"


def new_campaign(user, questionnaire, entity):
    return campaign_create(
        user=user, questionnaire=questionnaire, entity=entity, vigencia=2025, deadline=date(2025, 12, 1)
    )


@pytest.fixture
def answered(world, campaign):
    dth100 = answer_of(campaign, "DTH100")
    answer_save(user=world.head_planner, answer=dth100, choices=[option_id(dth100, "Sí")])
    answer_save(user=world.head_planner, answer=answer_of(campaign, "DTH130"), number=Decimal("1250"))
    Answer.objects.filter(campaign=campaign, question__code="DPL200").update(text='=HYPERLINK("http://x")')
    return campaign


def test_csv_json_and_xlsx_hold_every_answer_of_the_campaign(world, answered, api):
    client = api(world.head_planner)
    expected = list(
        Answer.objects.filter(campaign=answered).order_by("question__order").values_list("id", flat=True)
    )
    by_csv = csv_rows(client.get(url(answered)))
    by_json = json_rows(client.get(url(answered, "?format=json")))
    by_xlsx = xlsx_rows(client.get(url(answered, "?format=xlsx")))
    assert [int(r["id"]) for r in by_csv] == expected
    assert [r["id"] for r in by_json] == expected
    assert [int(r["id"]) for r in by_xlsx] == expected

    dth100 = answer_of(answered, "DTH100")
    row = next(r for r in by_json if r["question_code"] == "DTH100")
    assert row["choices"] == [option_id(dth100, "Sí")] and row["status"] == "respondida"
    assert (
        row["internal_estimate"] == 100.0
        and row["campaign"] == answered.pk
        and row["entity"] == world.head.pk
    )
    assert next(r for r in by_json if r["question_code"] == "DTH130")["number"] == 1250.0
    # Machine formats: plain numbers, JSON text for lists; formula-like text neutralised in CSV and xlsx.
    csv_row = next(r for r in by_csv if r["question_code"] == "DTH100")
    assert csv_row["internal_estimate"] == "100.0" and csv_row["choices"] == f"[{dth100.choices[0]}]"
    assert csv_row["applicable"] == "true" and csv_row["vigencia"] == "2025"
    assert next(r for r in by_csv if r["question_code"] == "DPL200")["text"] == '\'=HYPERLINK("http://x")'
    assert next(r for r in by_xlsx if r["question_code"] == "DPL200")["text"] == '\'=HYPERLINK("http://x")'
    assert next(r for r in by_json if r["question_code"] == "DPL200")["text"] == '=HYPERLINK("http://x")'
    assert next(r for r in by_xlsx if r["question_code"] == "DTH130")["number"] == 1250.0


def test_accept_header_chooses_the_format_and_the_file_is_named(world, answered, api):
    client = api(world.head_planner)
    response = client.get(url(answered), HTTP_ACCEPT="application/json")
    assert len(json_rows(response)) == answered.answers.count()
    response = client.get(
        url(answered), HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert f'filename="respuestas-campana-{answered.pk}.xlsx"' in response["Content-Disposition"]
    assert len(xlsx_rows(response)) == answered.answers.count()
    response = client.get(url(answered), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 406 and error(response)["code"] == "not_acceptable"


def test_filters_apply_as_on_the_answers_list(world, answered, api):
    client = api(world.head_planner)
    rows = json_rows(client.get(url(answered, "?format=json&status=respondida")))
    assert {r["question_code"] for r in rows} == {"DTH100", "DTH130"}
    rows = json_rows(client.get(url(answered, "?format=json&policy=POL01")))
    assert rows and {r["policy"] for r in rows} == {"POL01"}
    assert [r["id"] for r in json_rows(client.get(url(answered, "?format=json&ordering=-id")))] == sorted(
        answered.answers.values_list("id", flat=True), reverse=True
    )


def test_bad_input_answers_400_in_the_error_shape(world, answered, api):
    client = api(world.head_planner)
    response = client.get(url(answered, "?format=pdf"))
    assert response.status_code == 400 and "format" in error(response)["details"]
    response = client.get(url(answered, "?formato=csv"))
    assert response.status_code == 400 and "formato" in error(response)["details"]
    response = client.get(url(answered, "?status=otra"))
    assert response.status_code == 400 and "status" in error(response)["details"]
    assert client.get(url(answered, "?ordering=text")).status_code == 400


def test_another_entity_never_sees_the_campaign_and_its_answers_never_leak(world, answered, furag, api):
    assert api(world.outsider).get(url(answered)).status_code == 404
    assert api(world.outsider).get(url(answered, "?format=xlsx")).status_code == 404
    assert api().get(url(answered)).status_code == 401
    foreign = new_campaign(world.outsider, furag, world.other)
    client = api(world.head_planner)
    assert client.get(url(foreign, "?format=json")).status_code == 404
    # Filtering by the other entity from an allowed campaign gives nothing, not its rows.
    assert json_rows(client.get(url(answered, f"?format=json&entity={world.other.pk}"))) == []
    assert json_rows(client.get(url(answered, f"?format=json&campaign={foreign.pk}"))) == []
    # The sector planner (subtree of the head entity) reads it; the other entity's planner its own one only.
    assert len(json_rows(api(world.sector_planner).get(url(answered, "?format=json")))) == 9
    assert {r["campaign"] for r in json_rows(api(world.outsider).get(url(foreign, "?format=json")))} == {
        foreign.pk
    }


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_query_count_does_not_grow_with_the_campaign(world, demo_questionnaires, api, fmt):
    furag, auto = demo_questionnaires
    small = new_campaign(world.head_planner, auto, world.head)
    big = new_campaign(world.head_planner, furag, world.head)
    client = api(world.head_planner)
    counts = []
    for campaign in (small, big):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(campaign, f"?format={fmt}"))
            b"".join(response.streaming_content)
        counts.append(len(queries))
    assert campaign.answers.count() > small.answers.count()
    assert counts[0] == counts[1], counts
