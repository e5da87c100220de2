"""Reads of the Operación component; every one takes the user and goes through `for_user`."""

from datetime import date

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from mipg.catalog.selectors import current_policies
from mipg.organizations.models import Dependencia, Entity

from .libraries import decree_612, decree_612_plans
from .models import (
    ActionPlan,
    Activity,
    Goal,
    Indicator,
    IndicatorMeasurement,
    IndicatorTarget,
    Instrument,
    PolicyLeadership,
    ProgressReport,
)
from .periods import period_label
from .progress import ROW_FIELDS, rollup


def today() -> date:
    return timezone.localdate()


def current_vigencia() -> int:
    return today().year


def vigencia_from(request) -> int:
    raw = request.GET.get("vigencia", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100 else current_vigencia()


# --- leadership
def leaderships_for(user, entity=None, vigencia=None):
    queryset = (
        PolicyLeadership.objects.for_user(user)
        .select_related("entity", "policy__dimension", "leading_dependencia", "leader")
        .prefetch_related("co_responsible")
    )
    if entity is not None:
        queryset = queryset.filter(entity=entity)
    if vigencia is not None:
        queryset = queryset.filter(vigencia=vigencia)
    return queryset


def leadership_matrix(user, entity, vigencia: int) -> dict:
    """Rows: every current policy with its leadership (or a gap); columns: the entity's dependencias."""
    dependencias = list(Dependencia.objects.for_user(user).filter(entity=entity).order_by("name"))
    by_policy = {row.policy_id: row for row in leaderships_for(user, entity, vigencia)}
    rows = []
    for policy in current_policies():
        leadership = by_policy.get(policy.pk)
        co = {d.pk for d in leadership.co_responsible.all()} if leadership else set()
        cells = []
        for dep in dependencias:
            if leadership and leadership.leading_dependencia_id == dep.pk:
                cells.append("L")
            elif dep.pk in co:
                cells.append("C")
            else:
                cells.append("")
        rows.append(
            {
                "policy": policy,
                "leadership": leadership,
                "gap": leadership is None or not leadership.has_leader,
                "cells": cells,
            }
        )
    return {"dependencias": dependencias, "rows": rows, "gaps": sum(1 for r in rows if r["gap"])}


# --- instruments
def instruments_for(user, entity=None, vigencia=None):
    queryset = Instrument.objects.for_user(user).select_related("entity", "responsible_dependencia")
    if entity is not None:
        queryset = queryset.filter(entity=entity)
    if vigencia is not None:
        queryset = queryset.filter(vigencia=vigencia)
    return queryset.prefetch_related("policies")


def decree_612_status(user, entity, vigencia: int) -> dict:
    """Each Decreto 612 plan: missing, registered but not published, or published (with the deadline)."""
    registered = {}
    for instrument in (
        Instrument.objects.for_user(user).filter(entity=entity, vigencia=vigencia).exclude(decree_plan="")
    ):
        current = registered.get(instrument.decree_plan)
        if current is None or instrument.status == Instrument.Status.PUBLISHED:
            registered[instrument.decree_plan] = instrument
    deadline_spec = decree_612()["publication_deadline"]
    deadline = date(vigencia, deadline_spec["month"], deadline_spec["day"])
    rows = []
    for plan in decree_612_plans():
        instrument = registered.get(plan["code"])
        if instrument is None:
            state = "missing"
        elif instrument.status == Instrument.Status.PUBLISHED:
            state = "published"
        else:
            state = "unpublished"
        rows.append({"code": plan["code"], "name": plan["name"], "instrument": instrument, "state": state})
    pending = [r for r in rows if r["state"] != "published"]
    now = today()
    return {
        "rows": rows,
        "pending": pending,
        "deadline": deadline,
        "overdue": bool(pending) and now > deadline,
        "alert": bool(pending) and now <= deadline and now.year == vigencia,
    }


# --- action plans
def plans_for(user):
    return ActionPlan.objects.for_user(user).select_related("entity")


def plan_for(user, entity, vigencia: int):
    return plans_for(user).filter(entity=entity, vigencia=vigencia).first()


def goals_for(user, plan=None):
    queryset = Goal.objects.for_user(user).select_related("plan__entity", "indicator")
    if plan is None:
        return queryset
    return (
        queryset.filter(plan=plan)
        .annotate(activity_count=Count("activities"), weight_total=Sum("activities__weight"))
        .order_by("order", "code")
    )


def activities_for(user, plan=None):
    queryset = Activity.objects.for_user(user).select_related(
        "goal__plan__entity",
        "goal__indicator",
        "policy__dimension",
        "responsible_dependencia",
        "responsible_person",
    )
    return queryset.filter(goal__plan=plan) if plan is not None else queryset


def reportable_by(user, activities, plan):
    """The activities the user reports on: theirs as responsible person, or of the policies they lead."""
    led = PolicyLeadership.objects.filter(
        entity_id=plan.entity_id, vigencia=plan.vigencia, leader__user=user
    ).values("policy_id")
    return activities.filter(Q(responsible_person__user=user) | Q(policy_id__in=led))


def plan_rollup(user, plan, on: date | None = None):
    rows = Activity.objects.for_user(user).filter(goal__plan=plan).values(*ROW_FIELDS)
    return rollup(rows, on or today())


def activity_detail(user, pk: int):
    return activities_for(user).get(pk=pk)


def reports_for(user, entity=None):
    queryset = ProgressReport.objects.for_user(user).select_related(
        "activity__goal__plan__entity", "activity__responsible_dependencia", "reported_by", "reviewed_by"
    )
    return queryset.filter(activity__goal__plan__entity=entity) if entity is not None else queryset


def locked_periods(user, activity) -> list[str]:
    """Periods of the activity whose progress is already approved (and therefore locked)."""
    return list(
        reports_for(user)
        .filter(activity=activity, status=ProgressReport.Status.APPROVED)
        .values_list("period", flat=True)
        .distinct()
    )


def reopened_reports(user, plan, limit: int = 50):
    """Reports of the plan reopened because control interno rejected their evidence and not yet reported
    again for the same period (their progress is out of the roll-up until then)."""
    from django.db.models import Exists, OuterRef

    standing = ProgressReport.objects.filter(
        activity=OuterRef("activity"), period=OuterRef("period")
    ).exclude(status=ProgressReport.Status.RETURNED)
    return list(
        reports_for(user)
        .filter(activity__goal__plan=plan, reopened_at__isnull=False)
        .exclude(Exists(standing))
        .order_by("-reopened_at")[:limit]
    )


def activity_reports(user, activity):
    return (
        reports_for(user)
        .filter(activity=activity)
        .prefetch_related("evidence")
        .order_by("-period", "-reported_at")
    )


def sector_overview(user, vigencia: int, on: date | None = None) -> list[dict]:
    """Every visible entity with its plan's roll-up, side by side (two queries whatever the sizes)."""
    entities = list(Entity.objects.visible_to(user).order_by("path"))
    plans = {p.entity_id: p for p in ActionPlan.objects.for_user(user).filter(vigencia=vigencia)}
    rows = Activity.objects.for_user(user).filter(goal__plan__vigencia=vigencia).values(*ROW_FIELDS)
    by_entity: dict = {}
    for row in rows:
        by_entity.setdefault(row["goal__plan__entity_id"], []).append(row)
    when = on or today()
    result = []
    for entity in entities:
        plan = plans.get(entity.pk)
        summary = rollup(by_entity.get(entity.pk, []), when)
        result.append({"entity": entity, "plan": plan, "rollup": summary if plan else None})
    return result


def report_counts(user, plan) -> dict:
    return (
        ProgressReport.objects.for_user(user)
        .filter(activity__goal__plan=plan)
        .aggregate(
            submitted=Count("id", filter=Q(status=ProgressReport.Status.SUBMITTED)),
            approved=Count("id", filter=Q(status=ProgressReport.Status.APPROVED)),
            returned=Count("id", filter=Q(status=ProgressReport.Status.RETURNED)),
        )
    )


# --- indicators
def indicators_for(user, entity=None, vigencia=None):
    queryset = Indicator.objects.for_user(user).select_related("entity", "policy", "responsible_dependencia")
    if entity is not None:
        queryset = queryset.filter(entity=entity)
    if vigencia is not None:
        queryset = queryset.filter(vigencia=vigencia)
    return queryset


def indicator_measurements_for(user):
    return IndicatorMeasurement.objects.for_user(user)


def indicator_series(user, indicator) -> list[dict]:
    """One row per period with target and measurement (for the chart and its table)."""
    targets = {t.period: t.value for t in IndicatorTarget.objects.for_user(user).filter(indicator=indicator)}
    measurements = {
        m.period: m
        for m in IndicatorMeasurement.objects.for_user(user)
        .filter(indicator=indicator)
        .prefetch_related(Prefetch("evidence"))
    }
    periods = sorted(set(targets) | set(measurements))
    series = []
    for period in periods:
        measurement = measurements.get(period)
        target = targets.get(period)
        value = measurement.value if measurement else None
        met = None
        if value is not None and target is not None:
            met = value >= target if indicator.direction == Indicator.Direction.HIGHER else value <= target
        series.append(
            {
                "period": period,
                "label": period_label(period, indicator.frequency),
                "target": target,
                "measurement": measurement,
                "value": value,
                "met": met,
            }
        )
    return series
