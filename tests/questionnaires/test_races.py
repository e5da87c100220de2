"""Races on answers (PostgreSQL): saves keep the estimate consistent; review, verification and return
have one winner and one event; the API answers the losers 409 (issue 9 item 6)."""

from mipg.measurement.questionnaires.models import Answer, ScoreAggregate
from mipg.measurement.questionnaires.services import (
    answer_attach_evidence,
    answer_return,
    answer_review,
    answer_save,
    answer_verify,
)
from tests.concurrency import all_succeed, events, one_winner, postgres_only, race

from .conftest import answer_of, option_id

pytestmark = postgres_only


def _answered(campaign, respondent):
    answer = answer_of(campaign, "DTH100")
    answer_save(user=respondent, answer=answer, choices=[option_id(answer, "Parcialmente")])
    if answer.question.evidence_required:
        answer_attach_evidence(user=respondent, answer=answer, url="https://intranet.example.gov.co/e")
    return answer


def test_simultaneous_saves_keep_the_estimate_consistent(assigned, people):
    _dep, respondent, _person, _stranger = people
    first = answer_of(assigned, "DTH100")
    texts = ["Sí", "No", "Parcialmente"]
    all_succeed(
        race(
            lambda i: answer_save(
                user=respondent,
                answer=answer_of(assigned, "DTH100"),
                choices=[option_id(first, texts[i % 3])],
            )
        )
    )
    answer = Answer.objects.get(pk=first.pk)
    module = ScoreAggregate.objects.get(campaign=assigned, key=f"m:{first.question.module_id}")
    assert module.answered_count == 1
    assert module.score_sum == answer.score


def test_simultaneous_reviews_through_the_api_review_once(api, world, assigned, people):
    answer = _answered(assigned, people[1])
    clients = [api(world.head_planner) for _ in range(8)]
    url = f"/api/v1/answers/{answer.pk}/transition/"
    outcomes = race(lambda i: clients[i].post(url, {"action": "review"}, format="json"))
    statuses = sorted(response.status_code for _kind, response in outcomes)
    assert statuses == [200] + [409] * 7, statuses
    assert all(r.json()["error"]["code"] == "conflict" for _k, r in outcomes if r.status_code == 409)
    assert events(answer, "respuesta revisada") == 1


def test_simultaneous_verifications_verify_once(world, assigned, people):
    answer = _answered(assigned, people[1])
    answer_review(user=world.head_planner, answer=answer)
    one_winner(race(lambda i: answer_verify(user=world.control, answer=Answer.objects.get(pk=answer.pk))))
    assert events(answer, "respuesta verificada") == 1


def test_simultaneous_returns_return_once(world, assigned, people):
    answer = _answered(assigned, people[1])
    one_winner(
        race(
            lambda i: answer_return(
                user=world.head_planner, answer=Answer.objects.get(pk=answer.pk), note="Revise"
            )
        )
    )
    assert events(answer, "respuesta devuelta") == 1
