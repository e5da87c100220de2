"""A real page whose forms are not called `form` (the commitment page's `follow_form` and `close_form`)
gets the error summary and the "Error:" title (issue 11.16)."""

import re

import pytest
from django.urls import reverse

from mipg.institutional import services

pytestmark = pytest.mark.django_db


def test_the_commitment_page_summarises_the_errors_of_its_follow_up_and_close_forms(cw, past_session, login):
    commitment = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Informe",
        responsible=cw.member_a,
        due_date=past_session.day,
    )
    client = login(cw.secretary_user)
    url = reverse("institutional:commitment_detail", args=[commitment.pk])
    page = client.get(url).content.decode()
    assert "error-summary" not in page and not re.search(r"<title>\s*Error:", page)

    page = client.post(url, {"action": "note", "text": ""}).content.decode()
    assert re.search(r"<title>\s*Error: ", page)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_text"' in summary and "Seguimiento" in summary

    page = client.post(url, {"action": "close", "note": "Sin evidencia"}).content.decode()
    assert re.search(r"<title>\s*Error: ", page)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "adjunte la evidencia" in summary
    assert commitment.notes.count() == 0
