"""Pending work on improvement plans for one user (see mipg.inbox.items): improvement actions of the
user's dependencia still to be carried out (due on their end date), and actions carried out that control
interno must verify."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from mipg.inbox.items import PendingItem, entity_label, has_any_role, where_role
from mipg.organizations.models import Person
from mipg.organizations.roles import Role

from .models import ImprovementAction

OPEN = [
    ImprovementAction.Status.PLANNED,
    ImprovementAction.Status.IN_PROGRESS,
    ImprovementAction.Status.NOT_EFFECTIVE,
]


def pending_items(user) -> list[PendingItem]:
    conditions = Q(pk__in=[])
    dependencia_id = Person.objects.filter(user=user).values_list("dependencia_id", flat=True).first()
    if dependencia_id:
        conditions |= Q(dependencia_id=dependencia_id, status__in=OPEN)
    verifier = has_any_role(user, {Role.INTERNAL_CONTROL})
    if verifier:
        conditions |= where_role(user, {Role.INTERNAL_CONTROL}, "finding__plan__entity") & Q(
            status=ImprovementAction.Status.COMPLETED
        )
    if not dependencia_id and not verifier:
        return []
    actions = (
        ImprovementAction.objects.for_user(user)
        .filter(conditions)
        .select_related("finding__plan__entity")
        .order_by("due_date", "pk")
    )
    items = []
    for action in actions:
        to_verify = action.status == ImprovementAction.Status.COMPLETED
        items.append(
            PendingItem(
                kind="improvement_action_to_verify" if to_verify else "improvement_action_due",
                title=(
                    _("Verificar la acción de mejora: %(a)s")
                    if to_verify
                    else _("Ejecutar la acción de mejora: %(a)s")
                )
                % {"a": str(action)[:100]},
                url=reverse("results:action_detail", args=[action.pk]),
                key=f"improvement_action:{action.pk}",
                due=None if to_verify else action.due_date,
                entity=entity_label(action.finding.plan.entity),
            )
        )
    return items
