"""Issue 11 item 6 (Plan de Acción): rejecting the evidence of an approved progress report reopens the
report with the reason and takes its progress out of the roll-up; a report whose evidence is rejected
cannot be approved. Both show on the activity and plan pages."""

import pytest
from django.core.exceptions import ValidationError

from mipg.core.models import DomainEvent
from mipg.core.services import evidence_create, evidence_verify
from mipg.operation import selectors, services
from mipg.operation.models import Activity, ProgressReport

pytestmark = pytest.mark.django_db


def _approved(ops, world, activity, period, percent, title):
    evidence = evidence_create(user=ops.leader, entity=world.head, title=title, url="https://x.gov.co/e")
    report = services.progress_report_submit(
        user=ops.leader,
        activity=activity,
        period=period,
        percent=percent,
        narrative=f"Avance {period}",
        existing_evidence=[evidence],
    )
    services.progress_report_review(user=world.head_planner, report=report, approve=True)
    return report, evidence


def test_rejected_evidence_reopens_the_approved_report_and_leaves_the_rollup(plan, ops, world, login):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    first, _ = _approved(ops, world, activity, "T1", 30, "Lista de asistencia")
    second, evidence = _approved(ops, world, activity, "T2", 60, "Informe del trimestre")
    activity.refresh_from_db()
    assert activity.progress == 60
    before = selectors.plan_rollup(world.head_planner, plan).total.progress

    evidence_verify(user=world.control, evidence=evidence, verified=False, note="No corresponde al periodo")

    second.refresh_from_db()
    activity.refresh_from_db()
    assert second.status == ProgressReport.Status.RETURNED and second.reopened_at is not None
    assert "«Informe del trimestre»" in second.reopened_reason
    assert "No corresponde al periodo" in second.reopened_reason
    assert activity.progress == 30  # the latest approved report still standing
    assert selectors.plan_rollup(world.head_planner, plan).total.progress < before
    first.refresh_from_db()
    assert first.status == ProgressReport.Status.APPROVED
    assert DomainEvent.objects.filter(verb="avance reabierto por evidencia rechazada").count() == 1

    client = login(world.head_planner)
    activity_page = client.get(f"/operacion/actividades/{activity.pk}/").content.decode()
    assert "Reabierto: su avance salió del consolidado." in activity_page
    assert "No corresponde al periodo" in activity_page
    plan_page = client.get(f"/operacion/planes/{plan.pk}/").content.decode()
    assert 'id="reopened-reports"' in plan_page and activity.code in plan_page

    # the period can be reported again; once it is, the plan page no longer lists it
    assert "T2" not in selectors.locked_periods(world.head_planner, activity)
    _approved(ops, world, activity, "T2", 60, "Informe corregido")
    activity.refresh_from_db()
    assert activity.progress == 60
    assert 'id="reopened-reports"' not in client.get(f"/operacion/planes/{plan.pk}/").content.decode()


def test_a_report_with_rejected_evidence_cannot_be_approved(plan, ops, world):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    evidence = evidence_create(user=ops.leader, entity=world.head, title="Foto", url="https://x.gov.co/f")
    report = services.progress_report_submit(
        user=ops.leader,
        activity=activity,
        period="T1",
        percent=20,
        narrative="x",
        existing_evidence=[evidence],
    )
    evidence_verify(user=world.control, evidence=evidence, verified=False, note="Borrosa")
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED  # only approved reports are reopened
    with pytest.raises(ValidationError, match="rechazó la evidencia «Foto»"):
        services.progress_report_review(user=world.head_planner, report=report, approve=True)
    report.refresh_from_db()
    activity.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED and activity.progress == 0
    services.progress_report_review(user=world.head_planner, report=report, approve=False, comment="Cambie")
