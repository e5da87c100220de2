from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mipg.core.xlsx import xlsx_response

from .. import selectors, services
from ..forms import DocumentForm, InstrumentForm
from ..libraries import decree_612_name
from ..models import Instrument
from ..permissions import can_manage_operation
from .common import apply_errors, base_context, confirm_delete, entity_or_404


@login_required
def instrument_list(request):
    entity = entity_or_404(request)
    vigencia = selectors.vigencia_from(request)
    instruments = selectors.instruments_for(request.user, entity, vigencia).order_by("kind", "name")
    kind = request.GET.get("tipo", "")
    if kind:
        instruments = instruments.filter(kind=kind)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Tipo"),
            _("Plan Decreto 612"),
            _("Nombre"),
            _("Objetivo"),
            _("Dependencia responsable"),
            _("Inicio"),
            _("Fin"),
            _("Estado"),
            _("Publicado el"),
            _("Políticas"),
        ]
        rows = (
            [
                i.get_kind_display(),
                decree_612_name(i.decree_plan) if i.decree_plan else "",
                i.name,
                i.objective,
                str(i.responsible_dependencia or ""),
                i.start_date,
                i.end_date,
                i.get_status_display(),
                i.published_on,
                ", ".join(p.code for p in i.policies.all()),
            ]
            for i in instruments
        )
        return xlsx_response(f"instrumentos-{vigencia}.xlsx", [(_("Instrumentos"), headers, rows)])
    page = Paginator(instruments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "operation/instrument_list.html",
        base_context(
            request,
            entity,
            vigencia=vigencia,
            page=page,
            kind=kind,
            decree=selectors.decree_612_status(request.user, entity, vigencia),
            kinds=Instrument.Kind.choices,
        ),
    )


def _instrument_form_view(request, instrument=None):
    entity = entity_or_404(request)
    if instrument is not None and instrument.entity_id != entity.pk:
        entity = instrument.entity
    if not can_manage_operation(request.user, entity):
        raise PermissionDenied
    initial = {
        "vigencia": selectors.vigencia_from(request),
        "kind": "plan",
        "decree_plan": request.GET.get("decreto", ""),
    }
    if instrument is not None:
        initial = {field: getattr(instrument, field) for field in services.instruments.FIELDS}
        initial["policies"] = list(instrument.policies.all())
    if initial.get("decree_plan"):
        initial.setdefault("name", decree_612_name(initial["decree_plan"]))
    form = InstrumentForm(request.POST or None, entity=entity, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        policies = data.pop("policies")
        try:
            saved = services.instrument_save(
                user=request.user, entity=entity, instrument=instrument, policies=policies, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó el instrumento «%(name)s».") % {"name": saved.name})
            return redirect("operation:instrument_detail", saved.pk)
    return render(
        request,
        "operation/instrument_form.html",
        base_context(request, entity, form=form, instrument=instrument),
    )


@login_required
def instrument_create(request):
    return _instrument_form_view(request)


@login_required
def instrument_edit(request, pk: int):
    instrument = get_object_or_404(selectors.instruments_for(request.user), pk=pk)
    return _instrument_form_view(request, instrument)


@login_required
def instrument_detail(request, pk: int):
    instrument = get_object_or_404(selectors.instruments_for(request.user), pk=pk)
    entity = instrument.entity
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_manage_operation(request.user, entity):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.instrument_add_document(
                    user=request.user,
                    instrument=instrument,
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                    url=form.cleaned_data["url"] or "",
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Se adjuntó el documento."))
                return redirect("operation:instrument_detail", instrument.pk)
    return render(
        request,
        "operation/instrument_detail.html",
        base_context(
            request,
            entity,
            instrument=instrument,
            form=form,
            documents=instrument.documents.all(),
            decree_name=decree_612_name(instrument.decree_plan) if instrument.decree_plan else "",
        ),
    )


@login_required
def instrument_delete(request, pk: int):
    instrument = get_object_or_404(selectors.instruments_for(request.user), pk=pk)
    return confirm_delete(
        request,
        entity=instrument.entity,
        obj=instrument,
        perform=lambda: services.instrument_delete(user=request.user, instrument=instrument),
        cancel_url=reverse("operation:instrument_detail", args=[instrument.pk]),
        success_url=f"{reverse('operation:instrument_list')}?vigencia={instrument.vigencia}",
        success_message=_("Se eliminó el instrumento «%(name)s».") % {"name": instrument.name},
        warning=_(
            "Solo se eliminan instrumentos en formulación; sus documentos quedan guardados como evidencias."
        ),
    )
