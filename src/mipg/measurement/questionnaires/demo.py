"""Demo data: the built-in libraries, a respondent at the UGG, a campaign in progress at the UGG and a
sector campaign across the demo entities. Idempotent."""

from datetime import date
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mipg.organizations.models import Dependencia, Entity, Person, Sector
from mipg.organizations.roles import Role, forget_roles
from mipg.organizations.services import role_grant

from .models import Answer, Campaign, Module, SectorCampaign
from .services import (
    answer_review,
    answer_save,
    campaign_assign,
    campaign_create,
    questionnaire_load_library,
    sector_campaign_create,
)

LIBRARIES = Path(__file__).resolve().parent / "libraries"
RESPONDENT = "respondente"
RESPONDENT_DEPENDENCIA = "Dirección de Desarrollo del Talento Humano"


def load_libraries(user=None) -> list:
    loaded = []
    for path in sorted(LIBRARIES.glob("*.yaml")):
        library = yaml.safe_load(path.read_text(encoding="utf-8"))
        loaded.append(questionnaire_load_library(user=user, library=library)[0])
    return loaded


@transaction.atomic
def load(stdout=None) -> None:
    from mipg.organizations.demo import demo_password

    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    furag, autodiagnostico = None, None
    for questionnaire in load_libraries(admin):
        if questionnaire.builtin_code == "furag-demo-2025":
            furag = questionnaire
        else:
            autodiagnostico = questionnaire
    ugg = Entity.objects.filter(acronym="MDN-UGG", is_demo=True).first()
    sector = Sector.objects.filter(code="defensa").first()
    planner = User.objects.filter(username="ugg").first()
    sector_planner = User.objects.filter(username="sector").first()
    if not (ugg and sector and planner and sector_planner and furag):
        return
    vigencia = timezone.localdate().year
    deadline = date(vigencia, 12, 15)

    respondent, created = User.objects.get_or_create(
        username=RESPONDENT,
        defaults={"email": "respondente@demo.invalid", "first_name": "Marta", "last_name": "Gil (demo)"},
    )
    if created:
        respondent.set_password(demo_password())
        respondent.save()
    dependencia = Dependencia.objects.get(entity=ugg, name=RESPONDENT_DEPENDENCIA)
    person, _created = Person.objects.update_or_create(
        user=respondent,
        defaults={
            "entity": ugg,
            "full_name": "Marta Gil (demo)",
            "position": "Profesional de talento humano",
            "email": respondent.email,
            "dependencia": dependencia,
        },
    )
    role_grant(user=admin, grantee=respondent, entity=ugg, role=Role.POLICY_LEADER)
    forget_roles(respondent)

    campaign = Campaign.objects.filter(questionnaire=furag, entity=ugg, vigencia=vigencia).first()
    if campaign is None:
        campaign = campaign_create(
            user=planner, questionnaire=furag, entity=ugg, vigencia=vigencia, deadline=deadline
        )
        first = Module.objects.filter(questionnaire=furag).order_by("order").first()
        campaign_assign(
            user=planner, campaign=campaign, modules=[first], dependencia=dependencia, person=person
        )
        answer = Answer.objects.select_related(
            "campaign__entity", "question__module__policy", "question__policy"
        ).get(campaign=campaign, question__code="DTH100")
        option = answer.question.options.get(text="Sí")
        answer_save(
            user=respondent, answer=answer, choices=[option.pk], justification="Plan aprobado en comité."
        )
        answer = Answer.objects.select_related(
            "campaign__entity", "question__module__policy", "question__policy"
        ).get(campaign=campaign, question__code="DPL210")
        answer_save(user=planner, answer=answer, choices=[answer.question.options.get(text="Sí").pk])
        answer_review(user=planner, answer=answer)

    if not SectorCampaign.objects.filter(
        questionnaire=autodiagnostico or furag, sector=sector, vigencia=vigencia
    ).exists():
        if not Campaign.objects.filter(questionnaire=autodiagnostico or furag, vigencia=vigencia).exists():
            sector_campaign_create(
                user=sector_planner,
                questionnaire=autodiagnostico or furag,
                sector=sector,
                vigencia=vigencia,
                deadline=deadline,
            )
    if stdout:
        stdout.write(
            f"Cuestionarios: campaña FURAG de demostración en la UGG ({vigencia}) y campaña sectorial; "
            f"usuario respondiente «{RESPONDENT}»."
        )
