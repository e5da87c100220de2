"""Login throttling (django-axes): by user name and by client address, on the app's sign-in page and
the admin's, with a Spanish page; an administrator's unlock restores access and is audited."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from mipg.accounts.lockout import client_ip, lockout_response
from mipg.core.models import DomainEvent

PASSWORD = "clave-de-prueba-123"


def _post(client, path, username, password, ip="10.0.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", ["/cuenta/ingresar/", "/admin/login/"])
def test_sixty_wrong_passwords_then_the_right_one_is_refused(world, client, path):
    for n in range(60):
        _post(client, path, "root", f"mala-{n}")
    response = _post(client, path, "root", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    body = response.content.decode()
    # Our page in the app's look, in Spanish; never a bare text nor Django admin's look
    assert "Ingreso bloqueado temporalmente" in body and "15 minutos" in body
    assert "Gestor MIPG" in body and "Administración de Django" not in body


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(world, client):
    for n in range(4):
        _post(client, "/cuenta/ingresar/", "reader", f"mala-{n}")
    response = _post(client, "/cuenta/ingresar/", "reader", PASSWORD)
    assert response.status_code == 302 and _signed_in(client)


def test_signing_in_to_ones_own_account_does_not_reset_the_count_on_another(world, client):
    for n in range(4):
        _post(client, "/cuenta/ingresar/", "reader", f"mala-{n}", ip="10.0.10.1")
    # the attacker signs in to an account of their own from the same address, then guesses again
    assert (
        _post(client.__class__(), "/cuenta/ingresar/", "control", PASSWORD, ip="10.0.10.1").status_code == 302
    )
    _post(client, "/cuenta/ingresar/", "reader", "mala-5", ip="10.0.10.1")
    assert _post(client, "/cuenta/ingresar/", "reader", PASSWORD, ip="10.0.10.2").status_code == 429


def test_user_name_is_locked_whatever_the_address(world, client):
    for n in range(5):
        _post(client, "/cuenta/ingresar/", "reader", f"mala-{n}", ip=f"10.0.1.{n}")
    response = _post(client, "/cuenta/ingresar/", "reader", PASSWORD, ip="10.0.9.9")
    assert response.status_code == 429 and not _signed_in(client)
    # another user from that fresh address is not affected
    assert _post(client, "/cuenta/ingresar/", "control", PASSWORD, ip="10.0.9.9").status_code == 302


def test_address_is_locked_across_user_names(world, client):
    for n, username in enumerate(["reader", "control", "outsider", "nadie", "head_planner"]):
        _post(client, "/cuenta/ingresar/", username, f"mala-{n}", ip="10.0.2.2")
    # a sixth user name, with its right password, from the same address: refused
    response = _post(client, "/cuenta/ingresar/", "sector_planner", PASSWORD, ip="10.0.2.2")
    assert response.status_code == 429 and not _signed_in(client)
    # the same user from another address signs in
    assert _post(client, "/cuenta/ingresar/", "sector_planner", PASSWORD, ip="10.0.3.3").status_code == 302


def test_unlock_command_restores_access_and_is_audited(world, client):
    for n in range(6):
        _post(client, "/cuenta/ingresar/", "reader", f"mala-{n}", ip=f"10.0.4.{n}")
    assert _post(client, "/cuenta/ingresar/", "reader", PASSWORD, ip="10.0.5.5").status_code == 429

    call_command("unlock", "reader", "--actor", "root")

    assert _post(client, "/cuenta/ingresar/", "reader", PASSWORD, ip="10.0.5.5").status_code == 302
    event = DomainEvent.objects.get(verb="ingreso desbloqueado", object_id=str(world.reader.pk))
    assert event.actor == world.admin
    assert event.data["username"] == "reader" and event.data["attempts_removed"] >= 1


def test_unlock_command_refuses_an_actor_who_is_not_a_system_administrator(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no es un administrador"):
        call_command("unlock", "reader", "--actor", "reader")
    assert not DomainEvent.objects.filter(verb="ingreso desbloqueado").exists()


def test_unlock_by_address_from_the_command(world, client):
    for n in range(5):
        _post(client, "/cuenta/ingresar/", f"nadie{n}", "mala", ip="10.0.6.6")
    assert _post(client, "/cuenta/ingresar/", "reader", PASSWORD, ip="10.0.6.6").status_code == 429
    call_command("unlock", "--ip", "10.0.6.6")
    assert _post(client, "/cuenta/ingresar/", "reader", PASSWORD, ip="10.0.6.6").status_code == 302
    assert DomainEvent.objects.filter(verb="ingreso desbloqueado", data__ip_address="10.0.6.6").exists()


def test_admin_action_unlocks_and_records_the_administrator(world, client, login):
    other = client.__class__()
    for n in range(6):
        _post(other, "/cuenta/ingresar/", "control", f"mala-{n}", ip=f"10.0.7.{n}")
    assert _post(other, "/cuenta/ingresar/", "control", PASSWORD, ip="10.0.8.8").status_code == 429

    admin_client = login(world.admin)
    response = admin_client.post(
        "/admin/auth/user/", {"action": "unlock_login", "_selected_action": [world.control.pk]}
    )
    assert response.status_code == 302

    assert _post(other, "/cuenta/ingresar/", "control", PASSWORD, ip="10.0.8.8").status_code == 302
    event = DomainEvent.objects.get(verb="ingreso desbloqueado", object_id=str(world.control.pk))
    assert event.actor == world.admin and event.data["via"] == "admin"


def test_failed_attempts_cannot_be_deleted_unaudited_in_the_admin(world, client, login):
    from axes.models import AccessAttempt

    _post(client, "/cuenta/ingresar/", "reader", "mala")
    attempt = AccessAttempt.objects.get()
    admin_client = login(world.admin)
    assert admin_client.get("/admin/axes/accessattempt/").status_code == 200
    delete_url = f"/admin/axes/accessattempt/{attempt.pk}/delete/"
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_api_paths_get_the_one_error_shape(db):
    request = RequestFactory().post("/api/v1/cualquiera/")
    response = lockout_response(request)
    assert response.status_code == 429
    import json

    body = json.loads(response.content)
    assert body["error"]["code"] == "locked_out" and "bloqueado" in body["error"]["message"]


def test_client_address_behind_trusted_proxies_cannot_be_spoofed(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="192.168.0.10", HTTP_X_FORWARDED_FOR="6.6.6.6, 200.1.2.3")
    settings.MIPG_PROXY_COUNT = 0
    assert client_ip(request) == "192.168.0.10"
    settings.MIPG_PROXY_COUNT = 1
    assert client_ip(request) == "200.1.2.3"


def test_sign_ins_are_visible_read_only_to_system_administrators(world, client, login):
    _post(client, "/cuenta/ingresar/", "reader", PASSWORD)
    admin_client = login(world.admin)
    body = admin_client.get("/admin/axes/accesslog/").content.decode()
    assert "reader" in body
    assert login(world.reader).get("/admin/axes/accesslog/").status_code == 302


def test_unlock_from_the_failed_attempts_list_is_audited(world, client, login):
    from axes.models import AccessAttempt

    for n in range(5):
        _post(client, "/cuenta/ingresar/", "nadie", f"mala-{n}", ip="10.0.11.1")
    attempt = AccessAttempt.objects.get(username="nadie")
    response = login(world.admin).post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [attempt.pk]}
    )
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    event = DomainEvent.objects.get(verb="ingreso desbloqueado")
    assert event.actor == world.admin and event.data["ip_address"] == "10.0.11.1"


def test_unlock_command_needs_a_user_or_an_address(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Indique el usuario"):
        call_command("unlock")
