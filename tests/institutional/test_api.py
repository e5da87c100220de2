from datetime import date, timedelta

import pytest

from mipg.institutional import services
from mipg.institutional.models import Commitment, Session

from .conftest import attend_all

pytestmark = pytest.mark.django_db


def test_committees_with_members(cw, api):
    body = api(cw.secretary_user).get("/api/v1/committees/").json()
    assert body["count"] == 1
    committee = body["results"][0]
    assert committee["name"] == cw.committee.name
    titles = {m["title"]: m["current_holder"]["full_name"] for m in committee["members"]}
    assert titles["Ministro"] == "Pedro Presidente"
    assert titles["Director del Hospital"] == "Beto Miembro"


def test_foreign_user_sees_nothing_and_gets_404(cw, past_session, api, world):
    attend_all(cw, past_session)
    services.acta_generate(user=cw.secretary_user, session=past_session)
    client = api(world.outsider)
    assert client.get("/api/v1/committees/").json()["count"] == 0
    assert client.get("/api/v1/committee-sessions/").json()["count"] == 0
    assert client.get("/api/v1/commitments/").json()["count"] == 0
    assert client.get(f"/api/v1/committees/{cw.committee.pk}/").status_code == 404
    assert client.get(f"/api/v1/committee-sessions/{past_session.pk}/").status_code == 404
    response = client.get(f"/api/v1/committee-sessions/{past_session.pk}/acta.pdf")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_create_session_for_another_entitys_committee_is_400_in_spanish(cw, api, world):
    response = api(world.outsider).post(
        "/api/v1/committee-sessions/",
        {"committee": cw.committee.pk, "starts_at": "2030-01-10T09:00:00-05:00", "place": "X"},
        format="json",
    )
    assert response.status_code == 400
    assert "no pertenece a una entidad en la que usted trabaja" in str(response.json()["error"]["details"])
    assert not Session.objects.exists()


def test_reader_cannot_create_session(cw, api, world):
    response = api(world.reader).post(
        "/api/v1/committee-sessions/",
        {"committee": cw.committee.pk, "starts_at": "2030-01-10T09:00:00-05:00", "place": "X"},
        format="json",
    )
    assert response.status_code == 403
    assert not Session.objects.exists()


def test_secretary_creates_session_and_commitment(cw, past_session, api):
    client = api(cw.secretary_user)
    response = client.post(
        "/api/v1/committee-sessions/",
        {
            "committee": cw.committee.pk,
            "starts_at": "2030-01-10T09:00:00-05:00",
            "place": "Sala",
            "agenda": ["Informe"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["agenda_items"][0]["title"] == "Informe"
    bad = client.post(
        "/api/v1/commitments/",
        {
            "session": past_session.pk,
            "description": "X",
            "responsible": cw.member_a.pk,
            "due_date": (past_session.day - timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert bad.status_code == 400 and "anterior a la fecha de la sesión" in bad.json()["error"]["message"]
    assert not Commitment.objects.exists()
    good = client.post(
        "/api/v1/commitments/",
        {
            "session": past_session.pk,
            "description": "X",
            "responsible": cw.member_a.pk,
            "due_date": (past_session.day + timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert good.status_code == 201
    listed = client.get("/api/v1/commitments/?overdue=1").json()
    assert listed["count"] == (1 if past_session.day + timedelta(days=1) < date.today() else 0)


def test_acta_pdf_endpoint(cw, past_session, api):
    client = api(cw.secretary_user)
    assert client.get(f"/api/v1/committee-sessions/{past_session.pk}/acta.pdf").status_code == 404
    attend_all(cw, past_session)
    services.acta_generate(user=cw.secretary_user, session=past_session)
    response = client.get(f"/api/v1/committee-sessions/{past_session.pk}/acta.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"


def test_commitment_responsible_must_belong_to_the_committee_tree(cw, past_session, api):
    response = api(cw.secretary_user).post(
        "/api/v1/commitments/",
        {
            "session": past_session.pk,
            "description": "X",
            "responsible": cw.outsider_person.pk,
            "due_date": past_session.day.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "no puede ser responsable" in str(response.json()["error"]["details"])
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    "url", ["/api/v1/committees/", "/api/v1/committee-sessions/", "/api/v1/commitments/"]
)
def test_api_lists_run_bounded_queries(cw, api, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_views import _grow

    client = api(cw.secretary_user)
    _grow(cw, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(cw, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
