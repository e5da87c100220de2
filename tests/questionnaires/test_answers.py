from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mipg.core.services import evidence_create
from mipg.measurement.questionnaires.models import Answer, Campaign, ScoreAggregate
from mipg.measurement.questionnaires.services import (
    answer_attach_evidence,
    answer_return,
    answer_review,
    answer_save,
    answer_verify,
    campaign_create,
    sector_campaign_create,
)
from tests.factories import minimal_pdf

from .conftest import answer_of, option_id

pytestmark = pytest.mark.django_db


def agg(campaign, key):
    return ScoreAggregate.objects.get(campaign=campaign, key=key)


def snapshot(campaign):
    return (
        list(
            Answer.objects.filter(campaign=campaign)
            .order_by("pk")
            .values_list("status", "choices", "values", "number", "text", "score", "applicable")
        ),
        list(
            ScoreAggregate.objects.filter(campaign=campaign)
            .order_by("pk")
            .values_list("applicable_count", "answered_count", "scored_count", "score_sum")
        ),
    )


def test_campaign_creates_answers_for_applicable_questions(world, campaign):
    # DCI310 applies only to national entities: the test entity is national, so every question is there
    assert Answer.objects.filter(campaign=campaign).count() == 9
    # DTH110 depends on DTH100: not applicable until DTH100 is answered Sí/Parcialmente
    assert not answer_of(campaign, "DTH110").applicable
    assert agg(campaign, "total").applicable_count == 8


def test_territorial_entity_skips_national_questions(world, furag):
    world.other.order = "territorial"
    world.other.save()
    c = campaign_create(
        user=world.outsider,
        questionnaire=furag,
        entity=world.other,
        vigencia=2025,
        deadline=date(2025, 12, 1),
    )
    assert not Answer.objects.filter(campaign=c, question__code="DCI310").exists()


def test_full_flow_updates_estimate_incrementally(world, assigned, people):
    _dep, respondent, _person, _stranger = people
    campaign = assigned
    a = answer_of(campaign, "DTH100")
    answer_save(user=respondent, answer=a, choices=[option_id(a, "Parcialmente")])
    a.refresh_from_db()
    assert a.status == Answer.Status.ANSWERED and a.score == Decimal("50.0")
    module_key = f"m:{a.question.module_id}"
    assert agg(campaign, module_key).estimate == Decimal("50.0")
    # the dependent question became applicable
    assert answer_of(campaign, "DTH110").applicable
    assert agg(campaign, "total").applicable_count == 9

    b = answer_of(campaign, "DTH110")
    answer_save(
        user=respondent,
        answer=b,
        choices=[option_id(b, "Plan de capacitación"), option_id(b, "Otros. ¿Cuáles?")],
        free_text="Teletrabajo",
    )
    b.refresh_from_db()
    assert b.score == Decimal("50.0")  # 2 of 4 points
    # module: mean(50, 50)
    assert agg(campaign, module_key).estimate == Decimal("50.0")
    assert agg(campaign, module_key).answered_count == 2

    # change DTH100 to "No": score 0 and the dependent question leaves the estimate
    a = answer_of(campaign, "DTH100")
    answer_save(user=respondent, answer=a, choices=[option_id(a, "No")])
    assert not answer_of(campaign, "DTH110").applicable
    m = agg(campaign, module_key)
    assert (m.answered_count, m.scored_count, m.estimate) == (1, 1, Decimal("0.0"))

    a = answer_of(campaign, "DTH100")
    answer_save(user=respondent, answer=a, choices=[option_id(a, "Sí")])
    pdf = SimpleUploadedFile("plan.pdf", minimal_pdf(), content_type="application/pdf")
    answer_attach_evidence(user=respondent, answer=a, file=pdf, title="Plan estratégico")
    answer_review(user=world.head_planner, answer=a)
    answer_verify(user=world.control, answer=a)
    a.refresh_from_db()
    assert a.status == Answer.Status.VERIFIED and a.evidence.count() == 1
    # the answered "Sí" plus the dependent answer (50) that came back: mean(100, 50)
    assert agg(campaign, module_key).estimate == Decimal("75.0")
    assert agg(campaign, "total").estimate == Decimal("75.0")


