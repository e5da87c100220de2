"""Sessions: scheduling, agenda, convocation, cancellation and attendance (which drives quorum)."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import model_snapshot, record_event, service
from mipg.core.concurrency import Conflict, conflict_on_integrity
from mipg.inbox.calendar import session_invitation

from .. import selectors
from ..models import (
    AgendaItem,
    Attendance,
    Committee,
    Session,
)
from .common import FOLLOW_UP_TITLE, _fmt, _require_editable, _require_writer, can_write

RECONVENE_AFTER = timedelta(minutes=1)


@service
def session_create(
    *,
    user,
    committee: Committee,
    starts_at: datetime,
    kind: str = Session.Kind.ORDINARY,
    place: str = "",
    virtual_link: str = "",
    agenda: list[str] | None = None,
) -> Session:
    """Schedule a session. Open commitments of earlier sessions enter its agenda by themselves as
    "Seguimiento a compromisos"."""
    if not can_write(user, committee):
        raise PermissionDenied(
            _(
                "No puede programar sesiones de un comité de otra entidad o sin el rol de planeación "
                "o secretaría técnica."
            )
        )
    if not (place or "").strip() and not (virtual_link or "").strip():
        raise ValidationError({"place": _("Indique el lugar o el enlace virtual de la sesión.")})
    session = Session(
        committee=committee,
        starts_at=starts_at,
        kind=kind,
        place=(place or "").strip(),
        virtual_link=(virtual_link or "").strip(),
    )
    session.full_clean()
    session.save()
    order = 1
    pending = selectors.follow_up_commitments(session).exists()
    if pending:
        AgendaItem.objects.create(session=session, order=order, title=FOLLOW_UP_TITLE, is_follow_up=True)
        order += 1
    for title in agenda or []:
        title = title.strip()
        if title:
            item = AgendaItem(session=session, order=order, title=title)
            item.full_clean()
            item.save()
            order += 1
    record_event(user=user, obj=session, verb="sesión programada")
    return session


@service
def agenda_item_add(*, user, session: Session, title: str, dimension=None, policy=None) -> AgendaItem:
    _require_writer(user, session.committee)
    _require_editable(session)
    if policy is not None and dimension is None:
        dimension = policy.dimension
    order = (session.agenda.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem(
        session=session, order=order, title=(title or "").strip(), dimension=dimension, policy=policy
    )
    item.full_clean()
    item.save()
    return item


@service
def agenda_item_develop(*, user, item: AgendaItem, development: str) -> AgendaItem:
    """Write what was said on an agenda item (it goes into the acta)."""
    _require_writer(user, item.session.committee)
    _require_editable(item.session)
    item.development = (development or "").strip()
    item.full_clean()
    item.save()
    return item


def _require_regular_item(item: AgendaItem) -> None:
    if item.is_follow_up:
        raise ValidationError(
            _("El punto «Seguimiento a compromisos» lo maneja el sistema: no se edita, retira ni mueve.")
        )


def _renumber(session: Session) -> list[AgendaItem]:
    """Orders 1..n with the follow-up item first; returns the items in order."""
    items = sorted(session.agenda.all(), key=lambda i: (not i.is_follow_up, i.order, i.pk))
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])
    return items


@service
def agenda_item_update(*, user, item: AgendaItem, title: str, policy=None, dimension=None) -> AgendaItem:
    """Change the topic (and related policy) of an agenda item while the acta is not approved."""
    session = item.session
    _require_writer(user, session.committee)
    _require_editable(session)
    _require_regular_item(item)
    if policy is not None and dimension is None:
        dimension = policy.dimension
    before = item.title
    item.title = (title or "").strip()
    item.policy = policy
    item.dimension = dimension
    item.full_clean()
    item.save()
    record_event(
        user=user,
        obj=session,
        verb="punto del orden del día editado",
        description=item.title,
        data={"antes": before},
    )
    return item


@service
def agenda_item_delete(*, user, item: AgendaItem) -> None:
    """Remove an agenda item added by mistake (not the follow-up item, not one with decisions)."""
    session = item.session
    _require_writer(user, session.committee)
    _require_editable(session)
    _require_regular_item(item)
    if item.decisions.exists():
        raise ValidationError(
            _("El punto «%(item)s» tiene decisiones registradas; retírelas antes de quitar el punto.")
            % {"item": item.title}
        )
    record_event(
        user=user,
        obj=session,
        verb="punto del orden del día retirado",
        description=item.title,
        data=model_snapshot(item),
    )
    item.delete()
    _renumber(session)


@service
def agenda_item_move(*, user, item: AgendaItem, direction: str) -> AgendaItem:
    """Move an agenda item one place up or down; "Seguimiento a compromisos" stays first."""
    session = item.session
    _require_writer(user, session.committee)
    _require_editable(session)
    _require_regular_item(item)
    if direction not in ("up", "down"):
        raise ValidationError(_("Dirección no válida: use subir o bajar."))
    items = _renumber(session)
    position = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = position - 1 if direction == "up" else position + 1
    if target < 0 or target >= len(items) or items[target].is_follow_up:
        raise ValidationError(
            _("El punto ya es el primero del orden del día.")
            if direction == "up"
            else _("El punto ya es el último del orden del día.")
        )
    current, neighbour = items[position], items[target]
    current.order, neighbour.order = neighbour.order, current.order
    current.save(update_fields=["order"])
    neighbour.save(update_fields=["order"])
    item.order = current.order
    record_event(
        user=user,
        obj=session,
        verb="orden del día reordenado",
        description=_("«%(item)s» pasa al punto %(n)s.") % {"item": item.title, "n": item.order},
    )
    return item


@service
def session_convene(*, user, session: Session) -> int:
    """Mark the session convened and, after commit, e-mail the agenda to every member with an address.
    Returns how many members will receive it."""
    _require_writer(user, session.committee)
    _require_editable(session)
    if session.status not in (Session.Status.SCHEDULED, Session.Status.CONVENED):
        raise Conflict(
            _("La sesión ya está «%(status)s»: no se puede convocar.")
            % {"status": session.get_status_display()}
        )
    # A convened session may be convened again (the agenda changed), but not twice at once: two clicks
    # or two secretaries within a minute send one convocation.
    if session.convened_at is not None and timezone.now() - session.convened_at < RECONVENE_AFTER:
        raise Conflict(
            _("La convocatoria se acaba de enviar (%(time)s); espere un minuto para reenviarla.")
            % {"time": timezone.localtime(session.convened_at).strftime("%H:%M:%S")}
        )
    if session.starts_at < timezone.now():
        raise ValidationError(_("No se puede convocar una sesión cuya fecha ya pasó."))
    agenda = list(session.agenda.all())
    if not agenda:
        raise ValidationError(_("Agregue al menos un punto al orden del día antes de convocar."))
    recipients = _convened(session)
    if session.convened_at is not None:
        session.ics_sequence += 1  # a new convocation updates the invitation already in calendars
    session.status = Session.Status.CONVENED
    session.convened_at = timezone.now()
    session.full_clean()
    session.save()
    record_event(
        user=user,
        obj=session,
        verb="sesión convocada",
        description=_("Convocatoria enviada a %(n)s miembros.") % {"n": len(recipients)},
    )
    subject = _("Convocatoria: %(session)s") % {"session": session}
    body = render_to_string(
        "institutional/convocation_email.txt",
        {
            "session": session,
            "agenda": agenda,
            "committee": session.committee,
            "follow_up": list(selectors.follow_up_commitments(session)),
        },
    )

    invitation = session_invitation(session, attendees=recipients, agenda=agenda)
    _send_on_commit(subject, body, invitation, "REQUEST", recipients)
    return len(recipients)


def _convened(session: Session) -> list[str]:
    """The addresses a convocation of the session goes to: its members on the session's day."""
    members = [m for m in selectors.members_at(session.committee, session.day) if m.person is not None]
    return sorted({m.person.email for m in members if m.person.email})


