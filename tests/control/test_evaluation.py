"""Evaluación independiente del SCI on the questionnaire engine's built-in MECI library: five components,
«presente»/«funcionando», conclusions, numbered PDF frozen with SHA-256 once signed; editing a signed
evaluation is refused; only control interno writes; 404 across entities."""

import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mipg.control import services
from mipg.control.models import CIEvaluation
from mipg.core.concurrency import Conflict
from mipg.core.services import evidence_create
from mipg.measurement.questionnaires.models import Answer, Questionnaire
from mipg.measurement.questionnaires.services import answer_save


@pytest.fixture
def evaluation(ctl):
    return services.evaluation_create(
        user=ctl.world.control, entity=ctl.world.head, vigencia=2026, semester=1
    )


def fill(ctl, evaluation, functioning=True):
    ratings = {r.pk: (True, functioning, "") for r in services.requirement_ratings(evaluation)}
    conclusions = {
        c.pk: f"Conclusión de {c.module.name}" for c in evaluation.conclusions.select_related("module")
    }
    services.evaluation_save(
        user=ctl.world.control,
        evaluation=evaluation,
        ratings=ratings,
        conclusions=conclusions,
        overall_conclusion="El sistema está presente y funcionando.",
    )


def test_built_on_the_engine_with_five_meci_components(ctl, evaluation):
    questionnaire = Questionnaire.objects.get(builtin_code="meci-evaluacion-independiente-v1")
    assert evaluation.questionnaire == questionnaire
    assert [m.name for m in questionnaire.modules.order_by("order")] == [
        "Ambiente de control",
        "Evaluación del riesgo",
        "Actividades de control",
        "Información y comunicación",
        "Actividades de monitoreo",
    ]
    assert len(services.requirement_ratings(evaluation)) == questionnaire.questions.count()
    assert questionnaire.kind == Questionnaire.Kind.CI_EVALUATION
    assert (evaluation.campaign.vigencia, evaluation.campaign.period) == (2026, 1)
    assert (evaluation.cut_date, evaluation.due_date) == (date(2026, 6, 30), date(2026, 7, 31))
    second = services.evaluation_create(
        user=ctl.world.control, entity=ctl.world.head, vigencia=2026, semester=2
    )
    assert (second.cut_date, second.due_date) == (date(2026, 12, 31), date(2027, 1, 31))


def test_only_control_interno(ctl):
    for user in (ctl.world.head_planner, ctl.leader, ctl.world.admin):
        with pytest.raises(PermissionDenied):
            services.evaluation_create(user=user, entity=ctl.world.head, vigencia=2026, semester=1)


def test_not_present_cannot_be_functioning_and_sign_needs_everything(ctl, evaluation):
    rating = services.requirement_ratings(evaluation)[0]
    with pytest.raises(ValidationError, match="no está presente no puede estar funcionando"):
        services.evaluation_save(
            user=ctl.world.control,
            evaluation=evaluation,
            ratings={rating.pk: (False, True, "")},
            conclusions={},
            overall_conclusion="",
        )
    with pytest.raises(ValidationError, match="Califique todos los requisitos"):
        services.evaluation_sign(user=ctl.world.control, evaluation=evaluation)


def test_signed_pdf_is_frozen_with_sha256_and_edits_are_refused(ctl, evaluation, login):
    fill(ctl, evaluation)
    services.evaluation_sign(user=ctl.world.control, evaluation=evaluation)
    evaluation.refresh_from_db()
    content = evaluation.report.open("rb").read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == evaluation.report_sha256
    with pytest.raises(ValidationError, match="firmada: no se puede modificar"):
        fill(ctl, evaluation, functioning=False)
    with pytest.raises(ValidationError, match="firmada"):
        services.evaluation_sign(user=ctl.world.control, evaluation=evaluation)
    assert all(r.functioning for r in services.requirement_ratings(evaluation))
    client = login(ctl.world.control)
    response = client.get(reverse("control:evaluation_pdf", args=[evaluation.pk]))
    assert b"".join(response.streaming_content) == content
    rating = services.requirement_ratings(evaluation)[0]
    response = client.post(
        reverse("control:evaluation_detail", args=[evaluation.pk]), {f"present-{rating.pk}": "0"}
    )
    assert response.status_code == 302
    assert services.requirement_ratings(evaluation)[0].present is True


