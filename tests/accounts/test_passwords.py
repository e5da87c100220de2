"""Password policy (12 characters at least, nothing like the user name) and password reset by e-mail
with the app's templates, throttled, without telling who has an account."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError

from mipg.accounts.models import ApiToken
from mipg.accounts.services import token_create
from mipg.core.models import DomainEvent
from mipg.organizations.demo import DEMO_PASSWORD_DEFAULT, USERS


@pytest.mark.parametrize(
    "password",
    ["Corta-2026", "jperez-2026-clave", "JPerez_Secreta!2026", "juan.perez.clave", "123456789012345"],
)
def test_weak_or_user_name_like_passwords_are_refused(db, password):
    from tests.factories import UserFactory

    user = UserFactory(username="jperez", email="juan.perez@example.gov.co")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unrelated_password_passes(db):
    from tests.factories import UserFactory

    validate_password("Tres-palabras-largas-2026", UserFactory(username="jperez"))


@pytest.mark.parametrize("username", ["admin", *USERS])
def test_the_demo_password_meets_the_policy(db, username):
    from django.contrib.auth import get_user_model

    user = get_user_model()(username=username, email=f"{username}@demo.invalid")
    validate_password(DEMO_PASSWORD_DEFAULT, user)


def test_password_change_page_is_the_apps_and_refuses_a_short_password(world, login):
    client = login(world.reader)
    body = client.get("/cuenta/clave/").content.decode()
    assert "Administración de Django" not in body and 'href="/admin/"' not in body
    assert "Cambiar contraseña" in body and "Tokens de API" in body and "Institucionalidad" in body
    response = client.post(
        "/cuenta/clave/",
        {"old_password": "clave-de-prueba-123", "new_password1": "Corta-1!", "new_password2": "Corta-1!"},
    )
    assert response.status_code == 200 and "por lo menos 12 caracteres" in response.content.decode()
    world.reader.refresh_from_db()
    assert world.reader.check_password("clave-de-prueba-123")


def test_password_change_done_page_is_the_apps(world, login):
    body = login(world.reader).get("/cuenta/clave/lista/").content.decode()
    assert "Contraseña cambiada" in body and "Administración de Django" not in body


def _request_reset(client, email, ip="10.1.1.1"):
    return client.post("/cuenta/clave/restablecer/", {"email": email}, REMOTE_ADDR=ip)


def test_login_page_offers_the_reset(db, client):
    body = client.get("/cuenta/ingresar/").content.decode()
    assert "/cuenta/clave/restablecer/" in body and "Gestor MIPG" in body


def test_reset_sends_a_spanish_html_and_text_mail_and_the_link_sets_a_new_password(world, client):
    _token, key = token_create(user=world.reader, name="script")
    body = client.get("/cuenta/clave/restablecer/").content.decode()
    assert "Restablecer contraseña" in body and "Administración de Django" not in body

    response = _request_reset(client, "reader@example.gov.co")
    assert response.status_code == 302 and response["Location"] == "/cuenta/clave/restablecer/enviado/"
    assert "Revise su correo" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.gov.co"] and "Restablecer su contraseña" in message.subject
    assert "Recibimos una solicitud" in message.body
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert 'lang="es-CO"' in html and "Elegir una contraseña" in html
    link = re.search(r"http://testserver(/cuenta/clave/restablecer/[^/\s]+/[^/\s]+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Elegir una contraseña nueva" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "Nueva-clave-segura-2026"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == "/cuenta/clave/restablecer/listo/"
    assert "Contraseña restablecida" in client.get(done["Location"]).content.decode()
    world.reader.refresh_from_db()
    assert world.reader.check_password(new)
    # the reset revokes the tokens and is recorded with the person as actor
    assert not ApiToken.objects.filter(user=world.reader).exists()
    event = DomainEvent.objects.get(verb="clave cambiada", object_id=str(world.reader.pk))
    assert event.actor == world.reader and event.data["tokens_revoked"] == 1
    # the link works once
    assert "Enlace no válido" in client.get(link, follow=True).content.decode()


def test_reset_does_not_tell_whether_an_address_has_an_account(world, client):
    known = _request_reset(client, "reader@example.gov.co")
    unknown = _request_reset(client, "nadie@example.gov.co")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mail.outbox] == [["reader@example.gov.co"]]


def test_reset_is_throttled_per_address_silently(world, client, settings):
    for n in range(settings.MIPG_PASSWORD_RESET_PER_EMAIL + 2):
        response = _request_reset(client, "reader@example.gov.co", ip=f"10.2.2.{n}")
        assert response.status_code == 302
    assert len(mail.outbox) == settings.MIPG_PASSWORD_RESET_PER_EMAIL


def test_reset_is_throttled_per_client_with_a_spanish_message(world, client, settings):
    for n in range(settings.MIPG_PASSWORD_RESET_PER_IP):
        _request_reset(client, f"persona{n}@example.gov.co", ip="10.3.3.3")
    response = _request_reset(client, "reader@example.gov.co", ip="10.3.3.3")
    assert response.status_code == 429 and "Demasiadas solicitudes" in response.content.decode()
    assert mail.outbox == []
    # another client is not affected
    assert _request_reset(client, "reader@example.gov.co", ip="10.4.4.4").status_code == 302
    assert len(mail.outbox) == 1
