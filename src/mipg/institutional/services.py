"""Writes of Institucionalidad. Every rule of committees, sessions, quorum, votes, commitments and
actas lives here; views, forms, the API and the demo only call these functions."""

import hashlib
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import model_snapshot, record_event, service
from mipg.core.files import sha256_of, validate_upload
from mipg.core.services import evidence_create
from mipg.organizations.roles import Role, is_system_admin, user_has_role

from . import selectors
from .models import (
    Acta,
    AgendaItem,
    Attendance,
    Commitment,
    CommitmentNote,
    Committee,
    CommitteeAct,
    Decision,
    Seat,
    SeatHolding,
    Session,
)

WRITER_ROLES = {Role.PLANNING, Role.COMMITTEE_SECRETARY}
FOLLOW_UP_TITLE = "Seguimiento a compromisos"


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def can_write(user, committee_or_entity) -> bool:
    entity = getattr(committee_or_entity, "entity", committee_or_entity)
    return user_has_role(user, entity, WRITER_ROLES)


def _require_writer(user, committee: Committee) -> None:
    if not can_write(user, committee):
        raise PermissionDenied(
            _("Solo planeación o la secretaría técnica de %(entity)s pueden modificar este comité.")
            % {"entity": committee.entity}
        )


def _current_acta(session: Session) -> Acta | None:
    return session.actas.order_by("-version").first()


def _require_editable(session: Session) -> None:
    acta = _current_acta(session)
    if acta is not None and acta.is_approved:
        raise ValidationError(
            _(
                "El %(acta)s ya fue aprobada y no se puede modificar. Registre una corrección "
                "(nueva versión del acta) para cambiar la sesión."
            )
            % {"acta": acta.label}
        )
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("La sesión fue cancelada y no admite cambios."))


# Committees, acts, seats --------------------------------------------------------------------------


@service
def committee_save(*, user, committee: Committee) -> Committee:
    """Create or update a committee of an entity on which the user is planeación or secretaría técnica."""
    if committee.entity_id is None:
        raise ValidationError(_("Indique la entidad dueña del comité."))
    _require_writer(user, committee)
    if committee.quorum_kind != "mitad_mas_uno" and not committee.quorum_value:
        raise ValidationError({"quorum_value": _("Indique el valor de la regla de quórum.")})
    if committee.majority_kind != "mitad_mas_uno" and not committee.majority_value:
        raise ValidationError({"majority_value": _("Indique el valor de la regla de mayoría.")})
    for kind, value, field in (
        (committee.quorum_kind, committee.quorum_value, "quorum_value"),
        (committee.majority_kind, committee.majority_value, "majority_value"),
    ):
        if kind == "porcentaje" and not (0 < value <= 100):
            raise ValidationError({field: _("El porcentaje debe estar entre 1 y 100.")})
    if committee.kind == Committee.Kind.SECTORIAL:
        entity = committee.entity
        sector = entity.sector
        is_head = sector is not None and (
            sector.head_entity_id == entity.pk if sector.head_entity_id else entity.parent_id is None
        )
        if not is_head:
            raise ValidationError(
                {"kind": _("El comité sectorial pertenece a la entidad cabeza del sector.")}
            )
    created = committee.pk is None
    committee.full_clean()
    committee.save()
    record_event(user=user, obj=committee, verb="comité creado" if created else "comité actualizado")
    return committee


@service
def committee_act_add(
    *,
    user,
    committee: Committee,
    act_type: str,
    number: str,
    date: date,
    issuer: str,
    effect: str = CommitteeAct.Effect.CREATES,
    affects: CommitteeAct | None = None,
    summary: str = "",
    file=None,
) -> CommitteeAct:
    """Register a legal act of the committee; its file, if any, must be a genuine PDF."""
    _require_writer(user, committee)
    act = CommitteeAct(
        committee=committee,
        act_type=act_type,
        number=(number or "").strip(),
        date=date,
        issuer=(issuer or "").strip(),
        effect=effect,
        affects=affects,
        summary=summary or "",
    )
    if affects is not None and affects.committee_id != committee.pk:
        raise ValidationError({"affects": _("El acto modificado o derogado debe ser de este mismo comité.")})
    if effect != CommitteeAct.Effect.CREATES and affects is None:
        raise ValidationError({"affects": _("Indique qué acto modifica o deroga.")})
    if file:
        try:
            validate_upload(file, allowed=(".pdf",))
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        act.sha256 = sha256_of(file)
        act.file = file
    act.full_clean()
    act.save()
    record_event(user=user, obj=act, verb="acto registrado", description=str(act))
    return act


