"""Account pages in a browser: they look like the app, a token is created, used once shown, revoked;
a password reset from the e-mail link; a locked-out sign-in gets the Spanish page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_change_password_and_manage_tokens_in_the_apps_look(world, page, sign_in):
    sign_in("reader")
    page.get_by_role("link", name="Cambiar clave").click()
    expect(page.get_by_role("heading", name="Cambiar contraseña")).to_be_visible()
    expect(page.get_by_text("Administración de Django")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Navegación principal")).to_be_visible()

    page.get_by_role("link", name="Tokens de API").click()
    page.get_by_label("Nombre del token").fill("Tablero de Power BI")
    page.get_by_role("button", name="Crear token").click()
    key = page.get_by_label("Clave del token").input_value()
    assert key.startswith("mipg_")
    page.goto("/cuenta/tokens/")
    expect(page.get_by_label("Clave del token")).to_have_count(0)
    expect(page.get_by_role("cell", name="Tablero de Power BI", exact=True)).to_be_visible()
    page.get_by_role("button", name="Revocar el token Tablero de Power BI").click()
    expect(page.get_by_text("Token «Tablero de Power BI» revocado.")).to_be_visible()
    expect(page.get_by_text("No tiene tokens vigentes.")).to_be_visible()

    page.get_by_role("link", name="Cambiar clave").first.click()
    page.get_by_label("Contraseña antigua").fill("clave-de-prueba-123")
    page.get_by_label("Contraseña nueva", exact=False).first.fill("Una-clave-nueva-2026")
    page.get_by_label("Contraseña nueva (confirmación)").fill("Una-clave-nueva-2026")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Contraseña cambiada")).to_be_visible()


def test_forgotten_password_is_reset_from_the_mail_and_lockout_is_explained(world, page):
    page.goto("/cuenta/ingresar/")
    for n in range(5):
        page.get_by_label("Usuario").fill("control")
        page.get_by_label("Contraseña").fill(f"equivocada-{n}")
        page.get_by_role("button", name="Ingresar").click()
    page.goto("/cuenta/ingresar/")
    page.get_by_label("Usuario").fill("control")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Ingreso bloqueado temporalmente")).to_be_visible()

    page.get_by_role("link", name="Restablecer mi contraseña").click()
    page.get_by_label("Correo electrónico").fill("control@example.gov.co")
    page.get_by_role("button", name="Enviar enlace").click()
    expect(page.get_by_role("heading", name="Revise su correo")).to_be_visible()
    link = re.search(r"https?://[^/\s]+(/cuenta/clave/restablecer/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("Contraseña nueva", exact=False).first.fill("Clave-recuperada-2026")
    page.get_by_label("Contraseña nueva (confirmación)").fill("Clave-recuperada-2026")
    page.get_by_role("button", name="Guardar contraseña").click()
    expect(page.get_by_role("heading", name="Contraseña restablecida")).to_be_visible()
