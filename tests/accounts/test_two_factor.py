"""Two-factor authentication: TOTP enrolment with a code computed as a phone app does (pyotp, from the
secret shown on the page), verification at every sign-in, single-use recovery codes, and enforcement
for the roles that require it, on pages and on the API's session authentication (not on tokens)."""

import re
import time
from datetime import date

import pyotp
import pytest

from mipg.core.models import DomainEvent
from tests.factories import PersonFactory, UserFactory

PASSWORD = "clave-de-prueba-123"


@pytest.fixture
def enforce(settings):
    settings.MIPG_2FA_ENFORCE = True
    return settings


def sign_in(client, username, password=PASSWORD):
    return client.post(
        "/cuenta/ingresar/", {"username": username, "password": password}, REMOTE_ADDR="10.9.0.1"
    )


def secret_of(response) -> str:
    match = re.search(r'id="totp-secret"[^>]*value="([A-Z2-7 ]+)"', response.content.decode())
    assert match, "the enrolment page shows the secret in text"
    return match.group(1).replace(" ", "")


def code_at(secret: str, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def codes_of(response) -> list[str]:
    block = re.search(r'<ul class="recovery-codes[^>]*>(.*?)</ul>', response.content.decode(), re.S).group(1)
    return re.findall(r"<li>([a-z2-7]+)</li>", block)


def enrol(client, username) -> tuple[str, list[str]]:
    """Sign in, follow the enrolment, confirm with the app's code; returns (secret, recovery codes)."""
    response = sign_in(client, username)
    assert response.status_code == 302 and response.url.startswith("/cuenta/dos-factores/activar/")
    page = client.get(response.url)
    secret = secret_of(page)
    done = client.post(response.url, {"code": code_at(secret), "next": "/"})
    assert done.status_code == 200 and done["Cache-Control"] == "no-store"
    return secret, codes_of(done)


def test_required_role_is_sent_to_enrol_and_then_works_with_its_app(world, client, enforce):
    response = sign_in(client, "control")
    assert response.status_code == 302
    assert response.url == "/cuenta/dos-factores/activar/?next=%2F"
    # every page is closed until the second factor is set up
    assert client.get("/entidades/").url.startswith("/cuenta/dos-factores/activar/")

    page = client.get(response.url)
    body = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in body  # QR code drawn on the server, no script
    secret = secret_of(page)
    assert len(secret) == 32
    # a wrong code changes nothing
    wrong = client.post(response.url, {"code": "000000" if code_at(secret) != "000000" else "111111"})
    assert wrong.status_code == 400 and "El código no coincide" in wrong.content.decode()
    assert client.get("/").status_code == 302
    time.sleep(1.1)  # django-otp throttles: after one failure, the next try waits a second

    done = client.post(response.url, {"code": code_at(secret), "next": "/"})
    codes = codes_of(done)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "no se volverán a mostrar" in done.content.decode()
    assert client.get("/").status_code == 200
    assert DomainEvent.objects.filter(
        verb="segundo factor activado", object_id=str(world.control.pk)
    ).exists()
    # the codes are shown once: the account page only counts them
    account = client.get("/cuenta/dos-factores/").content.decode()
    assert "10 códigos de recuperación" in account and codes[0] not in account


def test_enrolled_user_verifies_at_each_sign_in(world, client, enforce):
    secret, _codes = enrol(client, "control")
    client.post("/cuenta/salir/")

    response = sign_in(client, "control")
    assert response.url == "/cuenta/dos-factores/verificar/?next=%2F"
    assert client.get("/").url.startswith("/cuenta/dos-factores/verificar/")
    # an unverified session cannot enrol another phone over the existing one
    assert client.get("/cuenta/dos-factores/activar/").url.startswith("/cuenta/dos-factores/verificar/")
    refused = client.post(response.url, {"code": "12345", "next": "/"})
    assert refused.status_code == 400 and "Código incorrecto" in refused.content.decode()
    time.sleep(1.1)  # django-otp throttles: after one failure, the next try waits a second
    # the code of the enrolment's time step was used; the next step's code (within tolerance) works
    ok = client.post(response.url, {"code": code_at(secret, 1), "next": "/entidades/"})
    assert ok.status_code == 302 and ok.url == "/entidades/"
    assert client.get("/entidades/").status_code == 200


def test_recovery_code_works_once(world, client, enforce):
    _secret, codes = enrol(client, "control")
    client.post("/cuenta/salir/")

    sign_in(client, "control")
    response = client.post("/cuenta/dos-factores/verificar/", {"code": codes[0].upper(), "next": "/"})
    assert response.status_code == 302 and client.get("/").status_code == 200
    assert DomainEvent.objects.filter(verb="código de recuperación usado").count() == 1
    client.post("/cuenta/salir/")

    sign_in(client, "control")
    again = client.post("/cuenta/dos-factores/verificar/", {"code": codes[0], "next": "/"})
    assert again.status_code == 400
    assert client.get("/").status_code == 302
    time.sleep(1.1)
    assert client.post("/cuenta/dos-factores/verificar/", {"code": codes[1], "next": "/"}).status_code == 302


def test_regenerated_recovery_codes_replace_the_old_ones(world, client, enforce):
    _secret, old = enrol(client, "control")
    response = client.post("/cuenta/dos-factores/codigos/")
    new = codes_of(response)
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/cuenta/salir/")
    sign_in(client, "control")
    assert client.post("/cuenta/dos-factores/verificar/", {"code": old[2]}).status_code == 400
    time.sleep(1.1)
    assert client.post("/cuenta/dos-factores/verificar/", {"code": new[2]}).status_code == 302


def test_regenerating_codes_needs_a_verified_session(world, client, enforce):
    _secret, codes = enrol(client, "control")
    client.post("/cuenta/salir/")
    sign_in(client, "control")
    response = client.post("/cuenta/dos-factores/codigos/")
    assert response.status_code == 302 and response.url.startswith("/cuenta/dos-factores/verificar/")
    # the old codes still work: nothing was regenerated
    assert client.post("/cuenta/dos-factores/verificar/", {"code": codes[0]}).status_code == 302


@pytest.mark.parametrize("username", ["reader", "head_planner", "outsider"])
def test_roles_that_do_not_require_it_sign_in_with_the_password_alone(world, client, enforce, username):
    response = sign_in(client, username)
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200


def test_system_administrator_requires_it(world, client, enforce):
    assert sign_in(client, "root").url.startswith("/cuenta/dos-factores/activar/")
    assert client.get("/admin/").url.startswith("/cuenta/dos-factores/activar/")


def test_committee_president_requires_it(world, client, enforce):
    from mipg.institutional.models import Committee, Seat, SeatHolding

    committee = Committee.objects.create(entity=world.head, kind=Committee.Kind.INSTITUTIONAL, name="CIGD")
    seat = Seat.objects.create(committee=committee, role=Seat.Role.PRESIDENCY, title="Ministro")
    person = PersonFactory(entity=world.head, user=world.reader, full_name="Presidenta")
    holding = SeatHolding.objects.create(seat=seat, person=person, start=date(2020, 1, 1))
    assert sign_in(client, "reader").url.startswith("/cuenta/dos-factores/activar/")
    client.post("/cuenta/salir/")

    # a former president (the holding ended) no longer needs it
    holding.end = date(2021, 1, 1)
    holding.save()
    assert sign_in(client, "reader").url == "/"


def test_required_roles_and_enforcement_are_settings(world, client, enforce):
    enforce.MIPG_2FA_REQUIRED_ROLES = ["planeacion"]
    assert sign_in(client, "head_planner").url.startswith("/cuenta/dos-factores/activar/")
    client.post("/cuenta/salir/")
    assert sign_in(client, "control").url == "/"
    client.post("/cuenta/salir/")

    enforce.MIPG_2FA_ENFORCE = False  # development (MIPG_DEBUG=1) default
    assert sign_in(client, "head_planner").url == "/"


def test_voluntary_enrolment_protects_the_account(world, client, enforce):
    assert sign_in(client, "reader").url == "/"
    page = client.get("/cuenta/dos-factores/activar/")
    secret = secret_of(page)
    client.post("/cuenta/dos-factores/activar/", {"code": code_at(secret), "next": "/"})
    client.post("/cuenta/salir/")
    assert sign_in(client, "reader").url.startswith("/cuenta/dos-factores/verificar/")


def test_session_api_refuses_an_unverified_session_but_tokens_work(world, client, api, enforce):
    client.force_login(world.control)
    response = client.get("/api/v1/entities/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"
    # a token (issued after a verified session, or by `mipg token`) is not affected
    assert api(world.control).get("/api/v1/entities/").status_code == 200
    # a role that does not require it uses its session as before
    other = client.__class__()
    other.force_login(world.reader)
    assert other.get("/api/v1/entities/").status_code == 200


def test_session_api_works_after_verification(world, client, enforce):
    enrol(client, "control")
    assert client.get("/api/v1/entities/").status_code == 200


def test_next_is_kept_only_when_it_is_on_this_site(world, client, enforce):
    secret, _codes = enrol(client, "control")
    client.post("/cuenta/salir/")
    sign_in(client, "control")
    response = client.post(
        "/cuenta/dos-factores/verificar/", {"code": code_at(secret, 1), "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response.url == "/"


def test_pages_are_in_the_apps_look_without_inline_script(world, client, enforce):
    from tests.core.pages import scan

    sign_in(client, "control")
    for path in ("/cuenta/dos-factores/activar/", "/cuenta/dos-factores/"):
        response = client.get(path, follow=True)
        body = response.content.decode()
        assert "Gestor MIPG" in body and scan(body).problems == []


def test_a_user_without_any_role_is_told_to_ask_for_access(db, client):
    UserFactory(username="nuevo")
    response = client.post(
        "/cuenta/ingresar/", {"username": "nuevo", "password": PASSWORD}, REMOTE_ADDR="10.9.0.2", follow=True
    )
    assert "Un administrador de su entidad debe otorgarle acceso" in response.content.decode()


def test_administrator_removes_a_lost_second_factor_and_it_is_audited(world, client, enforce):
    _secret, _codes = enrol(client, "control")
    client.post("/cuenta/salir/")
    enforce.MIPG_2FA_ENFORCE = False  # the administrator's own second factor is not what this test is about
    admin = client.__class__()
    admin.force_login(world.admin)
    response = admin.post(
        "/admin/auth/user/",
        {"action": "remove_second_factor", "_selected_action": [world.control.pk]},
    )
    assert response.status_code == 302
    enforce.MIPG_2FA_ENFORCE = True
    removed = DomainEvent.objects.filter(verb="segundo factor retirado", object_id=str(world.control.pk))
    assert removed.exists()
    # at the next sign-in the user enrols again (a new phone)
    assert sign_in(client, "control").url.startswith("/cuenta/dos-factores/activar/")
