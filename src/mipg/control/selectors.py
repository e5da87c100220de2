"""Reads of Control interno, always through the entity gate (`for_user`)."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mipg.measurement.results.models import ImprovementAction
from mipg.operation.models import Activity
from mipg.organizations.models import Entity

from . import permissions, scoring
from .models import (
    Control,
    ControlAssessment,
    CorruptionFollowUp,
    MonitoringPeriod,
    Process,
    Risk,
    RiskPolicy,
)


def today() -> date:
    return timezone.localdate()


def vigencia_from(request) -> int:
    raw = request.GET.get("vigencia", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else today().year


# --- policy and processes
def policies_for(user, entity=None):
    queryset = RiskPolicy.objects.for_user(user).select_related("entity")
    return queryset.filter(entity=entity) if entity is not None else queryset


def policy_for(user, entity, vigencia: int):
    return (
        policies_for(user, entity)
        .select_related("approval_decision__session__committee")
        .filter(vigencia=vigencia)
        .first()
    )


def processes_for(user, entity=None):
    queryset = Process.objects.for_user(user).select_related("entity", "leader_dependencia", "leader")
    return queryset.filter(entity=entity) if entity is not None else queryset


def process_counts(user, entity, vigencia: int) -> dict[int, int]:
    rows = (
        Risk.objects.for_user(user)
        .filter(entity=entity, policy__vigencia=vigencia)
        .values("process")
        .annotate(n=Count("pk"))
    )
    return {row["process"]: row["n"] for row in rows}


# --- risks
def risks_for(user, entity=None):
    queryset = Risk.objects.for_user(user).select_related("entity", "process")
    return queryset.filter(entity=entity) if entity is not None else queryset


def risk_register(user, entity, vigencia: int, *, process=None, risk_class="", zone="", which="residual"):
    queryset = (
        risks_for(user, entity)
        .filter(policy__vigencia=vigencia)
        .annotate(control_count=Count("controls"))
        .order_by("process__code", "code")
    )
    if process:
        queryset = queryset.filter(process_id=process)
    if risk_class:
        queryset = queryset.filter(risk_class=risk_class)
    if zone:
        queryset = queryset.filter(**{f"{'inherent' if which == 'inherent' else 'residual'}_zone": zone})
    return queryset


def risk_detail(user, pk: int) -> Risk:
    queryset = Risk.objects.for_user(user).select_related(
        "entity", "policy", "process__leader", "process__leader_dependencia", "created_by"
    )
    return get_object_or_404(
        queryset.prefetch_related(
            "policies",
            "indicators",
            Prefetch("activities", queryset=Activity.objects.select_related("goal__plan")),
            "improvement_actions",
            "events",
            Prefetch("controls", queryset=Control.objects.select_related("owner")),
        ),
        pk=pk,
    )


def control_detail(user, pk: int) -> Control:
    return get_object_or_404(
        Control.objects.for_user(user).select_related(
            "risk__entity", "risk__policy", "risk__process__leader", "owner"
        ),
        pk=pk,
    )


def heat_map(user, entity, vigencia: int, policy: RiskPolicy, which: str = "residual") -> dict:
    """Counts per cell of the 5×5 heat map in one query, with the zone of each cell."""
    prefix = "inherent" if which == "inherent" else "residual"
    rows = (
        Risk.objects.for_user(user)
        .filter(entity=entity, policy=policy)
        .values(f"{prefix}_probability", f"{prefix}_impact")
        .annotate(n=Count("pk"))
    )
    counts = {(row[f"{prefix}_probability"], row[f"{prefix}_impact"]): row["n"] for row in rows}
    tables = policy.tables
    zones = {z["code"]: z for z in tables["zones"]}
    impacts = tables["impact"]
    grid = []
    for probability in reversed(tables["probability"]):
        cells = []
        for impact in impacts:
            zone_code = scoring.zone(tables, probability["code"], impact["code"])
            cells.append(
                {
                    "impact": impact,
                    "zone": zones[zone_code],
                    "count": counts.get((probability["code"], impact["code"]), 0),
                }
            )
        grid.append({"probability": probability, "cells": cells})
    by_zone = {code: 0 for code in zones}
    for (probability, impact), n in counts.items():
        try:
            by_zone[scoring.zone(tables, probability, impact)] += n
        except (KeyError, ValueError):
            continue
    chart = {
        "probabilities": [p["name"] for p in tables["probability"]],
        "impacts": [i["name"] for i in impacts],
        "cells": [
            [
                impact_index,
                probability_index,
                counts.get((p["code"], i["code"]), 0),
                zones[scoring.zone(tables, p["code"], i["code"])]["color"],
            ]
            for probability_index, p in enumerate(tables["probability"])
            for impact_index, i in enumerate(impacts)
        ],
    }
    return {
        "grid": grid,
        "impacts": impacts,
        "by_zone": by_zone,
        "zones": list(zones.values()),
        "chart": chart,
    }


# --- monitoring
def periods_for(user, entity=None):
    queryset = MonitoringPeriod.objects.for_user(user)
    return queryset.filter(entity=entity) if entity is not None else queryset


def current_period(user, entity, pk=None):
    periods = periods_for(user, entity)
    if pk:
        return get_object_or_404(periods, pk=pk)
    now = today()
    return periods.filter(start__lte=now, end__gte=now).first() or periods.order_by("-end").first()


def assessments_for(user, entity=None):
    queryset = ControlAssessment.objects.for_user(user).select_related(
        "control__risk__process", "control__owner", "period", "finding"
    )
    return queryset.filter(control__risk__entity=entity) if entity is not None else queryset


def assessment_detail(user, pk: int) -> ControlAssessment:
    return get_object_or_404(
        assessments_for(user)
        .select_related(
            "control__risk__entity",
            "control__risk__process__leader",
            "self_assessed_by",
            "reviewed_by",
            "evaluated_by",
        )
        .prefetch_related("evidence"),
        pk=pk,
    )


def controls_without_evidence(user, entity, period):
    """Controls of the period's vigencia with no self-assessment evidence in the period."""
    with_evidence = ControlAssessment.objects.filter(
        control=OuterRef("pk"), period=period, evidence__isnull=False
    )
    return (
        Control.objects.for_user(user)
        .filter(risk__entity=entity, risk__policy__vigencia=period.vigencia)
        .annotate(has_evidence=Exists(with_evidence))
        .filter(has_evidence=False)
        .select_related("risk__process", "owner")
        .order_by("risk__process__code", "risk__code", "order")
    )


