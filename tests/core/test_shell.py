"""The UI shell: login, navigation, home, errors, and the API's common behaviour."""

import re

import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import validate


def test_login_page_is_spanish_and_accessible(client, db):
    body = client.get("/cuenta/ingresar/").content.decode()
    assert '<html lang="es-CO">' in body
    assert 'for="id_username"' in body and 'for="id_password"' in body
    assert "Saltar al contenido" in body


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/ingresar/")


def test_wrong_password_says_so_in_spanish(client, world):
    body = client.post("/cuenta/ingresar/", {"username": "reader", "password": "mala"}).content.decode()
    assert "Usuario o contraseña incorrectos" in body


def test_home_tells_a_new_user_where_to_start(world, login):
    body = login(world.head_planner).get("/").content.decode()
    for text in (
        "¿Por dónde empezar?",
        "Institucionalidad",
        "Operación",
        "Medición",
        "Catálogo",
        "Entidades",
    ):
        assert text in body
    assert "Ministerio de Prueba" in body


def test_user_without_roles_is_told_what_to_do(login, db):
    from tests.factories import UserFactory

    body = login(UserFactory(username="nuevo")).get("/").content.decode()
    assert "Aún no tiene roles" in body


def test_no_asset_comes_from_a_cdn(world, login):
    body = login(world.head_planner).get("/").content.decode()
    # Scripts, stylesheets and images are our own files (the GOV.CO bar only links to www.gov.co).
    assets = re.findall(r"<(?:script|img|source)[^>]*\ssrc=\"([^\"]*)\"|<link[^>]*\shref=\"([^\"]*)\"", body)
    assert assets
    assert [url for pair in assets for url in pair if "//" in url] == []
    assert '<a href="https://www.gov.co"' in body


def test_password_change(world, client):
    # Through the sign-in page: django-axes needs the request, so `client.login` is not used.
    client.post("/cuenta/ingresar/", {"username": "reader", "password": "clave-de-prueba-123"})
    response = client.post(
        "/cuenta/clave/",
        {
            "old_password": "clave-de-prueba-123",
            "new_password1": "Otra-Clave-2026!",
            "new_password2": "Otra-Clave-2026!",
        },
    )
    assert response.status_code == 302
    world.reader.refresh_from_db()
    assert world.reader.check_password("Otra-Clave-2026!")


def test_unknown_page_is_a_spanish_404(world, login):
    response = login(world.reader).get("/no-existe/")
    assert response.status_code == 404 and "No encontrado" in response.content.decode()


def test_openapi_schema_is_valid(db, tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/entities/" in schema["paths"]


@pytest.mark.parametrize("path", ["/api/v1/entities/abc/", "/api/v1/entities/?page=999", "/api/v1/nada/"])
def test_bad_api_input_never_gives_500(world, api, path):
    response = api(world.reader).get(path)
    assert response.status_code == 404


def test_api_docs_are_served_without_cdn(world, login):
    body = login(world.reader).get("/api/docs/").content.decode()
    assert "swagger" in body.lower() and "cdn" not in body.lower()


def test_token_command_prints_a_working_token_last(world, api, capsys):
    from rest_framework.test import APIClient

    call_command("token", "reader")
    key = capsys.readouterr().out.split()[-1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/entities/").status_code == 200
