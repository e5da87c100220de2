"""Campaign assignments and answer evidence through the API (issue 13 item 2): planeación assigns questions
to a person of the entity; whoever may answer attaches evidence; another entity's user gets 404, control
interno 403; bad input answers 400 in Spanish and changes nothing."""

from mipg.core.models import DomainEvent
from mipg.measurement.questionnaires.models import Answer

from .conftest import answer_of


def test_assignment_and_evidence_through_the_api(world, campaign, people, api):
    _dependencia, respondent, person, stranger = people
    answer = answer_of(campaign, "DTH100")
    planner = api(world.head_planner)
    # Before the assignment the respondent may not attach evidence to the answer.
    body = {"answer": answer.pk, "url": "https://example.gov.co/acta.pdf"}
    assert api(respondent).post("/api/v1/answer-evidence/", body, format="json").status_code == 403
    assigned = planner.post(
        "/api/v1/campaign-assignments/",
        {"campaign": campaign.pk, "questions": [answer.question_id], "person": person.pk},
        format="json",
    )
    assert assigned.status_code == 201 and assigned.json() == {"answers": 1}, assigned.content
    answer.refresh_from_db()
    assert answer.assigned_person_id == person.pk
    attached = api(respondent).post("/api/v1/answer-evidence/", body, format="json")
    assert attached.status_code == 201, attached.content
    reused = api(respondent).post(
        "/api/v1/answer-evidence/",
        {"answer": answer.pk, "evidence": attached.json()["evidence"]},
        format="json",
    )
    assert reused.status_code == 201 and reused.json()["evidence"] == attached.json()["evidence"]
    assert answer.evidence.count() == 1
    assert DomainEvent.objects.filter(verb="preguntas asignadas", actor=world.head_planner).exists()
    assert DomainEvent.objects.filter(verb="evidencia adjuntada", actor=respondent).count() == 2
    # A policy leader the question is not assigned to may not attach evidence to it.
    assert api(stranger).post("/api/v1/answer-evidence/", body, format="json").status_code == 403


def test_assignment_and_evidence_are_scoped_need_the_role_and_refuse_bad_input(world, campaign, people, api):
    _dependencia, _respondent, person, _stranger = people
    answer = answer_of(campaign, "DTH100")
    assign = {"campaign": campaign.pk, "questions": [answer.question_id], "person": person.pk}
    assert api(world.outsider).post("/api/v1/campaign-assignments/", assign, format="json").status_code == 404
    assert api(world.control).post("/api/v1/campaign-assignments/", assign, format="json").status_code == 403
    evidence = {"answer": answer.pk, "url": "https://example.gov.co/a.pdf"}
    assert api(world.outsider).post("/api/v1/answer-evidence/", evidence, format="json").status_code == 404
    assert api(world.control).post("/api/v1/answer-evidence/", evidence, format="json").status_code == 403
    planner = api(world.head_planner)
    nobody = planner.post(
        "/api/v1/campaign-assignments/",
        {"campaign": campaign.pk, "questions": [answer.question_id]},
        format="json",
    )
    assert nobody.status_code == 400 and "dependencia o una persona" in nobody.json()["error"]["message"]
    stranger = planner.post(
        "/api/v1/campaign-assignments/", {**assign, "person": world.outsider.pk + 10_000}, format="json"
    )
    assert stranger.status_code == 400 and "person" in stranger.json()["error"]["details"]
    foreign_question = planner.post(
        "/api/v1/campaign-assignments/", {**assign, "questions": [10**9]}, format="json"
    )
    assert foreign_question.status_code == 400
    neither = planner.post("/api/v1/answer-evidence/", {"answer": answer.pk}, format="json")
    assert neither.status_code == 400 and "uno de los dos" in neither.json()["error"]["message"]
    assert not Answer.objects.filter(campaign=campaign, assigned_person__isnull=False).exists()
    assert not answer.evidence.exists()