def test_pages_and_api_across_entities(ctl, evaluation, login, api):
    assert (
        login(ctl.world.head_planner)
        .get(reverse("control:evaluation_detail", args=[evaluation.pk]))
        .status_code
        == 200
    )
    assert (
        login(ctl.world.head_planner)
        .post(reverse("control:evaluation_sign", args=[evaluation.pk]))
        .status_code
        == 403
    )
    assert (
        login(ctl.world.child_planner)
        .get(reverse("control:evaluation_detail", args=[evaluation.pk]))
        .status_code
        == 404
    )
    assert api(ctl.world.child_planner).get(f"/api/v1/ci-evaluations/{evaluation.pk}/").status_code == 404
    assert api(ctl.world.child_planner).get("/api/v1/ci-evaluations/").json()["count"] == 0
    own = api(ctl.world.control)
    ratings = [
        {"id": r.pk, "present": True, "functioning": True} for r in services.requirement_ratings(evaluation)
    ]
    conclusions = {c.module.name: "Bien" for c in evaluation.conclusions.select_related("module")}
    response = own.post(
        f"/api/v1/ci-evaluations/{evaluation.pk}/rate/",
        {"ratings": ratings, "conclusions": conclusions, "overall_conclusion": "Funciona"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    response = own.post(f"/api/v1/ci-evaluations/{evaluation.pk}/sign/")
    assert response.status_code == 200 and response.json()["report_sha256"]
    refused = own.post(
        f"/api/v1/ci-evaluations/{evaluation.pk}/rate/", {"overall_conclusion": "Otra"}, format="json"
    )
    assert refused.status_code == 400 and "firmada" in refused.json()["error"]["message"]
    assert CIEvaluation.objects.get(pk=evaluation.pk).overall_conclusion == "Funciona"


def test_ratings_are_answers_of_the_evaluations_campaign(ctl, evaluation):
    """Each requirement is an answer of the engine's campaign; saving goes through the engine (score,
    justification); signing closes the campaign, so the engine refuses changes too."""
    first, second = services.requirement_ratings(evaluation)[:2]
    services.evaluation_save(
        user=ctl.world.control,
        evaluation=evaluation,
        ratings={first.pk: (True, False, "Sin seguimiento"), second.pk: (False, False, "")},
        conclusions={},
        overall_conclusion="",
    )
    answers = {a.pk: a for a in Answer.objects.filter(campaign=evaluation.campaign)}
    assert (answers[first.pk].score, answers[first.pk].justification) == (50, "Sin seguimiento")
    assert answers[second.pk].score == 0 and answers[second.pk].status == Answer.Status.ANSWERED
    with pytest.raises(ValidationError, match="indique si el requisito presente está funcionando"):
        services.evaluation_save(
            user=ctl.world.control,
            evaluation=evaluation,
            ratings={first.pk: (True, None, "")},
            conclusions={},
            overall_conclusion="",
        )
    with pytest.raises(ValidationError, match="no puede quedar en blanco"):
        services.evaluation_save(
            user=ctl.world.control,
            evaluation=evaluation,
            ratings={first.pk: (None, None, "")},
            conclusions={},
            overall_conclusion="",
        )
    fill(ctl, evaluation)
    services.evaluation_sign(user=ctl.world.control, evaluation=evaluation)
    evaluation.campaign.refresh_from_db()
    assert evaluation.campaign.closed_at is not None
    answer = Answer.objects.select_related("campaign__entity", "campaign__questionnaire", "question").get(
        pk=first.pk
    )
    with pytest.raises(Conflict, match="cerrada"):
        answer_save(user=ctl.world.control, answer=answer, choices=answer.choices, justification="Cambio")


def test_evidence_cites_the_entitys_evidence_until_signed(ctl, evaluation, login):
    requirement = services.requirement_ratings(evaluation)[0].pk
    acta = evidence_create(
        user=ctl.world.head_planner,
        entity=ctl.world.head,
        title="Acta del comité",
        url="https://example.org/a",
    )
    with pytest.raises(PermissionDenied):
        services.evaluation_attach_evidence(
            user=ctl.world.head_planner, evaluation=evaluation, requirement=requirement, reuse=acta.pk
        )
    services.evaluation_attach_evidence(
        user=ctl.world.control, evaluation=evaluation, requirement=requirement, reuse=acta.pk
    )
    assert list(Answer.objects.get(pk=requirement).evidence.all()) == [acta]
    page = login(ctl.world.control).get(reverse("control:evaluation_detail", args=[evaluation.pk]))
    answer_url = reverse("questionnaires:answer_detail", args=[requirement])
    assert f'href="{answer_url}">1 evidencia<' in page.content.decode()
    services.evaluation_save(
        user=ctl.world.control,
        evaluation=evaluation,
        ratings={requirement: (True, True, "")},
        conclusions={},
        overall_conclusion="",
    )
    # The engine's answer page offers planeación no review or return of an SCI answer.
    answer_page = login(ctl.world.head_planner).get(answer_url).content.decode()
    assert "Marcar como revisada" not in answer_page and "Devolver con observación" not in answer_page
    fill(ctl, evaluation)
    services.evaluation_sign(user=ctl.world.control, evaluation=evaluation)
    with pytest.raises(ValidationError, match="firmada"):
        services.evaluation_attach_evidence(
            user=ctl.world.control, evaluation=evaluation, requirement=requirement, reuse=acta.pk
        )


def test_api_keeps_the_rating_shape(ctl, evaluation, api):
    own = api(ctl.world.control)
    body = own.get(f"/api/v1/ci-evaluations/{evaluation.pk}/").json()
    assert set(body["ratings"][0]) == {
        "id",
        "code",
        "component",
        "requirement",
        "present",
        "functioning",
        "note",
    }
    assert body["ratings"][0]["present"] is None
    first = body["ratings"][0]["id"]
    response = own.post(
        f"/api/v1/ci-evaluations/{evaluation.pk}/rate/",
        {"ratings": [{"id": first, "present": True, "functioning": False, "note": "Débil"}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    rating = response.json()["ratings"][0]
    assert (rating["present"], rating["functioning"], rating["note"]) == (True, False, "Débil")
    refused = own.post(
        f"/api/v1/ci-evaluations/{evaluation.pk}/rate/",
        {"ratings": [{"id": first, "present": True, "functioning": None}]},
        format="json",
    )
    assert refused.status_code == 400 and "funcionando" in refused.json()["error"]["message"]
    planner = api(ctl.world.head_planner).post(
        f"/api/v1/ci-evaluations/{evaluation.pk}/rate/",
        {"ratings": [{"id": first, "present": False, "functioning": False}]},
        format="json",
    )
    assert planner.status_code == 403
    assert services.requirement_ratings(evaluation)[0].present is True


def test_api_list_reads_ratings_in_a_fixed_number_of_queries(ctl, evaluation, api):
    client = api(ctl.world.control)

    def queries() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/ci-evaluations/")
            assert response.status_code == 200
        return len(captured), response.json()

    few, body = queries()
    assert len(body["results"][0]["ratings"]) == len(services.requirement_ratings(evaluation))
    for vigencia, semester in ((2026, 2), (2027, 1), (2027, 2)):
        services.evaluation_create(
            user=ctl.world.control, entity=ctl.world.head, vigencia=vigencia, semester=semester
        )
    many, body = queries()
    assert body["count"] == 4 and all(
        len(e["ratings"]) == len(body["results"][0]["ratings"]) for e in body["results"]
    )
    assert many == few
