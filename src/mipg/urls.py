import importlib
import importlib.util

from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from mipg.measurement.questionnaires.api import QuestionnaireViewSet


class QuestionnaireExportAlias(QuestionnaireViewSet):
    """Same export, reachable without the router's trailing slash (kept out of the schema)."""


# Each app that exposes an API has `api.py` with `register(router)`.
# The questionnaires' routes first: URL patterns are tried in order, and answer saves are the API's
# busiest call during the FURAG window (issue 14 item 2). The published schema is sorted by path anyway.
API_MODULES = [
    "mipg.measurement.questionnaires.api",
    "mipg.catalog.api",
    "mipg.organizations.api",
    "mipg.core.api_views",
    "mipg.institutional.api",
    "mipg.operation.api",
    "mipg.measurement.results.api",
    "mipg.dashboards.api",
    "mipg.control.api",
    "mipg.inbox.api",
    "mipg.core.api_evidence",  # API writes (issue 13 item 2)
]

# --- Redoc (issue 13 item 4): the <style> elements the sidecar's Redoc 2.5.4 bundle writes before it can be
# given a nonce: an empty one, then the perfect-scrollbar rules (tests/e2e/test_redoc_journey.py fails if an
# upgrade changes them).
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]
# --- end of Redoc ---

router = DefaultRouter()
for module_name in API_MODULES:
    if importlib.util.find_spec(module_name) is not None:
        module = importlib.import_module(module_name)
        if hasattr(module, "register"):
            module.register(router)

handler403 = "mipg.core.views.permission_denied"
handler404 = "mipg.core.views.page_not_found"
handler500 = "mipg.core.views.server_error"

urlpatterns = [
    # The API first: every request walks the patterns in order, and the web apps' "" includes would make
    # each API call (answer saves at national scale, issue 14) try all of their patterns before its own.
    # The issue names this file URL without the router's trailing slash.
    path(
        "api/v1/questionnaires/<int:pk>/export.xlsx",
        extend_schema(exclude=True)(QuestionnaireExportAlias).as_view({"get": "export"}),
        name="questionnaire-export-xlsx",
    ),
    path("api/v1/", include(router.urls)),
    path("", include("mipg.core.urls")),
    # --- accounts: sign-in, password change and reset, API tokens (mipg/accounts/urls.py) ---
    path("cuenta/", include("mipg.accounts.urls")),
    # --- end of accounts ---
    path("catalogo/", include("mipg.catalog.urls")),
    path("entidades/", include("mipg.organizations.urls")),
    path("institucionalidad/", include("mipg.institutional.urls")),
    path("operacion/", include("mipg.operation.urls")),
    path("medicion/cuestionarios/", include("mipg.measurement.questionnaires.urls")),
    path("medicion/resultados/", include("mipg.measurement.results.urls")),
    path("tableros/", include("mipg.dashboards.urls")),
    path("control-interno/", include("mipg.control.urls")),
    # --- inbox: /pendientes/, reminder and calendar settings under /cuenta/, private ICS feed ---
    path("", include("mipg.inbox.urls")),
    # --- end of inbox ---
    # --- jobs (issue 14 item 5): "Mis trabajos", job pages, vigencia export ---
    path("trabajos/", include("mipg.jobs.urls")),
    # --- end of jobs ---
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its start-up script served as a file (`?script`), so the CSP needs no inline script.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="core/swagger_ui.html"),
        name="api-docs",
    ),
    # --- Redoc (issue 13 item 4): Spanish page with the app's lang and no inline script, same CSP as every
    # page (Redoc's search worker is started from a blob: it is allowed here alone). Redoc writes its styles
    # into <style> elements: those of styled-components carry this response's nonce (core/redoc-start.js);
    # the scrollbar style sheet its bundle inserts while loading is allowed by its hash (REDOC_STYLE_HASHES).
    path(
        "api/redoc/",
        csp_update({"worker-src": ["'self'", "blob:"], "style-src": [NONCE, *REDOC_STYLE_HASHES]})(
            SpectacularRedocView.as_view(url_name="schema", template_name="core/redoc.html")
        ),
        name="api-redoc",
    ),
    # --- end of Redoc ---
]
