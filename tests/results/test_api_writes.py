"""Improvement plans written through the API alone (issue 13 item 2): plan, finding with its cause,
action, progress and control interno's verification, through the same services, roles and audit as the
pages; another entity's objects answer 404, a read-only role 403, bad input 400 in Spanish."""

from auditlog.models import LogEntry

from mipg.core.models import DomainEvent
from mipg.core.services import evidence_create, evidence_verify
from mipg.measurement.results.models import Finding, ImprovementAction, ImprovementPlan


def _plan(client, entity, name="Plan 2025"):
    return client.post(
        "/api/v1/improvement-plans/", {"entity": entity.pk, "name": name, "vigencia": 2025}, format="json"
    )


def test_an_improvement_plan_is_created_followed_and_verified_through_the_api(world, api):
    planner = api(world.head_planner)
    response = _plan(planner, world.head)
    assert response.status_code == 201, response.content
    plan_id = response.json()["id"]
    finding = planner.post(
        "/api/v1/improvement-findings/",
        {
            "plan": plan_id,
            "origin": "autodiagnostico",
            "description": "La política de integridad no tiene plan.",
            "cause": "No hay responsable asignado.",
            "policy": "",
        },
        format="json",
    )
    assert finding.status_code == 201, finding.content
    assert finding.json()["cause"] == "No hay responsable asignado."
    action = planner.post(
        "/api/v1/improvement-actions/",
        {
            "finding": finding.json()["id"],
            "description": "Adoptar el plan de integridad",
            "start_date": "2025-02-01",
            "due_date": "2025-06-30",
            "responsible": "Planeación",
        },
        format="json",
    )
    assert action.status_code == 201, action.content
    action_id = action.json()["id"]
    for percent in (40, 100):
        progress = planner.post(
            f"/api/v1/improvement-actions/{action_id}/progress/",
            {"percent": percent, "note": f"Avance {percent}"},
            format="json",
        )
        assert progress.status_code == 201, progress.content
    assert progress.json()["status"] == ImprovementAction.Status.COMPLETED
    # Going backwards is refused in Spanish, nothing changes.
    back = planner.post(
        f"/api/v1/improvement-actions/{action_id}/progress/", {"percent": 10, "note": "x"}, format="json"
    )
    assert back.status_code == 400 and "no puede bajar" in back.content.decode()
    # Planeación cannot verify; control interno does.
    assert (
        planner.post(
            f"/api/v1/improvement-actions/{action_id}/verify/", {"effective": True}, format="json"
        ).status_code
        == 403
    )
    # "Eficaz" needs evidence that control interno verified (issue 11 item 6): refused without it.
    refused = api(world.control).post(
        f"/api/v1/improvement-actions/{action_id}/verify/",
        {"effective": True, "note": "Eficaz"},
        format="json",
    )
    assert refused.status_code == 400 and "evidencia" in refused.content.decode()
    evidence = evidence_create(
        user=world.head_planner,
        entity=world.head,
        title="Acta de adopción",
        url="https://intranet.example.gov.co/a",
    )
    ImprovementAction.objects.get(pk=action_id).evidence.add(evidence)
    evidence_verify(user=world.control, evidence=evidence, verified=True)
    verified = api(world.control).post(
        f"/api/v1/improvement-actions/{action_id}/verify/",
        {"effective": True, "note": "Eficaz"},
        format="json",
    )
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == ImprovementAction.Status.EFFECTIVE
    closed = planner.post(f"/api/v1/improvement-findings/{finding.json()['id']}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == Finding.Status.CLOSED
    # Audited with the actor, as the pages are.
    plan = ImprovementPlan.objects.get(pk=plan_id)
    assert DomainEvent.objects.filter(verb="plan de mejoramiento creado", actor=world.head_planner).exists()
    assert DomainEvent.objects.filter(verb="acción verificada eficaz", actor=world.control).exists()
    assert LogEntry.objects.get_for_object(plan).filter(actor=world.head_planner).exists()
    # The list filters by plan and status.
    listed = planner.get("/api/v1/improvement-actions/", {"plan": plan_id, "status": "effective"}).json()
    assert [row["id"] for row in listed["results"]] == [action_id]


def test_other_entity_answers_404_and_read_only_403(world, api):
    planner = api(world.head_planner)
    plan_id = _plan(planner, world.head).json()["id"]
    outsider = api(world.outsider)
    assert _plan(outsider, world.head).status_code == 404
    finding = {"plan": plan_id, "origin": "otro", "description": "x", "cause": "y"}
    assert outsider.post("/api/v1/improvement-findings/", finding, format="json").status_code == 404
    reader = api(world.reader)
    assert _plan(reader, world.head).status_code == 403
    assert reader.post("/api/v1/improvement-findings/", finding, format="json").status_code == 403
    assert Finding.objects.count() == 0


def test_bad_input_answers_400_in_spanish(world, api):
    planner = api(world.head_planner)
    plan_id = _plan(planner, world.head).json()["id"]
    finding_id = planner.post(
        "/api/v1/improvement-findings/",
        {"plan": plan_id, "origin": "otro", "description": "Hallazgo", "cause": ""},
        format="json",
    ).json()["id"]
    response = planner.post(
        "/api/v1/improvement-actions/",
        {"finding": finding_id, "description": "A", "start_date": "2025-06-30", "due_date": "2025-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "anterior a la de inicio" in response.content.decode()
    response = planner.post(
        "/api/v1/improvement-findings/",
        {"plan": plan_id, "origin": "inventado", "description": "x"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    assert "origin" in response.json()["error"]["details"]
    assert ImprovementAction.objects.count() == 0
