"""Content-Security-Policy (no inline script or style, same origin only), Permissions-Policy and
Referrer-Policy on every response, checked by walking the pages of the demo as its administrator."""

import re
from collections import Counter
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

import mipg

from .pages import same_site_path, scan

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")

# Each route is visited at most this many times (pages of the same kind share one template).
VISITS_PER_ROUTE = 2


def parse_csp(header: str) -> dict[str, str]:
    directives = {}
    for part in header.split(";"):
        name, _space, value = part.strip().partition(" ")
        if name:
            directives[name] = value.strip()
    return directives


def assert_security_headers(response, path: str) -> None:
    assert "Content-Security-Policy" in response.headers, path
    csp = parse_csp(response.headers["Content-Security-Policy"])
    for directive, value in EXPECTED_CSP.items():
        if path == "/api/redoc/" and directive == "style-src":
            # Redoc writes its styles into <style> elements: this response's nonce and the hashes of the two
            # its bundle writes before it can be given the nonce (mipg/urls.py), nothing else.
            from mipg.urls import REDOC_STYLE_HASHES

            nonce, *hashes = csp.get(directive).removeprefix(value + " ").split(" ")
            assert nonce.startswith("'nonce-") and hashes == REDOC_STYLE_HASHES, csp.get(directive)
            continue
        assert csp.get(directive) == value, (path, directive, csp.get(directive))
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"], path
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"], path
    policy = response.headers.get("Permissions-Policy", "")
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy, (path, feature, policy)
    assert response.headers.get("Referrer-Policy") == "same-origin", path


def app_routes() -> set[str]:
    """Full route strings of our own pages (the admin and the API router are Django's and DRF's)."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return {
        route
        for route in walk(get_resolver().url_patterns)
        if not route.startswith(("admin/", "api/v1/")) and not route.startswith("^")
    }


class Walk:
    """Visits pages, checks their headers and markup, and queues the links and form targets they hold."""

    def __init__(self, client):
        self.client = client
        self.queue: list[str] = []
        self.seen: set[str] = set()
        self.visits: Counter = Counter()
        self.problems: list[str] = []
        self.html_pages = 0

    def route_of(self, path: str) -> str:
        try:
            return resolve(path.split("?")[0]).route
        except Resolver404:
            return "(404)"

    def wanted(self, route: str) -> bool:
        if route.startswith("admin/"):
            # Django's own admin: its index, app indexes, change lists and one change form.
            kind_ok = route.endswith("/") and ("<path:object_id>" not in route or route.endswith("change/"))
            return kind_ok and self.visits["admin"] < 60 and self.visits[route] < 1
        return self.visits[route] < VISITS_PER_ROUTE

    def visit(self, path: str) -> int:
        route = self.route_of(path)
        self.seen.add(path)
        self.visits[route] += 1
        if route.startswith("admin/"):
            self.visits["admin"] += 1
        response = self.client.get(path)
        assert response.status_code < 500, path
        assert_security_headers(response, path)
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            self.html_pages += 1
            page = scan(response.content.decode(), path)
            self.problems += [f"{path}: {problem}" for problem in page.problems]
            self.queue += [t for t in map(same_site_path, page.links) if t and t not in self.seen]
        return response.status_code

    def run(self, *start: str) -> None:
        self.queue += list(start)
        while self.queue:
            path = self.queue.pop(0)
            if path in self.seen or path.startswith(("/static/", "/media/")):
                continue
            if self.wanted(self.route_of(path)):
                self.visit(path)


def test_every_page_of_the_demo_has_no_inline_script_and_sends_the_security_headers(demo, client):
    client.force_login(demo)
    walk = Walk(client)
    # Links and form targets (a POST-only view answers GET with 405, which still carries the headers).
    walk.run(
        "/",
        "/api/docs/",
        "/api/docs/?script=",
        "/api/schema/",
        "/admin/",
        "/cuenta/clave/lista/",
        "/no-existe/",
    )
    # Pages that nothing links to in the demo's current state (a new plan while one exists) or that only
    # objects in another state link to (a draft plan, a convened session): visited directly, with the
    # first objects of the demo by id.
    for route in sorted(app_routes() - set(walk.visits)):
        if "<" not in route:
            walk.visit("/" + route)
        elif re.fullmatch(r"[^<>]*<int:pk>[^<>]*", route):
            for pk in (1, 2, 3):
                walk.visit("/" + route.replace("<int:pk>", str(pk)))
    # Routes with other kinds of parameters: a reset link with a made-up token (the page says it expired)
    # and a token revocation (POST-only; GET answers 405, headers included).
    walk.visit("/cuenta/clave/restablecer/MQ/invalid-token/")
    walk.visit("/cuenta/tokens/0123456789abcdef/revocar/")
    # An invitation link with a made-up secret (the page says it is not valid).
    walk.visit("/entidades/invitacion/not-a-real-invitation-token/")
    # inbox: the deep link through the working entity, and a private calendar with a made-up token (404).
    walk.visit("/pendientes/ir/1/?a=/pendientes/")
    walk.visit("/calendario/inventado.ics")
    client.logout()
    walk.run("/cuenta/ingresar/", "/")
    assert walk.problems == []
    unvisited = app_routes() - set(walk.visits)
    assert unvisited == set(), sorted(unvisited)
    assert walk.html_pages > 100


# Templates WeasyPrint turns into PDF (those listed and every *_pdf.html): never served to a browser, so
# they keep their <style> blocks.
PDF_TEMPLATES = {"acta_pdf.html", "sector_report.html"}
# HTML e-mails (files named *_email.html or under an email/ folder): mail clients need inline styles and
# never apply a page's CSP, so only the style rules are lifted for them; script is still refused.
STYLE_RULES = {"inline <style>", 'inline style=""'}


def is_email_template(template: Path) -> bool:
    return template.name.endswith("_email.html") or "email" in template.parent.parts


INLINE = {
    "marks data safe (|safe)": re.compile(r"\|\s*safe\b"),
    "escapejs (data written into a script)": re.compile(r"escapejs"),
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I),
    "inline <style>": re.compile(r"<style\b", re.I),
    'inline style=""': re.compile(r"\sstyle\s*=", re.I),
    "event-handler attribute": re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_or_module_writes_script_or_marks_data_safe():
    """The source guard behind the walk above: it also covers branches the demo does not render."""
    source = Path(mipg.__file__).parent
    found = []
    for template in source.rglob("templates/**/*.html"):
        if template.name in PDF_TEMPLATES or template.name.endswith("_pdf.html"):
            continue
        text = template.read_text()
        rules = {w: rx for w, rx in INLINE.items() if not (is_email_template(template) and w in STYLE_RULES)}
        found += [f"{template.relative_to(source)}: {what}" for what, rx in rules.items() if rx.search(text)]
    for module in source.rglob("*.py"):
        if re.search(r"\bmark_safe\(|\bSafeString\(", module.read_text()):
            found.append(f"{module.relative_to(source)}: mark_safe")
    assert found == []
