from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from mipg.core.xlsx import xlsx_response

from .. import selectors
from ..progress import AT_RISK_GAP, ON_TIME_GAP
from .common import base_context, entity_or_404


def _chart(buckets) -> dict:
    return {
        "names": [b.code for b in buckets],
        "progress": [float(b.progress) for b in buckets],
        "expected": [float(b.expected) for b in buckets],
        "labels": {"progress": _("Avance"), "expected": _("Esperado a hoy")},
    }


def _vigencia_and_years(request, plans) -> tuple[int, list[int]]:
    """The vigencia a dashboard shows (issue 11.5) and the vigencias with a plan among `plans`, for its
    selector: ``?vigencia=`` when given; otherwise the current vigencia if it has a plan, else the latest
    earlier one with a plan (or the latest of all)."""
    years = sorted(set(plans.values_list("vigencia", flat=True)))
    if request.GET.get("vigencia"):
        return selectors.vigencia_from(request), years
    current = selectors.current_vigencia()
    if current in years or not years:
        return current, years
    earlier = [year for year in years if year < current]
    return (earlier or years)[-1], years


@login_required
def entity_dashboard(request):
    entity = entity_or_404(request)
    vigencia, years = _vigencia_and_years(request, selectors.plans_for(request.user).filter(entity=entity))
    plan = selectors.plan_for(request.user, entity, vigencia)
    summary = selectors.plan_rollup(request.user, plan) if plan else None
    if summary and request.GET.get("format") == "xlsx":
        headers = [
            _("Nivel"),
            _("Código"),
            _("Nombre"),
            _("Avance (%)"),
            _("Esperado (%)"),
            _("Semáforo"),
            _("Actividades"),
            _("Vencidas"),
        ]
        rows = [
            [
                _("Dimensión"),
                b.code,
                b.name,
                float(b.progress),
                float(b.expected),
                str(b.light_label),
                b.activities,
                b.overdue,
            ]
            for b in summary.dimensions
        ]
        rows += [
            [
                _("Política"),
                b.code,
                b.name,
                float(b.progress),
                float(b.expected),
                str(b.light_label),
                b.activities,
                b.overdue,
            ]
            for b in summary.policies
        ]
        return xlsx_response(f"tablero-{vigencia}.xlsx", [(_("Tablero"), headers, rows)])
    return render(
        request,
        "operation/dashboard.html",
        base_context(
            request,
            entity,
            vigencia=vigencia,
            years=years,
            plan=plan,
            summary=summary,
            dimension_chart=_chart(summary.dimensions) if summary else None,
            policy_chart=_chart(summary.policies) if summary else None,
            on_time_gap=ON_TIME_GAP,
            at_risk_gap=AT_RISK_GAP,
            today=selectors.today(),
        ),
    )


@login_required
def sector_dashboard(request):
    entity = entity_or_404(request)
    vigencia, years = _vigencia_and_years(request, selectors.plans_for(request.user))
    overview = selectors.sector_overview(request.user, vigencia)
    if request.GET.get("format") == "xlsx":
        headers = [
            _("Entidad"),
            _("Sigla"),
            _("Plan"),
            _("Avance (%)"),
            _("Esperado (%)"),
            _("Semáforo"),
            _("Actividades"),
            _("Vencidas"),
        ]
        rows = [
            [
                r["entity"].name,
                r["entity"].acronym,
                r["plan"].get_status_display() if r["plan"] else _("Sin plan"),
                float(r["rollup"].total.progress) if r["rollup"] else None,
                float(r["rollup"].total.expected) if r["rollup"] else None,
                str(r["rollup"].total.light_label) if r["rollup"] else "",
                r["rollup"].total.activities if r["rollup"] else 0,
                r["rollup"].total.overdue if r["rollup"] else 0,
            ]
            for r in overview
        ]
        return xlsx_response(f"sector-{vigencia}.xlsx", [(_("Sector"), headers, rows)])
    with_plan = [r for r in overview if r["rollup"]]
    chart = {
        "names": [r["entity"].acronym or r["entity"].name for r in with_plan],
        "progress": [float(r["rollup"].total.progress) for r in with_plan],
        "expected": [float(r["rollup"].total.expected) for r in with_plan],
        "labels": {"progress": _("Avance"), "expected": _("Esperado a hoy")},
    }
    return render(
        request,
        "operation/sector_dashboard.html",
        base_context(request, entity, vigencia=vigencia, years=years, overview=overview, chart=chart),
    )


@login_required
def index(request):
    entity = entity_or_404(request)
    vigencia = selectors.current_vigencia()
    plan = selectors.plan_for(request.user, entity, vigencia)
    return render(
        request,
        "operation/index.html",
        base_context(
            request,
            entity,
            vigencia=vigencia,
            plan=plan,
            summary=selectors.plan_rollup(request.user, plan) if plan else None,
            decree=selectors.decree_612_status(request.user, entity, vigencia),
            matrix_gaps=selectors.leadership_matrix(request.user, entity, vigencia)["gaps"],
        ),
    )
