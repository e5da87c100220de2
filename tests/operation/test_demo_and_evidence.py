import pytest
from django.core.exceptions import PermissionDenied

from mipg.core.models import Evidence
from mipg.core.services import evidence_verify
from mipg.operation import services
from mipg.operation.models import Activity

from .conftest import pdf_upload


def test_control_interno_verifies_report_evidence_but_cannot_report(plan, ops, world, login):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=10, narrative="x", files=[pdf_upload()]
    )
    evidence = report.evidence.get()
    body = login(world.control).get(f"/operacion/actividades/{activity.pk}/").content.decode()
    assert f"/evidencias/{evidence.pk}/" in body
    assert "Reportar avance" not in body and "Registrar revisión" not in body
    evidence_verify(user=world.control, evidence=evidence, verified=False, note="Ilegible")
    assert Evidence.objects.get(pk=evidence.pk).status == Evidence.Status.REJECTED
    with pytest.raises(PermissionDenied):
        evidence_verify(user=ops.leader, evidence=evidence, verified=True)


def test_demo_is_idempotent(db, catalog):
    from mipg.operation import demo
    from mipg.operation.models import ActionPlan, Indicator, Instrument, PolicyLeadership, ProgressReport
    from mipg.organizations import demo as organizations_demo

    organizations_demo.load()
    demo.load()
    counts = [
        m.objects.count()
        for m in (ActionPlan, Activity, ProgressReport, PolicyLeadership, Instrument, Indicator)
    ]
    demo.load()
    assert [
        m.objects.count()
        for m in (ActionPlan, Activity, ProgressReport, PolicyLeadership, Instrument, Indicator)
    ] == counts
    assert counts[0] == 2 and counts[1] >= 30 and counts[3] == 19 and counts[4] >= 12
    ugg_plan = ActionPlan.objects.get(entity__acronym="MDN-UGG")
    dimensions = set(
        Activity.objects.filter(goal__plan=ugg_plan).values_list("policy__dimension__code", flat=True)
    )
    assert len(dimensions) == 7
