"""Pending work in Operación for one user (see mipg.inbox.items): progress to report on the activities the
user is responsible for, reports waiting for planning's review, and the Decreto 612 plans not yet
published by their deadline (for planning)."""

from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mipg.inbox.items import PendingItem, entity_label, go_url, has_any_role, where_role
from mipg.organizations.models import Entity
from mipg.organizations.roles import Role

from .libraries import decree_612, decree_612_plans
from .models import ActionPlan, Activity, Instrument, ProgressReport
from .selectors import today


def pending_items(user) -> list[PendingItem]:
    items = progress_to_submit(user)
    if has_any_role(user, Role.managers()):
        items += progress_to_approve(user) + decree_612_deadlines(user)
    return items


def progress_to_submit(user) -> list[PendingItem]:
    """Started activities of plans in execution, owned by the user, not finished and with no report
    waiting for review. Due: the activity's end date."""
    waiting = ProgressReport.objects.filter(activity=OuterRef("pk"), status=ProgressReport.Status.SUBMITTED)
    activities = (
        Activity.objects.for_user(user)
        .filter(
            responsible_person__user=user,
            goal__plan__status=ActionPlan.Status.IN_EXECUTION,
            start_date__lte=today(),
            progress__lt=100,
        )
        .exclude(Exists(waiting))
        .select_related("goal__plan__entity")
        .order_by("end_date", "pk")
    )
    return [
        PendingItem(
            kind="progress_to_submit",
            title=_("Reportar el avance de %(activity)s") % {"activity": str(activity)},
            url=reverse("operation:activity_detail", args=[activity.pk]),
            key=f"activity:{activity.pk}",
            due=activity.end_date,
            entity=entity_label(activity.goal.plan.entity),
            detail=activity.goal.plan.name,
        )
        for activity in activities
    ]


def progress_to_approve(user) -> list[PendingItem]:
    reports = (
        ProgressReport.objects.for_user(user)
        .filter(
            where_role(user, Role.managers(), "activity__goal__plan__entity"),
            status=ProgressReport.Status.SUBMITTED,
        )
        .select_related("activity__goal__plan__entity")
        .order_by("reported_at", "pk")
    )
    return [
        PendingItem(
            kind="progress_to_approve",
            title=_("Revisar el avance %(period)s de %(activity)s")
            % {"period": report.period, "activity": str(report.activity)},
            url=reverse("operation:activity_detail", args=[report.activity_id]),
            key=f"progress_report:{report.pk}",
            due=None,
            entity=entity_label(report.activity.goal.plan.entity),
            detail=_("%(percent)s %% reportado") % {"percent": report.percent},
        )
        for report in reports
    ]


def decree_612_deadline(vigencia: int) -> date:
    spec = decree_612()["publication_deadline"]
    return date(vigencia, spec["month"], spec["day"])


def decree_612_deadlines(user) -> list[PendingItem]:
    """One item per entity under planning's care whose Decreto 612 plans of this vigencia are not all
    published (two queries whatever the number of entities)."""
    vigencia = today().year
    entities = list(Entity.objects.visible_to(user).filter(where_role(user, Role.managers(), "")))
    if not entities:
        return []
    published: dict[int, set[str]] = {}
    for entity_id, code in (
        Instrument.objects.for_user(user)
        .filter(entity__in=entities, vigencia=vigencia, status=Instrument.Status.PUBLISHED)
        .exclude(decree_plan="")
        .values_list("entity_id", "decree_plan")
    ):
        published.setdefault(entity_id, set()).add(code)
    codes = {plan["code"] for plan in decree_612_plans()}
    deadline = decree_612_deadline(vigencia)
    items = []
    for entity in entities:
        missing = len(codes - published.get(entity.pk, set()))
        if not missing:
            continue
        items.append(
            PendingItem(
                kind="decree_612_publication",
                title=ngettext(
                    "Publicar %(n)s plan del Decreto 612 (vigencia %(v)s)",
                    "Publicar %(n)s planes del Decreto 612 (vigencia %(v)s)",
                    missing,
                )
                % {"n": missing, "v": vigencia},
                url=go_url(entity, reverse("operation:instrument_list")),
                key=f"decree612:{entity.pk}:{vigencia}",
                due=deadline,
                entity=entity_label(entity),
            )
        )
    return items
