"""Issue 11 item 10: attendance selects start at «sin registrar»; attendance is refused before the
session's day (so a future session is never marked «Realizada» by it); «todos presentes» through a
service, audited, with the quorum following (HTMX and plain POST)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mipg.core.concurrency import Conflict
from mipg.core.models import DomainEvent
from mipg.institutional import selectors, services
from mipg.institutional.models import Attendance, Session

from .conftest import aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def future_session(cw):
    return services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() + timedelta(days=5)),
        place="Despacho",
        agenda=["Informe"],
    )


def test_attendance_on_a_future_session_is_refused_and_the_status_does_not_change(cw, future_session):
    services.session_convene(user=cw.secretary_user, session=future_session)
    for call in (
        lambda: services.attendance_record(
            user=cw.secretary_user, session=future_session, person=cw.member_a, status="presente"
        ),
        lambda: services.attendance_all_present(user=cw.secretary_user, session=future_session),
    ):
        with pytest.raises(ValidationError, match="la asistencia se registra desde ese día"):
            call()
    future_session.refresh_from_db()
    assert future_session.status == Session.Status.CONVENED
    assert not Attendance.objects.exists()


def test_attendance_on_the_session_day_marks_it_held(cw):
    session = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=timezone.now() + timedelta(minutes=30),  # later today: the session's day has come
        place="Despacho",
    )
    if session.day != timezone.localdate():
        pytest.skip("the half hour crosses midnight")
    services.attendance_record(user=cw.secretary_user, session=session, person=cw.member_a, status="presente")
    session.refresh_from_db()
    assert session.status == Session.Status.HELD


def test_all_present_fills_only_unrecorded_seats_and_is_audited(cw, past_session):
    services.attendance_record(
        user=cw.secretary_user, session=past_session, person=cw.member_b, status=Attendance.Status.EXCUSED
    )
    assert not selectors.session_quorum(past_session).has_quorum
    added = services.attendance_all_present(user=cw.secretary_user, session=past_session)
    assert added == 4
    statuses = dict(
        Attendance.objects.filter(session=past_session).values_list("person__full_name", "status")
    )
    assert statuses == {
        "Pedro Presidente": "presente",
        "Sonia Secretaria": "presente",
        "Ana Miembro": "presente",
        "Beto Miembro": "excusado",  # kept
        "Gina Invitada": "presente",
    }
    assert selectors.session_quorum(past_session).has_quorum
    event = DomainEvent.objects.get(verb="asistencia: todos presentes")
    assert event.actor == cw.secretary_user and "Ana Miembro" in event.description
    with pytest.raises(Conflict, match="ya tienen la asistencia registrada"):
        services.attendance_all_present(user=cw.secretary_user, session=past_session)


def test_selects_show_sin_registrar_until_recorded(cw, past_session, login):
    client = login(cw.secretary_user)
    url = reverse("institutional:session_detail", args=[past_session.pk])
    page = client.get(url).content.decode()
    select = page[page.index(f'id="st-{cw.seats["a"].pk}"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" selected>Sin registrar</option>' in select
    assert 'value="presente" selected' not in select and "selected" not in select.split("Sin registrar")[1]
    # submitting «sin registrar» records nothing and says why
    response = client.post(
        reverse("institutional:attendance_record", args=[past_session.pk]),
        {"person": cw.member_a.pk, "status": ""},
        follow=True,
    )
    assert "«sin registrar» no es un registro" in response.content.decode()
    assert not Attendance.objects.exists()
    services.attendance_record(
        user=cw.secretary_user, session=past_session, person=cw.member_a, status=Attendance.Status.ABSENT
    )
    select = client.get(url).content.decode()
    select = select[select.index(f'id="st-{cw.seats["a"].pk}"') :]
    select = select[: select.index("</select>")]
    assert '<option value="" >' in select or '<option value="">' in select
    assert 'value="ausente" selected' in select


def test_future_session_page_has_no_attendance_controls(cw, future_session, login):
    page = (
        login(cw.secretary_user)
        .get(reverse("institutional:session_detail", args=[future_session.pk]))
        .content.decode()
    )
    assert "la asistencia se registra desde el día de la sesión" in page.lower()
    assert "Todos presentes" not in page and f'id="st-{cw.seats["a"].pk}"' not in page


def test_all_present_by_htmx_and_plain_post(cw, past_session, login, world):
    url = reverse("institutional:attendance_all_present", args=[past_session.pk])
    # others: a reader of the entity cannot, a user of another entity gets 404
    assert login(world.reader).post(url).status_code == 403
    assert login(world.outsider).post(url).status_code == 404
    assert not Attendance.objects.exists()
    client = login(cw.secretary_user)
    response = client.post(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="attendance-section"' in body
    assert "5 miembros registrados como presentes." in body and "Hay quórum para deliberar y decidir." in body
    assert Attendance.objects.filter(session=past_session, status="presente").count() == 5
    response = client.post(url, follow=True)  # plain POST: redirect and message
    assert response.redirect_chain and "ya tienen la asistencia registrada" in response.content.decode()
