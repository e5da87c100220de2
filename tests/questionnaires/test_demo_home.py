import pytest
from django.contrib.auth import get_user_model

from mipg.catalog.loader import load_all
from mipg.measurement.questionnaires import demo
from mipg.measurement.questionnaires.models import Answer, Campaign, Questionnaire, SectorCampaign
from mipg.organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_idempotently_and_respondent_sees_pending_work(client):
    load_all()
    organizations_demo.load()
    demo.load()
    counts = (
        Questionnaire.objects.count(),
        Campaign.objects.count(),
        SectorCampaign.objects.count(),
        Answer.objects.count(),
    )
    demo.load()
    assert counts == (
        Questionnaire.objects.count(),
        Campaign.objects.count(),
        SectorCampaign.objects.count(),
        Answer.objects.count(),
    )
    assert counts[0] == 2 and counts[2] == 1
    ugg = Campaign.objects.get(entity__acronym="MDN-UGG", sector_campaign__isnull=True)
    assert Answer.objects.filter(campaign=ugg).exclude(status="pendiente").count() == 2
    respondent = get_user_model().objects.get(username=demo.RESPONDENT)
    client.force_login(respondent)
    page = client.get("/").content.decode()
    assert "preguntas por responder" in page
    # the sector planner sees the consolidated sector view with every entity
    client.force_login(get_user_model().objects.get(username="sector"))
    sector_campaign = SectorCampaign.objects.get()
    page = client.get(f"/medicion/cuestionarios/campanas/sectorial/{sector_campaign.pk}/")
    assert page.status_code == 200 and page.content.decode().count("/medicion/cuestionarios/campanas/") >= 22
    # the HMC planner does not see the sector view
    client.force_login(get_user_model().objects.get(username="hmc"))
    assert client.get(f"/medicion/cuestionarios/campanas/sectorial/{sector_campaign.pk}/").status_code == 404
