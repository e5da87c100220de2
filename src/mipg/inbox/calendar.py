"""iCalendar (RFC 5545) files, built with the `icalendar` package (docs/decisions/0150-icalendar.md):
the invitation a convocation e-mail carries, and each user's private feed of sessions and deadlines."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Gestor MIPG//Calendario//ES"
SESSION_LENGTH = timedelta(hours=2)  # sessions record when they start, not how long they last
FEED_PAST_DAYS = 90


def absolute(path: str) -> str:
    return settings.MIPG_BASE_URL + path


def _host() -> str:
    return urlsplit(settings.MIPG_BASE_URL).hostname or "gestor-mipg"


def session_uid(session) -> str:
    """Stable per session: calendars match the update or the cancellation to the invitation by it."""
    return f"sesion-{session.pk}@{_host()}"


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _session_event(session, *, sequence: int, cancelled: bool = False, attendees=(), agenda=()) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.starts_at + SESSION_LENGTH)
    event.add("summary", f"{session.committee.name} – sesión {session.get_kind_display().lower()}")
    if session.place:
        event.add("location", session.place)
    url = absolute(reverse("institutional:session_detail", args=[session.pk]))
    event.add("url", url)
    lines = [f"{i}. {item.title}" for i, item in enumerate(agenda, start=1)]
    if session.virtual_link:
        lines.append(f"Enlace virtual: {session.virtual_link}")
    lines.append(f"Gestor MIPG: {url}")
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText("Gestor MIPG")
    event.add("organizer", organizer)
    for address in attendees:
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee, encode=0)
    return event


def session_invitation(session, *, attendees, agenda=(), cancel: bool = False) -> bytes:
    """METHOD:REQUEST for a convocation (a later one with a higher SEQUENCE updates it), METHOD:CANCEL
    when the session is cancelled."""
    calendar = _calendar("CANCEL" if cancel else "REQUEST")
    calendar.add_component(
        _session_event(
            session, sequence=session.ics_sequence, cancelled=cancel, attendees=attendees, agenda=agenda
        )
    )
    return calendar.to_ical()


def feed_url(feed) -> str:
    return absolute(reverse("inbox:feed", args=[feed.token]))


def user_feed(user) -> bytes:
    """The user's sessions (committees where they hold a seat) and the dated items of their inbox."""
    from mipg.institutional.models import SeatHolding, Session

    from .items import pending_for

    calendar = _calendar()
    calendar.add("x-wr-calname", "Gestor MIPG")
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    holdings = list(
        SeatHolding.objects.filter(person__user=user).values_list("seat__committee_id", "start", "end")
    )
    committees = {committee for committee, _start, _end in holdings}
    sessions = (
        Session.objects.filter(committee_id__in=committees, starts_at__gte=since)
        .select_related("committee")
        .order_by("starts_at")
    )
    for session in sessions:
        day = session.day
        if not any(
            c == session.committee_id and start <= day and (end is None or end >= day)
            for c, start, end in holdings
        ):
            continue
        calendar.add_component(
            _session_event(
                session,
                sequence=session.ics_sequence,
                cancelled=session.status == Session.Status.CANCELLED,
            )
        )
    for item in pending_for(user):
        if item.due is None:
            continue
        event = Event()
        event.add("uid", f"{item.key.replace(':', '-')}@{_host()}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", f"Vence: {item.title}")
        event.add("url", absolute(item.url))
        event.add("description", f"{item.kind_label} · {item.entity}\n{absolute(item.url)}")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
