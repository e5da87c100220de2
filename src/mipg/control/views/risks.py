from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.imports import ImportRejected
from mipg.core.pdf import pdf_response, render_pdf
from mipg.core.xlsx import xlsx_response

from .. import permissions, selectors, services
from ..forms import ControlForm, EventForm, ImportForm, RiskForm, TreatmentForm
from ..models import Risk
from ..services.xlsx import HEADERS, SHEET, export_rows, risk_map_import
from .common import apply_errors, base_context, vigencia_context


def _require_policy(policy):
    if policy is None:
        raise Http404(_("La entidad no tiene política de riesgos en esta vigencia."))
    return policy


def _above_appetite(policy) -> set[str]:
    """Zones above the policy's risk appetite (their risks need treatment)."""
    codes = [z["code"] for z in policy.tables["zones"]]
    if policy.appetite_zone not in codes:
        return set()
    return set(codes[codes.index(policy.appetite_zone) + 1 :])


def _names(policy) -> dict:
    tables = policy.tables
    return {
        "probability": {lvl["code"]: lvl["name"] for lvl in tables["probability"]},
        "impact": {lvl["code"]: lvl["name"] for lvl in tables["impact"]},
        "zone": {z["code"]: z["name"] for z in tables["zones"]},
    }


@login_required
def risk_register(request):
    entity, vigencia, policy = vigencia_context(request)
    filters = {
        "process": request.GET.get("process", "") if request.GET.get("process", "").isdigit() else "",
        "risk_class": request.GET.get("risk_class", "")
        if request.GET.get("risk_class") in Risk.RiskClass.values
        else "",
        "zone": request.GET.get("zone", ""),
        "which": "inherent" if request.GET.get("which") == "inherent" else "residual",
    }
    risks = selectors.risk_register(request.user, entity, vigencia, **filters)
    page = Paginator(risks, 50).get_page(request.GET.get("page"))
    context = base_context(
        request,
        entity,
        vigencia=vigencia,
        policy=policy,
        page=page,
        filters=filters,
        processes=selectors.processes_for(request.user, entity).order_by("code"),
        classes=Risk.RiskClass.choices,
        zones=policy.tables["zones"] if policy else [],
        names=_names(policy) if policy else {},
        above_appetite=_above_appetite(policy) if policy else set(),
        can_create=policy is not None and _editable_processes(request.user, entity).exists(),
        can_import=policy is not None and permissions.can_manage(request.user, entity),
    )
    return render(request, "control/risk_register.html", context)


def _editable_processes(user, entity):
    processes = selectors.processes_for(user, entity).filter(is_active=True).order_by("code")
    if permissions.can_manage(user, entity):
        return processes
    return processes.filter(leader__user=user)


@login_required
def risk_detail(request, pk: int):
    risk = selectors.risk_detail(request.user, pk)
    controls = list(risk.controls.all())
    sheet = services.risk_worksheet(risk, controls)
    context = base_context(
        request,
        risk.entity,
        risk=risk,
        controls=controls,
        sheet=sheet,
        names=_names(risk.policy),
        above_appetite=risk.residual_zone in _above_appetite(risk.policy),
        zone_colors={z["code"]: z["color"] for z in risk.policy.tables["zones"]},
        can_edit=permissions.can_edit_risks_of(request.user, risk.process),
        can_record_event=permissions.can_edit_risks_of(request.user, risk.process)
        or permissions.is_internal_control(request.user, risk.entity),
        event_form=EventForm(),
        assessments=selectors.assessments_for(request.user)
        .filter(control__risk=risk)
        .order_by("-period__start", "control__order"),
        period=selectors.current_period(request.user, risk.entity),
    )
    return render(request, "control/risk_detail.html", context)


