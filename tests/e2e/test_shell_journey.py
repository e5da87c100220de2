import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_planner_logs_in_walks_the_shell_and_logs_out(world, page, sign_in):
    sign_in("sector_planner")
    expect(page.get_by_role("heading", name="Bienvenido al Gestor MIPG")).to_be_visible()

    # keyboard users reach the skip link first
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Saltar al contenido")).to_be_focused()

    nav = page.get_by_role("navigation", name="Navegación principal")
    nav.get_by_role("link", name="Catálogo").click()
    expect(page.get_by_role("heading", name="Catálogo MIPG")).to_be_visible()
    page.get_by_role("link", name="POL05 · Compras y Contratación Pública").click()
    expect(page.get_by_text("Agencia Nacional de Contratación Pública")).to_be_visible()

    nav.get_by_role("link", name="Entidades").click()
    expect(page.get_by_role("link", name="Hospital de Prueba")).to_be_visible()
    expect(page.get_by_text("Entidad Ajena")).to_have_count(0)

    # the entity selector switches the working entity
    page.get_by_label("Entidad").select_option(label="HOSP")
    page.get_by_role("button", name="Cambiar").click()
    expect(page.locator(".usermenu select")).to_have_value(str(world.child.pk))

    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("heading", name="Ingresar al Gestor MIPG")).to_be_visible()


def test_phone_sized_screen_shows_the_navigation(world, browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/cuenta/ingresar/")
    page.get_by_label("Usuario").fill("reader")
    page.get_by_label("Contraseña").fill("clave-de-prueba-123")
    page.get_by_role("button", name="Ingresar").click()
    nav = page.get_by_role("navigation", name="Navegación principal")
    expect(nav.get_by_role("link", name="Operación")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1
    context.close()
