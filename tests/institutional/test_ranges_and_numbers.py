"""Dates out of range (issue 9.11) and numbers typed in es-CO (issue 11.1) in committees and sessions."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mipg.institutional import services
from mipg.institutional.models import Commitment, Decision, Session

from .conftest import attend_all

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "day,time", [("9999-12-31", "23:30"), ("0001-01-01", "00:10"), ("1999-12-31", "09:00")]
)
def test_new_session_with_a_date_out_of_range_is_refused_without_a_500(cw, login, day, time):
    response = login(cw.secretary_user).post(
        reverse("institutional:session_create", args=[cw.committee.pk]),
        {"kind": "ordinaria", "day": day, "time": time, "place": "Sala", "agenda": ""},
    )
    assert response.status_code == 200
    assert "La fecha debe estar entre los años 2000 y 2100." in response.content.decode()
    assert not Session.objects.exists()


@pytest.mark.parametrize("starts_at", ["9999-12-31T23:30:00-05:00", "0001-01-01T10:00:00-05:00"])
def test_api_session_with_a_date_out_of_range_is_400(cw, api, starts_at):
    response = api(cw.secretary_user).post(
        "/api/v1/committee-sessions/",
        {"committee": cw.committee.pk, "starts_at": starts_at, "place": "Sala"},
        format="json",
    )
    assert response.status_code == 400
    details = str(response.json()["error"]["details"]["starts_at"])
    assert "2000 y 2100" in details or "fuera de rango" in details
    assert not Session.objects.exists()


def test_service_refuses_a_session_out_of_range(cw):
    with pytest.raises(ValidationError):
        services.session_create(
            user=cw.secretary_user,
            committee=cw.committee,
            starts_at=timezone.make_aware(datetime(2101, 1, 1, 9)),
            place="Sala",
        )


@pytest.mark.parametrize("due", ["9999-12-31", "2101-01-01"])
def test_commitment_due_date_out_of_range_is_refused_on_page_and_api(cw, past_session, login, api, due):
    response = login(cw.secretary_user).post(
        reverse("institutional:commitment_add", args=[past_session.pk]),
        {"description": "Entregar el informe", "responsible": cw.member_a.pk, "due_date": due},
        follow=True,
    )
    assert response.status_code == 200
    assert "entre los años 2000 y 2100" in response.content.decode()
    refused = api(cw.secretary_user).post(
        "/api/v1/commitments/",
        {"session": past_session.pk, "description": "X", "responsible": cw.member_a.pk, "due_date": due},
        format="json",
    )
    assert refused.status_code == 400 and "2000 y 2100" in str(refused.json())
    assert not Commitment.objects.exists()


def test_votes_are_counts_typed_in_es_co(cw, past_session, login):
    attend_all(cw, past_session)
    client = login(cw.secretary_user)
    url = reverse("institutional:decision_add", args=[past_session.pk])
    response = client.post(url, {"text": "Aprobar", "votes_for": "3,5"}, follow=True)
    assert "entero" in response.content.decode()
    response = client.post(url, {"text": "Aprobar", "votes_for": "-1"}, follow=True)
    assert "no puede ser negativo" in response.content.decode()
    assert not Decision.objects.exists()
    client.post(url, {"text": "Aprobar", "votes_for": "3", "votes_against": "0"}, follow=True)
    assert Decision.objects.get().votes_for == 3


def test_committee_quorum_value_is_read_in_es_co(cw, login, world):
    client = login(world.head_planner)
    url = reverse("institutional:committee_edit", args=[cw.committee.pk])
    page = client.get(url).content.decode()
    assert 'name="quorum_value"' in page and "Ejemplo: 66,7" in page
    data = {
        "kind": cw.committee.kind,
        "name": cw.committee.name,
        "functions": "",
        "sessions_per_year": cw.committee.sessions_per_year,
        "quorum_kind": "porcentaje",
        "quorum_value": "66.7",
        "majority_kind": cw.committee.majority_kind,
        "majority_value": "0",
        "is_active": "on",
    }
    assert "no es un número válido" in client.post(url, data).content.decode()
    response = client.post(url, {**data, "quorum_value": "66,7"})
    assert response.status_code == 302
    cw.committee.refresh_from_db()
    assert cw.committee.quorum_value == Decimal("66.7")


def test_act_dates_out_of_range_are_refused(cw, world):
    with pytest.raises(ValidationError):
        services.committee_act_add(
            user=world.head_planner,
            committee=cw.committee,
            act_type="resolucion",
            number="1",
            date=date(1, 1, 1),
            issuer="Ministro",
        )
