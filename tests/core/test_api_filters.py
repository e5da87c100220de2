"""Declared API filters (issue 13 item 1): every list endpoint documents its filters and `ordering`;
a malformed value and an unknown query parameter answer 400 in the one error shape; the same names mean
the same thing everywhere (`entity` is the entity id, `sigep_code` the Código SIGEP)."""

import pytest
from django.test import Client, override_settings

from mipg.measurement.results.models import ResultSubject, Score


@pytest.fixture
def schema(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def _list_operations(schema):
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation and "{" not in path and operation["operationId"].endswith("_list"):
            yield path, operation


def _malformed(operation):
    """A parameter and a malformed value for it: an id/year gets a word, a choice a value not offered."""
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter["in"] != "query" or parameter["name"] in ("page", "page_size"):
            continue
        if schema.get("type") == "integer":
            return parameter["name"], "abc"
        if schema.get("enum"):
            return parameter["name"], "no-existe"
        if schema.get("format") == "date":
            return parameter["name"], "2025-13-45"
    return "ordering", "no_such_field"


def test_every_list_documents_ordering_and_its_filters(schema):
    operations = dict(_list_operations(schema))
    assert len(operations) >= 25
    for path, operation in operations.items():
        names = {p["name"] for p in operation.get("parameters", [])}
        assert "ordering" in names, path
    expected = {
        "/api/v1/results/": {"entity", "sigep_code", "vigencia", "code", "peer_group"},
        "/api/v1/activities/": {"entity", "vigencia", "plan", "policy", "dimension"},
        "/api/v1/commitments/": {"entity", "committee", "status", "due_after", "due_before"},
        "/api/v1/committee-sessions/": {"entity", "committee", "starts_after", "starts_before"},
        "/api/v1/answers/": {"campaign", "entity", "vigencia", "status", "policy"},
        "/api/v1/recommendations/": {"entity", "vigencia", "policy", "dimension", "status"},
        "/api/v1/indicators/": {"entity", "vigencia", "policy", "dimension"},
        "/api/v1/dependencias/": {"entity"},
        "/api/v1/improvement-plans/": {"entity", "vigencia"},
    }
    for path, filters in expected.items():
        names = {p["name"] for p in operations[path]["parameters"]}
        assert filters <= names, (path, filters - names)


def test_every_list_refuses_unknown_and_malformed_parameters(schema, world, api, admins):
    from mipg.organizations.roles import Role
    from tests.factories import grant

    grant(world.admin, world.head, Role.ENTITY_ADMIN, subtree=True)
    client = api(world.admin)
    walked = 0
    for path, operation in _list_operations(schema):
        assert client.get(path).status_code == 200, path
        response = client.get(path, {"sin_sentido": "1"})
        assert response.status_code == 400, path
        error = response.json()["error"]
        assert error["code"] == "invalid"
        assert "sin_sentido" in error["details"]
        assert "page_size" in error["details"]["sin_sentido"][0], path  # lists the accepted ones
        name, value = _malformed(operation)
        response = client.get(path, {name: value})
        assert response.status_code == 400, (path, name, value, response.content[:300])
        assert name in response.json()["error"]["details"], (path, name)
        walked += 1
    assert walked >= 25


def test_lenient_mode_ignores_unknown_parameters(world, api):
    client = api(world.head_planner)
    with override_settings(MIPG_API_STRICT_PARAMS=False):
        assert client.get("/api/v1/dependencias/", {"sin_sentido": "1"}).status_code == 200
    assert client.get("/api/v1/dependencias/", {"sin_sentido": "1"}).status_code == 400


def test_entity_is_the_id_and_sigep_code_the_sigep_code_on_results(world, api):
    subject = ResultSubject.objects.create(sigep_code="1001", name="Ministerio de Prueba", entity=world.head)
    other = ResultSubject.objects.create(sigep_code="2001", name="Entidad Ajena", entity=world.other)
    Score.objects.create(subject=subject, vigencia=2024, code="IDI", value=70)
    Score.objects.create(subject=other, vigencia=2024, code="IDI", value=60)
    client = api(world.head_planner)
    by_id = client.get("/api/v1/results/", {"entity": world.head.pk}).json()["results"]
    by_sigep = client.get("/api/v1/results/", {"sigep_code": "1001"}).json()["results"]
    assert [r["sigep_code"] for r in by_id] == ["1001"] == [r["sigep_code"] for r in by_sigep]
    assert client.get("/api/v1/results/", {"entity": "1001x"}).status_code == 400
    ordered = client.get("/api/v1/results/", {"ordering": "-value"}).json()["results"]
    assert [r["value"] for r in ordered][:2] == sorted([r["value"] for r in ordered], reverse=True)[:2]


def test_filters_filter_and_keep_scope(world, api):
    from tests.factories import DependenciaFactory

    DependenciaFactory(entity=world.head, name="Planeación")
    DependenciaFactory(entity=world.other, name="Ajena")
    client = api(world.head_planner)
    rows = client.get("/api/v1/dependencias/", {"entity": world.head.pk}).json()["results"]
    assert [r["name"] for r in rows] == ["Planeación"]
    # Another entity's id filters to nothing: never a hint of its data.
    assert client.get("/api/v1/dependencias/", {"entity": world.other.pk}).json()["results"] == []
    response = client.get("/api/v1/dependencias/", {"ordering": "-name,code"})
    assert response.status_code == 200