def test_scores_by_type(world, campaign):
    planner = world.head_planner
    m = answer_of(campaign, "DPL200")
    opts = list(m.question.options.all())
    answer_save(user=planner, answer=m, values={opts[0].pk: "si", opts[1].pk: "no", opts[2].pk: "na"})
    assert answer_of(campaign, "DPL200").score == Decimal("50.0")  # 2 of 4 points (row 3 excluded)
    s = answer_of(campaign, "DCI310")
    answer_save(user=planner, answer=s, number="87,5")
    assert answer_of(campaign, "DCI310").score == Decimal("87.5")
    n = answer_of(campaign, "DPL210")
    answer_save(user=planner, answer=n, choices=[option_id(n, "No aplica")])
    n = answer_of(campaign, "DPL210")
    assert n.score is None and n.not_applicable
    x = answer_of(campaign, "DCI300")
    answer_save(user=planner, answer=x, choices=[option_id(x, "La entidad no sesionó el comité")])
    assert answer_of(campaign, "DCI300").score == Decimal("0.0")
    num = answer_of(campaign, "DTH120")
    o = list(num.question.options.all())
    answer_save(user=planner, answer=num, values={o[0].pk: "12", o[1].pk: "0", o[2].pk: ""})
    assert answer_of(campaign, "DTH120").score == Decimal("33.3")
    t = answer_of(campaign, "DPL220")
    answer_save(user=planner, answer=t, text="Mesas con la ciudadanía")
    t = answer_of(campaign, "DPL220")
    assert t.score is None and t.is_answered
    total = agg(campaign, "total")
    assert total.scored_count == 4 and total.answered_count == 6
    assert total.estimate == Decimal("42.7")  # (50 + 87.5 + 0 + 33.3) / 4


@pytest.mark.parametrize(
    "code,kwargs,message",
    [
        ("DTH130", {"number": "doce"}, "«doce» no es un número válido."),
        ("DCI310", {"number": "140"}, "El valor debe ser menor o igual a 100."),
        ("DTH120", {"values": "bad"}, "no es un número válido"),
        ("DCI300", {"choices": "exclusive+other"}, "es excluyente: no puede elegirse junto con otras"),
        ("DPL210", {"choices": "two"}, "Elija una sola opción."),
        ("DPL210", {"choices": [999999]}, "La opción elegida no pertenece a esta pregunta."),
    ],
)
def test_bad_answers_change_nothing(world, campaign, code, kwargs, message):
    a = answer_of(campaign, code)
    opts = list(a.question.options.all())
    if kwargs.get("choices") == "exclusive+other":
        kwargs = {"choices": [opts[0].pk, opts[2].pk]}
    elif kwargs.get("choices") == "two":
        kwargs = {"choices": [opts[0].pk, opts[1].pk]}
    elif kwargs.get("values") == "bad":
        kwargs = {"values": {opts[0].pk: "muchos"}}
    before = snapshot(campaign)
    with pytest.raises(ValidationError) as info:
        answer_save(user=world.head_planner, answer=a, **kwargs)
    assert message in " ".join(info.value.messages)
    assert snapshot(campaign) == before


def test_free_text_is_required_for_otros(world, campaign):
    a = answer_of(campaign, "DTH100")
    answer_save(user=world.head_planner, answer=a, choices=[option_id(a, "Sí")])
    b = answer_of(campaign, "DTH110")
    with pytest.raises(ValidationError, match="Escriba cuál"):
        answer_save(user=world.head_planner, answer=b, choices=[option_id(b, "Otros. ¿Cuáles?")])


