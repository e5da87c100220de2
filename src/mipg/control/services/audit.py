"""Internal audit: the Plan Anual de Auditoría approved by the control-interno committee, audits with their
checklist, and findings that open improvement plans (origin «auditoría interna»)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.institutional.models import Decision
from mipg.measurement.results.models import Finding
from mipg.measurement.results.services import finding_open

from ..models import Audit, AuditCheckItem, AuditFinding, AuditPlan
from .common import require_committee_approval, require_internal_control, require_same_entity

AUDIT_FIELDS = (
    "process",
    "title",
    "objective",
    "scope",
    "start_date",
    "end_date",
    "status",
    "report_summary",
)


@service
def audit_plan_create(*, user, entity, vigencia: int, objective: str = "") -> AuditPlan:
    """The Jefe de Control Interno presents the plan (control interno only)."""
    require_internal_control(user, entity)
    if AuditPlan.objects.filter(entity=entity, vigencia=vigencia).exists():
        raise ValidationError(
            {"vigencia": _("Ya existe el Plan Anual de Auditoría de %(v)s.") % {"v": vigencia}}
        )
    plan = AuditPlan(entity=entity, vigencia=vigencia, objective=objective.strip(), created_by=user)
    plan.full_clean()
    plan.save()
    record_event(user=user, obj=plan, verb="plan anual de auditoría creado")
    return plan


@service
def audit_plan_approve(*, user, plan: AuditPlan, decision: Decision) -> AuditPlan:
    require_internal_control(user, plan.entity)
    require_committee_approval(decision, plan.entity)
    if not plan.audits.exists():
        raise ValidationError(_("El plan no tiene auditorías: prográmelas antes de llevarlo al comité."))
    plan.approval_decision = decision
    plan.status = AuditPlan.Status.APPROVED
    plan.approved_at = timezone.now()
    plan.full_clean()
    plan.save()
    record_event(
        user=user, obj=plan, verb="plan anual de auditoría aprobado", description=str(decision.session)
    )
    return plan


@service
def audit_save(*, user, plan: AuditPlan, audit: Audit | None = None, auditors=None, **fields) -> Audit:
    require_internal_control(user, plan.entity)
    unknown = set(fields) - set(AUDIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown audit fields: {unknown}")
    require_same_entity(plan.entity, fields.get("process"), field="process")
    auditors = list(auditors) if auditors is not None else None
    if auditors:
        require_same_entity(plan.entity, *auditors, field="auditors")
    audit = audit or Audit(plan=plan)
    for name, value in fields.items():
        setattr(audit, name, value.strip() if isinstance(value, str) else value)
    if audit.start_date and audit.end_date and audit.end_date < audit.start_date:
        raise ValidationError({"end_date": _("La fecha de fin no puede ser anterior a la de inicio.")})
    if audit.start_date and audit.start_date.year != plan.vigencia:
        raise ValidationError({"start_date": _("La auditoría debe iniciar en la vigencia del plan.")})
    if audit.status == Audit.Status.DONE:
        if not audit.report_summary:
            raise ValidationError({"report_summary": _("Escriba las conclusiones del informe de auditoría.")})
        audit.executed_on = audit.executed_on or timezone.localdate()
    else:
        audit.executed_on = None
    audit.full_clean()
    audit.save()
    if auditors is not None:
        audit.auditors.set(auditors)
    return audit


@service
def checklist_item_add(*, user, audit: Audit, criterion: str) -> AuditCheckItem:
    require_internal_control(user, audit.plan.entity)
    if not criterion.strip():
        raise ValidationError({"criterion": _("Escriba el criterio o requisito a verificar.")})
    item = AuditCheckItem(audit=audit, criterion=criterion.strip(), order=audit.checklist.count() + 1)
    item.full_clean()
    item.save()
    return item


@service
def checklist_item_rate(*, user, item: AuditCheckItem, result: str, note: str = "") -> AuditCheckItem:
    require_internal_control(user, item.audit.plan.entity)
    if result not in AuditCheckItem.Result.values:
        raise ValidationError({"result": _("Resultado no válido.")})
    if result == AuditCheckItem.Result.FAILS and not note.strip():
        raise ValidationError({"note": _("Explique por qué no cumple.")})
    item.result = result
    item.note = note.strip()
    item.full_clean()
    item.save()
    return item


@service
def audit_finding_record(
    *, user, audit: Audit, kind: str, description: str, criterion: str = "", cause: str = ""
) -> AuditFinding:
    """Record a finding of the audit; it opens a finding in the entity's control-interno improvement plan."""
    entity = audit.plan.entity
    require_internal_control(user, entity)
    if kind not in AuditFinding.Kind.values:
        raise ValidationError({"kind": _("Elija no conformidad, observación u oportunidad de mejora.")})
    if not description.strip():
        raise ValidationError({"description": _("Describa el hallazgo.")})
    finding = AuditFinding(
        audit=audit,
        kind=kind,
        description=description.strip(),
        criterion=criterion.strip(),
        cause=cause.strip(),
        recorded_by=user,
    )
    finding.full_clean()
    finding.improvement_finding = finding_open(
        user=user,
        entity=entity,
        vigencia=audit.plan.vigencia,
        origin=Finding.Origin.INTERNAL_AUDIT,
        description=f"[{finding.get_kind_display()} · {audit.title}] {finding.description}",
        cause=cause,
    )
    finding.save()
    record_event(
        user=user, obj=audit, verb="hallazgo de auditoría registrado", description=finding.description[:200]
    )
    return finding


def compliance(plan: AuditPlan, audits=None) -> Decimal | None:
    """Share of the plan's (non-cancelled) audits that are executed, 0-100 with one decimal."""
    audits = list(audits) if audits is not None else list(plan.audits.all())
    counted = [a for a in audits if a.status != Audit.Status.CANCELLED]
    if not counted:
        return None
    done = sum(1 for a in counted if a.status == Audit.Status.DONE)
    return (Decimal(done * 100) / Decimal(len(counted))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def overdue(audit: Audit, today: date) -> bool:
    return audit.status in (Audit.Status.PLANNED, Audit.Status.IN_PROGRESS) and audit.end_date < today
