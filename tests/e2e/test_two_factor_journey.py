"""Two-factor in a real browser: a control interno user signs in, is sent to enrol, sees the QR code
(an SVG image the CSP allows) and the secret, types the code a phone app would show, keeps the
recovery codes, reaches the app; at the next sign-in they are asked for the code."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_enrol_then_verify_in_the_browser(world, page, settings):
    settings.MIPG_2FA_ENFORCE = True
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else 0,
    )

    page.goto("/cuenta/ingresar/")
    page.get_by_label("Usuario").fill("control")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Activar el segundo factor")).to_be_visible()
    expect(page.get_by_text("Su cuenta exige un segundo factor")).to_be_visible()
    qr = page.get_by_role("img", name="Código QR para agregar la cuenta en la aplicación autenticadora")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.complete && image.naturalWidth > 0")
    secret = page.get_by_label("Clave secreta").input_value().replace(" ", "")
    page.get_by_label("Código de la aplicación").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activar").click()

    expect(page.get_by_role("heading", name="Códigos de recuperación")).to_be_visible()
    codes = page.get_by_role("list", name="Códigos de recuperación").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Ya los guardé, continuar").click()
    expect(page.get_by_role("navigation", name="Navegación principal")).to_be_visible()
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))

    page.get_by_role("button", name="Salir").first.click()
    page.goto("/cuenta/ingresar/")
    page.get_by_label("Usuario").fill("control")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Verificación en dos pasos")).to_be_visible()
    page.get_by_label("Código").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Verificar").click()
    expect(page.get_by_role("navigation", name="Navegación principal")).to_be_visible()
    expect(page.get_by_role("heading", name="Verificación en dos pasos")).to_have_count(0)
    assert violations == []
