"""The Control interno demo: idempotent, with what the issue asks, and the entity gate holds on it."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

from mipg.control.models import (
    AuditFinding,
    AuditPlan,
    CIEvaluation,
    ControlAssessment,
    MonitoringPeriod,
    Process,
    Risk,
    RiskEvent,
    RiskPolicy,
)
from mipg.institutional.models import Committee
from mipg.measurement.results.models import Finding
from mipg.organizations.models import Entity


def test_demo_builds_the_risk_maps_once(db, api, client):
    call_command("demo")
    counts = (Risk.objects.count(), ControlAssessment.objects.count(), Finding.objects.count())
    call_command("demo")
    assert (Risk.objects.count(), ControlAssessment.objects.count(), Finding.objects.count()) == counts
    ugg = Entity.objects.get(acronym="MDN-UGG")
    homic = Entity.objects.get(acronym="HOMIC")
    for entity in (ugg, homic):
        assert Committee.objects.filter(entity=entity, kind=Committee.Kind.INTERNAL_CONTROL).count() == 1
        policy = RiskPolicy.objects.get(entity=entity)
        assert (
            policy.status == "aprobada"
            and policy.approval_decision.session.committee.kind == "control_interno"
        )
    ugg_risks = Risk.objects.filter(entity=ugg)
    assert ugg_risks.count() >= 12
    assert Process.objects.filter(entity=ugg, risks__isnull=False).distinct().count() >= 5
    assert ugg_risks.filter(risk_class="corrupcion").exists()
    assert ugg_risks.filter(risk_class="seguridad_informacion").exists()
    assert MonitoringPeriod.objects.filter(entity=ugg).count() == 2
    assert RiskEvent.objects.filter(risk__entity=ugg).exists()
    assert ControlAssessment.objects.filter(operating=False, finding__origin="seguimiento_riesgos").exists()
    assert 0 < Risk.objects.filter(entity=homic).count() < ugg_risks.count()
    audit_plan = AuditPlan.objects.get(entity=ugg)
    assert audit_plan.status == "aprobado" and audit_plan.audits.count() == 2
    assert AuditFinding.objects.filter(audit__plan=audit_plan).count() >= 1
    evaluation = CIEvaluation.objects.get(entity=ugg)
    assert evaluation.is_signed and len(evaluation.report_sha256) == 64

    users = {u.username: u for u in get_user_model().objects.all()}
    hmc_risks = api(users["hmc"]).get("/api/v1/risks/").json()
    assert hmc_risks["count"] == Risk.objects.filter(entity=homic).count()
    assert all(r["entity"] == homic.pk for r in hmc_risks["results"])
    some_ugg = ugg_risks.first()
    assert api(users["hmc"]).get(f"/api/v1/risks/{some_ugg.pk}/").status_code == 404
    client.force_login(users["hmc"])
    assert client.get(f"/control-interno/riesgos/{some_ugg.pk}/").status_code == 404
    client.force_login(users["control"])
    assert client.get("/control-interno/mapa-de-calor/").status_code == 200
    assert client.get("/").status_code == 200
