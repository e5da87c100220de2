"""One demo instance of every page pattern of the app, for the browser checks that walk them all
(accessibility, reflow at 320 px, screenshots).

Every route the URL resolver knows (outside Django's admin and the REST router) must end up either with an
instance (a path whose GET answers an HTML page) or in EXCLUDED with a reason; a new route with neither
fails the walk, so new pages are checked as soon as they exist."""

import re
from collections import deque

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.core.pages import same_site_path, scan

# Routes that are not pages a person reads: actions that only accept POST, file downloads and API
# documents. The reason is kept next to each so a reviewer can judge it.
EXCLUDED_KINDS = {
    405: "acción que solo acepta POST (no es una página)",
    "file": "descarga de archivo (xlsx, PDF, evidencia) o documento de la API, no una página HTML",
    "redirect": "redirige siempre a otra página, que se revisa por su cuenta",
    "fragment": "fragmento HTMX que se inserta en una página (se revisa dentro de ella)",
}
EXCLUDED = {
    "cuenta/clave/restablecer/<uidb64>/<token>/": "needs a reset link mailed to the user; the expired-link "
    "page is the same template and is visited with a made-up token",
    "cuenta/tokens/<str:digest>/revocar/": "POST-only token revocation",
    "evidencias/<int:pk>/archivo/": "file download of an uploaded evidence (the demo uploads none)",
    "medicion/resultados/importar/<int:pk>/": "preview of a staged results workbook: exists only after an "
    "upload (tests/e2e/test_results_versions_journey.py walks it)",
    "medicion/resultados/versiones/<int:pk>/restaurar/": "POST-only restore of an archived results version",
    "medicion/resultados/recomendaciones/versiones/<int:pk>/restaurar/": "POST-only restore of archived "
    "recommendations",
    "calendario/<str:token>.ics": "a user's private calendar feed: an .ics file, not a page",
    "cuenta/oidc/ingresar/": "OpenID Connect: redirects to the provider (not configured in the demo)",
    "cuenta/oidc/callback/": "OpenID Connect: the provider's redirect back, never a page of its own",
    "entidades/invitacion/<str:token>/": "needs a live invitation link (an unknown one is a 404); the "
    "page is walked in tests/e2e/test_people_journey.py",
    "control-interno/mapa/exportar.xlsx": "file download (xlsx)",
    "control-interno/mapa/publicacion.pdf": "file download (PDF)",
    # Background jobs (issue 14 item 5): the demo enqueues none, so no job page exists to visit; the job
    # page, its status and its download are checked in tests/jobs/test_jobs.py.
    "trabajos/<int:pk>/": "a job's page: exists only after a job is enqueued (tests/jobs/test_jobs.py)",
    "trabajos/<int:pk>/estado.json": "a job's JSON status, polled by its page (not a page)",
    "trabajos/<int:pk>/descargar/": "file download of a job's result",
}
# Control-interno pages that only the role acting there reaches (process leader, planning, control
# interno; the administrator is none of them): a known gap of this walk, listed so that it stays visible.
# Their flows are covered by tests/e2e/test_control_journey.py.
EXCLUDED.update(
    {
        route: "control interno: reached only by the role that acts there (not walked as the administrator)"
        for route in (
            "control-interno/auditoria/<int:pk>/aprobar/",
            "control-interno/auditoria/<int:pk>/auditorias/nueva/",
            "control-interno/auditorias/<int:pk>/editar/",
            "control-interno/controles/<int:pk>/autoevaluar/",
            "control-interno/mapa/importar/",
            "control-interno/monitoreo/<int:pk>/evaluar/",
            "control-interno/riesgos/nuevo/",
        )
    }
)
# Pages reached without a session (everything else is visited as the demo's administrator).
ANONYMOUS = ["/cuenta/ingresar/", "/cuenta/clave/restablecer/", "/cuenta/clave/restablecer/enviado/"]
EXTRA = [
    "/cuenta/clave/restablecer/MQ/invalid-token/",
    "/cuenta/clave/lista/",
    # Control interno works on the current entity: switch to the demo's first entity (the ministry, ids are
    # reset per test), then crawl the component from its index.
    "/pendientes/ir/1/?a=/control-interno/",
    "/control-interno/",
]


