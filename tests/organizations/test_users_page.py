"""The in-app users page: accounts with and without a person record, managed by entity administrators
within their scope (another entity's administrator gets 404), never through /admin/."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from mipg.core.models import DomainEvent
from mipg.organizations.models import Invitation, Person
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant

User = get_user_model()


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """sent(call, *args) -> call(*args), after the on-commit callbacks (the e-mails) ran."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def service_account(world):
    """An account without a person record (made in /admin/ in the past) with a role over the hospital."""
    account = UserFactory(username="tablero_hospital", email="tablero@hospital.gov.co")
    grant(account, world.child, Role.READ_ONLY)
    return account


def listed(page: str, account) -> bool:
    return f'href="/entidades/usuarios/{account.pk}/"' in page


@pytest.fixture
def other_admin(world):
    account = UserFactory(username="other_admin")
    grant(account, world.other, Role.ENTITY_ADMIN)
    return account


def test_the_list_shows_accounts_without_a_person_to_their_administrator_only(
    world, admins, service_account, other_admin, login, sent
):
    client = login(admins.child_admin)
    page = client.get("/entidades/usuarios/").content.decode()
    assert listed(page, service_account) and listed(page, admins.child_admin)
    assert not listed(page, world.sector_planner) and not listed(page, world.outsider)
    only_without = client.get("/entidades/usuarios/?persona=sin").content.decode()
    assert listed(only_without, service_account) and not listed(only_without, admins.child_admin)
    assert not listed(client.get("/entidades/usuarios/?estado=inactiva").content.decode(), service_account)
    detail = client.get(f"/entidades/usuarios/{service_account.pk}/")
    assert detail.status_code == 200 and "Desactivar cuenta" in detail.content.decode()

    other = login(other_admin)
    assert not listed(other.get("/entidades/usuarios/").content.decode(), service_account)
    for url in ("", "cuenta/", "restablecer/", "roles/", "persona/"):
        method = other.get if url == "" else other.post
        response = sent(method, f"/entidades/usuarios/{service_account.pk}/{url}", {"active": "0"})
        assert response.status_code == 404
    service_account.refresh_from_db()
    assert service_account.is_active and mail.outbox == []

    assert login(world.child_planner).get("/entidades/usuarios/").status_code == 403  # not an admin


def test_deactivate_and_reactivate_an_account_without_a_person(world, admins, service_account, login):
    client = login(admins.child_admin)
    response = client.post(f"/entidades/usuarios/{service_account.pk}/cuenta/", {"active": "0"})
    assert response.status_code == 302
    service_account.refresh_from_db()
    assert not service_account.is_active
    assert service_account.mipg_roles.exists()  # history and grants kept
    assert DomainEvent.objects.filter(verb="cuenta desactivada", actor=admins.child_admin).exists()
    fresh = Client()
    fresh.post("/cuenta/ingresar/", {"username": "tablero_hospital", "password": "clave-de-prueba-123"})
    assert fresh.get("/").status_code == 302  # still anonymous: sent to sign in

    client.post(f"/entidades/usuarios/{service_account.pk}/cuenta/", {"active": "1"})
    service_account.refresh_from_db()
    assert service_account.is_active


def test_an_account_with_roles_elsewhere_is_shown_but_not_managed(
    world, admins, service_account, login, sent
):
    grant(service_account, world.other, Role.READ_ONLY)
    client = login(admins.child_admin)
    page = client.get(f"/entidades/usuarios/{service_account.pk}/").content.decode()
    assert "Desactivar cuenta" not in page and "no administrarla" in page
    response = client.post(f"/entidades/usuarios/{service_account.pk}/cuenta/", {"active": "0"})
    assert response.status_code == 403
    response = sent(client.post, f"/entidades/usuarios/{service_account.pk}/restablecer/")
    assert response.status_code == 403
    service_account.refresh_from_db()
    assert service_account.is_active and mail.outbox == []