def queue(user, entity, period) -> dict:
    """What waits for each line of defence in the period, limited to what this user may act on."""
    controls = (
        Control.objects.for_user(user)
        .filter(risk__entity=entity, risk__policy__vigencia=period.vigencia)
        .select_related("risk__process__leader", "risk__process__entity", "risk__entity", "owner")
        .order_by("risk__process__code", "risk__code", "order")
    )
    assessed = {
        a.control_id: a
        for a in ControlAssessment.objects.for_user(user).filter(period=period, control__risk__entity=entity)
    }
    first, second, third = [], [], []
    for control in controls:
        assessment = assessed.get(control.pk)
        if assessment is None or assessment.self_assessed_at is None:
            if permissions.can_self_assess(user, control):
                first.append({"control": control, "assessment": assessment})
            continue
        if assessment.reviewed_at is None and permissions.can_review(user, entity):
            second.append({"control": control, "assessment": assessment})
        if assessment.evaluated_at is None and permissions.is_internal_control(user, entity):
            third.append({"control": control, "assessment": assessment})
    return {"first": first, "second": second, "third": third}


def overdue_treatments(user, entity, vigencia: int):
    """Risks whose treatment has a linked activity or improvement action past its date and not finished."""
    now = today()
    late_activity = Activity.objects.filter(treated_risks=OuterRef("pk"), end_date__lt=now, progress__lt=100)
    late_action = ImprovementAction.objects.filter(
        treated_risks=OuterRef("pk"),
        due_date__lt=now,
        status__in=[ImprovementAction.Status.PLANNED, ImprovementAction.Status.IN_PROGRESS],
    )
    return (
        risks_for(user, entity)
        .filter(policy__vigencia=vigencia)
        .annotate(late_activity=Exists(late_activity), late_action=Exists(late_action))
        .filter(Q(late_activity=True) | Q(late_action=True))
        .prefetch_related(
            Prefetch("activities", queryset=Activity.objects.filter(end_date__lt=now, progress__lt=100)),
            Prefetch(
                "improvement_actions",
                queryset=ImprovementAction.objects.filter(
                    due_date__lt=now,
                    status__in=[ImprovementAction.Status.PLANNED, ImprovementAction.Status.IN_PROGRESS],
                ),
            ),
        )
        .order_by("process__code", "code")
    )


def sector_zones(user, head: Entity, vigencia: int) -> list[dict]:
    """Residual zones by entity for the sector head: the gate decides which entities appear."""
    rows = (
        Risk.objects.for_user(user)
        .filter(entity__path__startswith=head.path, policy__vigencia=vigencia)
        .values("entity", "entity__name", "entity__acronym", "residual_zone")
        .annotate(n=Count("pk"))
        .order_by("entity__name")
    )
    by_entity: dict[int, dict] = {}
    for row in rows:
        item = by_entity.setdefault(
            row["entity"],
            {
                "name": row["entity__name"],
                "acronym": row["entity__acronym"],
                "zones": {"bajo": 0, "moderado": 0, "alto": 0, "extremo": 0},
                "total": 0,
            },
        )
        item["zones"][row["residual_zone"]] = item["zones"].get(row["residual_zone"], 0) + row["n"]
        item["total"] += row["n"]
    return list(by_entity.values())


def follow_up_status(user, entity, vigencia: int) -> list[dict]:
    """Each cut of the corruption map follow-up: recorded, published, due soon (alert) or overdue."""
    from .services.monitoring import follow_up_schedule

    recorded = {
        f.cut: f for f in CorruptionFollowUp.objects.for_user(user).filter(entity=entity, vigencia=vigencia)
    }
    now = today()
    rows = []
    for row in follow_up_schedule(vigencia):
        follow_up = recorded.get(row["cut"])
        published = follow_up is not None and follow_up.published_on is not None
        rows.append(
            {
                **row,
                "follow_up": follow_up,
                "published": published,
                "alert": not published and row["cut_date"] <= now <= row["due_date"],
                "overdue": not published and now > row["due_date"],
            }
        )
    return rows


# --- internal audit
def audit_plan_for(user, entity, vigencia: int):
    from .models import AuditPlan

    return (
        AuditPlan.objects.for_user(user)
        .filter(entity=entity, vigencia=vigencia)
        .select_related("entity", "approval_decision__session__committee")
        .first()
    )


def audits_of(user, plan):
    from .models import Audit

    return (
        Audit.objects.for_user(user)
        .filter(plan=plan)
        .select_related("process")
        .prefetch_related("auditors")
        .annotate(finding_count=Count("findings", distinct=True))
        .order_by("start_date", "pk")
    )


def audit_detail(user, pk: int):
    from .models import Audit

    return get_object_or_404(
        Audit.objects.for_user(user)
        .select_related("plan__entity", "process")
        .prefetch_related("auditors", "checklist", "findings__improvement_finding__plan"),
        pk=pk,
    )
