"""Pending work in Institucionalidad for one user (see mipg.inbox.items): actas the user must approve as
the committee's president on the session date, and open commitments the user is responsible for."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mipg.inbox.items import PendingItem, entity_label

from .models import Acta, Commitment, Seat, SeatHolding


def pending_items(user) -> list[PendingItem]:
    return actas_to_approve(user) + commitments_due(user)


def actas_to_approve(user) -> list[PendingItem]:
    # Two queries: the presidencies the user's person has held, then the draft actas of those committees.
    holdings = list(
        SeatHolding.objects.filter(seat__role=Seat.Role.PRESIDENCY, person__user=user).values_list(
            "seat__committee_id", "start", "end"
        )
    )
    if not holdings:
        return []
    actas = (
        Acta.objects.for_user(user)
        .filter(status=Acta.Status.DRAFT, committee_id__in={h[0] for h in holdings})
        .select_related("session", "committee__entity")
        .order_by("session__starts_at", "pk")
    )
    items = []
    for acta in actas:
        day = acta.session.day
        presided = any(
            committee == acta.committee_id and start <= day and (end is None or end >= day)
            for committee, start, end in holdings
        )
        if not presided:
            continue
        items.append(
            PendingItem(
                kind="acta_to_approve",
                title=_("Aprobar el %(acta)s – %(committee)s")
                % {"acta": acta.label, "committee": acta.committee.name},
                url=reverse("institutional:session_detail", args=[acta.session_id]) + "#acta-h",
                key=f"acta:{acta.pk}",
                due=None,
                entity=entity_label(acta.committee.entity),
            )
        )
    return items


def commitments_due(user) -> list[PendingItem]:
    commitments = (
        Commitment.objects.for_user(user)
        .filter(status=Commitment.Status.OPEN, responsible__user=user)
        .select_related("session__committee__entity")
        .order_by("due_date", "pk")
    )
    return [
        PendingItem(
            kind="commitment_due",
            title=_("Cumplir el compromiso: %(text)s") % {"text": str(commitment)},
            url=reverse("institutional:commitment_detail", args=[commitment.pk]),
            key=f"commitment:{commitment.pk}",
            due=commitment.due_date,
            entity=entity_label(commitment.session.committee.entity),
            detail=commitment.session.committee.name,
        )
        for commitment in commitments
    ]
