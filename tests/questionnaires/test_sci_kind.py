"""The questionnaire class «Evaluación SCI» (control interno's semiannual evaluation): control interno opens
its campaigns (two per vigencia, one per semester) and answers them; planeación neither opens, assigns,
answers, reviews nor returns them, and control interno does not verify them; a closed campaign refuses
answers and evidence; its campaigns stay out of planning's lists and pending items."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mipg.control.libraries import meci_library
from mipg.core.concurrency import Conflict
from mipg.core.services import evidence_create
from mipg.measurement.questionnaires.models import Answer, Campaign, Questionnaire
from mipg.measurement.questionnaires.pending import pending_items
from mipg.measurement.questionnaires.services import (
    answer_attach_evidence,
    answer_return,
    answer_review,
    answer_save,
    answer_verify,
    campaign_assign,
    campaign_close,
    campaign_create,
    can_answer,
    questionnaire_load_library,
    sector_campaign_create,
)
from tests.factories import UserFactory, grant
from tests.questionnaires.conftest import answer_of, option_id


@pytest.fixture
def meci(world):
    questionnaire, _created = questionnaire_load_library(user=None, library=meci_library())
    return questionnaire


@pytest.fixture
def sci(world, meci):
    return campaign_create(
        user=world.control,
        questionnaire=meci,
        entity=world.head,
        vigencia=2026,
        deadline=date(2026, 7, 31),
        period=1,
    )


def first_answer(campaign):
    return answer_of(campaign, "MECI-AC1")


def rate(user, answer, text="Presente y funcionando"):
    return answer_save(user=user, answer=answer, choices=[option_id(answer, text)], justification="Visto")


def test_library_loads_as_the_sci_class(meci):
    assert meci.kind == Questionnaire.Kind.CI_EVALUATION
    assert meci.get_kind_display() == "Evaluación SCI"


def open_campaign(user, questionnaire, entity, period=0):
    """A campaign of vigencia 2026 (the SCI one of semester `period`)."""
    return campaign_create(
        user=user,
        questionnaire=questionnaire,
        entity=entity,
        vigencia=2026,
        deadline=date(2027, 1, 31),
        period=period,
    )


def test_only_control_interno_opens_and_two_semesters_per_vigencia(world, meci, sci):
    for user in (world.head_planner, world.admin, world.reader):
        with pytest.raises(PermissionDenied, match="control interno"):
            open_campaign(user, meci, world.head, period=2)
    second = open_campaign(world.control, meci, world.head, period=2)
    assert (sci.period, second.period) == (1, 2)
    assert str(second).endswith("– MIN – 2026 (semestre 2)")
    with pytest.raises(ValidationError, match="periodo 2 de 2026"):
        open_campaign(world.control, meci, world.head, period=2)
    assert Campaign.objects.filter(questionnaire=meci).count() == 2


def test_furag_keeps_one_campaign_per_vigencia_opened_by_planning(world, furag):
    with pytest.raises(PermissionDenied, match="planeación"):
        open_campaign(world.control, furag, world.head)
    open_campaign(world.head_planner, furag, world.head)
    with pytest.raises(ValidationError, match="vigencia 2026"):
        open_campaign(world.head_planner, furag, world.head)


def test_sci_is_not_a_sector_campaign(world, meci):
    with pytest.raises(ValidationError, match="no un sector"):
        sector_campaign_create(
            user=world.sector_planner,
            questionnaire=meci,
            sector=world.sector,
            vigencia=2026,
            deadline=date(2026, 7, 31),
        )


def test_only_control_interno_answers_and_nobody_reviews(world, sci):
    answer = first_answer(sci)
    for user in (world.head_planner, world.admin, world.reader, world.child_planner):
        assert not can_answer(user, answer)
        with pytest.raises(PermissionDenied):
            rate(user, answer)
    other_control = UserFactory(username="control_ajeno")
    grant(other_control, world.other, "control_interno")
    with pytest.raises(PermissionDenied):
        rate(other_control, answer)
    assert can_answer(world.control, answer)
    rate(world.control, answer)
    answer = first_answer(sci)
    assert (answer.status, answer.score, answer.justification) == (Answer.Status.ANSWERED, 100, "Visto")
    with pytest.raises(PermissionDenied, match="no pasan por revisión"):
        answer_review(user=world.head_planner, answer=answer)
    with pytest.raises(PermissionDenied, match="no pasan por revisión"):
        answer_verify(user=world.control, answer=answer)
    with pytest.raises(PermissionDenied, match="no pasan por revisión"):
        answer_return(user=world.head_planner, answer=answer, note="Revise")
    with pytest.raises(PermissionDenied):
        campaign_assign(
            user=world.head_planner, campaign=sci, modules=[sci.questionnaire.modules.first()], person=None
        )
    assert first_answer(sci).status == Answer.Status.ANSWERED


def test_closed_campaign_refuses_answers_and_evidence(world, sci):
    answer = first_answer(sci)
    acta = evidence_create(
        user=world.head_planner, entity=world.head, title="Acta", url="https://example.org/a"
    )
    rate(world.control, answer)
    with pytest.raises(PermissionDenied):
        campaign_close(user=world.head_planner, campaign=sci)
    campaign_close(user=world.control, campaign=sci)
    answer = first_answer(sci)
    assert not can_answer(world.control, answer)
    with pytest.raises(Conflict, match="cerrada"):
        rate(world.control, answer, "No presente")
    with pytest.raises(Conflict, match="cerrada"):
        answer_attach_evidence(user=world.control, answer=answer, reuse=acta.pk)
    with pytest.raises(Conflict, match="cerrada"):
        campaign_close(user=world.control, campaign=sci)
    answer.refresh_from_db()
    assert answer.choices == [option_id(answer, "Presente y funcionando")]
    assert not answer.evidence.exists()


def test_open_campaign_takes_the_entitys_evidence_from_control_interno(world, sci):
    """Control interno (third line) does not upload content (core rule); it cites the entity's evidence."""
    answer = first_answer(sci)
    acta = evidence_create(
        user=world.head_planner, entity=world.head, title="Acta", url="https://example.org/a"
    )
    with pytest.raises(PermissionDenied):
        answer_attach_evidence(user=world.control, answer=answer, url="https://example.org/propia")
    assert answer_attach_evidence(user=world.control, answer=answer, reuse=acta.pk) == acta
    assert list(answer.evidence.all()) == [acta]
    with pytest.raises(PermissionDenied):
        answer_attach_evidence(user=world.head_planner, answer=answer, reuse=acta.pk)


def test_sci_campaigns_stay_out_of_planning_lists_and_pending(world, sci, furag, login):
    furag_campaign = open_campaign(world.head_planner, furag, world.head)
    rate(world.control, first_answer(sci))
    planner_items = pending_items(world.head_planner)
    assert planner_items and all(item.key.split(":")[1] != str(sci.pk) for item in planner_items)
    assert any(item.key == f"questions_unassigned:{furag_campaign.pk}" for item in planner_items)
    assert not [i for i in pending_items(world.admin) if i.key.endswith(f":{sci.pk}")]
    client = login(world.head_planner)
    page = client.get(reverse("questionnaires:index")).content.decode()
    assert reverse("questionnaires:campaign_detail", args=[furag_campaign.pk]) in page
    assert reverse("questionnaires:campaign_detail", args=[sci.pk]) not in page
    form = client.get(reverse("questionnaires:campaign_create")).content.decode()
    assert furag.name in form and sci.questionnaire.name not in form
    # Reading the campaign itself stays possible for whoever sees the entity.
    assert client.get(reverse("questionnaires:campaign_detail", args=[sci.pk])).status_code == 200