def app_routes() -> set[str]:
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
        if not route.startswith(("admin/", "api/v1/", "^"))
    }


def route_of(path: str) -> str | None:
    try:
        return resolve(path.split("?")[0]).route
    except Resolver404:
        return None


class Instances:
    """Crawls the demo with Django's test client: the first HTML page found for each route wins."""

    def __init__(self):
        self.pages: dict[str, tuple[str, bool]] = {}  # route -> (path, anonymous)
        self.not_pages: dict[str, str] = {}  # route -> reason
        self.tried: set[str] = set()
        self.attempts: dict[str, int] = {}
        self.links: set[str] = set()

    def crawl(self, client: Client, start: list[str], anonymous: bool, limit: int = 2000) -> None:
        queue = deque(start)
        visits = 0
        while queue and visits < limit:
            path = queue.popleft()
            route = route_of(path)
            if path in self.tried or route is None or path.startswith(("/static/", "/media/")):
                continue
            if route.startswith(("admin/", "api/v1/")) or route in self.pages:
                continue
            if self.attempts.get(route, 0) >= 3:
                continue
            self.attempts[route] = self.attempts.get(route, 0) + 1
            self.tried.add(path)
            visits += 1
            response = client.get(path)
            kind = response.get("Content-Type", "")
            if response.status_code == 200 and kind.startswith("text/html") and not response.streaming:
                if b"<html" not in response.content[:500].lower():
                    self.not_pages.setdefault(route, EXCLUDED_KINDS["fragment"])
                    continue
                self.pages[route] = (path, anonymous)
                self.not_pages.pop(route, None)
                page = scan(response.content.decode(), path)
                links = [t for t in map(same_site_path, page.links) if t]
                self.links.update(links)
                queue.extend(t for t in links if t not in self.tried)
            elif response.status_code == 405:
                self.not_pages.setdefault(route, EXCLUDED_KINDS[405])
            elif response.status_code in (301, 302):
                self.not_pages.setdefault(route, EXCLUDED_KINDS["redirect"])
            elif response.status_code == 200:
                self.not_pages.setdefault(route, EXCLUDED_KINDS["file"])

    def probe_unvisited(self, client: Client) -> None:
        """Routes no link leads to in the demo's state (an acta's PDF, a draft plan's forms): tried with the
        ids that links of the same prefix carry (ids differ between test runs), then with the first ids."""
        for route in sorted(app_routes() - set(self.pages) - set(self.not_pages) - set(EXCLUDED)):
            candidates = ["/" + route] if "<" not in route else []
            if "<int:pk>" in route and route.count("<") == 1:
                prefix = "/" + route.split("<int:pk>")[0]
                ids = sorted(
                    {
                        m.group(1)
                        for m in map(re.compile(re.escape(prefix) + r"(\d+)/").match, self.links)
                        if m
                    }
                )
                candidates = [("/" + route).replace("<int:pk>", pk) for pk in [*ids[:4], "1", "2", "3", "4"]]
            for path in candidates:
                self.attempts.pop(route, None)
                self.crawl(client, [path], anonymous=False, limit=1)
                if route in self.pages:
                    break


def demo_instances(admin) -> Instances:
    """Every route mapped to one demo page (or an exclusion reason). `admin` is the demo's superuser."""
    instances = Instances()
    client = Client()
    instances.crawl(client, ANONYMOUS, anonymous=True)
    client.force_login(admin)
    instances.crawl(client, ["/", *EXTRA], anonymous=False)
    instances.probe_unvisited(client)
    return instances


def missing_routes(instances: Instances) -> list[str]:
    return sorted(app_routes() - set(instances.pages) - set(instances.not_pages) - set(EXCLUDED))
