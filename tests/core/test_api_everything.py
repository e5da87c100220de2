"""Acceptance of issue 13 item 2, "everything through the API": with nothing but API tokens (django-rest-knox,
header `Authorization: Token <key>`), the people of the test ministry create what the browser journeys of
the three components create through pages: a committee session with attendance, a decision and an approved
acta; an action plan with a goal, an activity and a progress report that is approved; a campaign answered
and reviewed; an improvement plan whose action is verified effective. The final state is read back through
GET endpoints and the audit trail names who did each step.

The directory (entities, people, users and their roles), the committee with its seats and the MIPG
reference libraries come from fixtures, as in the browser journeys."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mipg.core.models import DomainEvent
from mipg.measurement.questionnaires.demo import load_libraries
from mipg.organizations.models import Dependencia, Person
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant
from tests.institutional.conftest import aware, cw  # noqa: F401  (cw is a fixture)
from tests.operation.conftest import ops  # noqa: F401  (fixture)


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def verbs_of(user) -> set[str]:
    return set(DomainEvent.objects.filter(actor=user).values_list("verb", flat=True))


def test_a_committee_session_with_attendance_a_decision_and_an_approved_acta(cw, api):  # noqa: F811
    secretary, president = api(cw.secretary_user), api(cw.president_user)
    yesterday = timezone.localdate() - timedelta(days=1)
    session = ok(
        secretary.post(
            "/api/v1/committee-sessions/",
            {
                "committee": cw.committee.pk,
                "starts_at": aware(yesterday).isoformat(),
                "place": "Sala de juntas del Despacho",
                "agenda": ["Informe FURAG", "Plan de acción"],
            },
            format="json",
        ),
        201,
    )
    sid = session["id"]
    extra = ok(
        secretary.post("/api/v1/agenda-items/", {"session": sid, "title": "Proposiciones"}, format="json"),
        201,
    )
    ok(secretary.post(f"/api/v1/agenda-items/{extra['id']}/move/", {"direction": "up"}, format="json"))
    attendance = f"/api/v1/committee-sessions/{sid}/attendance/"
    ok(
        secretary.post(
            attendance,
            {"person": cw.member_b.pk, "status": "delegado", "delegate": "Subdirector del Hospital"},
            format="json",
        )
    )
    state = ok(secretary.post(f"{attendance}all-present/"))
    assert state["quorum"]["has_quorum"] is True and len(state["attendance"]) == 5
    first_item = session["agenda_items"][0]["id"]
    decision = ok(
        secretary.post(
            "/api/v1/committee-decisions/",
            {"session": sid, "agenda_item": first_item, "text": "Adoptar el plan de mejora", "votes_for": 3},
            format="json",
        ),
        201,
    )
    assert decision["approved"] is True
    ok(
        secretary.post(
            "/api/v1/commitments/",
            {
                "session": sid,
                "description": "Presentar el avance del plan",
                "responsible": cw.member_a.pk,
                "due_date": (yesterday + timedelta(days=30)).isoformat(),
            },
            format="json",
        ),
        201,
    )
    acta = ok(secretary.post("/api/v1/actas/", {"session": sid}, format="json"), 201)
    ok(secretary.patch(f"/api/v1/actas/{acta['id']}/", {"notes": "Sin proposiciones."}, format="json"))
    approved = ok(president.post(f"/api/v1/actas/{acta['id']}/approve/"))
    assert approved["status"] == "aprobada" and len(approved["content_sha256"]) == 64

    final = ok(secretary.get(f"/api/v1/committee-sessions/{sid}/"))
    assert final["status"] == "realizada"
    assert [i["title"] for i in final["agenda_items"]] == ["Informe FURAG", "Proposiciones", "Plan de acción"]
    assert {a["status"] for a in final["attendance"]} == {"presente", "delegado"}
    assert [d["text"] for d in final["decisions"]] == ["Adoptar el plan de mejora"]
    assert final["acta"]["status"] == "aprobada" and final["acta"]["approved_at"]
    commitments = ok(secretary.get("/api/v1/commitments/", {"committee": cw.committee.pk}))["results"]
    assert [c["description"] for c in commitments] == ["Presentar el avance del plan"]
    assert {
        "sesión programada",
        "orden del día reordenado",
        "asistencia: todos presentes",
        "decisión registrada",
        "compromiso registrado",
        "acta generada",
    } <= verbs_of(cw.secretary_user)
    assert "acta aprobada" in verbs_of(cw.president_user)


def test_an_action_plan_with_goal_activity_and_an_approved_progress_report(world, api, ops):  # noqa: F811
    planner, owner = api(world.head_planner), api(ops.owner)
    plan = ok(
        planner.post("/api/v1/action-plans/", {"entity": world.head.pk, "vigencia": 2027}, format="json"), 201
    )
    goal = ok(
        planner.post(
            "/api/v1/goals/", {"plan": plan["id"], "code": "M1", "name": "Integridad"}, format="json"
        ),
        201,
    )
    activity = ok(
        planner.post(
            "/api/v1/activities/",
            {
                "goal": goal["id"],
                "code": "A1",
                "name": "Adoptar el código de integridad",
                "responsible_dependencia": ops.treasury.pk,
                "responsible_person": ops.owner_person.pk,
                "start_date": "2027-01-15",
                "end_date": "2027-06-30",
                "weight": "100",
                "policy": "POL05",
            },
            format="json",
        ),
        201,
    )
    ok(planner.post(f"/api/v1/action-plans/{plan['id']}/status/", {"status": "ejecucion"}, format="json"))
    evidence = ok(
        owner.post(
            "/api/v1/evidence/",
            {
                "entity": world.head.pk,
                "title": "Borrador del código",
                "url": "https://example.gov.co/codigo.pdf",
            },
            format="json",
        ),
        201,
    )
    report = ok(
        owner.post(
            "/api/v1/progress-reports/",
            {
                "activity": activity["id"],
                "period": "T1",
                "percent": "40,0",
                "narrative": "Borrador del código socializado",
                "evidence": [evidence["id"]],
            },
            format="json",
        ),
        201,
    )
    ok(
        planner.post(
            f"/api/v1/progress-reports/{report['id']}/review/", {"decision": "approve"}, format="json"
        )
    )

    final_report = ok(planner.get(f"/api/v1/progress-reports/{report['id']}/"))
    assert final_report["status"] == "aprobado" and final_report["evidence"] == [evidence["id"]]
    final_plan = ok(planner.get(f"/api/v1/action-plans/{plan['id']}/"))
    assert final_plan["status"] == "ejecucion"
    assert final_plan["rollup"]["plan"]["progress"] == pytest.approx(40.0)
    assert float(ok(planner.get(f"/api/v1/activities/{activity['id']}/"))["progress"]) == 40.0
    assert {
        "plan de acción creado",
        "meta creada",
        "actividad creada",
        "plan en ejecución",
        "avance aprobado",
    } <= (verbs_of(world.head_planner))
    assert "avance reportado" in verbs_of(ops.owner)


@pytest.fixture
def respondent(world):
    """A policy leader of the ministry in the Talento Humano dependencia (the directory, not the journey)."""
    load_libraries(world.admin)  # the MIPG reference questionnaires, as in the browser journey
    dependencia = Dependencia.objects.create(entity=world.head, name="Talento Humano")
    user = UserFactory(username="respondent")
    grant(user, world.head, Role.POLICY_LEADER)
    person = Person.objects.create(
        entity=world.head, full_name="Marta Gil", dependencia=dependencia, user=user
    )
    return user, person, dependencia


def test_a_campaign_answered_with_evidence_and_reviewed(world, api, respondent):
    user, person, dependencia = respondent
    planner, answerer = api(world.head_planner), api(user)
    furag = next(
        q
        for q in ok(planner.get("/api/v1/questionnaires/", {"page_size": 100}))["results"]
        if q["builtin_code"] == "furag-demo-2025"
    )
    question = next(
        q
        for q in ok(planner.get(f"/api/v1/questionnaires/{furag['id']}/"))["questions"]
        if q["code"] == "DTH100"
    )
    yes = next(o["id"] for o in question["options"] if o["text"] == "Sí")
    campaign = ok(
        planner.post(
            "/api/v1/campaigns/",
            {
                "questionnaire": furag["id"],
                "entity": world.head.pk,
                "vigencia": 2025,
                "deadline": "2025-12-01",
            },
            format="json",
        ),
        201,
    )
    assigned = ok(
        planner.post(
            "/api/v1/campaign-assignments/",
            {"campaign": campaign["id"], "questions": [question["id"]], "person": person.pk},
            format="json",
        ),
        201,
    )
    assert assigned["answers"] == 1
    answer = ok(answerer.get("/api/v1/answers/", {"campaign": campaign["id"], "page_size": 1000}))["results"]
    answer = next(a for a in answer if a["question_code"] == "DTH100")
    ok(
        answerer.patch(
            f"/api/v1/answers/{answer['id']}/", {"choices": [yes], "justification": "Acta 3"}, format="json"
        )
    )
    ok(
        answerer.post(
            "/api/v1/answer-evidence/",
            {"answer": answer["id"], "title": "Acta del comité", "url": "https://example.gov.co/acta-3.pdf"},
            format="json",
        ),
        201,
    )
    reviewed = ok(
        planner.post(f"/api/v1/answers/{answer['id']}/transition/", {"action": "review"}, format="json")
    )
    assert reviewed["status"] == "revisada"

    final = ok(planner.get(f"/api/v1/answers/{answer['id']}/"))
    assert final["status"] == "revisada" and final["choices"] == [yes] and len(final["evidence"]) == 1
    estimate = ok(planner.get(f"/api/v1/campaigns/{campaign['id']}/estimate/"))
    assert any(a["answered"] >= 1 for a in estimate["aggregates"] if a["kind"] == "total")
    assert {"campaña abierta", "preguntas asignadas", "respuesta revisada"} <= verbs_of(world.head_planner)
    assert {"respuesta registrada", "evidencia adjuntada"} <= verbs_of(user)


def test_an_improvement_plan_with_finding_cause_action_progress_and_verification(world, api, catalog):
    planner, control = api(world.head_planner), api(world.control)
    plan = ok(
        planner.post(
            "/api/v1/improvement-plans/",
            {"entity": world.head.pk, "name": "Plan de mejoramiento 2026", "vigencia": 2026},
            format="json",
        ),
        201,
    )
    finding = ok(
        planner.post(
            "/api/v1/improvement-findings/",
            {
                "plan": plan["id"],
                "origin": "auditoria_interna",
                "description": "El código de integridad no se ha socializado",
                "cause": "No hay responsable asignado",
                "policy": "POL05",
            },
            format="json",
        ),
        201,
    )
    action = ok(
        planner.post(
            "/api/v1/improvement-actions/",
            {
                "finding": finding["id"],
                "description": "Socializar el código con todas las dependencias",
                "start_date": "2026-02-01",
                "due_date": "2026-06-30",
                "responsible": "Talento Humano",
            },
            format="json",
        ),
        201,
    )
    evidence = ok(
        planner.post(
            "/api/v1/evidence/",
            {
                "entity": world.head.pk,
                "title": "Listas de asistencia",
                "url": "https://example.gov.co/listas.pdf",
            },
            format="json",
        ),
        201,
    )
    ok(control.post(f"/api/v1/evidence/{evidence['id']}/verify/", {"verified": True}, format="json"))
    ok(
        planner.post(
            f"/api/v1/improvement-actions/{action['id']}/progress/",
            {"percent": 100, "note": "Socializado en todas las dependencias", "evidence": [evidence["id"]]},
            format="json",
        ),
        201,
    )
    verified = ok(
        control.post(
            f"/api/v1/improvement-actions/{action['id']}/verify/",
            {"effective": True, "note": "Se verificaron las listas"},
            format="json",
        )
    )
    assert verified["status"] == "effective"
    ok(planner.post(f"/api/v1/improvement-findings/{finding['id']}/close/"))

    final = ok(planner.get(f"/api/v1/improvement-plans/{plan['id']}/"))
    (final_finding,) = final["findings"]
    assert final_finding["cause"] == "No hay responsable asignado" and final_finding["status"] == "closed"
    (final_action,) = final_finding["actions"]
    assert final_action["status"] == "effective" and final_action["progress"] == 100
    assert final_action["evidence"] == [evidence["id"]] and final_action["verified_at"]
    assert ok(control.get(f"/api/v1/evidence/{evidence['id']}/"))["status"] == "verified"
    assert {"plan de mejoramiento creado", "hallazgo cerrado"} <= verbs_of(world.head_planner)
    assert {"evidencia verificada", "acción verificada eficaz"} <= verbs_of(world.control)
