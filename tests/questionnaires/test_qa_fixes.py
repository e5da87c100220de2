"""QA defects: sector campaign link and creation gate, empty answers, missing evidence warning."""

from datetime import date

import pytest
from django.urls import reverse

from mipg.measurement.questionnaires.models import Answer, Campaign
from mipg.measurement.questionnaires.services import (
    answer_attach_evidence,
    answer_review,
    answer_save,
    sector_campaign_create,
)
from mipg.organizations.roles import Role

from ..factories import UserFactory, grant
from .conftest import answer_of, option_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def sector_campaign(world, furag):
    return sector_campaign_create(
        user=world.sector_planner,
        questionnaire=furag,
        sector=world.sector,
        vigencia=2026,
        deadline=date(2026, 12, 1),
    )


def test_campaign_page_links_sector_campaign_only_when_the_user_can_open_it(world, sector_campaign, login):
    child_campaign = Campaign.objects.get(sector_campaign=sector_campaign, entity=world.child)
    sector_url = reverse("questionnaires:sector_campaign_detail", args=[sector_campaign.pk])
    url = reverse("questionnaires:campaign_detail", args=[child_campaign.pk])
    client = login(world.child_planner)
    assert client.get(sector_url).status_code == 404  # the gate stays as it is
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Campaña sectorial" in body and str(sector_campaign) in body
    assert sector_url not in body
    body = login(world.sector_planner).get(url).content.decode()
    assert f'href="{sector_url}"' in body


def test_sector_campaign_form_is_403_without_planning_over_the_whole_sector(world, furag, login):
    url = reverse("questionnaires:sector_campaign_create")
    leader = UserFactory(username="leader")
    grant(leader, world.head, Role.POLICY_LEADER, subtree=True)
    member = UserFactory(username="member")
    grant(member, world.head, Role.COMMITTEE_MEMBER, subtree=True)
    for user in (
        world.control,
        world.reader,
        leader,
        member,
        world.head_planner,  # planeación of the head without its subtree
        world.child_planner,  # planeación of one entity of the sector
        world.outsider,
    ):
        assert login(user).get(url).status_code == 403, user.username
        assert login(user).post(url, {"questionnaire": furag.pk}).status_code == 403, user.username
        assert url not in login(user).get(reverse("questionnaires:index")).content.decode()
    assert not Campaign.objects.exists()
    for user in (world.sector_planner, world.admin):
        response = login(user).get(url)
        assert response.status_code == 200
        assert f'<option value="{world.sector.pk}">' in response.content.decode()
        assert url in login(user).get(reverse("questionnaires:index")).content.decode()


EMPTY_CASES = [
    ("DPL210", {}, "Elija una opción"),
    ("DCI300", {}, "Elija al menos una opción"),
    ("DTH120", {"value_0": ""}, "Elija al menos una opción"),
    ("DPL200", {}, "Responda al menos una fila"),
    ("DTH130", {"number": " "}, "Escriba un número"),
    ("DCI310", {"number": ""}, "Escriba un valor entre 0 y 100"),
    ("DPL220", {"text": "   "}, "Escriba la respuesta"),
]


@pytest.mark.parametrize(("code", "data", "message"), EMPTY_CASES)
def test_empty_answer_is_refused_on_the_page(world, campaign, login, code, data, message):
    answer = answer_of(campaign, code)
    if "value_0" in data:
        data = {f"value_{o.pk}": "" for o in answer.question.options.all()}
    response = login(world.head_planner).post(
        reverse("questionnaires:answer_detail", args=[answer.pk]),
        {"action": "save", "justification": "x"} | data,
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and "Respuesta guardada." not in body
    after = answer_of(campaign, code)
    assert after.status == Answer.Status.PENDING and after.justification == "" and after.answered_at is None


@pytest.mark.parametrize(
    ("code", "payload", "message"),
    [
        ("DCI300", {"choices": []}, "Elija al menos una opción"),
        ("DTH120", {"values": {}}, "Elija al menos una opción"),
        ("DPL210", {}, "Elija una opción"),
        ("DTH130", {"number": None}, "Escriba un número"),
        ("DPL220", {"text": ""}, "Escriba la respuesta"),
    ],
)
def test_empty_answer_is_refused_by_the_api(world, campaign, api, code, payload, message):
    answer = answer_of(campaign, code)
    response = api(world.head_planner).post(f"/api/v1/answers/{answer.pk}/answer/", payload, format="json")
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert answer_of(campaign, code).status == Answer.Status.PENDING


def test_empty_save_leaves_an_answered_question_unchanged(world, campaign, login):
    answer = answer_of(campaign, "DCI300")
    first = answer.question.options.order_by("order").first()
    answer_save(user=world.head_planner, answer=answer, choices=[first.pk])
    response = login(world.head_planner).post(
        reverse("questionnaires:answer_detail", args=[answer.pk]), {"action": "save"}
    )
    assert response.status_code == 400 and "Elija al menos una opción" in response.content.decode()
    after = answer_of(campaign, "DCI300")
    assert after.status == Answer.Status.ANSWERED and after.choices == [first.pk]


def test_answer_page_warns_when_required_evidence_is_missing(world, campaign, login):
    warning = "Esta pregunta exige evidencia: adjúntela antes de la revisión."
    answer = answer_of(campaign, "DTH100")
    url = reverse("questionnaires:answer_detail", args=[answer.pk])
    client = login(world.head_planner)
    assert warning not in client.get(url).content.decode()  # nothing saved yet
    response = client.post(url, {"action": "save", "choice": option_id(answer, "Sí")}, follow=True)
    body = response.content.decode()
    assert "Respuesta guardada." in body and warning in body and 'id="evidence-warning"' in body
    # planeación still cannot mark it reviewed without evidence
    assert client.post(url, {"action": "review"}).status_code == 400
    assert answer_of(campaign, "DTH100").status == Answer.Status.ANSWERED
    answer_attach_evidence(
        user=world.head_planner, answer=answer_of(campaign, "DTH100"), url="https://example.gov.co/acta"
    )
    assert warning not in client.get(url).content.decode()
    answer_review(user=world.head_planner, answer=answer_of(campaign, "DTH100"))
    # a question without required evidence never warns
    other = answer_of(campaign, "DPL210")
    answer_save(user=world.head_planner, answer=other, choices=[other.question.options.first().pk])
    assert (
        warning not in client.get(reverse("questionnaires:answer_detail", args=[other.pk])).content.decode()
    )
