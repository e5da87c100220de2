"""Pending work of the lines of defence for one user (see mipg.inbox.items), in each entity's current
monitoring period (the one covering today, else the latest one started):

- first line: controls the user owns, or whose process the user leads, with no self-assessment yet;
- second line (planning): self-assessments waiting for review;
- third line (control interno): self-assessments waiting for independent evaluation, and its SCI
  evaluations not signed yet (their campaign's unrated requirements counted in the same query).

The same rules as the monitoring queue (selectors.queue, permissions), asked in a fixed number of
queries across every entity instead of one entity at a time."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mipg.inbox.items import PendingItem, entity_label, has_any_role, where_role
from mipg.measurement.questionnaires.models import Answer
from mipg.organizations.roles import Role

from . import permissions, selectors
from .models import CIEvaluation, Control, ControlAssessment, MonitoringPeriod


def current_periods(user) -> dict[int, MonitoringPeriod]:
    """entity id -> its current monitoring period, among the entities the user sees."""
    now = selectors.today()
    periods = (
        MonitoringPeriod.objects.for_user(user)
        .filter(start__lte=now, end__gte=now - timedelta(days=366))
        .select_related("entity")
        .order_by("entity_id", "-start")
    )
    chosen: dict[int, MonitoringPeriod] = {}
    for period in periods:
        current = chosen.get(period.entity_id)
        if current is None or (period.end >= now and current.end < now):
            chosen[period.entity_id] = period
    return chosen


def pending_items(user) -> list[PendingItem]:
    periods = current_periods(user)
    items = _to_self_assess(user, periods) + _to_review_or_evaluate(user, periods) if periods else []
    return items + _evaluations_to_sign(user)


UNRATED = Answer.Status.PENDING


def _evaluations_to_sign(user) -> list[PendingItem]:
    if not has_any_role(user, {Role.INTERNAL_CONTROL}):
        return []
    evaluations = (
        CIEvaluation.objects.for_user(user)
        .filter(where_role(user, {Role.INTERNAL_CONTROL}, "entity"), status=CIEvaluation.Status.DRAFT)
        .select_related("entity")
        .annotate(unrated=Count("campaign__answers", filter=Q(campaign__answers__status=UNRATED)))
        .order_by("due_date", "pk")
    )
    return [
        PendingItem(
            kind="ci_evaluation_to_sign",
            title=ngettext(
                "Terminar y firmar la evaluación del SCI %(number)s (%(n)s requisito sin calificar)",
                "Terminar y firmar la evaluación del SCI %(number)s (%(n)s requisitos sin calificar)",
                evaluation.unrated,
            )
            % {"number": evaluation.number, "n": evaluation.unrated},
            url=reverse("control:evaluation_detail", args=[evaluation.pk]),
            key=f"ci_evaluation_to_sign:{evaluation.pk}",
            due=evaluation.due_date,
            entity=entity_label(evaluation.entity),
            extra={"count": evaluation.unrated},
        )
        for evaluation in evaluations
        if permissions.is_internal_control(user, evaluation.entity)
    ]


def _to_self_assess(user, periods) -> list[PendingItem]:
    controls = list(
        Control.objects.for_user(user)
        .filter(Q(owner__user=user) | Q(risk__process__leader__user=user), risk__entity_id__in=list(periods))
        .select_related(
            "risk__entity", "risk__policy", "risk__process__entity", "risk__process__leader", "owner"
        )
        .order_by("risk__process__code", "risk__code", "order")
    )
    # The queue's own rule decides (owner or process leader, with a writer role over the entity).
    controls = [
        c
        for c in controls
        if c.risk.policy.vigencia == periods[c.risk.entity_id].vigencia
        and permissions.can_self_assess(user, c)
    ]
    if not controls:
        return []
    done = set(
        ControlAssessment.objects.filter(
            control__in=controls,
            period__in=[periods[c.risk.entity_id] for c in controls],
            self_assessed_at__isnull=False,
        ).values_list("control_id", "period_id")
    )
    items = []
    for control in controls:
        period = periods[control.risk.entity_id]
        if (control.pk, period.pk) in done:
            continue
        items.append(
            PendingItem(
                kind="control_to_self_assess",
                title=_("Autoevaluar el control «%(control)s» (%(period)s)")
                % {"control": control.name, "period": period.name},
                url=reverse("control:self_assess", args=[control.pk]) + f"?periodo={period.pk}",
                key=f"control:{control.pk}:{period.pk}",
                due=period.end,
                entity=entity_label(control.risk.entity),
                detail=str(control.risk.process),
            )
        )
    return items


def _to_review_or_evaluate(user, periods) -> list[PendingItem]:
    reviewer = has_any_role(user, Role.managers())
    evaluator = has_any_role(user, {Role.INTERNAL_CONTROL})
    if not (reviewer or evaluator):
        return []
    condition = Q(pk__in=[])
    if reviewer:
        condition |= where_role(user, Role.managers(), "control__risk__entity") & Q(reviewed_at__isnull=True)
    if evaluator:
        condition |= where_role(user, {Role.INTERNAL_CONTROL}, "control__risk__entity") & Q(
            evaluated_at__isnull=True
        )
    assessments = (
        ControlAssessment.objects.for_user(user)
        .filter(condition, period__in=list(periods.values()), self_assessed_at__isnull=False)
        .select_related("control__risk__entity", "period")
        .order_by("period__end", "pk")
    )
    items = []
    for assessment in assessments:
        entity = assessment.control.risk.entity
        held = set()
        if reviewer and assessment.reviewed_at is None and permissions.can_review(user, entity):
            held.add("control_to_review")
        if evaluator and assessment.evaluated_at is None and permissions.is_internal_control(user, entity):
            held.add("control_to_evaluate")
        for kind in sorted(held):
            review = kind == "control_to_review"
            items.append(
                PendingItem(
                    kind=kind,
                    title=(
                        _("Revisar la autoevaluación del control «%(control)s»")
                        if review
                        else _("Evaluar la autoevaluación del control «%(control)s»")
                    )
                    % {"control": assessment.control.name},
                    url=reverse("control:assessment_detail", args=[assessment.pk]),
                    key=f"{kind}:{assessment.pk}",
                    due=assessment.period.end,
                    entity=entity_label(entity),
                )
            )
    return items
