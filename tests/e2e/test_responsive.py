"""Phones and the design system in a real browser: no page of the app scrolls sideways at 320 px (WCAG
1.4.10 reflow), the header stays small at 375 px, wide tables scroll inside a keyboard-reachable region,
secondary and small buttons keep their own style, and a failed form shows an error summary and says so in
the page title."""

import io
import json
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from .page_patterns import ROLE_ONLY, STATE_ONLY, Visitors, demo_instances, missing_routes

# Sequences reset: every test loads the demo with the same ids, so the walk finds the same instances.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, reset_sequences=True)]

PHONE = {"width": 375, "height": 667}
REFLOW = {"width": 320, "height": 640}


@pytest.fixture
def demo_admin(monkeypatch):
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo", stdout=io.StringIO())
    return get_user_model().objects.get(username="admin")


def signed_in_context(browser, live_server, user, viewport=None):
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        locale="es-CO", timezone_id="America/Bogota", base_url=live_server.url, viewport=viewport or PHONE
    )
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    context.set_default_timeout(15000)
    return context


def plan_path() -> str:
    from mipg.operation.models import ActionPlan

    plan = ActionPlan.objects.filter(entity__acronym="MDN-UGG", status=ActionPlan.Status.IN_EXECUTION).first()
    return f"/operacion/planes/{plan.pk}/"


def test_no_page_pattern_scrolls_sideways_at_320_px(browser, live_server, demo_admin):
    instances = demo_instances(demo_admin)
    assert missing_routes(instances) == []

    def open_context(user):
        if user is None:
            return browser.new_context(locale="es-CO", base_url=live_server.url, viewport=REFLOW)
        return signed_in_context(browser, live_server, user, REFLOW)

    visitors = Visitors(open_context)
    too_wide = {}
    try:
        for route, (path, who) in sorted(instances.pages.items()):
            page = visitors.new_page(who)
            page.goto(path, wait_until="load")
            width = page.evaluate("document.scrollingElement.scrollWidth")
            if width > REFLOW["width"]:
                too_wide[f"{route} ({path}, {who or 'anonymous'})"] = width
            page.close()
    finally:
        visitors.close()
    if os.environ.get("MIPG_A11Y_REPORT"):
        report = Path(os.environ["MIPG_A11Y_REPORT"]).with_suffix(".reflow.json")
        report.write_text(json.dumps(too_wide, indent=1))
    assert len(instances.pages) > 50
    assert ROLE_ONLY <= set(instances.pages), "the control-interno pages only a role reaches are walked"
    assert STATE_ONLY <= set(instances.pages), "the draft-plan forms and the second-factor check are walked"
    assert too_wide == {}


def test_phone_header_is_compact_and_user_controls_fit(browser, live_server, demo_admin):
    context = signed_in_context(browser, live_server, demo_admin, PHONE)
    page = context.new_page()
    page.goto("/")
    bars = [page.locator(selector).bounding_box()["height"] for selector in (".govco-bar", "header.topbar")]
    header = sum(bars)
    assert header <= PHONE["height"] * 0.2, header
    page.set_viewport_size(REFLOW)
    for name in ("Cambiar", "Salir"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= REFLOW["width"], (name, box)
    context.close()


def test_wide_tables_scroll_in_a_keyboard_reachable_region_with_a_sticky_first_column(
    browser, live_server, demo_admin
):
    context = signed_in_context(browser, live_server, demo_admin, PHONE)
    page = context.new_page()
    page.goto("/operacion/liderazgo/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    region = page.locator(".table-wrap").filter(has=page.locator("table.matrix"))
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("role", "region")
    assert region.get_attribute("aria-label")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the matrix scrolls inside its region"
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)  # smooth scrolling
    assert region.evaluate("el => el.scrollLeft") > 0, "the arrow keys scroll the focused region"
    first_cell = region.locator("tbody tr").first.locator("th, td").first
    assert first_cell.evaluate("el => getComputedStyle(el).position") == "sticky"
    context.close()


def test_plan_and_attendance_tables_read_as_stacked_rows_on_a_phone(browser, live_server, demo_admin):
    from mipg.institutional.models import Session

    context = signed_in_context(browser, live_server, demo_admin, PHONE)
    page = context.new_page()
    page.goto(plan_path())
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    activity = page.locator("table.table-stack tbody tr").filter(has=page.locator("td[data-label]")).first
    box = activity.bounding_box()
    assert box["width"] <= PHONE["width"]
    # Every cell of the row is on screen, labelled by its column.
    responsible = activity.locator("td").nth(1)
    assert responsible.evaluate("el => getComputedStyle(el, '::before').content").startswith('"Responsable')
    assert responsible.bounding_box()["x"] + responsible.bounding_box()["width"] <= PHONE["width"]
    # Session attendance: the status select, the delegate field and the button are on screen.
    checked = 0
    for session in Session.objects.order_by("pk")[:8]:
        page.goto(f"/institucionalidad/sesiones/{session.pk}/")
        if not page.locator("select[name=status]").count():
            continue
        for control in ("select[name=status]", "input[name=delegate]", "form[hx-post] button[type=submit]"):
            bounds = page.locator(control).first.bounding_box()
            assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= PHONE["width"], control
        checked += 1
        break
    assert checked, "a session with attendance controls"
    context.close()


def test_secondary_and_small_buttons_keep_their_own_style(browser, live_server, demo_admin):
    context = signed_in_context(browser, live_server, demo_admin, {"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(plan_path())
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.color, s.fontSize]; }"
    close = page.get_by_role("button", name="Cerrar el plan")
    primary = page.locator("main button[type=submit]:not([class])").first
    assert close.evaluate(style)[0] == "rgb(255, 255, 255)", "a secondary button has a white background"
    assert close.evaluate(style)[:2] != primary.evaluate(style)[:2]
    # A small button inside a form is small and secondary, not primary.
    page.goto("/")
    change = page.get_by_role("button", name="Cambiar", exact=True)
    assert change.evaluate(style)[0] == "rgb(255, 255, 255)"
    # Inputs without a type attribute get the same border as typed text inputs.
    border = page.evaluate(
        """() => { const a = document.createElement("input"); const b = document.createElement("input");
        b.type = "text"; document.querySelector("main").append(a, b);
        const s = e => getComputedStyle(e).borderTopColor + getComputedStyle(e).paddingLeft;
        return [s(a), s(b)]; }"""
    )
    assert border[0] == border[1]
    context.close()


def test_a_failed_form_shows_an_error_summary_linked_to_its_fields_and_says_error_in_the_title(
    browser, live_server, demo_admin
):
    context = signed_in_context(browser, live_server, demo_admin, {"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/cuenta/clave/")
    passwords = page.locator("main input[type=password]")
    for index in range(passwords.count()):
        passwords.nth(index).fill("corta")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    link = summary.get_by_role("link").first
    target = link.get_attribute("href")
    link.click()
    expect(page.locator(target)).to_be_focused()
    context.close()
