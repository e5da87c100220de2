"""An entity administrator invites a person, who sets a password from the e-mailed link and signs in;
the person gets a role; the administrator deactivates them and they can no longer sign in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from mipg.organizations.models import Person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_invite_set_password_sign_in_grant_role_and_deactivate(world, admins, page, sign_in):
    sign_in("child_admin")
    page.get_by_role("link", name="Administración").first.click()
    expect(page.get_by_role("heading", name="Administración de la entidad")).to_be_visible()
    page.get_by_role("link", name="Personas y usuarios").first.click()
    page.get_by_role("link", name="Nueva persona").click()
    page.get_by_label("Entidad").select_option(label="Hospital de Prueba")
    page.get_by_label("Nombre completo").fill("Valentina Prueba")
    page.get_by_label("Cargo").fill("Profesional de planeación")
    page.get_by_label("Correo electrónico").fill("valentina@example.gov.co")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Valentina Prueba")).to_be_visible()
    page.get_by_role("button", name="Invitar por correo").click()
    expect(page.get_by_text("Invitación enviada a valentina@example.gov.co.")).to_be_visible()
    link = re.search(r"https?://[^/\s]+(/entidades/invitacion/\S+/)", mail.outbox[-1].body).group(1)
    person_url = page.url

    # The invited person sets a password from the link and signs in.
    page.get_by_role("button", name="Salir").click()
    page.goto(link)
    expect(page.get_by_role("heading", name="Definir su contraseña")).to_be_visible()
    page.get_by_label("Contraseña nueva", exact=False).first.fill("Mipg-Segura-Hospital-26")
    page.get_by_label("Contraseña nueva (confirmación)").fill("Mipg-Segura-Hospital-26")
    page.get_by_role("button", name="Guardar contraseña").click()
    expect(page.get_by_text("Contraseña definida.")).to_be_visible()
    sign_in("valentina@example.gov.co", "Mipg-Segura-Hospital-26")
    expect(page.get_by_text("Valentina", exact=False).first).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name="Invitación no válida")).to_be_visible()
    page.goto("/")
    page.get_by_role("button", name="Salir").click()

    # The administrator grants a role, then deactivates the account.
    sign_in("child_admin")
    page.goto(person_url)
    page.get_by_label("Rol").select_option(label="Planeación")
    page.get_by_role("button", name="Otorgar rol").click()
    expect(page.get_by_text("Rol otorgado.")).to_be_visible()
    expect(page.get_by_role("cell", name="Planeación", exact=True)).to_be_visible()
    page.get_by_role("button", name="Desactivar cuenta").click()
    expect(page.get_by_text("ya no puede ingresar")).to_be_visible()
    page.get_by_role("button", name="Salir").click()

    page.goto("/cuenta/ingresar/")
    page.get_by_label("Usuario").fill("valentina@example.gov.co")
    page.get_by_label("Contraseña").fill("Mipg-Segura-Hospital-26")
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_text("Usuario o contraseña incorrectos")).to_be_visible()
    assert Person.objects.get(email="valentina@example.gov.co").user.mipg_roles.exists()  # history kept
