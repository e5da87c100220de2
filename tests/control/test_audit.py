"""Internal audit: plan approved by the control-interno committee, audits with checklist, findings that open
improvement plans, compliance %, permissions both ways and 404 across entities (pages and API)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mipg.control import services
from mipg.control.models import Audit, AuditPlan
from mipg.control.services.audit import compliance
from mipg.core.models import DomainEvent
from mipg.institutional.models import Committee
from mipg.measurement.results.models import Finding

from .conftest import control_committee_decision


@pytest.fixture
def plan(ctl):
    plan = services.audit_plan_create(user=ctl.world.control, entity=ctl.world.head, vigencia=2026)
    return plan


def new_audit(ctl, plan, **extra):
    fields = dict(
        process=ctl.process,
        title="Auditoría financiera",
        objective="Verificar pagos",
        scope="Enero a marzo",
        start_date=date(2026, 2, 1),
        end_date=date(2026, 3, 1),
        status="programada",
    )
    fields.update(extra)
    return services.audit_save(user=ctl.world.control, plan=plan, **fields)


def test_only_control_interno_writes_the_audit_plan(ctl):
    for user in (ctl.world.head_planner, ctl.leader, ctl.world.admin):
        with pytest.raises(PermissionDenied):
            services.audit_plan_create(user=user, entity=ctl.world.head, vigencia=2026)
    assert not AuditPlan.objects.exists()


def test_plan_approval_by_the_committee_and_compliance(ctl, plan):
    decision = control_committee_decision(ctl.world.head)
    with pytest.raises(ValidationError, match="no tiene auditorías"):
        services.audit_plan_approve(user=ctl.world.control, plan=plan, decision=decision)
    first = new_audit(ctl, plan)
    new_audit(ctl, plan, title="Auditoría TI")
    new_audit(ctl, plan, title="Cancelada", status="cancelada")
    wrong = control_committee_decision(ctl.world.head, kind=Committee.Kind.INSTITUTIONAL)
    with pytest.raises(ValidationError, match="Coordinación de Control Interno"):
        services.audit_plan_approve(user=ctl.world.control, plan=plan, decision=wrong)
    services.audit_plan_approve(user=ctl.world.control, plan=plan, decision=decision)
    plan.refresh_from_db()
    assert plan.status == "aprobado"
    assert compliance(plan) == Decimal("0.0")
    with pytest.raises(ValidationError, match="conclusiones"):
        new_audit(ctl, plan, audit=first, status="ejecutada")
    new_audit(ctl, plan, audit=first, status="ejecutada", report_summary="Cumple parcialmente")
    assert compliance(plan) == Decimal("50.0")  # 1 of 2 (the cancelled one does not count)


def test_checklist_and_findings_open_improvement_plans(ctl, plan):
    audit = new_audit(ctl, plan)
    item = services.checklist_item_add(user=ctl.world.control, audit=audit, criterion="Pagos con soporte")
    with pytest.raises(ValidationError, match="no cumple"):
        services.checklist_item_rate(user=ctl.world.control, item=item, result="no_cumple")
    services.checklist_item_rate(user=ctl.world.control, item=item, result="no_cumple", note="3 sin soporte")
    with pytest.raises(PermissionDenied):
        services.audit_finding_record(
            user=ctl.world.head_planner, audit=audit, kind="observacion", description="x"
        )
    for kind in ("no_conformidad", "observacion", "oportunidad_mejora"):
        finding = services.audit_finding_record(
            user=ctl.world.control, audit=audit, kind=kind, description=f"Hallazgo {kind}"
        )
        assert finding.improvement_finding.origin == Finding.Origin.INTERNAL_AUDIT
    assert Finding.objects.filter(plan__entity=ctl.world.head).count() == 3


def test_audit_dates_and_process_of_other_entity_refused(ctl, plan):
    with pytest.raises(ValidationError, match="fecha de fin"):
        new_audit(ctl, plan, end_date=date(2026, 1, 1))
    with pytest.raises(ValidationError):
        new_audit(ctl, plan, process=ctl.child_process)
    assert not Audit.objects.exists()


def test_audit_pages_and_api_across_entities(ctl, plan, login, api):
    audit = new_audit(ctl, plan)
    client = login(ctl.world.control)
    assert client.get(reverse("control:audit_plan") + "?vigencia=2026").status_code == 200
    response = client.post(
        reverse("control:audit_detail", args=[audit.pk]),
        {"action": "finding", "kind": "no_conformidad", "description": "Pagos sin soporte"},
    )
    assert response.status_code == 302 and audit.findings.count() == 1
    reader = login(ctl.world.head_planner)
    assert reader.get(reverse("control:audit_detail", args=[audit.pk])).status_code == 200
    assert (
        reader.post(
            reverse("control:audit_detail", args=[audit.pk]), {"action": "item", "criterion": "x"}
        ).status_code
        == 403
    )
    assert (
        login(ctl.world.child_planner).get(reverse("control:audit_detail", args=[audit.pk])).status_code
        == 404
    )
    child = api(ctl.world.child_planner)
    assert child.get(f"/api/v1/audits/{audit.pk}/").status_code == 404
    assert child.get("/api/v1/audits/").json()["count"] == 0
    assert child.get("/api/v1/audit-findings/").json()["count"] == 0
    payload = {"audit": audit.pk, "kind": "observacion", "description": "Intrusa"}
    assert child.post("/api/v1/audit-findings/", payload, format="json").status_code == 404
    own = api(ctl.world.control)
    response = own.post("/api/v1/audit-findings/", payload | {"description": "Por la API"}, format="json")
    assert response.status_code == 201 and response.json()["improvement_finding"]
    assert (
        api(ctl.world.head_planner).post("/api/v1/audit-findings/", payload, format="json").status_code == 403
    )
    response = own.patch(
        f"/api/v1/audits/{audit.pk}/", {"status": "ejecutada", "report_summary": "Listo"}, format="json"
    )
    assert response.status_code == 200 and response.json()["executed_on"]


def test_audit_finding_appears_in_the_entity_improvement_plan(ctl, plan, login):
    """Opened through results' `finding_open`: the control-interno plan of the vigencia shows it with its
    origin, the audit's finding row points to it, and the same «hallazgo registrado» event is recorded."""
    audit = new_audit(ctl, plan)
    login(ctl.world.control).post(
        reverse("control:audit_detail", args=[audit.pk]),
        {
            "action": "finding",
            "kind": "no_conformidad",
            "description": "Pagos sin soporte",
            "cause": "Sin control",
        },
    )
    row = audit.findings.get()
    improvement = row.improvement_finding
    assert improvement.origin == Finding.Origin.INTERNAL_AUDIT
    assert improvement.cause == "Sin control"
    assert improvement.plan.entity == ctl.world.head and improvement.plan.vigencia == 2026
    assert DomainEvent.objects.filter(verb="hallazgo registrado", object_id=str(improvement.pk)).exists()
    page = login(ctl.world.head_planner).get(reverse("results:plan_detail", args=[improvement.plan.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Auditoría interna (control interno)" in text
    assert "[No conformidad · Auditoría financiera] Pagos sin soporte" in text
    assert (
        login(ctl.world.child_planner)
        .get(reverse("results:plan_detail", args=[improvement.plan.pk]))
        .status_code
        == 404
    )
