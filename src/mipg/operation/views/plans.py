from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mipg.core.imports import ImportRejected
from mipg.core.xlsx import xlsx_response

from .. import selectors, services
from ..forms import ActivityForm, GoalForm, PlanCreateForm, PlanImportForm, ProgressReportForm, ReviewForm
from ..models import ActionPlan, Indicator, ProgressReport
from ..permissions import can_manage_operation, can_report
from ..services.xlsx_import import HEADERS, INSTRUCTIONS, SHEET
from .common import apply_errors, base_context, confirm_delete, entity_or_404


@login_required
def plan_home(request):
    """The current entity's plan for the vigencia, or the way to import it."""
    entity = entity_or_404(request)
    vigencia = selectors.vigencia_from(request)
    plan = selectors.plan_for(request.user, entity, vigencia)
    if plan is not None:
        return redirect("operation:plan_detail", plan.pk)
    return render(request, "operation/plan_missing.html", base_context(request, entity, vigencia=vigencia))


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    activities = selectors.activities_for(request.user, plan).order_by(
        "goal__order", "goal__code", "order", "code"
    )
    policy = request.GET.get("politica", "").upper()
    if policy:
        activities = activities.filter(policy__code=policy)
    mine = request.GET.get("mias") == "1"
    if mine:
        activities = selectors.reportable_by(request.user, activities, plan)
    page = Paginator(activities, 100).get_page(request.GET.get("page"))
    summary = selectors.plan_rollup(request.user, plan)
    rows = [(activity, summary.by_activity.get(activity.pk)) for activity in page]
    return render(
        request,
        "operation/plan_detail.html",
        base_context(
            request,
            plan.entity,
            plan=plan,
            page=page,
            rows=rows,
            summary=summary,
            policy=policy,
            mine=mine,
            goals={g.key: g for g in summary.goals},
            counts=selectors.report_counts(request.user, plan),
            goal_list=selectors.goals_for(request.user, plan)
            if plan.status == ActionPlan.Status.DRAFT
            else [],
            weight_problems=services.weight_problems(plan) if plan.status == ActionPlan.Status.DRAFT else [],
            statuses=ActionPlan.Status,
        ),
    )