@service
def seat_create(
    *,
    user,
    committee: Committee,
    role: str,
    title: str,
    has_vote: bool | None = None,
    order: int | None = None,
) -> Seat:
    _require_writer(user, committee)
    if has_vote is None:
        has_vote = role in (Seat.Role.PRESIDENCY, Seat.Role.MEMBER)
    if role == Seat.Role.GUEST and has_vote:
        raise ValidationError({"has_vote": _("Un invitado permanente no tiene voto.")})
    if role in (Seat.Role.PRESIDENCY, Seat.Role.SECRETARY) and committee.seats.filter(role=role).exists():
        raise ValidationError(
            {"role": _("El comité ya tiene un puesto de %(role)s.") % {"role": Seat.Role(role).label.lower()}}
        )
    if order is None:
        order = (committee.seats.aggregate(m=Max("order"))["m"] or 0) + 1
    seat = Seat(committee=committee, role=role, title=(title or "").strip(), has_vote=has_vote, order=order)
    seat.full_clean()
    seat.save()
    record_event(user=user, obj=seat, verb="puesto creado", description=seat.title)
    return seat


@service
def seat_assign(*, user, seat: Seat, person, start: date) -> SeatHolding:
    """A person takes the seat from `start`; whoever held it until then leaves the day before."""
    committee = seat.committee
    _require_writer(user, committee)
    if not person.entity.path.startswith(committee.entity.path):
        raise ValidationError(
            {
                "person": _(
                    "«%(person)s» no pertenece a %(entity)s ni a sus entidades adscritas o vinculadas."
                )
                % {"person": person.full_name, "entity": committee.entity}
            }
        )
    current = seat.holdings.filter(end__isnull=True).order_by("-start").first()
    if current is not None:
        if current.person_id == person.pk:
            raise ValidationError({"person": _("Esa persona ya ocupa el puesto.")})
        if start <= current.start:
            raise ValidationError(
                {
                    "start": _(
                        "La fecha de inicio debe ser posterior al %(d)s, cuando empezó el ocupante actual."
                    )
                    % {"d": _fmt(current.start)}
                }
            )
        _check_holding_dates(current, current.start, start - timedelta(days=1))
        current.end = start - timedelta(days=1)
        current.full_clean()
        current.save()
    holding = SeatHolding(seat=seat, person=person, start=start)
    _check_holding_dates(holding, start, None, check_attendance=False)
    holding.full_clean()
    holding.save()
    record_event(
        user=user,
        obj=seat,
        verb="puesto asignado",
        description=_("%(person)s ocupa el puesto desde el %(d)s")
        % {"person": person.full_name, "d": _fmt(start)},
    )
    return holding


def _attendance_outside(holding: SeatHolding, start: date, end: date | None):
    """The first session where the holder's attendance on this seat falls outside [start, end]."""
    for record in (
        Attendance.objects.filter(seat_id=holding.seat_id, person_id=holding.person_id)
        .select_related("session")
        .order_by("session__starts_at")
    ):
        day = record.session.day
        if day < start or (end is not None and day > end):
            return record.session
    return None


