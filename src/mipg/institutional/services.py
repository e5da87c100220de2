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
        current.end = start - timedelta(days=1)
        current.full_clean()
        current.save()
    holding = SeatHolding(seat=seat, person=person, start=start)
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
