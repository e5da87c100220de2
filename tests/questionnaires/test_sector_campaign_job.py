"""Opening a sector campaign runs as a background job (issue 14 item 5): one campaign per entity, or none
if it fails; only sector planning may start it."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mipg.jobs.models import Job
from mipg.measurement.questionnaires.models import Campaign, SectorCampaign
from mipg.measurement.questionnaires.services import campaigns
from tests.jobs.helpers import job_from

URL = reverse("questionnaires:sector_campaign_create")


def _form(world, furag, **extra):
    deadline = timezone.localdate() + timedelta(days=30)
    return {
        "questionnaire": furag.pk,
        "sector": world.sector.pk,
        "vigencia": "2026",
        "deadline": deadline,
        **extra,
    }


def test_sector_campaign_is_opened_by_a_job(world, furag, login):
    client = login(world.sector_planner)
    job = job_from(client.post(URL, _form(world, furag)))
    assert job.status == Job.Status.SUCCEEDED and job.kind == Job.Kind.SECTOR_CAMPAIGN
    sector_campaign = SectorCampaign.objects.get()
    assert Campaign.objects.filter(sector_campaign=sector_campaign).count() == 2
    assert job.result_url == reverse("questionnaires:sector_campaign_detail", args=[sector_campaign.pk])
    assert "2 entidades" in job.result_summary
    assert job.entity == world.head  # the sector's planning (and its entity admins) see it
    assert login(world.head_planner).get(f"/trabajos/{job.pk}/").status_code == 200
    assert login(world.child_planner).get(f"/trabajos/{job.pk}/").status_code == 404


def test_a_failing_campaign_job_opens_no_campaign(world, furag, login, monkeypatch):
    calls = []
    original = campaigns._insert_rows

    def fails_after_writing(*args, **kwargs):
        calls.append(args)
        original(*args, **kwargs)  # every campaign and answer is written...
        raise RuntimeError("se cayó la base")  # ...then the job fails

    monkeypatch.setattr(campaigns, "_insert_rows", fails_after_writing)
    job = job_from(login(world.sector_planner).post(URL, _form(world, furag)))
    assert len(calls) == 1  # the sector's campaigns were written, then rolled back
    assert job.status == Job.Status.FAILED and "no cambió nada" in job.error
    assert not SectorCampaign.objects.exists() and not Campaign.objects.exists()


def test_only_sector_planning_may_start_the_job(world, furag, login):
    for user in (world.child_planner, world.outsider, world.reader):
        response = login(user).post(URL, _form(world, furag))
        assert response.status_code == 403
    assert not Job.objects.exists()
