"""Acceptance journey of issue 10, in one browser session with two-factor enforced: an entity
administrator (who signs in with their own TOTP code) invites a person from the app; the invitation
link is read from the e-mail; the administrator makes the person president of a committee; the person
sets a password, is made to enrol TOTP because presidents must, signs in again with a code, finds the
draft acta on «Mis pendientes» and approves it from there; the administrator deactivates the account,
the person can no longer sign in, and what they did stays on record."""

import base64
import re
import time
from datetime import date, timedelta

import pyotp
import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from mipg.core.models import DomainEvent
from mipg.institutional import services
from mipg.institutional.models import Acta, Attendance, Committee, Seat
from mipg.organizations.models import Person
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant
from tests.institutional.conftest import aware

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Mipg-Presidencia-Segura-26"


def _code(device: TOTPDevice) -> str:
    """A code the device accepts now: the first time step after the last one it used."""
    device.refresh_from_db()
    totp = pyotp.TOTP(base64.b32encode(device.bin_key).decode())
    now = time.time()
    for offset in (0, 30):
        if int((now + offset) // 30) > (device.last_t or -1):
            return totp.at(now + offset)
    raise AssertionError("no usable TOTP step")


def _sign_in(page, username, password, device=None):
    page.goto("/cuenta/ingresar/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    if device is not None:
        expect(page.get_by_role("heading", name="Verificación en dos pasos")).to_be_visible()
        page.get_by_label("Código").fill(_code(device))
        page.get_by_role("button", name="Verificar").click()
        expect(page.get_by_role("navigation", name="Navegación principal")).to_be_visible()


def _sign_out(page):
    page.get_by_role("button", name="Salir").first.click()
    expect(page.get_by_role("heading", name="Ingresar al Gestor MIPG")).to_be_visible()


@pytest.fixture
def committee_with_draft_acta(world, admins):
    """A committee of the ministry whose presidency is vacant, and a past session with a draft acta."""
    grant(admins.head_admin, world.head, Role.PLANNING)  # the planning office administers the entity
    secretary_user = UserFactory(username="secretaria")
    grant(secretary_user, world.head, Role.COMMITTEE_SECRETARY)
    secretary = Person.objects.create(
        entity=world.head, full_name="Sonia Secretaria", email="s@x.gov.co", user=secretary_user
    )
    committee = services.committee_save(
        user=world.head_planner,
        committee=Committee(
            entity=world.head, kind=Committee.Kind.INSTITUTIONAL, name="Comité de Gestión y Desempeño"
        ),
    )
    services.seat_create(
        user=world.head_planner, committee=committee, role=Seat.Role.PRESIDENCY, title="Ministro"
    )
    seat = services.seat_create(
        user=world.head_planner, committee=committee, role=Seat.Role.SECRETARY, title="Jefe de Planeación"
    )
    services.seat_assign(user=world.head_planner, seat=seat, person=secretary, start=date(2020, 1, 1))
    session = services.session_create(
        user=secretary_user,
        committee=committee,
        starts_at=aware(timezone.localdate() - timedelta(days=3)),
        place="Despacho",
        agenda=["Informe FURAG"],
    )
    services.attendance_record(
        user=secretary_user, session=session, person=secretary, status=Attendance.Status.PRESENT
    )
    return services.acta_generate(user=secretary_user, session=session)


def test_invite_enrol_two_factor_approve_from_inbox_then_deactivate(
    world, admins, committee_with_draft_acta, page, settings
):
    settings.MIPG_2FA_ENFORCE = True  # only for this journey; the defaults require it of both roles here
    acta = committee_with_draft_acta
    admin_device = TOTPDevice.objects.create(user=admins.head_admin, name="Teléfono", confirmed=True)

    # 1. The entity administrator signs in with their second factor and invites a new person.
    _sign_in(page, "head_admin", "clave-de-prueba-123", admin_device)
    page.get_by_role("link", name="Administración").first.click()
    page.get_by_role("link", name="Personas y usuarios").first.click()
    page.get_by_role("link", name="Nueva persona").click()
    page.locator("#id_entity").select_option(label="Ministerio de Prueba")
    page.get_by_label("Nombre completo").fill("Patricia Presidenta")
    page.get_by_label("Cargo").fill("Ministra")
    page.get_by_label("Correo electrónico").fill("patricia@example.gov.co")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Patricia Presidenta")).to_be_visible()
    page.get_by_role("button", name="Invitar por correo").click()
    expect(page.get_by_text("Invitación enviada a patricia@example.gov.co.")).to_be_visible()
    invitation = mail.outbox[-1]
    assert invitation.to == ["patricia@example.gov.co"]
    link = re.search(r"https?://[^/\s]+(/entidades/invitacion/\S+/)", invitation.body).group(1)
    person_url = page.url

    # 2. They give her roles: committee member in the app, and the committee's presidency seat.
    page.get_by_label("Rol").select_option(label="Miembro de comité")
    page.get_by_role("button", name="Otorgar rol").click()
    expect(page.get_by_text("Rol otorgado.")).to_be_visible()
    page.goto("/institucionalidad/")
    page.get_by_role("link", name="Comité de Gestión y Desempeño").first.click()
    page.locator("summary", has_text="Asignar una persona a un puesto").click()
    page.get_by_label("Puesto:", exact=True).select_option(label="Ministro")
    page.get_by_label("Persona que lo ocupa:", exact=True).select_option(label="Patricia Presidenta (MIN)")
    page.get_by_label("Desde:", exact=True).fill("2024-01-01")
    page.get_by_role("button", name="Asignar puesto").click()
    expect(page.get_by_text("Puesto asignado.")).to_be_visible()
    _sign_out(page)

    # 3. She sets her password from the e-mailed link; signing in, she must enrol a second factor.
    page.goto(link)
    expect(page.get_by_role("heading", name="Definir su contraseña")).to_be_visible()
    page.get_by_label("Contraseña nueva", exact=False).first.fill(PASSWORD)
    page.get_by_label("Contraseña nueva (confirmación)").fill(PASSWORD)
    page.get_by_role("button", name="Guardar contraseña").click()
    expect(page.get_by_text("Contraseña definida.")).to_be_visible()
    _sign_in(page, "patricia@example.gov.co", PASSWORD)
    expect(page.get_by_role("heading", name="Activar el segundo factor")).to_be_visible()
    page.goto("/pendientes/")  # nothing else is reachable before enrolling
    expect(page.get_by_role("heading", name="Activar el segundo factor")).to_be_visible()
    secret = page.get_by_label("Clave secreta").input_value().replace(" ", "")
    page.get_by_label("Código de la aplicación").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activar").click()
    expect(page.get_by_role("heading", name="Códigos de recuperación")).to_be_visible()
    page.get_by_role("link", name="Ya los guardé, continuar").click()
    _sign_out(page)

    # The next sign-in asks for the code.
    person_device = TOTPDevice.objects.get(user__username="patricia@example.gov.co")
    _sign_in(page, "patricia@example.gov.co", PASSWORD, person_device)

    # 4. «Mis pendientes» lists the acta; she approves it from there.
    page.get_by_role("navigation", name="Navegación principal").get_by_role(
        "link", name="Mis pendientes"
    ).click()
    expect(page.get_by_role("heading", name="Mis pendientes")).to_be_visible()
    page.get_by_role("link", name=re.compile("Aprobar el Acta No. 01")).click()
    page.get_by_role("button", name="Aprobar acta").click()
    expect(page.get_by_text("Aprobada por Patricia Presidenta")).to_be_visible()
    page.goto("/pendientes/")
    expect(page.get_by_text("No tiene pendientes.")).to_be_visible()
    _sign_out(page)

    # 5. The administrator deactivates her account.
    _sign_in(page, "head_admin", "clave-de-prueba-123", admin_device)
    page.goto(person_url)
    page.get_by_role("button", name="Desactivar cuenta").click()
    expect(page.get_by_text("ya no puede ingresar")).to_be_visible()
    _sign_out(page)

    page.goto("/cuenta/ingresar/")
    page.get_by_label("Usuario").fill("patricia@example.gov.co")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_text("Usuario o contraseña incorrectos")).to_be_visible()

    # Her history remains: the approval, her role, and the audit trail naming each actor.
    acta = Acta.objects.get(pk=acta.pk)
    account = Person.objects.get(email="patricia@example.gov.co").user
    assert acta.is_approved and acta.approved_by == account and not account.is_active
    assert account.mipg_roles.filter(role=Role.COMMITTEE_MEMBER).exists()
    verbs = set(DomainEvent.objects.filter(actor=admins.head_admin).values_list("verb", flat=True))
    assert {"persona invitada", "rol otorgado", "cuenta desactivada"} <= verbs
    assert DomainEvent.objects.filter(actor=account, verb="acta aprobada").exists()
