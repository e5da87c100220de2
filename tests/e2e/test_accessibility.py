"""WCAG 2.1 AA kept by a test: axe-core (vendored in tests/e2e/vendor/axe-core, MPL-2.0, never a CDN) runs
on one demo instance of every page pattern of the app, as a user who can see it, and any violation of the
wcag2a, wcag2aa, wcag21a or wcag21aa rules fails. Also: the error summary and page title of a failed form,
and the button styles of the design system."""

import io
import json
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from .page_patterns import ROLE_ONLY, STATE_ONLY, Visitors, demo_instances, missing_routes

# Sequences reset: every test loads the demo with the same ids, so the walk finds the same instances.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, reset_sequences=True)]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, count: v.nodes.length,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").slice(0, 200)),
  }));
}"""


@pytest.fixture
def demo_admin(monkeypatch):
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo", stdout=io.StringIO())
    return get_user_model().objects.get(username="admin")


# Pages that draw their content after load: axe runs once it is there.
READY = {"api/docs/": ".swagger-ui .opblock"}


def session_cookie(user, base_url: str) -> dict:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    return {"name": "sessionid", "value": cookie.value, "url": base_url}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, TAGS)


def test_every_page_pattern_passes_axe_wcag21_aa(browser, live_server, demo_admin):
    instances = demo_instances(demo_admin)
    missing = missing_routes(instances)

    # The axe script is injected by Playwright; only this check's contexts bypass the page's CSP for it.
    def open_context(user):
        context = browser.new_context(locale="es-CO", base_url=live_server.url, bypass_csp=True)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        return context

    visitors = Visitors(open_context)
    problems = {}
    try:
        for route, (path, who) in sorted(instances.pages.items()):
            page = visitors.new_page(who)
            page.goto(path, wait_until="load")
            if route in READY:
                page.wait_for_selector(READY[route])
            found = axe_violations(page)
            if found:
                problems[f"{route} ({path}, {who or 'anonymous'})"] = found
            page.close()
    finally:
        visitors.close()
    if os.environ.get("MIPG_A11Y_REPORT"):  # a JSON report for whoever fixes the pages
        report = {"missing": missing, "problems": problems}
        Path(os.environ["MIPG_A11Y_REPORT"]).write_text(json.dumps(report, indent=1))
    assert missing == [], "routes without a demo instance or an exclusion reason"
    assert len(instances.pages) > 50
    assert ROLE_ONLY <= set(instances.pages), "the control-interno pages only a role reaches are walked"
    assert STATE_ONLY <= set(instances.pages), "the draft-plan forms and the second-factor check are walked"
    assert problems == {}


def test_flash_messages_are_a_valid_list_in_a_live_region(browser, live_server, demo_admin):
    """The messages list sits inside the status region (role=status on the <ul> itself broke its list
    items: axe `listitem`)."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    storage = CookieStorage(RequestFactory().get("/"))
    flashed = storage._encode(
        [Message(constants.SUCCESS, "Punto retirado."), Message(constants.ERROR, "Falló.")]
    )
    context = browser.new_context(locale="es-CO", base_url=live_server.url, bypass_csp=True)
    context.add_cookies(
        [
            session_cookie(demo_admin, live_server.url),
            {"name": "messages", "value": flashed, "url": live_server.url},
        ]
    )
    page = context.new_page()
    page.goto("/")
    assert page.get_by_role("status").get_by_role("listitem").count() == 2
    assert axe_violations(page) == []
    context.close()