@login_required
@require_POST
def plan_status(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    try:
        services.plan_set_status(user=request.user, plan=plan, status=request.POST.get("status", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("El plan quedó «%(status)s».") % {"status": plan.get_status_display()})
    return redirect("operation:plan_detail", plan.pk)


@login_required
def plan_export(request, pk: int):
    """The plan with its roll-up and every progress report, as xlsx."""
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    summary = selectors.plan_rollup(request.user, plan)
    activities = selectors.activities_for(request.user, plan).order_by("goal__order", "order")
    plan_rows = (
        [
            a.goal.code,
            a.goal.name,
            "",
            a.code,
            a.name,
            a.responsible_dependencia.name,
            a.responsible_person.full_name if a.responsible_person else "",
            a.start_date,
            a.end_date,
            float(a.weight),
            a.deliverable,
            a.policy.code,
            a.policy.dimension.code,
            float(a.progress),
            float(summary.by_activity[a.pk]["expected"]),
            str(summary.by_activity[a.pk]["light_label"]),
            _("Sí") if summary.by_activity[a.pk]["overdue"] else _("No"),
        ]
        for a in activities
    )
    reports = (
        selectors.reports_for(request.user)
        .filter(activity__goal__plan=plan)
        .order_by("activity__code", "period")
    )
    report_rows = (
        [
            r.activity.goal.code,
            r.activity.code,
            r.period,
            float(r.percent),
            r.narrative,
            r.backward_reason,
            r.get_status_display(),
            r.review_comment,
            r.reported_by.get_username(),
            r.reported_at,
        ]
        for r in reports
    )
    summary_rows = [
        [
            _("Plan"),
            "",
            float(summary.total.progress),
            float(summary.total.expected),
            str(summary.total.light_label),
        ]
    ]
    summary_rows += [
        [_("Dimensión"), f"{b.code} {b.name}", float(b.progress), float(b.expected), str(b.light_label)]
        for b in summary.dimensions
    ]
    summary_rows += [
        [_("Política"), f"{b.code} {b.name}", float(b.progress), float(b.expected), str(b.light_label)]
        for b in summary.policies
    ]
    summary_rows += [
        [_("Meta"), f"{b.code} {b.name}", float(b.progress), float(b.expected), str(b.light_label)]
        for b in summary.goals
    ]
    return xlsx_response(
        f"plan-accion-{plan.entity.acronym or plan.entity.pk}-{plan.vigencia}.xlsx",
        [
            (
                SHEET,
                HEADERS
                + [
                    _("Dimensión"),
                    _("Avance aprobado (%)"),
                    _("Avance esperado (%)"),
                    _("Semáforo"),
                    _("Vencida"),
                ],
                plan_rows,
            ),
            (
                _("Reportes de avance"),
                [
                    _("Código meta"),
                    _("Código actividad"),
                    _("Periodo"),
                    _("Avance (%)"),
                    _("Lo realizado"),
                    _("Motivo del retroceso"),
                    _("Estado"),
                    _("Observación"),
                    _("Reportado por"),
                    _("Reportado el"),
                ],
                report_rows,
            ),
            (
                _("Resumen"),
                [_("Nivel"), _("Nombre"), _("Avance (%)"), _("Esperado (%)"), _("Semáforo")],
                summary_rows,
            ),
        ],
    )


@login_required
def plan_template(request):
    example = [
        [
            "M1",
            _("Fortalecer la gestión documental"),
            "",
            "M1.1",
            _("Actualizar las tablas de retención documental"),
            _("Secretaría General"),
            "",
            "01/02/2026",
            "30/06/2026",
            60,
            _("TRD aprobadas"),
            "POL16",
        ]
    ]
    return xlsx_response(
        "plantilla-plan-de-accion.xlsx",
        [
            (SHEET, HEADERS, example),
            ("Instrucciones", [_("Instrucciones")], [[str(line)] for line in INSTRUCTIONS]),
        ],
    )


@login_required
def plan_import(request):
    entity = entity_or_404(request)
    if not can_manage_operation(request.user, entity):
        raise PermissionDenied
    form = PlanImportForm(
        request.POST or None, request.FILES or None, initial={"vigencia": selectors.vigencia_from(request)}
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_import(
                user=request.user,
                entity=entity,
                vigencia=form.cleaned_data["vigencia"],
                upload=form.cleaned_data["file"],
            )
        except ImportRejected as rejected:
            problems = rejected.problems
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Se importó el plan de acción: %(g)s metas y %(a)s actividades.")
                % {"g": plan.goals.count(), "a": selectors.activities_for(request.user, plan).count()},
            )
            return redirect("operation:plan_detail", plan.pk)
    return render(
        request, "operation/plan_import.html", base_context(request, entity, form=form, problems=problems)
    )


@login_required
def activity_detail(request, pk: int):
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    plan = activity.goal.plan
    may_report = can_report(request.user, activity)
    form = ProgressReportForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        entity=plan.entity,
        locked_periods=selectors.locked_periods(request.user, activity),
    )
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.progress_report_submit(
                    user=request.user,
                    activity=activity,
                    period=data["period"],
                    percent=data["percent"],
                    narrative=data["narrative"],
                    backward_reason=data["backward_reason"],
                    files=[data["evidence_file"]] if data["evidence_file"] else (),
                    links=[data["evidence_url"]] if data["evidence_url"] else (),
                    existing_evidence=data["existing_evidence"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Se envió el reporte de avance para revisión de planeación."))
                return redirect("operation:activity_detail", activity.pk)
        if request.FILES.get("evidence_file"):
            # Browsers never keep a chosen file after a round trip: say so next to the other errors.
            form.add_error(
                "evidence_file",
                _(
                    "El reporte no se envió: vuelva a elegir el archivo de evidencia "
                    "(el navegador no lo conserva) antes de enviarlo de nuevo."
                ),
            )
    summary = selectors.plan_rollup(request.user, plan)
    return render(
        request,
        "operation/activity_detail.html",
        base_context(
            request,
            plan.entity,
            activity=activity,
            plan=plan,
            form=form,
            may_report=may_report,
            reports=selectors.activity_reports(request.user, activity),
            state=summary.by_activity.get(activity.pk),
            review_form=ReviewForm(),
        ),
    )


ACTIVITY_FIELDS = (
    "code",
    "name",
    "responsible_dependencia",
    "responsible_person",
    "start_date",
    "end_date",
    "weight",
    "deliverable",
    "policy",
)


@login_required
def activity_edit(request, pk: int):
    """Planeación corrects one activity while the plan is in formulación."""
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    plan = activity.goal.plan
    if not can_manage_operation(request.user, plan.entity):
        raise PermissionDenied
    initial = {field: getattr(activity, field) for field in ACTIVITY_FIELDS}
    form = ActivityForm(request.POST or None, entity=plan.entity, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_save(
                user=request.user, goal=activity.goal, activity=activity, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó la actividad."))
            return redirect("operation:plan_detail", plan.pk)
    return render(
        request,
        "operation/activity_form.html",
        base_context(request, plan.entity, form=form, activity=activity),
    )


@login_required
def report_list(request):
    entity = entity_or_404(request)
    status = request.GET.get("estado", ProgressReport.Status.SUBMITTED)
    reports = selectors.reports_for(request.user, entity).order_by("-reported_at")
    if status in ProgressReport.Status.values:
        reports = reports.filter(status=status)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Vigencia"),
            _("Actividad"),
            _("Dependencia"),
            _("Periodo"),
            _("Avance (%)"),
            _("Lo realizado"),
            _("Estado"),
            _("Reportado por"),
            _("Reportado el"),
        ]
        rows = (
            [
                r.activity.goal.plan.vigencia,
                f"{r.activity.code} {r.activity.name}",
                r.activity.responsible_dependencia.name,
                r.period,
                float(r.percent),
                r.narrative,
                r.get_status_display(),
                r.reported_by.get_username(),
                r.reported_at,
            ]
            for r in reports
        )
        return xlsx_response("reportes-de-avance.xlsx", [(_("Reportes"), headers, rows)])
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "operation/report_list.html",
        base_context(
            request,
            entity,
            page=page,
            status=status,
            statuses=ProgressReport.Status.choices,
            review_form=ReviewForm(),
        ),
    )


@login_required
@require_POST
def report_review(request, pk: int):
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    form = ReviewForm(request.POST)
    if not can_manage_operation(request.user, report.activity.goal.plan.entity):
        raise PermissionDenied
    if form.is_valid():
        try:
            services.progress_report_review(
                user=request.user,
                report=report,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            report.refresh_from_db()
            messages.success(
                request, _("El reporte quedó «%(status)s».") % {"status": report.get_status_display()}
            )
    else:
        messages.error(request, _("Elija aprobar o devolver."))
    target = request.POST.get("next", "")
    if target.startswith("/operacion/"):
        return redirect(target)
    return redirect("operation:activity_detail", report.activity_id)


@login_required
def plan_create(request):
    """Planeación starts an empty plan for a vigencia and then adds goals and activities one by one."""
    entity = entity_or_404(request)
    if not can_manage_operation(request.user, entity):
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, initial={"vigencia": selectors.vigencia_from(request)})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                user=request.user,
                entity=entity,
                vigencia=form.cleaned_data["vigencia"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Se creó el plan «%(name)s». Agregue sus metas.") % {"name": plan.name}
            )
            return redirect("operation:plan_detail", plan.pk)
    return render(request, "operation/plan_form.html", base_context(request, entity, form=form))


def _managed_draft(request, plan):
    """Planeación only (403 otherwise); a plan no longer in formulación sends back to its page."""
    if not can_manage_operation(request.user, plan.entity):
        raise PermissionDenied
    if plan.status != ActionPlan.Status.DRAFT:
        messages.error(
            request, _("El plan ya no está en formulación; no se pueden cambiar metas ni actividades.")
        )
        return redirect("operation:plan_detail", plan.pk)
    return None


def _goal_form_view(request, plan, goal=None):
    if blocked := _managed_draft(request, plan):
        return blocked
    initial = {"code": goal.code, "name": goal.name, "indicator": goal.indicator} if goal else {}
    form = GoalForm(request.POST or None, entity=plan.entity, initial=initial)
    form.fields["indicator"].queryset = Indicator.objects.filter(
        entity=plan.entity, vigencia=plan.vigencia
    ).order_by("name")
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_save(user=request.user, plan=plan, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se guardó la meta."))
            return redirect("operation:plan_detail", plan.pk)
    return render(
        request,
        "operation/goal_form.html",
        base_context(request, plan.entity, form=form, plan=plan, goal=goal),
    )


@login_required
def goal_create(request, pk: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=pk)
    return _goal_form_view(request, plan)


@login_required
def goal_edit(request, pk: int):
    goal = get_object_or_404(selectors.goals_for(request.user), pk=pk)
    return _goal_form_view(request, goal.plan, goal)


@login_required
def goal_delete(request, pk: int):
    goal = get_object_or_404(selectors.goals_for(request.user), pk=pk)
    plan_url = reverse("operation:plan_detail", args=[goal.plan_id])
    return confirm_delete(
        request,
        entity=goal.plan.entity,
        obj=goal,
        perform=lambda: services.goal_delete(user=request.user, goal=goal),
        cancel_url=plan_url,
        success_url=plan_url,
        success_message=_("Se eliminó la meta %(code)s.") % {"code": goal.code},
        warning=_("También se eliminan sus actividades."),
    )


@login_required
def activity_create(request, pk: int):
    """Add one activity to a goal while the plan is in formulación."""
    goal = get_object_or_404(selectors.goals_for(request.user), pk=pk)
    plan = goal.plan
    if blocked := _managed_draft(request, plan):
        return blocked
    form = ActivityForm(request.POST or None, entity=plan.entity)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_save(user=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Se agregó la actividad %(code)s.") % {"code": activity.code})
            return redirect("operation:plan_detail", plan.pk)
    return render(
        request,
        "operation/activity_form.html",
        base_context(request, plan.entity, form=form, activity=None, goal=goal, plan=plan),
    )


@login_required
def activity_delete(request, pk: int):
    activity = get_object_or_404(selectors.activities_for(request.user), pk=pk)
    plan = activity.goal.plan
    return confirm_delete(
        request,
        entity=plan.entity,
        obj=activity,
        perform=lambda: services.activity_delete(user=request.user, activity=activity),
        cancel_url=reverse("operation:activity_detail", args=[activity.pk]),
        success_url=reverse("operation:plan_detail", args=[plan.pk]),
        success_message=_("Se eliminó la actividad %(code)s.") % {"code": activity.code},
    )
