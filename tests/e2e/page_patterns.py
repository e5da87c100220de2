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
# Control-interno pages that only the role acting there reaches (the administrator is none of those roles):
# walked as the demo user of that role, from the component's pages (control interno is crawled again as
# each of them, so the links only that role sees are followed). `lider` leads processes (first line:
# self-assessment), `ugg` is planeación (second line: new risks, the map import), `control` is control
# interno (third line: evaluations, the audit plan and its audits).
ROLE_USERS = ("ugg", "lider", "control")
# Pages only a state the demo lacks shows (see state_only_pages); the walk must reach them all.
STATE_ONLY = {
    "operacion/planes/<int:pk>/metas/nueva/",
    "operacion/metas/<int:pk>/editar/",
    "operacion/metas/<int:pk>/actividades/nueva/",
    "cuenta/dos-factores/verificar/",
}
ROLE_ONLY = {
    "control-interno/auditoria/<int:pk>/aprobar/",
    "control-interno/auditoria/<int:pk>/auditorias/nueva/",
    "control-interno/auditorias/<int:pk>/editar/",
    "control-interno/controles/<int:pk>/autoevaluar/",
    "control-interno/mapa/importar/",
    "control-interno/monitoreo/<int:pk>/evaluar/",
    "control-interno/riesgos/nuevo/",
}
ROLE_START = ["/control-interno/", "/pendientes/"]
ROLE_RESCAN = ("/control-interno/", "/pendientes/")
# Pages reached without a session (everything else is visited as the demo's administrator or a role's user).
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
        self.pages: dict[str, tuple[str, str | None]] = {}  # route -> (path, username or None: anonymous)
        self.not_pages: dict[str, str] = {}  # route -> reason
        self.tried: set[str] = set()
        self.attempts: dict[str, int] = {}
        self.links: set[str] = set()

    def crawl(
        self, client: Client, start: list[str], who: str | None, limit: int = 2000, rescan: tuple = ()
    ) -> None:
        """`rescan`: paths under these prefixes are fetched again even when their route has an instance, for
        the links that only this visitor sees."""
        queue = deque(start)
        visits = 0
        while queue and visits < limit:
            path = queue.popleft()
            route = route_of(path)
            if path in self.tried or route is None or path.startswith(("/static/", "/media/")):
                continue
            if route.startswith(("admin/", "api/v1/")):
                continue
            if route in self.pages and not (rescan and path.startswith(rescan)):
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
                self.pages.setdefault(route, (path, who))
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

    def probe_unvisited(self, client: Client, who: str | None) -> None:
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
                self.crawl(client, [path], who, limit=1)
                if route in self.pages:
                    break


def state_only_pages(admin) -> dict[str | None, list[str]]:
    """Pages the demo's state never shows, made reachable for the walk: the forms of a plan in formulación
    (every demo plan is in execution, so its goal forms redirect) and the second-factor check a user with
    an authenticator app meets after the password (user `walk-2fa`). Paths by the username that visits."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mipg.operation import selectors as operation_selectors
    from mipg.operation import services as operation
    from mipg.organizations.models import Entity

    ugg = Entity.objects.get(acronym="MDN-UGG")
    plan = operation.plan_create(user=admin, entity=ugg, vigencia=operation_selectors.current_vigencia() + 1)
    goal = operation.goal_save(user=admin, plan=plan, code="M1", name="Meta en formulación (recorrido)")
    second_factor, _ = get_user_model().objects.get_or_create(username="walk-2fa")
    TOTPDevice.objects.get_or_create(user=second_factor, name="Aplicación autenticadora", confirmed=True)
    return {
        admin.username: [
            f"/operacion/planes/{plan.pk}/metas/nueva/",
            f"/operacion/metas/{goal.pk}/editar/",
            f"/operacion/metas/{goal.pk}/actividades/nueva/",
        ],
        second_factor.username: ["/cuenta/dos-factores/verificar/"],
    }


def demo_instances(admin) -> Instances:
    """Every route mapped to one demo page (or an exclusion reason). `admin` is the demo's superuser;
    the pages only a role reaches are visited as the demo user of that role (see ROLE_USERS)."""
    instances = Instances()
    extra = state_only_pages(admin)
    client = Client()
    instances.crawl(client, ANONYMOUS, who=None)
    client.force_login(admin)
    instances.crawl(client, [*extra.pop(admin.username), "/", *EXTRA], who=admin.username)
    instances.probe_unvisited(client, admin.username)
    for user in type(admin).objects.filter(username__in=ROLE_USERS).order_by("username"):
        client = Client()
        client.force_login(user)
        instances.tried, instances.attempts = set(), {}
        instances.crawl(client, ROLE_START, who=user.username, rescan=ROLE_RESCAN, limit=400)
        instances.probe_unvisited(client, user.username)
    for username, paths in extra.items():
        client = Client()
        client.force_login(type(admin).objects.get(username=username))
        instances.tried, instances.attempts = set(), {}
        instances.crawl(client, paths, who=username, limit=len(paths))
    return instances


def missing_routes(instances: Instances) -> list[str]:
    return sorted(app_routes() - set(instances.pages) - set(instances.not_pages) - set(EXCLUDED))


class Visitors:
    """One browser context per visitor of the walk (anonymous, the administrator, a role's demo user),
    opened when first needed by `open_context(user)` (user None: anonymous)."""

    def __init__(self, open_context):
        self.open_context = open_context
        self.contexts = {}

    def new_page(self, who: str | None):
        if who not in self.contexts:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.get(username=who) if who else None
            self.contexts[who] = self.open_context(user)
        return self.contexts[who].new_page()

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()
