"""Expensive requests (issue 9 item 8): free text has a length limit at the service, the page and the
API; a draft acta's PDF is rendered once per content; a document above its budget is refused."""

from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from mipg.core import pdf
from mipg.institutional import services
from mipg.institutional.models import Acta

from .conftest import attend_all

HUGE = "x" * (3 * 1024 * 1024)


@pytest.fixture
def acta(cw, past_session):
    attend_all(cw, past_session)
    return services.acta_generate(user=cw.secretary_user, session=past_session)


@pytest.fixture
def renders():
    """Count WeasyPrint renders (the cache is emptied first, so earlier tests do not count)."""
    caches["default"].clear()
    with mock.patch.object(pdf, "_write_pdf", wraps=pdf._write_pdf) as spy:
        yield spy


def test_huge_notes_are_refused_by_the_service_in_spanish(cw, acta):
    with pytest.raises(ValidationError) as error:
        services.acta_update(user=cw.secretary_user, acta=acta, notes=HUGE)
    assert "como máximo 20000 caracteres" in " ".join(error.value.messages)
    acta.refresh_from_db()
    assert acta.notes == ""


def test_huge_notes_are_refused_on_the_page(cw, acta, login):
    response = login(cw.secretary_user).post(
        reverse("institutional:acta_notes", args=[acta.pk]), {"notes": HUGE}
    )
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("como máximo 20000 caracteres" in m for m in messages), messages
    assert Acta.objects.get(pk=acta.pk).notes == ""


def test_notes_within_the_limit_are_kept(cw, acta):
    services.acta_update(user=cw.secretary_user, acta=acta, notes="y" * 20_000)
    assert len(Acta.objects.get(pk=acta.pk).notes) == 20_000


def test_a_second_get_of_a_draft_pdf_does_not_render_again(cw, acta, login, renders):
    client = login(cw.secretary_user)
    url = reverse("institutional:acta_pdf", args=[acta.pk])
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf" and first.content == second.content
    assert renders.call_count == 1
    # another reader of the same draft gets the same rendering
    assert login(cw.president_user).get(url).content == first.content
    assert renders.call_count == 1


def test_the_cached_pdf_changes_when_the_acta_changes(cw, acta, login, renders):
    client = login(cw.secretary_user)
    url = reverse("institutional:acta_pdf", args=[acta.pk])
    client.get(url)
    services.acta_update(user=cw.secretary_user, acta=acta, notes="Proposición nueva")
    client.get(url)
    assert renders.call_count == 2
    client.get(url)
    assert renders.call_count == 2
    # a change elsewhere in the session (a decision) is part of the acta too
    services.decision_record(user=cw.secretary_user, session=acta.session, text="Aprobar", votes_for=3)
    client.get(url)
    assert renders.call_count == 3


@override_settings(MIPG_PDF_MAX_HTML_CHARS=2_000)
def test_a_pdf_above_its_budget_is_refused_on_the_page_and_the_api(cw, acta, login, api, renders):
    response = login(cw.secretary_user).get(reverse("institutional:acta_pdf", args=[acta.pk]))
    assert response.status_code == 422
    assert "demasiado extenso para generarlo en PDF" in response.content.decode()
    response = api(cw.secretary_user).get(f"/api/v1/committee-sessions/{acta.session_id}/acta.pdf")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "document_too_large"
    assert renders.call_count == 0


@override_settings(MIPG_PDF_MAX_HTML_CHARS=2_000)
def test_approval_of_an_acta_above_the_budget_is_refused_and_nothing_changes(cw, acta):
    with pytest.raises(ValidationError) as error:
        services.acta_approve(user=cw.president_user, acta=acta)
    assert "demasiado extenso" in " ".join(error.value.messages)
    assert not Acta.objects.get(pk=acta.pk).is_approved