def _send_on_commit(subject: str, body: str, invitation: bytes, method: str, recipients) -> None:
    """After commit, one e-mail per recipient with the session's .ics attached."""

    def send():
        messages = [
            _with_invitation(EmailMessage(subject, body, to=[address]), invitation, method)
            for address in recipients
        ]
        if messages:
            get_connection(fail_silently=True).send_messages(messages)

    transaction.on_commit(send)


def _with_invitation(message: EmailMessage, invitation: bytes, method: str) -> EmailMessage:
    """Attach the session's .ics (mail clients offer to add, update or remove the event)."""
    message.attach("invitacion.ics", invitation, f"text/calendar; method={method}; charset=utf-8")
    return message


@service
def session_cancel(*, user, session: Session) -> Session:
    _require_writer(user, session.committee)
    _require_editable(session)
    was_convened = session.convened_at is not None
    session.status = Session.Status.CANCELLED
    if was_convened:
        session.ics_sequence += 1
    session.save()
    record_event(user=user, obj=session, verb="sesión cancelada")
    if was_convened:
        # Those who were convened get the cancellation, which removes the event from their calendars.
        recipients = _convened(session)
        subject = _("Sesión cancelada: %(session)s") % {"session": session}
        body = _("La sesión %(session)s fue cancelada. La invitación adjunta la retira de su calendario.") % {
            "session": session
        }
        invitation = session_invitation(session, attendees=recipients, cancel=True)
        _send_on_commit(subject, body, invitation, "CANCEL", recipients)
    return session


