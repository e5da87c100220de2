"""Under the Content-Security-Policy (no inline script or style), the pages that run JavaScript still
work in a real browser and the browser reports no violation: the dashboards draw their charts (tooltips
included), the answer page runs its script, HTMX swaps the quorum in place, and Swagger UI starts."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from mipg.institutional.models import Session
from mipg.measurement.questionnaires.models import Answer
from mipg.organizations.models import Entity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Clave-Demo-Prueba-1"
# Runs before any page script (Playwright injects it outside the page's policy) and keeps every
# violation the browser reports for the document.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " "
    + (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


@pytest.fixture
def watched(page, monkeypatch):
    """The page, with every CSP violation of every document it loads collected in `page.violations`."""
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", PASSWORD)
    call_command("demo", stdout=io.StringIO())
    violations: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", on_console)

    def check():
        violations.extend(page.evaluate("window.__cspViolations || []"))
        return violations

    page.violations = check
    return page


def assert_chart_drawn(page, selector: str) -> None:
    chart = page.locator(selector).first
    expect(chart.locator("canvas, svg").first).to_be_attached()
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box and box["height"] >= 200, selector
    # A tooltip is drawn in the canvas (renderMode richText): hovering must not need inline styles.
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(150)


def test_script_pages_work_under_the_policy_without_violations(watched, sign_in):
    page = watched
    ugg = Entity.objects.get(acronym="MDN-UGG")
    answer = (
        Answer.objects.filter(
            campaign__entity=ugg, question__qtype="seleccion_multiple", question__options__is_exclusive=True
        )
        .order_by("pk")
        .first()
    )
    meeting = Session.objects.filter(committee__entity=ugg, status="programada").order_by("pk").first()
    # Attendance is recorded from the session's day on: bring the demo's scheduled session to today.
    Session.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    sign_in("admin", PASSWORD)

    page.goto(f"/tableros/sector/{ugg.sector_id}/")
    assert_chart_drawn(page, "#chart-ranking")
    assert_chart_drawn(page, "#chart-heatmap")
    assert page.locator("#chart-heatmap").bounding_box()["height"] >= 300  # grows with the entities
    assert page.violations() == []

    page.goto(f"/tableros/entidad/{ugg.pk}/")
    for selector in ("#chart-radar", "#chart-policies", "#chart-evolution"):
        assert_chart_drawn(page, selector)
    assert page.violations() == []

    page.goto("/operacion/tablero/")
    assert_chart_drawn(page, "[data-chart]")
    page.goto("/operacion/tablero/sector/")
    assert_chart_drawn(page, "[data-chart]")
    assert page.violations() == []

    page.goto(f"/medicion/cuestionarios/campanas/{answer.campaign_id}/")
    assert_chart_drawn(page, "#module-chart")
    page.goto(f"/medicion/cuestionarios/respuestas/{answer.pk}/")
    ordinary = page.locator('#answer-form input[type=checkbox][data-exclusive="0"]').first
    exclusive = page.locator('#answer-form input[type=checkbox][data-exclusive="1"]').first
    ordinary.check()
    exclusive.check()
    expect(ordinary).not_to_be_checked()  # the page's script (a static file) ran
    assert page.violations() == []

    # HTMX: recording attendance swaps the quorum box in place, without reloading the page.
    page.goto(f"/institucionalidad/sesiones/{meeting.pk}/")
    page.evaluate("window.__sameDocument = true")
    first = page.locator("#attendance-section table form").first
    member = first.get_by_role("button").inner_text().removeprefix("Registrar asistencia de ").strip()
    expect(page.locator("#quorum")).not_to_contain_text(f"{member}: Presente")
    first.locator("select[name=status]").select_option(label="Presente")
    first.get_by_role("button").click()
    expect(page.locator("#quorum")).to_contain_text(f"{member}: Presente")
    assert page.evaluate("window.__sameDocument === true")
    assert page.evaluate("document.querySelectorAll('head style').length") == 0  # no indicator styles
    assert page.violations() == []

    page.goto("/api/docs/")
    expect(page.get_by_text("Gestor MIPG API").first).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert page.violations() == []
