"""Rules of the Control interno services: policy, process map, risks, controls, treatment, the three lines
of defence and the corruption map follow-up. Every refusal changes nothing and speaks Spanish."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from mipg.control import services
from mipg.control.models import ControlAssessment, Risk, RiskPolicy
from mipg.institutional.models import Committee
from mipg.measurement.results.models import Finding, ImprovementPlan

from .conftest import add_control, control_committee_decision, make_risk, pdf_upload


def test_policy_starts_from_guia_v6_and_adapting_it_is_audited(ctl):
    policy = ctl.policy
    assert [level["percent"] for level in policy.tables["probability"]] == [20, 40, 60, 80, 100]
    assert policy.tables["control_weights"]["type"]["preventivo"] == 25
    assert policy.tables["heat_map"]["baja"] == ["bajo", "moderado", "moderado", "alto", "extremo"]
    tables = dict(policy.tables)
    tables["control_weights"] = {
        "type": {"preventivo": 30, "detectivo": 15, "correctivo": 10},
        "implementation": {"automatico": 25, "manual": 15},
    }
    services.policy_update(
        user=ctl.world.head_planner, policy=policy, tables=tables, appetite_zone="moderado"
    )
    policy.refresh_from_db()
    assert policy.tables["control_weights"]["type"]["preventivo"] == 30
    assert LogEntry.objects.get_for_object(policy).filter(action=LogEntry.Action.UPDATE).exists()


def test_adapting_policy_recomputes_its_risks(ctl):
    risk = make_risk(ctl, inherent_probability="media", inherent_impact="moderado")
    add_control(ctl, risk, "preventivo", "manual")  # 60 × 0.60 = 36
    tables = ctl.policy.tables
    tables["control_weights"]["type"]["preventivo"] = 5  # 20 % → 60 × 0.80 = 48 → media
    services.policy_update(
        user=ctl.world.head_planner, policy=ctl.policy, tables=tables, appetite_zone="bajo"
    )
    risk.refresh_from_db()
    assert risk.residual_probability == "media"


def test_policy_change_only_by_planning(ctl):
    with pytest.raises(PermissionDenied):
        services.policy_update(
            user=ctl.world.control, policy=ctl.policy, tables=ctl.policy.tables, appetite_zone="bajo"
        )


def test_policy_approval_needs_an_approved_decision_of_the_control_committee(ctl):
    planner = ctl.world.head_planner
    wrong_kind = control_committee_decision(ctl.world.head, kind=Committee.Kind.INSTITUTIONAL)
    with pytest.raises(ValidationError, match="Coordinación de Control Interno"):
        services.policy_approve(user=planner, policy=ctl.policy, decision=wrong_kind)
    rejected = control_committee_decision(ctl.world.head, approved=False)
    with pytest.raises(ValidationError, match="no fue aprobada"):
        services.policy_approve(user=planner, policy=ctl.policy, decision=rejected)
    other_entity = control_committee_decision(ctl.world.child)
    with pytest.raises(ValidationError):
        services.policy_approve(user=planner, policy=ctl.policy, decision=other_entity)
    ctl.policy.refresh_from_db()
    assert ctl.policy.status == RiskPolicy.Status.DRAFT
    good = control_committee_decision(ctl.world.head)
    services.policy_approve(user=planner, policy=ctl.policy, decision=good)
    ctl.policy.refresh_from_db()
    assert ctl.policy.status == RiskPolicy.Status.APPROVED and ctl.policy.approval_decision == good


def test_probability_or_impact_outside_the_scale_is_refused(ctl):
    with pytest.raises(ValidationError, match="no está en la escala"):
        make_risk(ctl, inherent_probability="altisima")
    with pytest.raises(ValidationError, match="no está en la escala"):
        make_risk(ctl, inherent_impact="enorme")
    assert not Risk.objects.exists()


def test_risk_wording_and_security_assets(ctl):
    risk = make_risk(ctl)
    assert risk.statement == (
        "Posibilidad de pérdida económica por pagos sin soporte "
        "debido a falta de verificación de los documentos"
    )
    with pytest.raises(ValidationError, match="activos"):
        make_risk(ctl, risk_class="seguridad_informacion")
    make_risk(ctl, risk_class="seguridad_informacion", assets="Base de datos de nómina")


def test_only_the_process_leader_or_planning_records_risks(ctl):
    with pytest.raises(PermissionDenied):
        make_risk(ctl, user=ctl.stranger)
    with pytest.raises(PermissionDenied):
        make_risk(ctl, user=ctl.world.control)
    with pytest.raises(PermissionDenied):  # leader of another process
        make_risk(ctl, process=ctl.other_process)
    make_risk(ctl, user=ctl.world.head_planner, process=ctl.other_process)
    with pytest.raises(ValidationError, match="otra entidad"):
        make_risk(ctl, user=ctl.world.head_planner, process=ctl.child_process)


def test_control_without_type_or_implementation_is_refused(ctl):
    risk = make_risk(ctl)
    with pytest.raises(ValidationError, match="tipo del control"):
        add_control(ctl, risk, control_type="")
    with pytest.raises(ValidationError, match="implementación"):
        add_control(ctl, risk, implementation="")
    with pytest.raises(ValidationError):
        add_control(ctl, risk, owner=ctl.child_person)
    assert not risk.controls.exists()


def test_corruption_risk_is_never_accepted_and_reduce_needs_actions(ctl):
    risk = make_risk(ctl, risk_class="corrupcion", corruption_answers=["C01", "C06"])
    with pytest.raises(ValidationError, match="nunca se acepta"):
        services.risk_set_treatment(user=ctl.leader, risk=risk, treatment="aceptar")
    with pytest.raises(ValidationError, match="vincule al menos una actividad"):
        services.risk_set_treatment(user=ctl.leader, risk=risk, treatment="reducir")
    risk.refresh_from_db()
    assert risk.treatment == ""
    services.risk_set_treatment(
        user=ctl.leader, risk=risk, treatment="evitar", note="Se elimina la actividad"
    )
    risk.refresh_from_db()
    assert risk.treatment == "evitar"


def test_reduce_links_improvement_actions_of_the_same_entity(ctl):
    from mipg.measurement.results import services as results

    planner = ctl.world.head_planner
    plan = results.plan_create(user=planner, entity=ctl.world.head, name="PM")
    finding = results.finding_create(user=planner, plan=plan, origin="otro", description="Falla")
    action = results.action_create(
        user=planner,
        finding=finding,
        description="Revisar pagos",
        start_date=date(2026, 1, 1),
        due_date=date(2026, 3, 1),
    )
    risk = make_risk(ctl)
    services.risk_set_treatment(user=ctl.leader, risk=risk, treatment="reducir", improvement_actions=[action])
    assert list(risk.improvement_actions.all()) == [action]


def test_materialised_event_flags_risk_and_controls(ctl):
    risk = make_risk(ctl)
    control = add_control(ctl, risk)
    services.risk_event_record(
        user=ctl.leader,
        risk=risk,
        occurred_on=date(2026, 2, 3),
        description="Pago doble",
        effect="Pérdida de 12 SMMLV",
    )
    risk.refresh_from_db()
    control.refresh_from_db()
    assert risk.needs_review and control.needs_review
    services.risk_mark_reviewed(user=ctl.leader, risk=risk)
    control.refresh_from_db()
    assert not control.needs_review


def test_three_lines_of_defence(ctl):
    risk = make_risk(ctl)
    control = add_control(ctl, risk)
    period = ctl.period
    # first line: only the owner or the process leader, always with evidence
    with pytest.raises(PermissionDenied, match="responsable del control o el líder"):
        services.self_assess(
            user=ctl.stranger, control=control, period=period, executed=True, note="x", files=[pdf_upload()]
        )
    with pytest.raises(PermissionDenied):
        services.self_assess(
            user=ctl.world.head_planner,
            control=control,
            period=period,
            executed=True,
            note="x",
            files=[pdf_upload()],
        )
    with pytest.raises(ValidationError, match="evidencia"):
        services.self_assess(user=ctl.owner, control=control, period=period, executed=True, note="Se ejecutó")
    assert not ControlAssessment.objects.exists()
    assessment = services.self_assess(
        user=ctl.owner, control=control, period=period, executed=True, note="Se ejecutó", files=[pdf_upload()]
    )
    assert assessment.evidence.count() == 1
    # second line
    with pytest.raises(PermissionDenied):
        services.review(user=ctl.owner, assessment=assessment, result="conforme")
    services.review(user=ctl.world.head_planner, assessment=assessment, result="conforme")
    # third line: only control interno, not planning nor the system admin
    for user in (ctl.world.head_planner, ctl.leader, ctl.world.admin):
        with pytest.raises(PermissionDenied, match="control interno"):
            services.evaluate(
                user=user, assessment=assessment, design_present=True, operating=False, note="x"
            )
    assessment.refresh_from_db()
    assert assessment.evaluated_at is None
    services.evaluate(
        user=ctl.world.control,
        assessment=assessment,
        design_present=True,
        operating=False,
        note="No hay registros",
    )
    assessment.refresh_from_db()
    finding = assessment.finding
    assert finding.origin == Finding.Origin.RISK_MONITORING
    assert finding.plan.entity == ctl.world.head
    assert "no está funcionando" in finding.description
    assert ImprovementPlan.objects.filter(entity=ctl.world.head, vigencia=2026).count() == 1
    # after the evaluation the first line cannot change its self-assessment
    with pytest.raises(ValidationError, match="ya evaluó"):
        services.self_assess(
            user=ctl.owner, control=control, period=period, executed=False, note="y", files=[pdf_upload()]
        )


def test_working_control_opens_no_finding(ctl):
    risk = make_risk(ctl)
    control = add_control(ctl, risk)
    assessment = services.self_assess(
        user=ctl.leader,
        control=control,
        period=ctl.period,
        executed=True,
        note="ok",
        links=["https://intranet.example.gov.co/x"],
    )
    services.evaluate(user=ctl.world.control, assessment=assessment, design_present=True, operating=True)
    assessment.refresh_from_db()
    assert assessment.finding is None
    assert not Finding.objects.exists()


def test_follow_up_cuts_are_due_ten_business_days_after(ctl):
    schedule = services.follow_up_schedule(2026)
    assert [row["cut_date"] for row in schedule] == [date(2026, 4, 30), date(2026, 8, 31), date(2026, 12, 31)]
    # 30 April 2026 is a Thursday: 10 business days later is Thursday 14 May
    assert schedule[0]["due_date"] == date(2026, 5, 14)
    with pytest.raises(PermissionDenied):
        services.follow_up_record(
            user=ctl.world.head_planner, entity=ctl.world.head, vigencia=2026, cut=1, summary="x"
        )
    with pytest.raises(ValidationError):
        services.follow_up_record(
            user=ctl.world.control, entity=ctl.world.head, vigencia=2026, cut=4, summary="x"
        )
    follow_up = services.follow_up_record(
        user=ctl.world.control, entity=ctl.world.head, vigencia=2026, cut=1, summary="Sin novedades"
    )
    assert follow_up.due_date == date(2026, 5, 14)