def test_reset_link_lets_the_user_choose_a_new_password(world, admins, service_account, login, sent):
    client = login(admins.child_admin)
    response = sent(client.post, f"/entidades/usuarios/{service_account.pk}/restablecer/")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["tablero@hospital.gov.co"]
    link = re.search(r"https?://[^/\s]+(/cuenta/clave/restablecer/\S+/\S+/)", message.body).group(1)
    assert DomainEvent.objects.filter(verb="enlace de contraseña enviado", actor=admins.child_admin).exists()

    visitor = Client()
    form_url = visitor.get(link).url  # Django swaps the token for a session marker
    answer = visitor.post(
        form_url, {"new_password1": "Gestion-Segura-Norte-77", "new_password2": "Gestion-Segura-Norte-77"}
    )
    assert answer.status_code == 302
    service_account.refresh_from_db()
    assert service_account.check_password("Gestion-Segura-Norte-77")


def test_reset_link_needs_an_address(world, admins, login, sent):
    account = UserFactory(username="sin_correo", email="")
    grant(account, world.child, Role.READ_ONLY)
    client = login(admins.child_admin)
    response = sent(client.post, f"/entidades/usuarios/{account.pk}/restablecer/", follow=True)
    assert "no tiene correo electrónico" in response.content.decode() and mail.outbox == []


def test_create_a_user_for_a_registered_or_a_new_person(world, admins, other_admin, login, sent):
    client = login(admins.child_admin)
    form = client.get("/entidades/usuarios/nuevo/").content.decode()
    assert "Beatriz Nueva" in form

    response = sent(client.post, "/entidades/usuarios/nuevo/", {"person": admins.person.pk})
    assert response.status_code == 302
    admins.person.refresh_from_db()
    assert admins.person.user.username == "beatriz@example.gov.co"
    assert not admins.person.user.has_usable_password()
    assert (
        mail.outbox[-1].to == ["beatriz@example.gov.co"] and "/entidades/invitacion/" in mail.outbox[-1].body
    )

    incomplete = client.post("/entidades/usuarios/nuevo/", {"full_name": "Sin Correo"})
    assert incomplete.status_code == 400
    assert "Obligatorio para una persona nueva" in incomplete.content.decode()
    assert not Person.objects.filter(full_name="Sin Correo").exists()

    response = client.post(
        "/entidades/usuarios/nuevo/",
        {
            "entity": world.child.pk,
            "full_name": "Diana Nueva",
            "position": "Asesora",
            "email": "diana@x.gov.co",
        },
    )
    assert response.status_code == 302
    diana = Person.objects.get(full_name="Diana Nueva")
    assert diana.entity == world.child and diana.user.username == "diana@x.gov.co"
    assert Invitation.objects.filter(person=diana).count() == 1

    # another entity's administrator can neither pick the hospital's people nor create people there
    other = login(other_admin)
    people_before = Person.objects.count()
    assert other.post("/entidades/usuarios/nuevo/", {"person": admins.person.pk}).status_code == 400
    answer = other.post(
        "/entidades/usuarios/nuevo/",
        {"entity": world.child.pk, "full_name": "Intrusa", "email": "intrusa@x.gov.co"},
    )
    assert answer.status_code == 400 and Person.objects.count() == people_before


def test_grant_a_role_and_link_a_person_to_an_account_without_one(world, admins, service_account, login):
    client = login(admins.child_admin)
    client.post(
        f"/entidades/usuarios/{service_account.pk}/roles/", {"entity": world.child.pk, "role": Role.PLANNING}
    )
    assert service_account.mipg_roles.filter(role=Role.PLANNING, entity=world.child).exists()

    response = client.post(f"/entidades/usuarios/{service_account.pk}/persona/", {"person": admins.person.pk})
    assert response.status_code == 302 and response.url == f"/entidades/personas/{admins.person.pk}/"
    admins.person.refresh_from_db()
    assert admins.person.user == service_account
    again = client.post(f"/entidades/usuarios/{service_account.pk}/persona/", {"person": admins.person.pk})
    assert again.status_code == 302  # refused with a message: the person now has an account
    assert Person.objects.filter(user=service_account).count() == 1