def _check_holding_dates(
    holding: SeatHolding, start: date, end: date | None, *, check_attendance: bool = True
) -> None:
    """Dates of a holding (existing, or new when `holding` is unsaved with no dates) are valid: in
    order, not crossing another holding of the seat, not changing the members of a session whose acta
    is approved, and covering every session where the holder's attendance was recorded."""
    if start is None:
        raise ValidationError({"start": _("Indique la fecha de inicio.")})
    if end is not None and end < start:
        raise ValidationError(
            {
                "end": _("La fecha final (%(end)s) no puede ser anterior a la de inicio (%(start)s).")
                % {"end": _fmt(end), "start": _fmt(start)}
            }
        )
    for other in holding.seat.holdings.exclude(pk=holding.pk).select_related("person"):
        other_end = other.end or date.max
        if start <= other_end and (end or date.max) >= other.start:
            raise ValidationError(
                _(
                    "Las fechas se cruzan con la ocupación de %(person)s (%(start)s – %(end)s): un puesto "
                    "tiene un solo ocupante a la vez."
                )
                % {
                    "person": other.person.full_name,
                    "start": _fmt(other.start),
                    "end": _fmt(other.end) if other.end else _("hoy"),
                }
            )
    for session in (
        Session.objects.filter(committee_id=holding.seat.committee_id, actas__status=Acta.Status.APPROVED)
        .distinct()
        .order_by("starts_at")
    ):
        day = session.day
        covered = holding.pk is not None and holding.covers(day)
        changes = covered != (start <= day and (end is None or end >= day))
        if changes and _current_acta(session).is_approved:
            raise ValidationError(
                _(
                    "El cambio alteraría los miembros de la sesión del %(d)s, cuya acta ya fue aprobada. "
                    "Si el puesto estaba ocupado de otro modo, abra primero una corrección del acta "
                    "(nueva versión)."
                )
                % {"d": _fmt(day)}
            )
    session = _attendance_outside(holding, start, end) if check_attendance else None
    if session is not None:
        raise ValidationError(
            _(
                "%(person)s tiene asistencia registrada en la sesión del %(d)s con este puesto; las fechas "
                "deben incluir ese día."
            )
            % {"person": holding.person.full_name, "d": _fmt(session.day)}
        )


@service
def seat_holding_end(*, user, holding: SeatHolding, end: date) -> SeatHolding:
    """End a holding by hand (the person left and the seat stays vacant until someone is assigned)."""
    seat = holding.seat
    _require_writer(user, seat.committee)
    if holding.end is not None:
        raise ValidationError(
            _("Esa ocupación ya terminó el %(d)s; use «Corregir fechas» para cambiarla.")
            % {"d": _fmt(holding.end)}
        )
    if end is None:
        raise ValidationError({"end": _("Indique la fecha en que la persona deja el puesto.")})
    _check_holding_dates(holding, holding.start, end)
    holding.end = end
    holding.full_clean()
    holding.save()
    record_event(
        user=user,
        obj=seat,
        verb="ocupación terminada",
        description=_("%(person)s deja el puesto el %(d)s; el puesto queda vacante.")
        % {"person": holding.person.full_name, "d": _fmt(end)},
    )
    return holding


@service
def seat_holding_correct(*, user, holding: SeatHolding, start: date, end: date | None = None) -> SeatHolding:
    """Correct the dates of a holding recorded by mistake; the previous dates stay in the history."""
    seat = holding.seat
    _require_writer(user, seat.committee)
    _check_holding_dates(holding, start, end)
    before = {"desde": _fmt(holding.start), "hasta": _fmt(holding.end) if holding.end else ""}
    holding.start = start
    holding.end = end
    holding.full_clean()
    holding.save()
    record_event(
        user=user,
        obj=seat,
        verb="fechas de ocupación corregidas",
        description=_("%(person)s: %(start)s – %(end)s")
        % {
            "person": holding.person.full_name,
            "start": _fmt(start),
            "end": _fmt(end) if end else _("hoy"),
        },
        data={"antes": before},
    )
    return holding


# Sessions ------------------------------------------------------------------------------------------


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
    if session.starts_at < timezone.now():
        raise ValidationError(_("No se puede convocar una sesión cuya fecha ya pasó."))
    agenda = list(session.agenda.all())
    if not agenda:
        raise ValidationError(_("Agregue al menos un punto al orden del día antes de convocar."))
    members = [m for m in selectors.members_at(session.committee, session.day) if m.person is not None]
    recipients = sorted({m.person.email for m in members if m.person.email})
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

    def send():
        messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
        if messages:
            get_connection(fail_silently=True).send_messages(messages)

    transaction.on_commit(send)
    return len(recipients)


@service
def session_cancel(*, user, session: Session) -> Session:
    _require_writer(user, session.committee)
    _require_editable(session)
    session.status = Session.Status.CANCELLED
    session.save()
    record_event(user=user, obj=session, verb="sesión cancelada")
    return session


