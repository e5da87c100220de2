import io
from datetime import date

import pytest

from mipg.measurement.questionnaires.demo import load_libraries
from mipg.measurement.questionnaires.models import Answer, Questionnaire
from mipg.measurement.questionnaires.services import campaign_assign, campaign_create
from mipg.organizations.roles import Role

from ..factories import DependenciaFactory, PersonFactory, UserFactory, grant


@pytest.fixture
def demo_questionnaires(world):
    load_libraries(world.admin)
    furag = Questionnaire.objects.get(builtin_code="furag-demo-2025")
    auto = Questionnaire.objects.get(builtin_code="autodiagnostico-gestion-documental-demo")
    return furag, auto


@pytest.fixture
def furag(demo_questionnaires):
    return demo_questionnaires[0]


@pytest.fixture
def people(world):
    """A dependencia of the head entity with a respondent (policy leader role) and another writer."""
    dependencia = DependenciaFactory(entity=world.head, name="Talento Humano")
    respondent = UserFactory(username="respondent")
    grant(respondent, world.head, Role.POLICY_LEADER)
    person = PersonFactory(
        entity=world.head,
        full_name="Marta Gil",
        dependencia=dependencia,
        user=respondent,
        email="marta@example.gov.co",
    )
    stranger = UserFactory(username="stranger")
    grant(stranger, world.head, Role.POLICY_LEADER)
    return dependencia, respondent, person, stranger


@pytest.fixture
def campaign(world, furag):
    return campaign_create(
        user=world.head_planner,
        questionnaire=furag,
        entity=world.head,
        vigencia=2025,
        deadline=date(2025, 12, 1),
    )


@pytest.fixture
def assigned(world, campaign, people):
    dependencia, respondent, person, _stranger = people
    module = campaign.questionnaire.modules.order_by("order").first()
    campaign_assign(
        user=world.head_planner, campaign=campaign, modules=[module], dependencia=dependencia, person=person
    )
    return campaign


def answer_of(campaign, code):
    return Answer.objects.select_related(
        "campaign__entity",
        "campaign__questionnaire",
        "question__module__policy",
        "question__policy",
        "question__condition_question",
        "assigned_person",
        "assigned_dependencia",
    ).get(campaign=campaign, question__code=code)


def option_id(answer, text):
    return answer.question.options.get(text=text).pk


def upload(data: bytes, name="cuestionario.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def as_file(data: bytes, name="cuestionario.xlsx"):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer
