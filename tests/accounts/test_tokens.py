"""API tokens (django-rest-knox): expiring, named, shown once, stored only as a digest, revocable by
their owner on /cuenta/tokens/, rotated by `mipg token --rotate`, revoked by a password change; every
action leaves a domain event with its actor."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from mipg.accounts.models import ApiToken
from mipg.accounts.services import token_create
from mipg.core.models import DomainEvent


def _api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _events(user, verb):
    return DomainEvent.objects.filter(object_id=str(user.pk), verb=verb, content_type__model="user")


def test_token_page_creates_a_named_token_shown_once(world, login):
    client = login(world.reader)
    response = client.post("/cuenta/tokens/", {"name": "Tablero de Power BI"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = response.context["new_key"]
    body = response.content.decode()
    assert key in body and "no se volverá a mostrar" in body
    assert "Administración de Django" not in body and "Gestor MIPG" in body

    # the key works with the documented header, is stored only as a digest, and is never shown again
    assert _api(key).get("/api/v1/entities/").status_code == 200
    token = ApiToken.objects.get(user=world.reader)
    assert token.name == "Tablero de Power BI" and key not in (token.digest, token.token_key)
    again = client.get("/cuenta/tokens/").content.decode()
    assert key not in again and "Tablero de Power BI" in again and token.token_key in again

    event = _events(world.reader, "token creado").get()
    assert event.actor == world.reader and event.data["name"] == "Tablero de Power BI"


def test_a_token_needs_a_name(world, login):
    response = login(world.reader).post("/cuenta/tokens/", {"name": "  "})
    assert response.status_code == 400 and not ApiToken.objects.exists()


def test_tokens_expire_after_the_configured_days(world, settings):
    _token, key = token_create(user=world.reader, name="script")
    token = ApiToken.objects.get(user=world.reader)
    assert abs(token.expiry - (timezone.now() + timedelta(days=settings.MIPG_TOKEN_TTL_DAYS))) < timedelta(
        minutes=1
    )
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    response = _api(key).get("/api/v1/entities/")
    assert response.status_code == 401 and "error" in response.json()


def test_owner_revokes_a_token_and_it_stops_working(world, login):
    token, key = token_create(user=world.reader, name="script")
    client = login(world.reader)
    response = client.post(f"/cuenta/tokens/{token.digest}/revocar/")
    assert response.status_code == 302
    assert _api(key).get("/api/v1/entities/").status_code == 401
    event = _events(world.reader, "token revocado").get()
    assert event.actor == world.reader and event.data["name"] == "script"


def test_nobody_lists_or_revokes_another_users_token(world, login):
    token, key = token_create(user=world.reader, name="ajeno")
    client = login(world.outsider)
    assert "ajeno" not in client.get("/cuenta/tokens/").content.decode()
    assert client.post(f"/cuenta/tokens/{token.digest}/revocar/").status_code == 404
    assert _api(key).get("/api/v1/entities/").status_code == 200


def test_token_pages_need_a_signed_in_user(db, client):
    response = client.get("/cuenta/tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/cuenta/ingresar/")


def test_password_change_revokes_every_token(world, login):
    _t1, key1 = token_create(user=world.reader, name="uno")
    _t2, key2 = token_create(user=world.reader, name="dos")
    client = login(world.reader)
    response = client.post(
        "/cuenta/clave/",
        {
            "old_password": "clave-de-prueba-123",
            "new_password1": "Otra-Clave-Larga-2026!",
            "new_password2": "Otra-Clave-Larga-2026!",
        },
    )
    assert response.status_code == 302
    assert _api(key1).get("/api/v1/entities/").status_code == 401
    assert _api(key2).get("/api/v1/entities/").status_code == 401
    revoked = _events(world.reader, "tokens revocados").get()
    assert revoked.actor == world.reader and len(revoked.data["tokens"]) == 2
    changed = _events(world.reader, "clave cambiada").get()
    assert changed.actor == world.reader and changed.data["tokens_revoked"] == 2


def test_token_command_rotates(world, capsys):
    call_command("token", "reader")
    first = capsys.readouterr().out.split()[-1]
    call_command("token", "reader", "--name", "segundo")
    second = capsys.readouterr().out.split()[-1]
    assert _api(first).get("/api/v1/entities/").status_code == 200
    assert _api(second).get("/api/v1/entities/").status_code == 200

    call_command("token", "reader", "--rotate")
    third = capsys.readouterr().out.split()[-1]
    assert _api(first).get("/api/v1/entities/").status_code == 401
    assert _api(second).get("/api/v1/entities/").status_code == 401
    assert _api(third).get("/api/v1/entities/").status_code == 200
    assert ApiToken.objects.filter(user=world.reader).count() == 1
    assert _events(world.reader, "tokens revocados").get().data["reason"] == "rotación"
    assert _events(world.reader, "token creado").count() == 3


def test_token_command_refuses_an_unknown_user(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No existe el usuario"):
        call_command("token", "nadie")


def test_inactive_users_token_is_refused(world):
    _token, key = token_create(user=world.reader, name="script")
    world.reader.is_active = False
    world.reader.save()
    assert _api(key).get("/api/v1/entities/").status_code == 401


def test_admin_revokes_tokens_with_an_audited_action(world, login):
    _token, key = token_create(user=world.reader, name="script")
    response = login(world.admin).post(
        "/admin/auth/user/", {"action": "revoke_tokens", "_selected_action": [world.reader.pk]}
    )
    assert response.status_code == 302
    assert _api(key).get("/api/v1/entities/").status_code == 401
    assert _events(world.reader, "tokens revocados").get().actor == world.admin


def test_token_page_runs_the_same_queries_with_few_or_many_tokens(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.reader)
    counts = []
    for total in (2, 30):
        while ApiToken.objects.filter(user=world.reader).count() < total:
            ApiToken.objects.create(user=world.reader, name=f"t{ApiToken.objects.count()}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/cuenta/tokens/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] <= 8


def test_a_request_checks_its_token_in_one_query_and_expired_ones_go_when_a_new_one_is_issued(world):
    """Issue 14 item 2: knox's per-request listing of the user's other tokens is gone; their expired
    tokens are deleted when the user gets a new one, and an expired token never authenticates."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _old, old_key = token_create(user=world.reader, name="viejo")
    _live, live_key = token_create(user=world.reader, name="vigente")
    _other, _other_key = token_create(user=world.outsider, name="ajeno")
    ApiToken.objects.filter(name__in=["viejo", "ajeno"]).update(expiry=timezone.now() - timedelta(days=1))
    with CaptureQueriesContext(connection) as ctx:
        assert _api(live_key).get("/api/v1/entities/").status_code == 200
    token_reads = [q["sql"] for q in ctx.captured_queries if '"accounts_apitoken"' in q["sql"]]
    assert len(token_reads) == 1, token_reads
    assert set(ApiToken.objects.values_list("name", flat=True)) == {"viejo", "vigente", "ajeno"}
    assert _api(old_key).get("/api/v1/entities/").status_code == 401
    assert not ApiToken.objects.filter(name="viejo").exists()  # the expired token used is deleted
    token_create(user=world.outsider, name="nuevo")
    assert set(ApiToken.objects.filter(user=world.outsider).values_list("name", flat=True)) == {"nuevo"}
    assert set(ApiToken.objects.filter(user=world.reader).values_list("name", flat=True)) == {"vigente"}


def test_a_malformed_token_header_is_refused_not_an_error(world):
    token_create(user=world.reader, name="vigente")
    client = APIClient()
    for header in ("Token \xe9\xe9", "Token -7340000000", "Token " + "a" * 500, "Token mipg_"):
        response = client.get("/api/v1/entities/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401 and "error" in response.json(), header
