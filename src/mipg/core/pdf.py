"""PDF documents (actas, reports) from the same Django templates as the pages, with WeasyPrint.

Rendering a PDF is the most expensive thing a reader can ask for (about 3 s per 100,000 characters),
so every PDF goes through `render_pdf`, which (issue 9 item 8):
- refuses, with `DocumentTooLarge` (a Spanish message), HTML above `MIPG_PDF_MAX_HTML_CHARS`, so no
  request renders for longer than its budget;
- keeps the result in the cache under the SHA-256 of the HTML (which holds every datum that goes into
  the PDF and the template as it is today) and of the renderer's version: a second GET of the same
  draft does not render again, and any change of the data or of the template gives a new key;
- leaves the values named `volatile` (the time of generation) out of that key, so a report whose data
  has not changed is served from the cache (the sector report: issue 14 item 4)."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# Raise when the PDF templates' shared CSS or the rendering options change in a way the HTML
# does not show (the HTML itself is part of the key).
PDF_CACHE_VERSION = "1"
DEFAULT_MAX_HTML_CHARS = 250_000
DEFAULT_CACHE_SECONDS = 24 * 3600


class DocumentTooLarge(ValidationError):
    """The document is too large to render within its time budget."""


def _write_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # PDF templates carry their CSS inline: WeasyPrint then fetches nothing over the network.
    return HTML(string=html).write_pdf()


def _cache_key(html: str) -> str:
    import weasyprint

    digest = hashlib.sha256()
    for part in (PDF_CACHE_VERSION, weasyprint.__version__, html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return f"mipg:pdf:{digest.hexdigest()}"


def _check_budget(html: str) -> None:
    limit = getattr(settings, "MIPG_PDF_MAX_HTML_CHARS", DEFAULT_MAX_HTML_CHARS)
    if len(html) > limit:
        raise DocumentTooLarge(
            _(
                "El documento es demasiado extenso para generarlo en PDF (%(size)s caracteres; el límite "
                "es %(limit)s). Acorte los textos más largos (notas, desarrollo de los puntos, "
                "decisiones) e intente de nuevo."
            )
            % {"size": f"{len(html):,}".replace(",", "."), "limit": f"{limit:,}".replace(",", ".")},
            code="document_too_large",
        )


def render_pdf(template_name: str, context: dict, request=None, *, volatile: tuple[str, ...] = ()) -> bytes:
    """`volatile` names context values that say when the document was made rather than what it says
    (a "generado el" time): they are left out of the cache key, so the same data is served from the
    cache until it changes, and the document keeps the time it was first rendered."""
    cache = caches["default"]
    key, content = None, None
    if volatile:
        stable = {**context, **dict.fromkeys(volatile)}
        stable_html = render_to_string(template_name, stable, request=request)
        _check_budget(stable_html)  # the same length as the document but for the time
        key = _cache_key(stable_html)
        content = cache.get(key)
        if content is not None:
            return content
    html = render_to_string(template_name, context, request=request)
    _check_budget(html)
    if key is None:
        key = _cache_key(html)
        content = cache.get(key)
    if content is None:
        content = _write_pdf(html)
        cache.set(key, content, getattr(settings, "MIPG_PDF_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))
    return content


def pdf_response(filename: str, content: bytes, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def document_refused(request, error: DocumentTooLarge) -> HttpResponse:
    """The page that answers a PDF refused by its budget (422, with the Spanish reason)."""
    return render(
        request,
        "core/document_refused.html",
        {"message": " ".join(error.messages)},
        status=422,
    )
