"""No input gives a 500: every registered API route answers odd queries and bodies with 2xx/4xx in the
one JSON error shape. Runs over the whole router, so new endpoints are covered as they are added."""

import re

import pytest

from mipg.urls import router

ODD_QUERIES = [
    "?page=abc",
    "?page=99999",
    "?page_size=-1",
    "?vigencia=abc&entity=xyz&code=%00",
    "?format=xml",
]


def _prefixes():
    # A nested route's prefix has path parameters (campaigns/(?P<campaign_pk>\d+)/answers/export): an id
    # (or year) that does not exist stands for them.
    return sorted(
        {re.sub(r"\(\?P<\w+>[^)]*\)", "2024", prefix) for prefix, _viewset, _basename in router.registry}
    )


@pytest.mark.parametrize("prefix", _prefixes())
def test_list_routes_survive_odd_queries(world, api, prefix):
    client = api(world.head_planner)
    for query in ODD_QUERIES:
        response = client.get(f"/api/v1/{prefix}/{query}")
        assert response.status_code < 500, (prefix, query, response.status_code)
        if response.status_code >= 400:
            assert "error" in response.json(), (prefix, query)


@pytest.mark.parametrize("prefix", _prefixes())
def test_detail_routes_answer_404_for_unknown_ids(world, api, prefix):
    client = api(world.head_planner)
    for pk in ("999999", "abc", "-1"):
        response = client.get(f"/api/v1/{prefix}/{pk}/")
        assert response.status_code in (404, 405), (prefix, pk, response.status_code)


@pytest.mark.parametrize("prefix", _prefixes())
def test_garbage_bodies_are_4xx(world, api, prefix):
    client = api(world.head_planner)
    for body, content_type in (
        ("{not json", "application/json"),
        ('{"id": "x", "entity": 999999}', "application/json"),
    ):
        response = client.post(f"/api/v1/{prefix}/", data=body, content_type=content_type)
        assert 400 <= response.status_code < 500, (prefix, body, response.status_code)
        assert "error" in response.json()


def test_anonymous_callers_get_401_everywhere(db, api):
    for prefix in _prefixes():
        response = api().get(f"/api/v1/{prefix}/")
        assert response.status_code == 401, prefix
