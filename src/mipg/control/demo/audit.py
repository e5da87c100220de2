"""Demo: the Plan Anual de Auditoría with an executed audit, its checklist and findings."""

from datetime import date

from django.utils import timezone

from .. import services
from ..models import AuditPlan, Process


def ensure_audit_plan(control_user, ugg, vigencia, decision, people) -> None:
    """Plan Anual de Auditoría approved by the committee: two audits, one executed with its checklist and
    findings (which open the improvement plan), one programmed."""
    if AuditPlan.objects.filter(entity=ugg, vigencia=vigencia).exists():
        return
    plan = services.audit_plan_create(
        user=control_user,
        entity=ugg,
        vigencia=vigencia,
        objective="Evaluar de forma independiente los procesos de mayor riesgo (demo).",
    )
    processes = {p.code: p for p in Process.objects.filter(entity=ugg)}
    today = timezone.localdate()
    first = services.audit_save(
        user=control_user,
        plan=plan,
        process=processes["GC"],
        title="Auditoría a la gestión contractual",
        objective="Verificar el cumplimiento del manual de contratación y los controles anticorrupción.",
        scope="Contratos suscritos entre enero y marzo.",
        start_date=date(vigencia, 2, 1),
        end_date=date(vigencia, 3, 15),
        status="programada",
        auditors=[people["control"]],
    )
    for criterion in (
        "Los estudios previos tienen análisis del sector y de precios.",
        "Los pliegos se publicaron en SECOP II dentro de los términos.",
        "El comité evaluador es plural y sin conflictos de interés declarados.",
    ):
        services.checklist_item_add(user=control_user, audit=first, criterion=criterion)
    items = list(first.checklist.all())
    services.checklist_item_rate(
        user=control_user, item=items[0], result="no_cumple", note="2 de 10 sin análisis de precios."
    )
    services.checklist_item_rate(user=control_user, item=items[1], result="cumple")
    services.checklist_item_rate(user=control_user, item=items[2], result="cumple")
    services.audit_finding_record(
        user=control_user,
        audit=first,
        kind="no_conformidad",
        description="Dos estudios previos no incluyen el análisis de precios del mercado (demo).",
        criterion="Decreto 1082 de 2015, art. 2.2.1.1.1.6.1",
        cause="Lista de chequeo de estudios previos desactualizada.",
    )
    services.audit_finding_record(
        user=control_user,
        audit=first,
        kind="oportunidad_mejora",
        description="Automatizar la verificación de publicación en SECOP II (demo).",
    )
    services.audit_save(
        user=control_user,
        plan=plan,
        audit=first,
        process=processes["GC"],
        title=first.title,
        objective=first.objective,
        scope=first.scope,
        start_date=first.start_date,
        end_date=first.end_date,
        status="ejecutada",
        report_summary="Se evidenció cumplimiento parcial; se formuló una no conformidad (demo).",
    )
    services.audit_save(
        user=control_user,
        plan=plan,
        process=processes["GT"],
        title="Auditoría a la seguridad de la información",
        objective="Evaluar los controles de acceso a los sistemas de información.",
        scope="Usuarios privilegiados y copias de respaldo.",
        start_date=date(vigencia, 9, 1) if today < date(vigencia, 9, 1) else date(vigencia, 10, 1),
        end_date=date(vigencia, 11, 30),
        status="programada",
        auditors=[people["control"]],
    )
    if decision is not None:
        services.audit_plan_approve(user=control_user, plan=plan, decision=decision)
