"""Committees, their legal acts, seats and who holds each seat."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.core.concurrency import Conflict, lock
from mipg.core.files import sha256_of, validate_upload

from ..models import (
    Acta,
    Attendance,
    Committee,
    CommitteeAct,
    Seat,
    SeatHolding,
    Session,
)
from .common import _current_acta, _fmt, _require_writer


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
    # Writers of a seat's holdings take the seat's lock: the holdings read below are the committed ones.
    lock(seat)
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
            raise Conflict(_("Esa persona ya ocupa el puesto."))
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
    lock(seat)
    lock(holding)
    if holding.end is not None:
        raise Conflict(
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
    lock(seat)
    lock(holding)
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
