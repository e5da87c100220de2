"""API of Control interno: same rules as the pages, 404 across entities, the one error shape."""

from mipg.control.models import ControlAssessment, Risk

from .conftest import add_control, make_risk


def test_hmc_like_user_sees_none_of_the_other_entity(ctl, api):
    risk = make_risk(ctl)
    control = add_control(ctl, risk)
    child = api(ctl.world.child_planner)
    assert child.get("/api/v1/risks/").json()["count"] == 0
    for url in (
        f"/api/v1/risks/{risk.pk}/",
        f"/api/v1/controls/{control.pk}/",
        f"/api/v1/processes/{ctl.process.pk}/",
    ):
        response = child.get(url)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert child.patch(f"/api/v1/risks/{risk.pk}/", {"impact_text": "x"}, format="json").status_code == 404
    assert child.delete(f"/api/v1/controls/{control.pk}/").status_code == 404
    payload = {
        "control": control.pk,
        "period": ctl.period.pk,
        "executed": True,
        "note": "x",
        "evidence_url": "https://intranet.example.gov.co/e",
    }
    assert child.post("/api/v1/control-assessments/", payload, format="json").status_code == 404


def test_risks_list_fields_and_filters(ctl, api):
    make_risk(ctl)
    make_risk(ctl, risk_class="corrupcion", corruption_answers=["C01"])
    client = api(ctl.world.control)
    data = client.get("/api/v1/risks/?vigencia=2026").json()
    assert data["count"] == 2
    first = data["results"][0]
    for key in ("id", "entity", "process", "risk_class", "inherent_zone", "residual_zone"):
        assert key in first
    assert client.get("/api/v1/risks/?risk_class=corrupcion").json()["count"] == 1


def test_create_risk_and_controls_through_the_api(ctl, api):
    client = api(ctl.leader)
    response = client.post(
        "/api/v1/risks/",
        {
            "entity": ctl.world.head.pk,
            "vigencia": 2026,
            "process": ctl.process.pk,
            "risk_class": "gestion",
            "impact_text": "pérdida económica",
            "immediate_cause": "pagos dobles",
            "root_cause": "conciliación manual",
            "inherent_probability": "muy_alta",
            "inherent_impact": "moderado",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    risk_id = response.json()["id"]
    bad = client.post(
        "/api/v1/controls/",
        {"risk": risk_id, "name": "Sin tipo", "owner": ctl.owner_person.pk},
        format="json",
    )
    assert bad.status_code == 400
    assert "tipo del control" in bad.json()["error"]["message"]
    for kind, implementation in (("preventivo", "automatico"), ("detectivo", "manual")):
        response = client.post(
            "/api/v1/controls/",
            {
                "risk": risk_id,
                "name": kind,
                "control_type": kind,
                "implementation": implementation,
                "owner": ctl.owner_person.pk,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    risk = client.get(f"/api/v1/risks/{risk_id}/").json()
    assert risk["residual_probability_percent"] == "35.00" and risk["residual_zone"] == "moderado"
    out_of_scale = client.patch(
        f"/api/v1/risks/{risk_id}/", {"inherent_probability": "enorme"}, format="json"
    )
    assert out_of_scale.status_code == 400
    assert "no está en la escala" in out_of_scale.json()["error"]["message"]
    assert Risk.objects.get(pk=risk_id).inherent_probability == "muy_alta"
    # control interno reads but never edits
    assert (
        api(ctl.world.control).patch(f"/api/v1/risks/{risk_id}/", {"code": "X"}, format="json").status_code
        == 403
    )


def test_three_lines_through_the_api(ctl, api):
    risk = make_risk(ctl)
    control = add_control(ctl, risk)
    payload = {
        "control": control.pk,
        "period": ctl.period.pk,
        "executed": True,
        "note": "Ejecutado",
        "evidence_url": "https://intranet.example.gov.co/e",
    }
    assert api(ctl.stranger).post("/api/v1/control-assessments/", payload, format="json").status_code == 403
    response = api(ctl.owner).post("/api/v1/control-assessments/", payload, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert (
        api(ctl.world.head_planner)
        .post(f"/api/v1/control-assessments/{pk}/review/", {"review": "conforme"}, format="json")
        .status_code
        == 200
    )
    evaluation = {"design_present": True, "operating": False, "note": "Sin registros"}
    forbidden = api(ctl.world.head_planner).post(
        f"/api/v1/control-assessments/{pk}/evaluate/", evaluation, format="json"
    )
    assert forbidden.status_code == 403 and "control interno" in forbidden.json()["error"]["message"]
    response = api(ctl.world.control).post(
        f"/api/v1/control-assessments/{pk}/evaluate/", evaluation, format="json"
    )
    assert response.status_code == 200 and response.json()["finding"] is not None
    assert ControlAssessment.objects.get(pk=pk).finding.origin == "seguimiento_riesgos"


def test_processes_api_planning_only(ctl, api):
    payload = {
        "entity": ctl.world.head.pk,
        "code": "TI",
        "name": "Gestión TI",
        "kind": "apoyo",
        "objective": "Tecnología",
        "leader_dependencia": ctl.process.leader_dependencia_id,
    }
    assert api(ctl.leader).post("/api/v1/processes/", payload, format="json").status_code == 403
    assert api(ctl.world.head_planner).post("/api/v1/processes/", payload, format="json").status_code == 201
    assert api(ctl.world.child_planner).get("/api/v1/processes/").json()["count"] == 1


def test_treatment_through_the_api(ctl, api):
    from datetime import date

    from mipg.measurement.results import services as results

    risk = make_risk(ctl, risk_class="corrupcion", corruption_answers=["C01"])
    client = api(ctl.leader)
    url = f"/api/v1/risks/{risk.pk}/treatment/"
    refused = client.post(url, {"treatment": "aceptar"}, format="json")
    assert refused.status_code == 400 and "nunca se acepta" in refused.json()["error"]["message"]
    planner = ctl.world.head_planner
    plan = results.plan_create(user=planner, entity=ctl.world.head, name="PM")
    finding = results.finding_create(user=planner, plan=plan, origin="otro", description="F")
    action = results.action_create(
        user=planner,
        finding=finding,
        description="Acción",
        start_date=date(2026, 1, 1),
        due_date=date(2026, 6, 1),
    )
    response = client.post(url, {"treatment": "reducir", "improvement_actions": [action.pk]}, format="json")
    assert response.status_code == 200 and response.json()["treatment"] == "reducir"
    child_plan = results.plan_create(user=ctl.world.child_planner, entity=ctl.world.child, name="PM hijo")
    child_finding = results.finding_create(
        user=ctl.world.child_planner, plan=child_plan, origin="otro", description="F"
    )
    foreign = results.action_create(
        user=ctl.world.child_planner,
        finding=child_finding,
        description="Ajena",
        start_date=date(2026, 1, 1),
        due_date=date(2026, 6, 1),
    )
    assert (
        client.post(
            url, {"treatment": "reducir", "improvement_actions": [foreign.pk]}, format="json"
        ).status_code
        == 404
    )
