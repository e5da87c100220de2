"""The action plan in Excel: export, template and import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mipg.core.imports import ImportRejected
from mipg.core.xlsx import xlsx_response

from .. import selectors, services
from ..forms import PlanImportForm
from ..permissions import can_manage_operation
from ..services.xlsx_import import HEADERS, INSTRUCTIONS, SHEET
from .common import apply_errors, base_context, entity_or_404


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
