"""Every view that serves an uploaded file (acta PDF, legal act, evidence; pages and API) answers a Spanish
404 with a message when the row names a file that the storage no longer has (e.g. a database restored
without its media/), never a 500. And the reader still cannot reach another entity's file."""

from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from mipg.core.models import Evidence
from mipg.institutional import services
from mipg.institutional.models import CommitteeAct

from .conftest import attend_all

MESSAGE = "no está disponible en el servidor"


@pytest.fixture
def approved_acta(cw, past_session, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attend_all(cw, past_session)
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    acta = services.acta_approve(user=cw.president_user, acta=acta)
    assert acta.pdf and default_storage.exists(acta.pdf.name)
    return acta


def _assert_spanish_404(response):
    assert response.status_code == 404
    body = response.content.decode()
    assert MESSAGE in body and "copia de seguridad" in body


def test_acta_pdf_page_and_api_answer_404_with_a_message(cw, approved_acta, login, api):
    url = reverse("institutional:acta_pdf", args=[approved_acta.pk])
    assert login(cw.secretary_user).get(url).status_code == 200
    default_storage.delete(approved_acta.pdf.name)

    _assert_spanish_404(login(cw.secretary_user).get(url))
    response = api(cw.secretary_user).get(f"/api/v1/committee-sessions/{approved_acta.session_id}/acta.pdf")
    assert response.status_code == 404
    assert MESSAGE in response.json()["error"]["message"]


def test_legal_act_download_answers_404_with_a_message(cw, world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    act = CommitteeAct.objects.create(
        committee=cw.committee,
        act_type=CommitteeAct.ActType.RESOLUTION,
        number="12",
        date=date(2024, 3, 1),
        issuer="Ministerio",
        file="committee_acts/2024/desaparecido.pdf",
    )
    url = reverse("institutional:act_download", args=[act.pk])
    _assert_spanish_404(login(cw.secretary_user).get(url))
    # Another entity's user gets the plain 404, without learning anything about the file.
    response = login(world.outsider).get(url)
    assert response.status_code == 404 and MESSAGE not in response.content.decode()


def test_evidence_download_answers_404_with_a_message(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evidence = Evidence.objects.create(
        entity=world.head,
        title="Informe de gestión",
        kind=Evidence.Kind.FILE,
        file="evidence/2026/01/desaparecido.pdf",
        original_name="informe.pdf",
        uploaded_by=world.head_planner,
    )
    url = reverse("evidence_download", args=[evidence.pk])
    _assert_spanish_404(login(world.head_planner).get(url))
    assert "Informe de gestión" in login(world.head_planner).get(url).content.decode()
    response = login(world.outsider).get(url)
    assert response.status_code == 404 and MESSAGE not in response.content.decode()
