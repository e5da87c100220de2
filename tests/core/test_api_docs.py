"""Swagger UI (/api/docs/) and Redoc (/api/redoc/) in Spanish with the app's `lang`, from the sidecar
package, and without inline script under the Content-Security-Policy (issue 13 item 4)."""

import re

import pytest

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/api/docs/", "documentación de la API (Swagger UI)"),
        ("/api/redoc/", "documentación de la API (Redoc)"),
    ],
)
def test_api_documentation_pages_are_spanish_and_without_inline_script(world, login, url, title):
    response = login(world.head_planner).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es-CO">' in html  # as base.html: the BCP 47 form
    assert title in html
    assert "necesita JavaScript" in html
    assert not INLINE_SCRIPT.search(html), "inline <script> under the CSP"
    assert "<style" not in html
    assert "googleapis" not in html and "cdn.jsdelivr" not in html  # everything served by the app
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.strip() == "'self'"


def test_redoc_loads_the_schema_and_redoc_from_the_app(world, login):
    response = login(world.head_planner).get("/api/redoc/")
    html = response.content.decode()
    assert 'data-spec-url="/api/schema/"' in html
    # Started by a static file that hands Redoc this response's CSP nonce (for the styles Redoc writes).
    start = re.search(
        r'<script src="/static/core/redoc-start[^"]*\.js" data-spec-url="[^"]+" nonce="([^"]+)">', html
    )
    assert start and f"'nonce-{start.group(1)}'" in response["Content-Security-Policy"]
    assert re.search(r'<script src="/static/drf_spectacular_sidecar/redoc/[^"]+\.js"', html)
