from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service

from ..models import PolicyLeadership
from .common import require_manager, require_same_entity


@service
def leadership_save(
    *,
    user,
    entity,
    vigencia: int,
    policy,
    leading_dependencia=None,
    leader=None,
    co_responsible=(),
    norms: str = "",
) -> PolicyLeadership:
    """Set who leads `policy` in `entity` during `vigencia` (one row per policy and vigencia)."""
    require_manager(user, entity)
    require_same_entity(entity, leading_dependencia, field="leading_dependencia")
    require_same_entity(entity, leader, field="leader")
    require_same_entity(entity, *co_responsible, field="co_responsible")
    leadership = PolicyLeadership.objects.filter(entity=entity, vigencia=vigencia, policy=policy).first()
    created = leadership is None
    if created:
        leadership = PolicyLeadership(entity=entity, vigencia=vigencia, policy=policy)
    leadership.leading_dependencia = leading_dependencia
    leadership.leader = leader
    leadership.norms = norms.strip()
    leadership.full_clean()
    leadership.save()
    leadership.co_responsible.set([d for d in co_responsible if d != leading_dependencia])
    record_event(
        user=user,
        obj=leadership,
        verb=_("liderazgo asignado") if created else _("liderazgo actualizado"),
        description=f"{leading_dependencia or '—'} · {leader or '—'}",
    )
    return leadership
