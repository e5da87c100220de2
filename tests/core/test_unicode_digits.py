"""`"²".isdigit()` is true but `int("²")` fails: every page that reads a number from the query string accepts
ASCII digits only, so odd digits are ignored (default value) instead of answering 500."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "url",
    [
        reverse("institutional:session_list") + "?comite=²",
        reverse("institutional:commitment_list") + "?comite=²",
        reverse("institutional:compliance") + "?anio=²",
        reverse("results:recommendation_list") + "?entidad=²",
        reverse("operation:leadership") + "?vigencia=²",
    ],
)
def test_pages_ignore_non_ascii_digits(world, login, url):
    response = login(world.head_planner).get(url)
    assert response.status_code in (200, 302, 404)
