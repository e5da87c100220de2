"""A large acta draft is turned into PDF by a background job (issue 14 item 5; the threshold is
MIPG_PDF_JOB_HTML_CHARS): GET explains it, POST enqueues it; small drafts stay immediate."""

import pytest
from django.test import override_settings
from django.urls import reverse

from mipg.institutional import services
from mipg.jobs.models import Job
from tests.jobs.helpers import run_page_job

from .conftest import attend_all


@pytest.fixture
def acta(cw, past_session):
    attend_all(cw, past_session)
    return services.acta_generate(user=cw.secretary_user, session=past_session)


@override_settings(MIPG_PDF_JOB_HTML_CHARS=1_000)
def test_a_large_draft_is_rendered_by_a_job(cw, acta, login, world):
    client = login(cw.secretary_user)
    url = reverse("institutional:acta_pdf", args=[acta.pk])
    page = client.get(url)
    assert page.status_code == 200 and "se genera en segundo plano" in page.content.decode()
    assert not Job.objects.exists()
    job, pdf = run_page_job(client, url)
    assert job.kind == Job.Kind.ACTA_PDF and job.entity == world.head
    assert pdf.startswith(b"%PDF") and job.result_name == f"acta-{acta.number:02d}-{acta.year}-v1.pdf"
    # who cannot read the acta gets 404 and no job
    outsider = login(world.outsider)
    assert outsider.get(url).status_code == 404 and outsider.post(url).status_code == 404
    assert Job.objects.count() == 1


def test_a_small_draft_is_still_served_at_once(cw, acta, login):
    response = login(cw.secretary_user).get(reverse("institutional:acta_pdf", args=[acta.pk]))
    assert response["Content-Type"] == "application/pdf" and not Job.objects.exists()