@service
def attendance_record(*, user, session: Session, person, status: str, delegate: str = "") -> Attendance:
    """Record whether a member attended. Only people holding a seat on the session date may appear."""
    _require_writer(user, session.committee)
    _require_editable(session)
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
    attendance = Attendance.objects.filter(session=session, seat=member.seat).first() or Attendance(
        session=session, seat=member.seat
    )
    attendance.person = person
    attendance.status = status
    attendance.delegate = delegate
    attendance.full_clean()
    attendance.save()
    if session.status in (Session.Status.SCHEDULED, Session.Status.CONVENED):
        session.status = Session.Status.HELD
        session.save(update_fields=["status"])
    return attendance


@service
def decision_record(
    *,
    user,
    session: Session,
    text: str,
    votes_for: int,
    votes_against: int = 0,
    abstentions: int = 0,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """Record a decision with its votes. Needs quorum; votes cannot exceed the voting members present;
    the decision is approved when the votes for reach the committee's majority rule."""
    _require_writer(user, session.committee)
    _require_editable(session)
    quorum = selectors.session_quorum(session)
    if not quorum.has_quorum:
        raise ValidationError(
            _(
                "No se puede registrar una decisión sin quórum: hay %(present)s miembros con voto presentes "
                "y se requieren %(required)s."
            )
            % {"present": quorum.present_voting, "required": quorum.required}
        )
    votes = [int(v or 0) for v in (votes_for, votes_against, abstentions)]
    if any(v < 0 for v in votes):
        raise ValidationError(_("Los votos no pueden ser negativos."))
    total = sum(votes)
    if total > quorum.present_voting:
        raise ValidationError(
            _("Los votos registrados (%(total)s) superan los miembros con voto presentes (%(present)s).")
            % {"total": total, "present": quorum.present_voting}
        )
    if total == 0:
        raise ValidationError(_("Registre los votos de la decisión."))
    if agenda_item is not None and agenda_item.session_id != session.pk:
        raise ValidationError({"agenda_item": _("El punto del orden del día no es de esta sesión.")})
    required = selectors.majority_required(session.committee, quorum.present_voting)
    decision = Decision(
        session=session,
        agenda_item=agenda_item,
        text=(text or "").strip(),
        votes_for=votes[0],
        votes_against=votes[1],
        abstentions=votes[2],
        approved=votes[0] >= required,
    )
    decision.full_clean()
    decision.save()
    record_event(
        user=user,
        obj=session,
        verb="decisión registrada",
        description=decision.text,
        data={
            "a_favor": votes[0],
            "en_contra": votes[1],
            "abstenciones": votes[2],
            "aprobada": decision.approved,
        },
    )
    return decision


@service
def decision_delete(*, user, decision: Decision) -> None:
    """Withdraw a decision recorded by mistake (only while the acta is not approved)."""
    session = decision.session
    _require_writer(user, session.committee)
    _require_editable(session)
    record_event(
        user=user,
        obj=session,
        verb="decisión retirada",
        description=decision.text,
        data=model_snapshot(decision),
    )
    decision.delete()


# Commitments ---------------------------------------------------------------------------------------


@service
def commitment_create(
    *, user, session: Session, description: str, responsible, due_date: date, dependencia=None
) -> Commitment:
    _require_writer(user, session.committee)
    _require_editable(session)
    committee = session.committee
    if not responsible.entity.path.startswith(committee.entity.path):
        raise ValidationError(
            {
                "responsible": _(
                    "El responsable debe ser de %(entity)s o de sus entidades adscritas o vinculadas."
                )
                % {"entity": committee.entity}
            }
        )
    if due_date is None:
        raise ValidationError({"due_date": _("Indique la fecha límite.")})
    if due_date < session.day:
        raise ValidationError(
            {
                "due_date": _(
                    "La fecha límite (%(due)s) no puede ser anterior a la fecha de la sesión (%(day)s)."
                )
                % {"due": _fmt(due_date), "day": _fmt(session.day)}
            }
        )
    if dependencia is None:
        dependencia = responsible.dependencia
    commitment = Commitment(
        session=session,
        description=(description or "").strip(),
        responsible=responsible,
        dependencia=dependencia,
        due_date=due_date,
    )
    commitment.full_clean()
    commitment.save()
    record_event(user=user, obj=commitment, verb="compromiso registrado")
    return commitment


@service
def commitment_delete(*, user, commitment: Commitment) -> None:
    """Withdraw a commitment recorded by mistake: only while the acta is not approved and before any
    follow-up or closing."""
    session = commitment.session
    _require_writer(user, session.committee)
    _require_editable(session)
    if commitment.status == Commitment.Status.CLOSED or commitment.notes.exists():
        raise ValidationError(_("El compromiso ya tiene seguimiento o está cerrado; no se puede retirar."))
    record_event(
        user=user,
        obj=session,
        verb="compromiso retirado",
        description=commitment.description,
        data=model_snapshot(commitment),
    )
    commitment.delete()


def _require_commitment_writer(user, commitment: Commitment) -> None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    is_responsible = person is not None and person.pk == commitment.responsible_id
    if not (can_write(user, commitment.session.committee) or is_responsible):
        raise PermissionDenied(
            _("Solo la secretaría técnica, planeación o el responsable pueden hacer seguimiento.")
        )


@service
def commitment_follow_up(*, user, commitment: Commitment, text: str) -> CommitmentNote:
    _require_commitment_writer(user, commitment)
    if commitment.status == Commitment.Status.CLOSED:
        raise ValidationError(_("El compromiso ya está cerrado."))
    note = CommitmentNote(commitment=commitment, text=(text or "").strip(), author=user)
    note.full_clean()
    note.save()
    return note


@service
def commitment_close(*, user, commitment: Commitment, note: str, file=None, url: str = "") -> Commitment:
    """Close a commitment with evidence (a file or a link)."""
    _require_commitment_writer(user, commitment)
    if commitment.status == Commitment.Status.CLOSED:
        raise ValidationError(_("El compromiso ya está cerrado."))
    if not file and not (url or "").strip():
        raise ValidationError(_("Para cerrar un compromiso adjunte la evidencia (archivo o enlace)."))
    evidence = evidence_create(
        user=user,
        entity=commitment.session.committee.entity,
        title=_("Evidencia de cierre: %(c)s") % {"c": str(commitment)[:150]},
        file=file,
        url=url or "",
    )
    commitment.status = Commitment.Status.CLOSED
    commitment.closed_at = timezone.now()
    commitment.closing_note = (note or "").strip()
    commitment.full_clean()
    commitment.save()
    commitment.evidence.add(evidence)
    record_event(user=user, obj=commitment, verb="compromiso cumplido", description=commitment.closing_note)
    return commitment


# Actas ---------------------------------------------------------------------------------------------


@service
def acta_generate(*, user, session: Session) -> Acta:
    """Create the draft acta of a session (numbered per committee and year), or return the current one."""
    committee = session.committee
    _require_writer(user, committee)
    current = _current_acta(session)
    if current is not None:
        return current
    if session.status == Session.Status.CANCELLED:
        raise ValidationError(_("Una sesión cancelada no tiene acta."))
    if not session.attendance.exists():
        raise ValidationError(_("Registre la asistencia antes de generar el acta."))
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    year = session.day.year
    last = Acta.objects.filter(committee=committee, year=year).aggregate(m=Max("number"))["m"] or 0
    acta = Acta(session=session, committee=committee, year=year, number=last + 1, version=1, created_by=user)
    acta.full_clean()
    acta.save()
    record_event(user=user, obj=acta, verb="acta generada")
    return acta


@service
def acta_update(*, user, acta: Acta, notes: str) -> Acta:
    _require_writer(user, acta.session.committee)
    if acta.is_approved:
        raise ValidationError(
            _(
                "El %(acta)s ya fue aprobada y no se puede modificar. "
                "Registre una corrección como nueva versión."
            )
            % {"acta": acta.label}
        )
    acta.notes = (notes or "").strip()
    acta.full_clean()
    acta.save()
    return acta


def can_approve(user, acta: Acta) -> bool:
    if is_system_admin(user):
        return True
    president = selectors.president_at(acta.session.committee, acta.session.day)
    return president is not None and president.user_id is not None and president.user_id == user.pk


@service
def acta_approve(*, user, acta: Acta) -> Acta:
    """The president (the person holding the presidency on the session date) approves the acta; the PDF
    is frozen with its SHA-256 and the acta becomes immutable."""
    if acta.is_approved:
        raise ValidationError(_("El %(acta)s ya está aprobada.") % {"acta": acta.label})
    if not can_approve(user, acta):
        raise PermissionDenied(
            _("Solo quien ejerce la presidencia del comité en la fecha de la sesión aprueba el acta.")
        )
    acta.status = Acta.Status.APPROVED
    acta.approved_by = user
    acta.approved_at = timezone.now()
    content = render_acta_pdf(acta)
    acta.pdf_sha256 = hashlib.sha256(content).hexdigest()
    acta.pdf.save(
        f"acta-{acta.committee_id}-{acta.year}-{acta.number:02d}-v{acta.version}.pdf",
        ContentFile(content),
        save=False,
    )
    acta.full_clean()
    acta.save()
    record_event(user=user, obj=acta, verb="acta aprobada", data={"sha256": acta.pdf_sha256})
    return acta


@service
def acta_correct(*, user, acta: Acta, reason: str) -> Acta:
    """Open a new draft version of an approved acta; the previous versions are kept as they were."""
    _require_writer(user, acta.session.committee)
    if not acta.is_approved:
        raise ValidationError(
            _("Solo se corrige un acta aprobada; el borrador se puede editar directamente.")
        )
    if _current_acta(acta.session).pk != acta.pk:
        raise ValidationError(_("Ya existe una versión más reciente de esta acta."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"correction_reason": _("Escriba el motivo de la corrección.")})
    new = Acta(
        session=acta.session,
        committee=acta.committee,
        year=acta.year,
        number=acta.number,
        version=acta.version + 1,
        notes=acta.notes,
        correction_reason=reason,
        created_by=user,
    )
    new.full_clean()
    new.save()
    record_event(user=user, obj=new, verb="acta corregida", description=reason, data=model_snapshot(acta))
    return new


def render_acta_pdf(acta: Acta) -> bytes:
    from mipg.core.pdf import render_pdf

    return render_pdf("institutional/acta_pdf.html", selectors.acta_context(acta))


# Members import ------------------------------------------------------------------------------------

MEMBERS_SHEET = "Miembros"
MEMBERS_COLUMNS = ["Cargo del puesto", "Rol", "Persona", "Entidad (sigla o código SIGEP)", "Desde"]
MEMBERS_INSTRUCTIONS = [
    "Una fila por puesto en la hoja «Miembros»; no cambie los títulos de las columnas.",
    "Cargo del puesto: por ejemplo «Comandante del Ejército Nacional». Si el puesto no existe se crea.",
    "Rol: Presidencia, Secretaría técnica, Miembro con voto o Invitado permanente sin voto.",
    "Persona: nombre completo de quien ocupa el puesto. Si no está registrada en la entidad, se crea.",
    "Entidad: sigla o código SIGEP de la entidad de la persona; debe ser la dueña del comité o una de "
    "sus entidades adscritas o vinculadas.",
    "Desde: fecha en que la persona empieza a ocupar el puesto (fecha de Excel o dd/mm/aaaa). Quien lo "
    "ocupaba lo deja el día anterior.",
    "La importación es todo o nada: si hay un error no se importa ninguna fila.",
]
ROLE_ALIASES = {
    "presidencia": Seat.Role.PRESIDENCY,
    "presidente": Seat.Role.PRESIDENCY,
    "secretaria tecnica": Seat.Role.SECRETARY,
    "secretaría técnica": Seat.Role.SECRETARY,
    "secretaria": Seat.Role.SECRETARY,
    "miembro con voto": Seat.Role.MEMBER,
    "miembro": Seat.Role.MEMBER,
    "invitado permanente sin voto": Seat.Role.GUEST,
    "invitado permanente": Seat.Role.GUEST,
    "invitado": Seat.Role.GUEST,
}


def members_template() -> list:
    """Sheets of the members template: the columns with one example row, and the instructions."""
    return [
        (
            MEMBERS_SHEET,
            MEMBERS_COLUMNS,
            [["Director de Planeación", "Secretaría técnica", "Nombre Apellido", "MDN", "01/02/2026"]],
        ),
        ("Instrucciones", ["Instrucciones"], [[text] for text in MEMBERS_INSTRUCTIONS]),
    ]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _cell_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@service
def members_import(*, user, committee: Committee, upload) -> dict:
    """Import the committee's seats and who holds them from the xlsx template (all or nothing). Missing
    seats and people are created; people belong to the entity given in the row, which must be the
    committee's owner or one below it. Returns counts of what changed."""
    from mipg.core.imports import ImportRejected, ProblemCollector
    from mipg.core.xlsx import open_workbook, sheet_rows
    from mipg.organizations.models import Entity, Person

    _require_writer(user, committee)
    if getattr(upload, "name", None):
        try:
            validate_upload(upload, allowed=(".xlsx",))
        except ValidationError as error:
            raise ImportRejected.single(" ".join(error.messages)) from error
    workbook = open_workbook(upload)
    if MEMBERS_SHEET not in workbook.sheet_names:
        raise ImportRejected.single(_("El libro no tiene la hoja «%(sheet)s».") % {"sheet": MEMBERS_SHEET})
    rows = sheet_rows(workbook, MEMBERS_SHEET)
    problems = ProblemCollector(sheet=MEMBERS_SHEET)
    header = [_cell_text(cell) for cell in (rows[0] if rows else [])]
    for name in MEMBERS_COLUMNS:
        if name not in header:
            problems.add(_("Falta la columna «%(col)s».") % {"col": name}, row=1, column=name)
    problems.raise_if_any()
    index = {name: header.index(name) for name in MEMBERS_COLUMNS}

    seats = {seat.title.casefold(): seat for seat in committee.seats.all()}
    owner = committee.entity
    entities = {}
    for entity in Entity.objects.all():
        inside = entity.path.startswith(owner.path)
        for key in (entity.acronym, entity.sigep_code):
            if key:
                entities.setdefault(key.casefold(), (entity, inside))
    role_labels = ", ".join(str(label) for label in Seat.Role.labels)
    for value, label in Seat.Role.choices:
        ROLE_ALIASES.setdefault(str(label).casefold(), value)

    plan = []
    titles_seen: dict[str, int] = {}
    unique_roles: dict[str, int] = {}
    for number, raw in enumerate(rows[1:], start=2):
        cells = {name: (raw[index[name]] if index[name] < len(raw) else None) for name in MEMBERS_COLUMNS}
        if all(_cell_text(value) == "" for value in cells.values()):
            continue

        def bad(message, column, row=number):
            problems.add(message, row=row, column=column)

        for name in MEMBERS_COLUMNS:
            if _cell_text(cells[name]) == "":
                bad(_("Este dato es obligatorio."), name)
        title = _cell_text(cells["Cargo del puesto"])
        if len(title) > 250:
            bad(_("El cargo no puede superar 250 caracteres."), "Cargo del puesto")
        if title:
            first = titles_seen.get(title.casefold())
            if first is not None:
                bad(
                    _("El puesto «%(t)s» ya aparece en la fila %(r)s; escriba un puesto por fila.")
                    % {"t": title, "r": first},
                    "Cargo del puesto",
                )
            titles_seen.setdefault(title.casefold(), number)
        role_text = _cell_text(cells["Rol"])
        role = ROLE_ALIASES.get(role_text.casefold()) if role_text else None
        if role_text and role is None:
            bad(
                _("«%(v)s» no es un rol válido. Use: %(labels)s.") % {"v": role_text, "labels": role_labels},
                "Rol",
            )
        seat = seats.get(title.casefold()) if title else None
        if seat is not None and role is not None and seat.role != role:
            bad(
                _("El puesto «%(t)s» ya existe con el rol %(r)s.")
                % {"t": seat.title, "r": seat.get_role_display().lower()},
                "Rol",
            )
        if role in (Seat.Role.PRESIDENCY, Seat.Role.SECRETARY):
            previous = unique_roles.get(role)
            existing = next(
                (s for s in seats.values() if s.role == role and s.title.casefold() != title.casefold()), None
            )
            if previous is not None:
                bad(
                    _("El comité tiene un solo puesto de %(r)s; ya está en la fila %(n)s.")
                    % {"r": Seat.Role(role).label.lower(), "n": previous},
                    "Rol",
                )
            elif existing is not None:
                bad(
                    _("El comité ya tiene el puesto de %(r)s «%(t)s».")
                    % {"r": Seat.Role(role).label.lower(), "t": existing.title},
                    "Rol",
                )
            unique_roles.setdefault(role, number)
        person_name = _cell_text(cells["Persona"])
        if len(person_name) > 200:
            bad(_("El nombre no puede superar 200 caracteres."), "Persona")
        entity_key = _cell_text(cells["Entidad (sigla o código SIGEP)"])
        entity = None
        if entity_key:
            found = entities.get(entity_key.casefold())
            if found is None:
                bad(
                    _("No hay una entidad con la sigla o el código SIGEP «%(v)s».") % {"v": entity_key},
                    "Entidad (sigla o código SIGEP)",
                )
            elif not found[1]:
                bad(
                    _(
                        "«%(e)s» no es %(owner)s ni una de sus entidades adscritas o vinculadas; sus "
                        "personas no pueden ser miembros de este comité."
                    )
                    % {"e": found[0].name, "owner": owner.name},
                    "Entidad (sigla o código SIGEP)",
                )
            else:
                entity = found[0]
        raw_start = cells["Desde"]
        start = _cell_date(raw_start)
        if _cell_text(raw_start) and start is None:
            bad(_("«%(v)s» no es una fecha (use dd/mm/aaaa).") % {"v": _cell_text(raw_start)}, "Desde")
        if seat is not None and start is not None and person_name:
            last_ended = (
                seat.holdings.filter(end__gte=start).select_related("person").order_by("-end").first()
            )
            if last_ended is not None:
                bad(
                    _("%(person)s ocupó el puesto hasta el %(d)s; la fecha debe ser posterior.")
                    % {"person": last_ended.person.full_name, "d": _fmt(last_ended.end)},
                    "Desde",
                )
            current = seat.holdings.filter(end__isnull=True).select_related("person").first()
            if (
                last_ended is None
                and current is not None
                and current.person.full_name.casefold() != person_name.casefold()
                and start <= current.start
            ):
                bad(
                    _(
                        "%(person)s ocupa el puesto desde el %(d)s; la fecha debe ser posterior para "
                        "asignar a otra persona."
                    )
                    % {"person": current.person.full_name, "d": _fmt(current.start)},
                    "Desde",
                )
        plan.append(
            {
                "title": title,
                "role": role,
                "seat": seat,
                "person": person_name,
                "entity": entity,
                "start": start,
            }
        )
    if not plan and not problems:
        problems.add(_("La hoja no tiene filas para importar."), row=2)
    problems.raise_if_any()

    counts = {"seats": 0, "people": 0, "assigned": 0, "unchanged": 0}
    for row in plan:
        seat = row["seat"]
        if seat is None:
            seat = seat_create(user=user, committee=committee, role=row["role"], title=row["title"])
            counts["seats"] += 1
        person = (
            Person.objects.filter(entity=row["entity"], full_name__iexact=row["person"])
            .order_by("pk")
            .first()
        )
        if person is None:
            person = Person(entity=row["entity"], full_name=row["person"], position=row["title"][:200])
            person.full_clean()
            person.save()
            counts["people"] += 1
        current = seat.holdings.filter(end__isnull=True).first()
        if current is not None and current.person_id == person.pk:
            counts["unchanged"] += 1
            continue
        seat_assign(user=user, seat=seat, person=person, start=row["start"])
        counts["assigned"] += 1
    record_event(
        user=user,
        obj=committee,
        verb="miembros importados",
        description=_("%(s)s puestos creados, %(p)s personas creadas, %(a)s asignaciones, %(u)s sin cambios.")
        % {"s": counts["seats"], "p": counts["people"], "a": counts["assigned"], "u": counts["unchanged"]},
        data=counts,
    )
    return counts
