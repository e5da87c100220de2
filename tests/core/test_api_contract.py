"""The OpenAPI schema says what the API does: nullable fields, real responses of the custom actions, the
error answers (400/401/403/404/409 in the one error shape), `page_size` bounds and the xlsx content type."""

import pytest
from django.test import Client
from openapi_spec_validator import validate

from mipg.core.api import StandardPagination


@pytest.fixture
def schema(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    return document


def _component(schema, name):
    return schema["components"]["schemas"][name]


def _ref_name(content):
    return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]


def test_read_fields_that_can_be_null_are_declared_nullable(schema):
    for component, field in [
        ("Entity", "parent"),
        ("Entity", "sector"),
        ("Activity", "responsible_person"),
        ("PolicyLeadership", "leader"),
        ("PolicyLeadership", "leading_dependencia"),
        ("Recommendation", "related_policy"),
        ("Answer", "internal_estimate"),
        ("Indicator", "policy"),
        ("Finding", "policy"),
    ]:
        assert _component(schema, component)["properties"][field].get("nullable") is True, (component, field)
    # And a field that is never null stays non-nullable.
    assert "nullable" not in _component(schema, "Entity")["properties"]["name"]


def test_custom_actions_document_their_real_responses(schema):
    estimate = schema["paths"]["/api/v1/campaigns/{id}/estimate/"]["get"]["responses"]["200"]["content"]
    estimate_component = _component(schema, _ref_name(estimate))
    assert set(estimate_component["properties"]) == {"label", "aggregates"}

    review = schema["paths"]["/api/v1/progress-reports/{id}/review/"]["post"]
    assert _ref_name(review["responses"]["200"]["content"]) == "ProgressReport"
    assert _ref_name(review["requestBody"]["content"]) == "ReviewRequest"

    create = schema["paths"]["/api/v1/progress-reports/"]["post"]
    assert _ref_name(create["responses"]["201"]["content"]) == "ProgressReport"

    answer = schema["paths"]["/api/v1/answers/{id}/answer/"]["post"]
    assert _ref_name(answer["requestBody"]["content"]) == "AnswerInputRequest"
    transition = schema["paths"]["/api/v1/answers/{id}/transition/"]["post"]
    assert _ref_name(transition["requestBody"]["content"]) == "TransitionRequest"
    imported = schema["paths"]["/api/v1/questionnaires/import/"]["post"]["responses"]["201"]["content"]
    assert _ref_name(imported) == "Questionnaire"

    plan = schema["paths"]["/api/v1/action-plans/{id}/"]["get"]["responses"]["200"]["content"]
    assert "rollup" in _component(schema, _ref_name(plan))["properties"]


def test_error_responses_are_documented_in_the_error_shape(schema):
    review = schema["paths"]["/api/v1/progress-reports/{id}/review/"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409"} <= set(review)
    assert _ref_name(review["409"]["content"]) == "Error"
    error = _component(schema, "Error")
    assert error["required"] == ["error"]
    detail = _component(schema, error["properties"]["error"]["$ref"].rsplit("/", 1)[-1])
    assert set(detail["required"]) == {"code", "message", "details"}

    listing = schema["paths"]["/api/v1/entities/"]["get"]["responses"]
    assert {"400", "401", "403", "404"} <= set(listing) and "409" not in listing
    detail_get = schema["paths"]["/api/v1/entities/{id}/"]["get"]["responses"]
    assert {"401", "403", "404"} <= set(detail_get) and "409" not in detail_get


def test_page_size_is_bounded_in_the_schema(schema):
    parameters = schema["paths"]["/api/v1/entities/"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert page_size["schema"]["minimum"] == 1
    assert page_size["schema"]["maximum"] == StandardPagination.max_page_size


def test_exports_document_their_content_types(schema):
    xlsx = schema["paths"]["/api/v1/questionnaires/{id}/export.xlsx/"]["get"]["responses"]["200"]["content"]
    assert list(xlsx) == ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    results = schema["paths"]["/api/v1/results/export/"]["get"]["responses"]["200"]["content"]
    assert set(results) == {"text/csv", "application/json"}


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1001", "1.5", "٣", "²"])
def test_a_bad_or_too_big_page_size_answers_400_in_the_error_shape(world, api, value):
    response = api(world.head_planner).get(f"/api/v1/entities/?page_size={value}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["code"] == "invalid" and "page_size" in body["error"]["details"]


def test_a_valid_page_size_pages(world, api):
    body = api(world.sector_planner).get("/api/v1/entities/?page_size=1").json()
    assert len(body["results"]) == 1 and body["count"] >= 2 and body["next"]
    assert api(world.sector_planner).get("/api/v1/entities/?page_size=1000").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/instruments/?entity=²",
        "/api/v1/activities/?plan=²",
        "/api/v1/progress-reports/?activity=²",
        "/api/v1/answers/?campaign=²",
        "/api/v1/committee-sessions/?committee=²",
        "/api/v1/dependencias/?entity=²",
    ],
)
def test_unicode_digits_in_filters_are_not_a_server_error(world, api, url):
    """ "²".isdigit() is true but int("²") fails: filters accept ASCII digits only."""
    response = api(world.head_planner).get(url)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "invalid"


def test_review_with_a_malformed_id_is_a_404_not_a_500(world, api):
    response = api(world.head_planner).post(
        "/api/v1/progress-reports/%C2%A4x/review/", {"decision": "approve"}, format="json"
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_api_address_that_matches_no_route_answers_json(world, api):
    response = api(world.head_planner).get("/api/v1/entities/1.2.3/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
    # Pages keep the HTML 404.
    assert "text/html" in api(world.head_planner).get("/no-existe/")["Content-Type"]