@service
def session_reschedule(
    *, user, session: Session, starts_at: datetime, place: str = "", virtual_link: str = ""
) -> Session:
    """Change when or where a session meets. If it was already convened, its members on the new day get
    the updated invitation (same UID, SEQUENCE + 1, METHOD:REQUEST), so their calendars move the event
    instead of adding a second one; those convened before who are no longer members that day get the
    cancellation (METHOD:CANCEL)."""
    _require_writer(user, session.committee)
    _require_editable(session)
    if session.status not in (Session.Status.SCHEDULED, Session.Status.CONVENED):
        raise Conflict(
            _("La sesión está «%(status)s»: ya no se puede cambiar su fecha ni su lugar.")
            % {"status": session.get_status_display()}
        )
    place, virtual_link = (place or "").strip(), (virtual_link or "").strip()
    if not place and not virtual_link:
        raise ValidationError({"place": _("Indique el lugar o el enlace virtual de la sesión.")})
    before = (session.starts_at, session.place, session.virtual_link)
    if before == (starts_at, place, virtual_link):
        return session
    convened = session.status == Session.Status.CONVENED
    if convened and starts_at < timezone.now():
        raise ValidationError(
            {"day": _("La sesión ya fue convocada: solo puede pasar a una fecha y hora futuras.")}
        )
    recipients_before = _convened(session) if convened else []
    old_when = timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M")
    session.starts_at, session.place, session.virtual_link = starts_at, place, virtual_link
    if convened:
        session.ics_sequence += 1
    session.full_clean()
    session.save()
    new_when = timezone.localtime(session.starts_at).strftime("%d/%m/%Y %H:%M")
    record_event(
        user=user,
        obj=session,
        verb="sesión reprogramada",
        description=_("De %(old)s a %(new)s, %(place)s.")
        % {"old": old_when, "new": new_when, "place": place or virtual_link},
    )
    if convened:
        recipients = _convened(session)
        agenda = list(session.agenda.all())
        subject = _("Sesión modificada: %(session)s") % {"session": session}
        body = render_to_string(
            "institutional/reschedule_email.txt",
            {"session": session, "old_when": old_when, "new_when": new_when, "agenda": agenda},
        )
        invitation = session_invitation(session, attendees=recipients, agenda=agenda)
        _send_on_commit(subject, body, invitation, "REQUEST", recipients)
        # Convened before but no longer members on the new day: the event leaves their calendars.
        dropped = sorted(set(recipients_before) - set(recipients))
        if dropped:
            body = _(
                "La sesión %(session)s cambió de fecha y usted ya no es miembro del comité ese día. "
                "La invitación adjunta la retira de su calendario."
            ) % {"session": session}
            cancel = session_invitation(session, attendees=dropped, cancel=True)
            _send_on_commit(subject, body, cancel, "CANCEL", dropped)
    return session


