"""Who reads a sector's dashboard. Official scores are public, but a sector page gathers a sector's
entities: it shows those the user holds a role over (the sector planning office, granted over the sector
head with its subtree, sees them all), and the whole sector to whoever presides the sector's Comité
Sectorial de Gestión y Desempeño today (the head of the sector, usually the Minister): the
presidency of that committee grants sector read scope on these pages. It opens no entity's own data
(plans, recommendations, evidence): links to entity dashboards stay limited to the entities the user
holds a role over."""

from django.db.models import Q
from django.utils import timezone

from mipg.organizations.models import Entity, Sector


def presided_sector_ids(user) -> set[int]:
    """Sectors whose Comité Sectorial the user presides today (one query)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    from mipg.institutional.models import Committee, Seat, SeatHolding

    today = timezone.localdate()
    return set(
        SeatHolding.objects.filter(
            person__user=user,
            seat__role=Seat.Role.PRESIDENCY,
            seat__committee__kind=Committee.Kind.SECTORIAL,
            seat__committee__is_active=True,
            seat__committee__entity__sector__isnull=False,
            start__lte=today,
        )
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("seat__committee__entity__sector_id", flat=True)
    )


def sectors_for(user):
    """Sectors with a dashboard the user may open."""
    visible = Entity.objects.visible_to(user)
    return Sector.objects.filter(Q(pk__in=visible.values("sector")) | Q(pk__in=presided_sector_ids(user)))


def sector_scope(user, sector) -> dict:
    """What the user's sector page covers: `entities` (the sector's entities shown, in tree order),
    `linked_ids` (those whose entity dashboard the user may open) and `note`: None when the page shows the
    whole sector, "one" when the user's scope is a single entity of it, "part" for several but not all.
    Three queries."""
    queryset = Entity.objects.filter(sector=sector).order_by("path")
    if sector.pk in presided_sector_ids(user):
        entities = list(queryset)
        visible = Entity.objects.visible_to(user).filter(pk__in=[e.pk for e in entities])
        return {"entities": entities, "linked_ids": set(visible.values_list("pk", flat=True)), "note": None}
    entities = list(queryset.filter(pk__in=Entity.objects.visible_to(user).values("pk")))
    note = None
    if entities and len(entities) < queryset.count():
        note = "one" if len(entities) == 1 else "part"
    return {"entities": entities, "linked_ids": {e.pk for e in entities}, "note": note}