def _risk_form(request, risk=None):
    if risk is None:
        entity, vigencia, policy = vigencia_context(request)
        _require_policy(policy)
    else:
        entity, policy = risk.entity, risk.policy
        if not permissions.can_edit_risks_of(request.user, risk.process):
            raise PermissionDenied
    processes = _editable_processes(request.user, entity)
    if risk is None and not processes.exists():
        raise PermissionDenied
    initial = {}
    if risk is not None:
        initial = {name: getattr(risk, name) for name in services.risks.RISK_FIELDS}
        initial["policies"] = list(risk.policies.all())
    form = RiskForm(request.POST or None, policy=policy, processes=processes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        policies = data.pop("policies")
        if data["risk_class"] == Risk.RiskClass.CORRUPTION and not data["inherent_impact"]:
            data["inherent_impact"] = "moderado"  # replaced by the questionnaire's result
        try:
            saved = services.risk_save(user=request.user, policy=policy, risk=risk, policies=policies, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó el riesgo %(code)s.") % {"code": saved.code})
            return redirect("control:risk_detail", saved.pk)
    return render(
        request, "control/risk_form.html", base_context(request, entity, form=form, risk=risk, policy=policy)
    )


@login_required
def risk_create(request):
    return _risk_form(request)


@login_required
def risk_edit(request, pk: int):
    return _risk_form(request, selectors.risk_detail(request.user, pk))


def _control_form(request, risk, control=None):
    if not permissions.can_edit_risks_of(request.user, risk.process):
        raise PermissionDenied
    initial = {}
    if control is not None:
        initial = {name: getattr(control, name) for name in services.risks.CONTROL_FIELDS}
    form = ControlForm(request.POST or None, entity=risk.entity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.control_save(user=request.user, risk=risk, control=control, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó el control; el riesgo residual se recalculó."))
            return redirect("control:risk_detail", risk.pk)
    return render(
        request,
        "control/control_form.html",
        base_context(request, risk.entity, form=form, risk=risk, control=control),
    )


@login_required
def control_create(request, pk: int):
    return _control_form(request, selectors.risk_detail(request.user, pk))


@login_required
def control_edit(request, pk: int):
    control = selectors.control_detail(request.user, pk)
    return _control_form(request, control.risk, control)


@login_required
@require_POST
def control_delete(request, pk: int):
    control = selectors.control_detail(request.user, pk)
    risk = control.risk
    if not permissions.can_edit_risks_of(request.user, risk.process):
        raise PermissionDenied
    try:
        services.control_delete(user=request.user, control=control)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Se eliminó el control; el riesgo residual se recalculó."))
    return redirect("control:risk_detail", risk.pk)


@login_required
def risk_treatment(request, pk: int):
    risk = selectors.risk_detail(request.user, pk)
    if not permissions.can_edit_risks_of(request.user, risk.process):
        raise PermissionDenied
    initial = {
        "treatment": risk.treatment,
        "note": risk.treatment_note,
        "activities": list(risk.activities.all()),
        "improvement_actions": list(risk.improvement_actions.all()),
        "indicators": list(risk.indicators.all()),
    }
    form = TreatmentForm(
        request.POST or None, entity=risk.entity, vigencia=risk.policy.vigencia, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_set_treatment(
                user=request.user,
                risk=risk,
                treatment=data["treatment"],
                note=data["note"],
                activities=data["activities"],
                improvement_actions=data["improvement_actions"],
            )
            services.risk_set_indicators(user=request.user, risk=risk, indicators=data["indicators"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó el tratamiento del riesgo."))
            return redirect("control:risk_detail", risk.pk)
    return render(
        request, "control/treatment_form.html", base_context(request, risk.entity, form=form, risk=risk)
    )


@login_required
@require_POST
def risk_event(request, pk: int):
    risk = selectors.risk_detail(request.user, pk)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            services.risk_event_record(user=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.warning(
                request, _("Se registró la materialización: el riesgo y sus controles quedan por revisar.")
            )
    else:
        messages.error(request, _("Complete la fecha, lo ocurrido y su efecto."))
    return redirect("control:risk_detail", risk.pk)


@login_required
@require_POST
def risk_reviewed(request, pk: int):
    risk = selectors.risk_detail(request.user, pk)
    services.risk_mark_reviewed(user=request.user, risk=risk)
    messages.success(request, _("El riesgo y sus controles quedaron revisados."))
    return redirect("control:risk_detail", risk.pk)


@login_required
def heat_maps(request):
    entity, vigencia, policy = vigencia_context(request)
    context = base_context(request, entity, vigencia=vigencia, policy=policy)
    if policy is not None:
        inherent = selectors.heat_map(request.user, entity, vigencia, policy, "inherent")
        residual = selectors.heat_map(request.user, entity, vigencia, policy, "residual")
        context.update(
            inherent=inherent,
            residual=residual,
            chart_data={"inherent": inherent["chart"], "residual": residual["chart"]},
        )
    return render(request, "control/heat_maps.html", context)


def _map_risks(request, entity, policy):
    return (
        selectors.risks_for(request.user, entity)
        .filter(policy=policy)
        .prefetch_related("controls__owner")
        .order_by("process__code", "code")
    )


@login_required
def risk_map_xlsx(request):
    entity, vigencia, policy = vigencia_context(request)
    _require_policy(policy)
    rows = export_rows(policy, _map_risks(request, entity, policy))
    heat = selectors.heat_map(request.user, entity, vigencia, policy, "residual")
    heat_rows = [
        [row["probability"]["name"]] + [f"{c['zone']['name']}: {c['count']}" for c in row["cells"]]
        for row in heat["grid"]
    ]
    return xlsx_response(
        f"mapa-de-riesgos-{vigencia}.xlsx",
        [
            (SHEET, HEADERS, rows),
            (
                _("Mapa de calor residual"),
                [_("Probabilidad \\ Impacto")] + [i["name"] for i in heat["impacts"]],
                heat_rows,
            ),
        ],
    )


@login_required
def risk_map_template(request):
    return xlsx_response("plantilla-mapa-de-riesgos.xlsx", [(SHEET, HEADERS, [])])


@login_required
def risk_map_pdf(request):
    entity, vigencia, policy = vigencia_context(request)
    _require_policy(policy)
    risks = list(_map_risks(request, entity, policy))
    only = request.GET.get("clase")
    if only in Risk.RiskClass.values:
        risks = [r for r in risks if r.risk_class == only]
    context = {
        "entity": entity,
        "vigencia": vigencia,
        "policy": policy,
        "risks": risks,
        "names": _names(policy),
        "zone_colors": {z["code"]: z["color"] for z in policy.tables["zones"]},
        "title": _("Mapa de riesgos de corrupción")
        if only == Risk.RiskClass.CORRUPTION
        else _("Mapa de riesgos"),
        "residual": selectors.heat_map(request.user, entity, vigencia, policy, "residual"),
    }
    content = render_pdf("control/risk_map_pdf.html", context, request=request)
    return pdf_response(f"mapa-de-riesgos-{vigencia}.pdf", content)


@login_required
def risk_map_import_view(request):
    entity, vigencia, policy = vigencia_context(request)
    _require_policy(policy)
    if not permissions.can_manage(request.user, entity):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            result = risk_map_import(user=request.user, policy=policy, upload=form.cleaned_data["file"])
        except ImportRejected as rejected:
            problems = rejected.problems
        else:
            messages.success(request, _("Se importaron %(n)s riesgos.") % {"n": result["risks"]})
            if result["pending_reduce"]:
                messages.warning(
                    request,
                    _(
                        "%(n)s riesgos con tratamiento «reducir» esperan que vincule sus actividades "
                        "o acciones de mejora."
                    )
                    % {"n": result["pending_reduce"]},
                )
            return redirect(f"{reverse('control:risk_register')}?vigencia={vigencia}")
    return render(
        request,
        "control/risk_map_import.html",
        base_context(
            request, entity, vigencia=vigencia, policy=policy, form=form, problems=problems, headers=HEADERS
        ),
    )