def _require_session_day(session: Session) -> None:
    """Attendance is a fact of the session: it is recorded from the session's day on, never before (so a
    future session is never marked «Realizada» by it; issue 11 item 10)."""
    if session.day > timezone.localdate():
        raise ValidationError(
            _(
                "La sesión es el %(d)s: la asistencia se registra desde ese día. Antes, la sesión sigue "
                "«%(status)s»."
            )
            % {"d": _fmt(session.day), "status": session.get_status_display()}
        )


def _mark_held(session: Session) -> None:
    if session.status in (Session.Status.SCHEDULED, Session.Status.CONVENED):
        session.status = Session.Status.HELD
        session.save(update_fields=["status"])


@service
def attendance_record(*, user, session: Session, person, status: str, delegate: str = "") -> Attendance:
    """Record whether a member attended. Only people holding a seat on the session date may appear, and
    only from the session's day on (the first record marks the session «Realizada»)."""
    _require_writer(user, session.committee)
    _require_editable(session)
    _require_session_day(session)
    member = next(
        (
            m
            for m in selectors.members_at(session.committee, session.day)
            if m.person and m.person.pk == person.pk
        ),
        None,
    )
    if member is None:
        raise ValidationError(
            {
                "person": _("«%(person)s» no es miembro del comité en la fecha de la sesión (%(d)s).")
                % {"person": person.full_name, "d": _fmt(session.day)}
            }
        )
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Estado de asistencia no válido.")})
    delegate = (delegate or "").strip()
    if status == Attendance.Status.DELEGATED and not delegate:
        raise ValidationError({"delegate": _("Escriba el nombre y cargo del delegado.")})
    if status != Attendance.Status.DELEGATED:
        delegate = ""
    # The session's row is locked (`_require_editable`): the record of the seat read here is the one
    # others committed, so two posts for one seat update it one after the other.
    attendance = Attendance.objects.filter(session=session, seat=member.seat).first() or Attendance(
        session=session, seat=member.seat
    )
    attendance.person = person
    attendance.status = status
    attendance.delegate = delegate
    attendance.full_clean(validate_constraints=False)
    with conflict_on_integrity(
        _("Otra persona registró al mismo tiempo la asistencia de este puesto. Recargue la página."),
        Attendance,
        "unique_attendance_seat",
    ):
        attendance.save()
    _mark_held(session)
    return attendance


@service
def attendance_all_present(*, user, session: Session) -> int:
    """«Todos presentes»: every member holding a seat on the session date whose attendance is still
    unrecorded is recorded present (what was already recorded, such as an excuse or a delegate, is kept).
    Returns how many records it added; the quorum follows from them."""
    _require_writer(user, session.committee)
    _require_editable(session)
    _require_session_day(session)
    recorded = set(Attendance.objects.filter(session=session).values_list("seat_id", flat=True))
    added = []
    for member in selectors.members_at(session.committee, session.day):
        if member.person is None or member.seat.pk in recorded:
            continue
        attendance = Attendance(
            session=session, seat=member.seat, person=member.person, status=Attendance.Status.PRESENT
        )
        attendance.full_clean(validate_constraints=False)
        with conflict_on_integrity(
            _("Otra persona registró al mismo tiempo la asistencia de este puesto. Recargue la página."),
            Attendance,
            "unique_attendance_seat",
        ):
            attendance.save()
        added.append(member.person.full_name)
    if not added:
        raise Conflict(_("Todos los miembros ya tienen la asistencia registrada."))
    _mark_held(session)
    record_event(
        user=user,
        obj=session,
        verb="asistencia: todos presentes",
        description=_("Registrados como presentes: %(names)s.") % {"names": ", ".join(added)},
        data={"present": added},
    )
    return len(added)
