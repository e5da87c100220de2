"""Calendars: the convocation carries an .ics invitation (updated when convened again, cancelled with the
session), and each user has a private, revocable feed of their sessions and deadlines."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from mipg.core.concurrency import Conflict
from mipg.inbox import services
from mipg.institutional import services as institutional
from mipg.institutional.models import Session

from .conftest import attend_all, aware


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MIPG_BASE_URL = "https://mipg.entidad.gov.co"


@pytest.fixture
def future_session(cw):
    return institutional.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(date.today() + timedelta(days=7), hour=10),
        place="Sala de juntas",
        agenda=["Informe de avance del plan de acción"],
    )


def invitation(message) -> Calendar:
    [(name, content, mimetype)] = [a for a in message.attachments if a[0].endswith(".ics")]
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def event_of(calendar: Calendar):
    [event] = [c for c in calendar.walk("VEVENT")]
    return event


def test_convocation_update_and_cancellation_carry_the_invitation(
    cw, future_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_convene(user=cw.secretary_user, session=future_session)
    assert len(mail.outbox) == 5
    first = invitation(mail.outbox[0])
    event = event_of(first)
    assert str(first["METHOD"]) == "REQUEST"
    uid = str(event["UID"])
    assert uid == f"sesion-{future_session.pk}@mipg.entidad.gov.co"
    assert int(event["SEQUENCE"]) == 0
    assert event.decoded("DTSTART") == future_session.starts_at
    assert str(event["LOCATION"]) == "Sala de juntas"
    assert "Informe de avance del plan de acción" in str(event["DESCRIPTION"])
    attendees = {str(a).lower() for a in event.get("ATTENDEE")}
    assert "mailto:p@x.gov.co" in attendees and "mailto:a@x.gov.co" in attendees

    # the agenda changed: convened again, the same event with a higher SEQUENCE replaces the first
    mail.outbox.clear()
    Session.objects.filter(pk=future_session.pk).update(convened_at=timezone.now() - timedelta(minutes=5))
    future_session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_convene(user=cw.secretary_user, session=future_session)
    update = event_of(invitation(mail.outbox[0]))
    assert str(update["UID"]) == uid and int(update["SEQUENCE"]) == 1

    # cancelled: METHOD:CANCEL, same UID, higher SEQUENCE, to the same people
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_cancel(user=cw.secretary_user, session=future_session)
    assert len(mail.outbox) == 5 and "cancelada" in mail.outbox[0].subject.lower()
    cancel = invitation(mail.outbox[0])
    assert str(cancel["METHOD"]) == "CANCEL"
    cancelled = event_of(cancel)
    assert str(cancelled["UID"]) == uid and int(cancelled["SEQUENCE"]) == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"
    # cancelling again is refused and tells nobody twice
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Conflict):
        institutional.session_cancel(user=cw.secretary_user, session=future_session)
    assert mail.outbox == []


def test_a_session_never_convened_is_cancelled_without_mail(
    cw, future_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_cancel(user=cw.secretary_user, session=future_session)
    assert mail.outbox == []


def test_private_feed_works_without_a_session_and_only_for_its_owner(
    cw, future_session, past_session, client
):
    attend_all(cw, past_session)
    commitment = institutional.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Entregar el informe de gestión",
        responsible=cw.president,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    other = institutional.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Compromiso de la secretaria",
        responsible=cw.secretary,
        due_date=timezone.localdate() + timedelta(days=4),
    )
    feed = services.calendar_feed_regenerate(user=cw.president_user)
    response = client.get(f"/calendario/{feed.token}.ics")  # no session: the token is the credential
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert f"sesion-{future_session.pk}@mipg.entidad.gov.co" in events
    assert f"commitment-{commitment.pk}@mipg.entidad.gov.co" in events
    assert f"commitment-{other.pk}@mipg.entidad.gov.co" not in events  # another person's deadline
    deadline = events[f"commitment-{commitment.pk}@mipg.entidad.gov.co"]
    assert deadline.decoded("DTSTART") == commitment.due_date
    assert (
        str(deadline["URL"]) == f"https://mipg.entidad.gov.co/institucionalidad/compromisos/{commitment.pk}/"
    )


def test_feed_of_someone_else_shows_nothing_of_the_committee(world, cw, future_session, client):
    feed = services.calendar_feed_regenerate(user=world.outsider)
    calendar = Calendar.from_ical(client.get(f"/calendario/{feed.token}.ics").content)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("sesion-")] == []


def test_revoked_or_regenerated_feed_stops_working(cw, client, login):
    old = services.calendar_feed_regenerate(user=cw.president_user).token
    assert client.get(f"/calendario/{old}.ics").status_code == 200
    new = services.calendar_feed_regenerate(user=cw.president_user).token
    assert new != old
    assert client.get(f"/calendario/{old}.ics").status_code == 404
    assert client.get(f"/calendario/{new}.ics").status_code == 200
    assert client.get("/calendario/inventado.ics").status_code == 404
    # from the account page: the address is shown, then revoked
    page = login(cw.president_user)
    assert f"/calendario/{new}.ics" in page.get("/cuenta/recordatorios/").content.decode()
    assert page.post("/cuenta/calendario/revocar/").status_code == 302
    page.logout()
    assert client.get(f"/calendario/{new}.ics").status_code == 404
    # a deactivated user's feed stops too
    token = services.calendar_feed_regenerate(user=cw.president_user).token
    cw.president_user.is_active = False
    cw.president_user.save()
    assert client.get(f"/calendario/{token}.ics").status_code == 404


def test_moving_a_convened_session_sends_the_updated_invitation_then_the_cancellation(
    cw, future_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_convene(user=cw.secretary_user, session=future_session)
    uid = str(event_of(invitation(mail.outbox[0]))["UID"])
    mail.outbox.clear()

    new_start = aware(date.today() + timedelta(days=9), hour=15)
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_reschedule(
            user=cw.secretary_user, session=future_session, starts_at=new_start, place="Auditorio"
        )
    assert len(mail.outbox) == 5
    assert {m.to[0] for m in mail.outbox} >= {"p@x.gov.co", "a@x.gov.co", "b@x.gov.co"}
    message = mail.outbox[0]
    assert "modificada" in message.subject.lower() and "Auditorio" in message.body
    calendar = invitation(message)
    moved = event_of(calendar)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(moved["UID"]) == uid and int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == new_start and str(moved["LOCATION"]) == "Auditorio"
    future_session.refresh_from_db()
    assert future_session.starts_at == new_start and future_session.status == Session.Status.CONVENED

    # the same values again change nothing and tell nobody
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_reschedule(
            user=cw.secretary_user, session=future_session, starts_at=new_start, place="Auditorio"
        )
    assert mail.outbox == []

    # a convened session cannot move into the past
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        institutional.session_reschedule(
            user=cw.secretary_user,
            session=future_session,
            starts_at=aware(date.today() - timedelta(days=1)),
            place="Auditorio",
        )
    assert mail.outbox == []
    future_session.refresh_from_db()
    assert future_session.starts_at == new_start and future_session.ics_sequence == 1

    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_cancel(user=cw.secretary_user, session=future_session)
    cancel = invitation(mail.outbox[0])
    assert str(cancel["METHOD"]) == "CANCEL"
    assert str(event_of(cancel)["UID"]) == uid and int(event_of(cancel)["SEQUENCE"]) == 2


def test_moving_a_session_not_yet_convened_sends_nothing(
    cw, future_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_reschedule(
            user=cw.secretary_user,
            session=future_session,
            starts_at=future_session.starts_at + timedelta(hours=2),
            place="",
            virtual_link="https://reunion.example.gov.co/comite",
        )
    assert mail.outbox == []
    future_session.refresh_from_db()
    assert future_session.ics_sequence == 0 and future_session.place == ""
    # the first convocation then carries the new time
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_convene(user=cw.secretary_user, session=future_session)
    event = event_of(invitation(mail.outbox[0]))
    assert int(event["SEQUENCE"]) == 0 and event.decoded("DTSTART") == future_session.starts_at


def test_reschedule_page_for_the_secretary_only(
    cw, world, future_session, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_convene(user=cw.secretary_user, session=future_session)
    mail.outbox.clear()
    url = f"/institucionalidad/sesiones/{future_session.pk}/modificar/"
    day = (date.today() + timedelta(days=10)).isoformat()
    data = {"day": day, "time": "08:30", "place": "Sala 2", "virtual_link": ""}

    client.force_login(world.outsider)  # another entity: the session does not exist for them
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.force_login(world.reader)  # sees the session, may not change it
    assert client.post(url, data).status_code == 403

    client.force_login(cw.secretary_user)
    assert (
        "Cambiar fecha o lugar"
        in client.get(f"/institucionalidad/sesiones/{future_session.pk}/").content.decode()
    )
    bad = client.post(url, {**data, "place": ""})
    assert bad.status_code == 400 and "Indique el lugar o el enlace virtual" in bad.content.decode()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert len(mail.outbox) == 5
    future_session.refresh_from_db()
    assert future_session.place == "Sala 2" and timezone.localtime(future_session.starts_at).hour == 8


def test_a_member_who_leaves_before_the_new_day_gets_the_cancellation(
    cw, future_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_convene(user=cw.secretary_user, session=future_session)
    holding = cw.seats["b"].holdings.get(person=cw.member_b)
    institutional.seat_holding_end(
        user=cw.secretary_user, holding=holding, end=date.today() + timedelta(days=8)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_reschedule(
            user=cw.secretary_user,
            session=future_session,
            starts_at=aware(date.today() + timedelta(days=9), hour=10),
            place="Sala de juntas",
        )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 5
    assert str(invitation(by_address["b@x.gov.co"])["METHOD"]) == "CANCEL"
    assert str(invitation(by_address["a@x.gov.co"])["METHOD"]) == "REQUEST"
    moved = event_of(invitation(by_address["a@x.gov.co"]))
    assert "mailto:b@x.gov.co" not in {str(a).lower() for a in moved.get("ATTENDEE")}
    assert int(event_of(invitation(by_address["b@x.gov.co"]))["SEQUENCE"]) == int(moved["SEQUENCE"]) == 1


def test_the_api_reschedules_a_convened_session_and_sends_the_update(
    cw, world, api, future_session, django_capture_on_commit_callbacks
):
    """`POST /api/v1/committee-sessions/{id}/reschedule/` does what «Cambiar fecha o lugar» does (issue 13
    item 2): the same service, the same permissions, the same updated invitation."""
    with django_capture_on_commit_callbacks(execute=True):
        institutional.session_convene(user=cw.secretary_user, session=future_session)
    uid = str(event_of(invitation(mail.outbox[0]))["UID"])
    mail.outbox.clear()
    url = f"/api/v1/committee-sessions/{future_session.pk}/reschedule/"
    new_start = aware(date.today() + timedelta(days=12), hour=9)
    body = {"starts_at": new_start.isoformat(), "place": "Auditorio principal"}

    assert api(world.outsider).post(url, body, format="json").status_code == 404
    assert api(world.control).post(url, body, format="json").status_code == 403
    refused = api(cw.secretary_user).post(url, {"starts_at": "mañana", "place": ""}, format="json")
    assert refused.status_code == 400 and mail.outbox == []
    future_session.refresh_from_db()
    assert future_session.place == "Sala de juntas"

    with django_capture_on_commit_callbacks(execute=True):
        moved = api(cw.secretary_user).post(url, body, format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["place"] == "Auditorio principal" and moved.json()["status"] == "convocada"
    event = event_of(invitation(mail.outbox[0]))
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1 and event.decoded("DTSTART") == new_start
