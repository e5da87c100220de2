"""Pages of actas: generation, notes, approval, corrections and the PDF."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.pdf import DocumentTooLarge, document_refused, pdf_response
from mipg.core.stored_files import open_stored

from .. import forms, selectors, services
from ..models import Acta
from ._helpers import _back, _post_action, _writable_session


@login_required
@require_POST
def acta_generate(request, pk: int):
    session = _writable_session(request, pk)
    _post_action(
        request,
        lambda: services.acta_generate(user=request.user, session=session),
        _("Acta generada en borrador."),
    )
    return _back(session)


def _acta_of(request, pk):
    return get_object_or_404(
        selectors.actas_for(request.user).select_related("session__committee__entity"), pk=pk
    )


@login_required
@require_POST
def acta_notes(request, pk: int):
    acta = _acta_of(request, pk)
    form = forms.ActaNotesForm(request.POST)
    _post_action(
        request,
        lambda: services.acta_update(user=request.user, acta=acta, **form.cleaned_data),
        _("Acta actualizada."),
        form,
    )
    return _back(acta.session)


@login_required
@require_POST
def acta_approve(request, pk: int):
    acta = _acta_of(request, pk)
    _post_action(
        request,
        lambda: services.acta_approve(user=request.user, acta=acta),
        _("%(acta)s aprobada.") % {"acta": acta.label},
    )
    return _back(acta.session)


@login_required
@require_POST
def acta_correct(request, pk: int):
    acta = _acta_of(request, pk)
    form = forms.ActaCorrectionForm(request.POST)
    _post_action(
        request,
        lambda: services.acta_correct(user=request.user, acta=acta, **form.cleaned_data),
        _("Se abrió una nueva versión del acta para corregirla."),
        form,
    )
    return _back(acta.session)


def acta_pdf_response(acta: Acta, context: dict | None = None):
    filename = f"acta-{acta.number:02d}-{acta.year}-v{acta.version}.pdf"
    if acta.is_approved and acta.pdf:
        with open_stored(acta.pdf, what=_("el PDF aprobado de %(acta)s") % {"acta": acta.label}) as handle:
            return pdf_response(filename, handle.read())
    return pdf_response(filename, services.render_acta_pdf(acta, context))


@login_required
def acta_pdf(request, pk: int):
    """The PDF of an acta version (the frozen file once approved, the live draft otherwise, rendered
    once per content and refused above its size budget). A large draft (MIPG_PDF_JOB_HTML_CHARS) is
    rendered by a background job: GET explains it, POST enqueues it and opens the job's page."""
    acta = _acta_of(request, pk)
    context = None
    if not (acta.is_approved and acta.pdf):
        from mipg.jobs import offload

        context = selectors.acta_context(acta)
        if offload.acta_is_large(acta, context):
            if request.method == "POST":
                return redirect("jobs:detail", pk=offload.acta_pdf(user=request.user, acta=acta).pk)
            return render(
                request,
                "jobs/offload.html",
                {
                    "title": _("PDF de %(acta)s") % {"acta": acta.label},
                    "explanation": _(
                        "Esta acta es extensa: su PDF se genera en segundo plano. Verá el avance y le "
                        "llegará un correo cuando esté listo para descargar."
                    ),
                    "button": _("Generar el PDF"),
                },
            )
    try:
        return acta_pdf_response(acta, context)
    except DocumentTooLarge as error:
        return document_refused(request, error)
