"""Risk management policy (per entity and vigencia) and the process map."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.institutional.models import Decision

from .. import scoring
from ..libraries import guia_v6, policy_tables
from ..models import Process, RiskPolicy
from .common import require_committee_approval, require_manager, require_same_entity

PROCESS_FIELDS = ("code", "name", "kind", "objective", "leader_dependencia", "leader", "is_active")


@service
def policy_create(*, user, entity, vigencia: int, objective: str = "") -> RiskPolicy:
    """A new policy starts from the previous vigencia's adapted tables, or from the Guía v6 defaults."""
    require_manager(user, entity)
    if RiskPolicy.objects.filter(entity=entity, vigencia=vigencia).exists():
        raise ValidationError({"vigencia": _("Ya existe la política de riesgos de %(v)s.") % {"v": vigencia}})
    previous = RiskPolicy.objects.filter(entity=entity, vigencia__lt=vigencia).order_by("-vigencia").first()
    library = guia_v6()
    policy = RiskPolicy(
        entity=entity,
        vigencia=vigencia,
        library_code=previous.library_code if previous else library["code"],
        tables=previous.tables if previous else policy_tables(library),
        appetite_zone=previous.appetite_zone if previous else library["appetite"]["max_zone"],
        appetite_statement=previous.appetite_statement if previous else library["appetite"]["statement"],
        objective=objective.strip() or (previous.objective if previous else ""),
        created_by=user,
    )
    scoring.validate_tables(policy.tables)
    policy.full_clean()
    policy.save()
    record_event(user=user, obj=policy, verb="política de riesgos creada")
    return policy


@service
def policy_update(
    *,
    user,
    policy: RiskPolicy,
    tables: dict,
    appetite_zone: str,
    appetite_statement: str = "",
    objective: str = "",
) -> RiskPolicy:
    """The entity adapts its copy of the tables. Every risk of the policy is recomputed with them; a change
    that leaves a risk on a level that no longer exists is refused."""
    require_manager(user, policy.entity)
    scoring.validate_tables(tables)
    if appetite_zone not in [z["code"] for z in tables["zones"]]:
        raise ValidationError(
            {"appetite_zone": _("El apetito de riesgo debe ser una de las zonas del mapa.")}
        )
    stored = RiskPolicy.objects.filter(pk=policy.pk).values_list("tables", flat=True).first()
    changed = tables != stored
    policy.tables = tables
    policy.appetite_zone = appetite_zone
    policy.appetite_statement = appetite_statement.strip()
    policy.objective = objective.strip()
    policy.full_clean()
    policy.save()
    if changed:
        from .risks import recompute

        for risk in policy.risks.select_related("policy"):
            recompute(risk)
        record_event(user=user, obj=policy, verb="tablas de la política de riesgos adaptadas")
    return policy


@service
def policy_approve(*, user, policy: RiskPolicy, decision: Decision) -> RiskPolicy:
    """Approval is a decision of the entity's Comité Institucional de Coordinación de Control Interno."""
    require_manager(user, policy.entity)
    require_committee_approval(decision, policy.entity)
    policy.approval_decision = decision
    policy.status = RiskPolicy.Status.APPROVED
    policy.approved_at = timezone.now()
    policy.full_clean()
    policy.save()
    record_event(
        user=user,
        obj=policy,
        verb="política de riesgos aprobada",
        description=str(decision.session),
        data={"decision": decision.pk, "session": decision.session_id},
    )
    return policy


@service
def process_save(*, user, entity, process: Process | None = None, **fields) -> Process:
    require_manager(user, entity)
    unknown = set(fields) - set(PROCESS_FIELDS)
    if unknown:
        raise TypeError(f"unknown process fields: {unknown}")
    require_same_entity(entity, fields.get("leader_dependencia"), field="leader_dependencia")
    require_same_entity(entity, fields.get("leader"), field="leader")
    process = process or Process(entity=entity)
    for name, value in fields.items():
        setattr(process, name, value.strip() if isinstance(value, str) else value)
    process.full_clean()
    process.save()
    return process