def test_conditioned_question_cannot_be_answered_before_its_condition(world, campaign):
    b = answer_of(campaign, "DTH110")
    before = snapshot(campaign)
    with pytest.raises(ValidationError, match="no aplica según la respuesta a DTH100"):
        answer_save(user=world.head_planner, answer=b, choices=[option_id(b, "Plan de capacitación")])
    assert snapshot(campaign) == before


def test_permissions_on_answers(world, assigned, people):
    _dep, respondent, _person, stranger = people
    campaign = assigned
    a = answer_of(campaign, "DTH100")
    before = snapshot(campaign)
    for user in (stranger, world.reader, world.control, world.outsider):
        with pytest.raises(PermissionDenied):
            answer_save(user=user, answer=a, choices=[option_id(a, "Sí")])
    # the respondent is not assigned to the planning module
    p = answer_of(campaign, "DPL210")
    with pytest.raises(PermissionDenied):
        answer_save(user=respondent, answer=p, choices=[option_id(p, "Sí")])
    assert snapshot(campaign) == before
    answer_save(user=respondent, answer=a, choices=[option_id(a, "Sí")])
    with pytest.raises(PermissionDenied):
        answer_review(user=respondent, answer=a)
    with pytest.raises(PermissionDenied):
        answer_verify(user=world.head_planner, answer=a)
    with pytest.raises(ValidationError, match="exige evidencia"):
        answer_review(user=world.head_planner, answer=a)
    with pytest.raises(ValidationError, match="Solo se verifican respuestas revisadas"):
        answer_verify(user=world.control, answer=a)
    with pytest.raises(ValidationError, match="Escriba la observación"):
        answer_return(user=world.head_planner, answer=a, note=" ")
    answer_return(user=world.head_planner, answer=a, note="Falta el acta de aprobación")
    a.refresh_from_db()
    assert a.status == Answer.Status.RETURNED and a.observation == "Falta el acta de aprobación"
    # returned answers can be answered again
    answer_save(user=respondent, answer=a, choices=[option_id(a, "Sí")])
    assert answer_of(campaign, "DTH100").status == Answer.Status.ANSWERED


def test_reuse_evidence_only_from_the_same_entity(world, assigned, people):
    _dep, respondent, _person, _stranger = people
    a = answer_of(assigned, "DTH100")
    own = evidence_create(
        user=world.head_planner, entity=world.head, title="Acta", url="https://example.gov.co/acta"
    )
    foreign = evidence_create(
        user=world.outsider, entity=world.other, title="Ajena", url="https://example.gov.co/x"
    )
    with pytest.raises(ValidationError, match="no existe o es de otra entidad"):
        answer_attach_evidence(user=respondent, answer=a, reuse=foreign.pk)
    assert a.evidence.count() == 0
    answer_attach_evidence(user=respondent, answer=a, reuse=own.pk)
    assert list(a.evidence.all()) == [own]


def test_sector_campaign_creates_one_per_entity(world, furag):
    sc = sector_campaign_create(
        user=world.sector_planner,
        questionnaire=furag,
        sector=world.sector,
        vigencia=2025,
        deadline=date(2025, 11, 30),
    )
    assert set(Campaign.objects.filter(sector_campaign=sc).values_list("entity_id", flat=True)) == {
        world.head.pk,
        world.child.pk,
    }
    with pytest.raises(PermissionDenied):
        sector_campaign_create(
            user=world.head_planner,
            questionnaire=furag,
            sector=world.sector,
            vigencia=2026,
            deadline=date(2026, 11, 30),
        )
    assert Campaign.objects.filter(vigencia=2026).count() == 0


def test_duplicate_campaign_is_refused(world, campaign, furag):
    with pytest.raises(ValidationError, match="ya tiene una campaña"):
        campaign_create(
            user=world.head_planner,
            questionnaire=furag,
            entity=world.head,
            vigencia=2025,
            deadline=date(2025, 12, 1),
        )
    with pytest.raises(PermissionDenied):
        campaign_create(
            user=world.head_planner,
            questionnaire=furag,
            entity=world.other,
            vigencia=2025,
            deadline=date(2025, 12, 1),
        )
