"""Action plans written through the API alone (issue 13 item 2): plan, goals and activities created,
edited and deleted with the page's guards, the plan approved, and progress reported on it; same services,
roles and audit as the pages; another entity 404, read-only 403, bad input 400 in Spanish."""

from mipg.core.models import DomainEvent
from mipg.operation.models import Activity, Goal


def _plan_with_goal(client, world):
    plan = client.post("/api/v1/action-plans/", {"entity": world.head.pk, "vigencia": 2027}, format="json")
    assert plan.status_code == 201, plan.content
    goal = client.post(
        "/api/v1/goals/", {"plan": plan.json()["id"], "code": "M1", "name": "Integridad"}, format="json"
    )
    assert goal.status_code == 201, goal.content
    return plan.json()["id"], goal.json()["id"]


def _activity(ops, goal_id, code="A1", weight="100"):
    return {
        "goal": goal_id,
        "code": code,
        "name": "Adoptar el código de integridad",
        "responsible_dependencia": ops.planning.pk,
        "responsible_person": ops.owner_person.pk,
        "start_date": "2027-01-15",
        "end_date": "2027-06-30",
        "weight": weight,
        "policy": "POL05",
    }


def test_a_plan_with_goals_activities_and_progress_through_the_api(world, api, ops):
    planner = api(world.head_planner)
    plan_id, goal_id = _plan_with_goal(planner, world)
    extra = planner.post("/api/v1/activities/", _activity(ops, goal_id, "A0", "40"), format="json")
    assert extra.status_code == 201, extra.content
    activity = planner.post("/api/v1/activities/", _activity(ops, goal_id, "A1", "50"), format="json")
    assert activity.status_code == 201, activity.content
    activity_id = activity.json()["id"]
    # Weights must add up to 100 before approval (the page's rule): delete one, fix the other.
    refused = planner.post(f"/api/v1/action-plans/{plan_id}/status/", {"status": "ejecucion"}, format="json")
    assert refused.status_code in (400, 409) and "100" in refused.content.decode(), refused.content
    assert planner.delete(f"/api/v1/activities/{extra.json()['id']}/").status_code == 204
    edited = planner.patch(f"/api/v1/activities/{activity_id}/", {"weight": "100,0"}, format="json")
    assert edited.status_code == 200, edited.content
    renamed = planner.patch(f"/api/v1/goals/{goal_id}/", {"name": "Integridad pública"}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Integridad pública"
    approved = planner.post(f"/api/v1/action-plans/{plan_id}/status/", {"status": "ejecucion"}, format="json")
    assert approved.status_code == 200, approved.content
    # In execution, goals and activities no longer change.
    late = planner.patch(f"/api/v1/activities/{activity_id}/", {"name": "Otro"}, format="json")
    assert late.status_code == 400 and "formulación" in late.content.decode()
    report = api(ops.owner).post(
        "/api/v1/progress-reports/",
        {"activity": activity_id, "period": "T1", "percent": "30", "narrative": "Borrador del código"},
        format="json",
    )
    assert report.status_code == 201, report.content
    assert DomainEvent.objects.filter(verb="actividad creada", actor=world.head_planner).count() == 2
    assert DomainEvent.objects.filter(verb="actividad eliminada", actor=world.head_planner).exists()
    assert DomainEvent.objects.filter(verb="meta actualizada", actor=world.head_planner).exists()


def test_plan_writes_are_scoped_and_need_the_role(world, api, ops):
    planner = api(world.head_planner)
    plan_id, goal_id = _plan_with_goal(planner, world)
    outsider, reader = api(world.outsider), api(world.reader)
    assert (
        outsider.post(
            "/api/v1/goals/", {"plan": plan_id, "code": "X", "name": "x"}, format="json"
        ).status_code
        == 404
    )
    assert outsider.delete(f"/api/v1/goals/{goal_id}/").status_code == 404
    assert outsider.post("/api/v1/activities/", _activity(ops, goal_id), format="json").status_code == 404
    assert (
        reader.post("/api/v1/goals/", {"plan": plan_id, "code": "X", "name": "x"}, format="json").status_code
        == 403
    )
    assert reader.delete(f"/api/v1/goals/{goal_id}/").status_code == 403
    assert reader.post("/api/v1/activities/", _activity(ops, goal_id), format="json").status_code == 403
    assert Goal.objects.count() == 1 and Activity.objects.count() == 0


def test_plan_writes_refuse_bad_input_in_spanish(world, api, ops):
    planner = api(world.head_planner)
    _plan_id, goal_id = _plan_with_goal(planner, world)
    bad = planner.post(
        "/api/v1/activities/", {**_activity(ops, goal_id), "end_date": "2027-01-01"}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    bad = planner.post("/api/v1/activities/", {**_activity(ops, goal_id), "weight": "mucho"}, format="json")
    assert bad.status_code == 400 and "no es un número válido" in bad.json()["error"]["details"]["weight"][0]
    bad = planner.post("/api/v1/activities/", {**_activity(ops, goal_id), "policy": "NOPE"}, format="json")
    assert bad.status_code == 400 and "política" in bad.content.decode()
    assert Activity.objects.count() == 0


def test_instruments_are_created_edited_and_deleted_through_the_api(world, api, ops):
    planner = api(world.head_planner)
    body = {
        "entity": world.head.pk,
        "vigencia": 2027,
        "kind": "plan",
        "name": "Plan de integridad",
        "responsible_dependencia": ops.planning.pk,
        "start_date": "2027-01-01",
        "end_date": "2027-12-31",
        "policies": ["POL05"],
    }
    created = planner.post("/api/v1/instruments/", body, format="json")
    assert created.status_code == 201, created.content
    instrument_id = created.json()["id"]
    assert created.json()["policies"] == ["POL05"]
    edited = planner.patch(
        f"/api/v1/instruments/{instrument_id}/", {"name": "Plan de integridad 2027"}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["policies"] == ["POL05"], edited.content
    bad = planner.patch(f"/api/v1/instruments/{instrument_id}/", {"end_date": "2026-01-01"}, format="json")
    assert bad.status_code == 400 and "anterior a la fecha de inicio" in bad.content.decode()
    assert api(world.outsider).delete(f"/api/v1/instruments/{instrument_id}/").status_code == 404
    assert api(world.reader).delete(f"/api/v1/instruments/{instrument_id}/").status_code == 403
    assert api(world.reader).post("/api/v1/instruments/", body, format="json").status_code == 403
    assert planner.delete(f"/api/v1/instruments/{instrument_id}/").status_code == 204
    assert DomainEvent.objects.filter(verb="instrumento creado", actor=world.head_planner).exists()


def test_indicators_are_created_edited_and_deleted_through_the_api(world, api, ops):
    planner = api(world.head_planner)
    body = {
        "entity": world.head.pk,
        "vigencia": 2027,
        "name": "Cumplimiento del plan de integridad",
        "numerator": "Actividades cumplidas",
        "denominator": "Actividades programadas",
        "frequency": "trimestral",
        "baseline": "12,5",
        "direction": "mayor",
        "policy": "POL05",
    }
    created = planner.post("/api/v1/indicators/", body, format="json")
    assert created.status_code == 201, created.content
    indicator_id = created.json()["id"]
    edited = planner.patch(
        f"/api/v1/indicators/{indicator_id}/", {"unit": "%", "baseline": 20}, format="json"
    )
    assert edited.status_code == 200, edited.content
    bad = planner.patch(f"/api/v1/indicators/{indicator_id}/", {"baseline": "-3"}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid"
    assert (
        api(world.outsider)
        .patch(f"/api/v1/indicators/{indicator_id}/", {"unit": "x"}, format="json")
        .status_code
        == 404
    )
    assert api(world.reader).post("/api/v1/indicators/", body, format="json").status_code == 403
    assert planner.delete(f"/api/v1/indicators/{indicator_id}/").status_code == 204
    assert DomainEvent.objects.filter(verb="indicador creado", actor=world.head_planner).exists()
