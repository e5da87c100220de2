"""Pending work on evidence for one user (see mipg.inbox.items): control interno verifies the evidence of
the entities it was granted, one item per piece of evidence still waiting."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mipg.inbox.items import PendingItem, entity_label, has_any_role, where_role
from mipg.organizations.roles import Role

from .models import Evidence


def pending_items(user) -> list[PendingItem]:
    if not has_any_role(user, {Role.INTERNAL_CONTROL}):
        return []
    evidence = (
        Evidence.objects.for_user(user)
        .filter(where_role(user, {Role.INTERNAL_CONTROL}, "entity"), status=Evidence.Status.PENDING)
        .select_related("entity")
        .only("pk", "title", "uploaded_at", "entity__name", "entity__acronym")
        .order_by("uploaded_at", "pk")
    )
    return [
        PendingItem(
            kind="evidence_to_verify",
            title=_("Verificar la evidencia «%(title)s»") % {"title": item.title},
            url=reverse("evidence_detail", args=[item.pk]),
            key=f"evidence:{item.pk}",
            due=None,
            entity=entity_label(item.entity),
        )
        for item in evidence
    ]
