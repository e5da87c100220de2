from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mipg.core.xlsx import xlsx_response

from .. import selectors, services
from ..forms import (
    IndicatorForm,
    MeasurementCorrectForm,
    MeasurementDeleteForm,
    MeasurementForm,
    TargetForm,
)
from ..permissions import can_manage_operation
from .common import apply_errors, base_context, confirm_delete, entity_or_404


@login_required
def indicator_list(request):
    entity = entity_or_404(request)
    vigencia = selectors.vigencia_from(request)
    indicators = selectors.indicators_for(request.user, entity, vigencia).order_by("name")
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Indicador"),
            _("Numerador"),
            _("Denominador"),
            _("Unidad"),
            _("Frecuencia"),
            _("Línea base"),
            _("Sentido"),
            _("Política"),
        ]
        rows = (
            [
                i.name,
                i.numerator,
                i.denominator,
                i.unit,
                i.get_frequency_display(),
                float(i.baseline) if i.baseline is not None else None,
                i.get_direction_display(),
                i.policy.code if i.policy else "",
            ]
            for i in indicators
        )
        return xlsx_response(f"indicadores-{vigencia}.xlsx", [(_("Indicadores"), headers, rows)])
    page = Paginator(indicators, 50).get_page(request.GET.get("page"))
    return render(
        request, "operation/indicator_list.html", base_context(request, entity, vigencia=vigencia, page=page)
    )


def _indicator_form(request, indicator=None):
    entity = indicator.entity if indicator is not None else entity_or_404(request)
    if not can_manage_operation(request.user, entity):
        raise PermissionDenied
    if indicator is None:
        initial = {"vigencia": selectors.vigencia_from(request)}
    else:
        initial = {field: getattr(indicator, field) for field in services.indicators.FIELDS}
    form = IndicatorForm(request.POST or None, entity=entity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.indicator_save(
                user=request.user, entity=entity, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó el indicador."))
            return redirect("operation:indicator_detail", saved.pk)
    return render(
        request,
        "operation/indicator_form.html",
        base_context(request, entity, form=form, indicator=indicator),
    )


@login_required
def indicator_create(request):
    return _indicator_form(request)


@login_required
def indicator_edit(request, pk: int):
    return _indicator_form(request, get_object_or_404(selectors.indicators_for(request.user), pk=pk))


@login_required
def indicator_detail(request, pk: int):
    indicator = get_object_or_404(selectors.indicators_for(request.user), pk=pk)
    entity = indicator.entity
    target_form = TargetForm(prefix="target", indicator=indicator)
    measurement_form = MeasurementForm(prefix="m", indicator=indicator)
    if request.method == "POST":
        if not can_manage_operation(request.user, entity):
            raise PermissionDenied
        if "target-period" in request.POST:
            target_form = TargetForm(request.POST, prefix="target", indicator=indicator)
            form, action = target_form, "target"
        else:
            measurement_form = MeasurementForm(request.POST, request.FILES, prefix="m", indicator=indicator)
            form, action = measurement_form, "measurement"
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "target":
                    services.indicator_target_set(user=request.user, indicator=indicator, **data)
                else:
                    services.indicator_measurement_record(
                        user=request.user,
                        indicator=indicator,
                        period=data["period"],
                        value=data["value"],
                        numerator_value=data["numerator_value"],
                        denominator_value=data["denominator_value"],
                        note=data["note"],
                        files=[data["evidence_file"]] if data["evidence_file"] else (),
                        links=[data["evidence_url"]] if data["evidence_url"] else (),
                    )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Se guardó."))
                return redirect("operation:indicator_detail", indicator.pk)
    series = selectors.indicator_series(request.user, indicator)
    chart = {
        "periods": [row["label"] for row in series],
        "targets": [float(row["target"]) if row["target"] is not None else None for row in series],
        "values": [float(row["value"]) if row["value"] is not None else None for row in series],
        "labels": {"target": _("Meta"), "value": _("Resultado")},
    }
    return render(
        request,
        "operation/indicator_detail.html",
        base_context(
            request,
            entity,
            indicator=indicator,
            series=series,
            chart=chart,
            target_form=target_form,
            measurement_form=measurement_form,
        ),
    )


@login_required
def indicator_delete(request, pk: int):
    indicator = get_object_or_404(selectors.indicators_for(request.user), pk=pk)
    return confirm_delete(
        request,
        entity=indicator.entity,
        obj=indicator,
        perform=lambda: services.indicator_delete(user=request.user, indicator=indicator),
        cancel_url=reverse("operation:indicator_detail", args=[indicator.pk]),
        success_url=f"{reverse('operation:indicator_list')}?vigencia={indicator.vigencia}",
        success_message=_("Se eliminó el indicador «%(name)s».") % {"name": indicator.name},
        warning=_(
            "Solo se elimina un indicador sin mediciones y sin metas del plan asociadas; sus metas por "
            "periodo se eliminan con él."
        ),
    )


def _measurement_or_404(request, pk: int):
    measurement = get_object_or_404(
        selectors.indicator_measurements_for(request.user).select_related("indicator__entity"), pk=pk
    )
    if not can_manage_operation(request.user, measurement.indicator.entity):
        raise PermissionDenied
    return measurement


@login_required
def measurement_correct(request, pk: int):
    """Correct a recorded measurement, with a reason that goes to the history."""
    measurement = _measurement_or_404(request, pk)
    indicator = measurement.indicator
    initial = {
        "numerator_value": measurement.numerator_value,
        "denominator_value": measurement.denominator_value,
        "value": None if measurement.numerator_value is not None else measurement.value,
        "note": measurement.note,
    }
    form = MeasurementCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_measurement_correct(
                user=request.user, measurement=measurement, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se corrigió la medición."))
            return redirect("operation:indicator_detail", indicator.pk)
    return render(
        request,
        "operation/measurement_form.html",
        base_context(request, indicator.entity, form=form, measurement=measurement, indicator=indicator),
    )


@login_required
def measurement_delete(request, pk: int):
    """Delete a measurement recorded by mistake, with a reason that goes to the history."""
    measurement = _measurement_or_404(request, pk)
    indicator = measurement.indicator
    form = MeasurementDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_measurement_delete(
                user=request.user, measurement=measurement, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se eliminó la medición."))
            return redirect("operation:indicator_detail", indicator.pk)
    return render(
        request,
        "operation/measurement_form.html",
        base_context(
            request, indicator.entity, form=form, measurement=measurement, indicator=indicator, deleting=True
        ),
    )
