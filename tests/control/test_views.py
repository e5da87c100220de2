"""Pages of Control interno: who sees and does what, 404 across entities, Spanish errors, nothing changed."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mipg.control import services
from mipg.control.models import ControlAssessment, Risk
from mipg.measurement.results.models import Finding

from .conftest import add_control, control_committee_decision, make_risk, pdf_upload

PAGES = [
    "control:index",
    "control:policy",
    "control:process_list",
    "control:risk_register",
    "control:heat_maps",
    "control:queue",
    "control:controls_without_evidence",
    "control:overdue_treatments",
    "control:corruption",
    "control:audit_plan",
    "control:evaluation_list",
]


@pytest.fixture
def risk(ctl):
    risk = make_risk(ctl)
    add_control(ctl, risk, "preventivo", "manual")
    return risk


@pytest.mark.parametrize("name", PAGES)
def test_pages_render_for_planning_and_control(ctl, risk, login, name):
    for user in (ctl.world.head_planner, ctl.world.control, ctl.leader):
        response = login(user).get(reverse(name) + "?vigencia=2026")
        assert response.status_code == 200, (name, user)


def test_risk_detail_shows_the_worksheet(ctl, risk, login):
    response = login(ctl.world.control).get(reverse("control:risk_detail", args=[risk.pk]))
    body = response.content.decode()
    assert "Hoja de cálculo del riesgo residual" in body
    assert "60,00 × (1 − 40 %) = 36,00 % → Baja" in body
    # residual moderado is above the Guía's default appetite (bajo)
    assert "por encima del apetito de riesgo" in body


def test_other_entity_gets_404_everywhere(ctl, risk, login):
    control = risk.controls.get()
    client = login(ctl.world.child_planner)
    for url in (
        reverse("control:risk_detail", args=[risk.pk]),
        reverse("control:risk_edit", args=[risk.pk]),
        reverse("control:control_create", args=[risk.pk]),
        reverse("control:control_edit", args=[control.pk]),
        reverse("control:self_assess", args=[control.pk]),
        reverse("control:risk_treatment", args=[risk.pk]),
    ):
        assert client.get(url).status_code == 404, url
    register = client.get(reverse("control:risk_register") + "?vigencia=2026").content.decode()
    assert risk.statement not in register
    assert client.post(reverse("control:risk_event", args=[risk.pk]), {}).status_code == 404


def test_leader_records_a_risk_and_a_control_by_the_pages(ctl, login):
    client = login(ctl.leader)
    response = client.post(
        reverse("control:risk_create") + "?vigencia=2026",
        {
            "process": ctl.process.pk,
            "risk_class": "gestion",
            "impact_text": "pérdida económica",
            "immediate_cause": "pagos dobles",
            "root_cause": "conciliación manual",
            "inherent_probability": "alta",
            "inherent_impact": "mayor",
        },
    )
    risk = Risk.objects.get()
    assert response.status_code == 302 and risk.inherent_zone == "alto"
    response = client.post(
        reverse("control:control_create", args=[risk.pk]),
        {
            "name": "Conciliación diaria",
            "control_type": "preventivo",
            "implementation": "automatico",
            "documentation": "documentado",
            "frequency": "continua",
            "evidence_kind": "con_registro",
            "owner": ctl.owner_person.pk,
        },
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.residual_probability, risk.residual_zone) == ("baja", "alto")


def test_bad_input_shows_spanish_and_changes_nothing(ctl, risk, login):
    client = login(ctl.leader)
    response = client.post(
        reverse("control:risk_create") + "?vigencia=2026",
        {
            "process": ctl.process.pk,
            "risk_class": "gestion",
            "impact_text": "x",
            "immediate_cause": "y",
            "root_cause": "z",
            "inherent_probability": "altisima",
            "inherent_impact": "mayor",
        },
    )
    assert response.status_code == 200
    assert "no está en la escala de la política" in response.content.decode()
    assert Risk.objects.count() == 1
    response = client.post(
        reverse("control:control_create", args=[risk.pk]),
        {
            "name": "Sin tipo",
            "control_type": "",
            "implementation": "",
            "documentation": "documentado",
            "frequency": "continua",
            "evidence_kind": "con_registro",
            "owner": ctl.owner_person.pk,
        },
    )
    body = response.content.decode()
    assert "Indique el tipo del control" in body and "Indique la implementación" in body
    assert risk.controls.count() == 1


def test_only_process_leader_or_planning_edit(ctl, risk, login):
    assert login(ctl.world.control).get(reverse("control:risk_edit", args=[risk.pk])).status_code == 403
    assert login(ctl.stranger).get(reverse("control:risk_edit", args=[risk.pk])).status_code == 403
    assert login(ctl.world.head_planner).get(reverse("control:risk_edit", args=[risk.pk])).status_code == 200


def test_self_assessment_evaluation_and_finding_by_the_pages(ctl, risk, login):
    control = risk.controls.get()
    url = reverse("control:self_assess", args=[control.pk]) + f"?periodo={ctl.period.pk}"
    assert login(ctl.stranger).get(url).status_code == 403
    client = login(ctl.owner)
    response = client.post(url, {"executed": "1", "note": "Se concilió cada día", "file": pdf_upload()})
    assert response.status_code == 302
    assessment = ControlAssessment.objects.get()
    assert assessment.evidence.count() == 1
    evaluate = reverse("control:assessment_evaluate", args=[assessment.pk])
    assert (
        login(ctl.world.head_planner).post(evaluate, {"design_present": "1", "operating": "0"}).status_code
        == 403
    )
    response = login(ctl.world.control).post(
        evaluate, {"design_present": "1", "operating": "0", "note": "No hay registros de febrero"}
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.origin == "seguimiento_riesgos"
    detail = login(ctl.world.control).get(reverse("control:assessment_detail", args=[assessment.pk]))
    assert "Plan de mejoramiento de control interno 2026" in detail.content.decode()


def test_policy_adapt_and_approve_pages(ctl, login):
    client = login(ctl.world.head_planner)
    response = client.get(reverse("control:policy_edit", args=[ctl.policy.pk]))
    assert response.status_code == 200
    decision = control_committee_decision(ctl.world.head)
    response = client.post(reverse("control:policy_approve", args=[ctl.policy.pk]), {"decision": decision.pk})
    assert response.status_code == 302
    ctl.policy.refresh_from_db()
    assert ctl.policy.approval_decision == decision
    assert (
        login(ctl.world.control).get(reverse("control:policy_edit", args=[ctl.policy.pk])).status_code == 403
    )
    assert (
        login(ctl.world.child_planner).get(reverse("control:policy_edit", args=[ctl.policy.pk])).status_code
        == 404
    )


def test_xlsx_export_in_matrix_layout_and_pdf(ctl, risk, login):
    add_control(ctl, risk, "detectivo", "automatico", name="Revisión del supervisor")
    client = login(ctl.world.control)
    response = client.get(reverse("control:risk_map_xlsx") + "?vigencia=2026")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Mapa de riesgos"].values)
    assert rows[0][1] == "Código del riesgo"
    assert [r[1] for r in rows[1:]] == ["R01", "R01"]  # one row per control
    assert {r[13] for r in rows[1:]} == {"Control preventivo manual", "Revisión del supervisor"}
    pdf = client.get(reverse("control:risk_map_pdf") + "?vigencia=2026")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_treatment_page_links_activities_and_refuses_accepting_corruption(ctl, login):
    risk = make_risk(ctl, risk_class="corrupcion", corruption_answers=["C01"])
    client = login(ctl.leader)
    response = client.post(reverse("control:risk_treatment", args=[risk.pk]), {"treatment": "aceptar"})
    assert "nunca se acepta" in response.content.decode()
    risk.refresh_from_db()
    assert risk.treatment == ""


def test_materialised_event_by_the_page(ctl, risk, login):
    response = login(ctl.leader).post(
        reverse("control:risk_event", args=[risk.pk]),
        {"occurred_on": "2026-02-01", "description": "Pago doble", "effect": "12 SMMLV"},
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.needs_review


def test_sector_view_lists_child_entities_for_sector_planning(ctl, risk, login):
    make_risk_child = services.risk_save(
        user=ctl.world.child_planner,
        policy=ctl.child_policy,
        process=ctl.child_process,
        risk_class="gestion",
        impact_text="afectación a pacientes",
        immediate_cause="demoras",
        root_cause="falta de personal",
        inherent_probability="media",
        inherent_impact="mayor",
    )
    body = login(ctl.world.sector_planner).get(reverse("control:sector") + "?vigencia=2026").content.decode()
    assert ctl.world.head.name in body and ctl.world.child.name in body
    body = login(ctl.world.head_planner).get(reverse("control:sector") + "?vigencia=2026").content.decode()
    assert ctl.world.child.name not in body
    assert login(ctl.world.control).get(reverse("control:sector")).status_code == 403
    assert make_risk_child.entity == ctl.world.child


def test_corruption_follow_up_page(ctl, login):
    url = reverse("control:corruption") + "?vigencia=2026"
    data = {"cut": "1", "summary": "Sin materializaciones", "published_on": "2026-05-08"}
    assert login(ctl.world.head_planner).post(url, data).status_code == 403
    assert login(ctl.world.control).post(url, data).status_code == 302
    body = login(ctl.world.control).get(url).content.decode()
    assert "Publicado el" in body and "14/05/2026" in body


def test_controls_without_evidence_and_overdue_treatments(ctl, risk, login):
    from mipg.measurement.results import services as results

    client = login(ctl.world.control)
    body = client.get(reverse("control:controls_without_evidence")).content.decode()
    assert "Control preventivo manual" in body
    planner = ctl.world.head_planner
    plan = results.plan_create(user=planner, entity=ctl.world.head, name="PM")
    finding = results.finding_create(user=planner, plan=plan, origin="otro", description="F")
    action = results.action_create(
        user=planner,
        finding=finding,
        description="Acción atrasada",
        start_date=date(2020, 1, 1),
        due_date=date(2020, 2, 1),
    )
    services.risk_set_treatment(user=ctl.leader, risk=risk, treatment="reducir", improvement_actions=[action])
    body = client.get(reverse("control:overdue_treatments") + "?vigencia=2026").content.decode()
    assert "Acción atrasada" in body


def test_policy_adapt_form_saves_weights_and_refuses_bad_tables(ctl, login):
    from mipg.control.forms import PolicyForm

    client = login(ctl.world.head_planner)
    url = reverse("control:policy_edit", args=[ctl.policy.pk])
    data = dict(PolicyForm(policy=ctl.policy).initial)
    data["w_manual"] = "20"
    assert client.post(url, data).status_code == 302
    ctl.policy.refresh_from_db()
    assert ctl.policy.tables["control_weights"]["implementation"]["manual"] == 20
    bad = dict(data, scales="probability: [")
    response = client.post(url, bad)
    assert "no es YAML válido" in response.content.decode()
    broken = dict(data, scales=data["scales"].replace("percent: 40", "percent: 10", 1))
    response = client.post(url, broken)
    assert "deben crecer" in response.content.decode()
    ctl.policy.refresh_from_db()
    assert [lvl["percent"] for lvl in ctl.policy.tables["probability"]] == [20, 40, 60, 80, 100]
