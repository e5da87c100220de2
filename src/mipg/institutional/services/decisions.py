"""Decisions with their votes, and commitments with their follow-up and closing."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import model_snapshot, record_event, service
from mipg.core.concurrency import Conflict, lock
from mipg.core.services import evidence_create

from .. import selectors
from ..models import (
    AgendaItem,
    Commitment,
    CommitmentNote,
    Decision,
    Session,
)
from .common import _fmt, _require_editable, _require_writer, can_write


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
    lock(decision, gone_message=_("Otra persona ya retiró esta decisión."))
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
    lock(commitment, gone_message=_("Otra persona ya retiró este compromiso."))
    if commitment.status == Commitment.Status.CLOSED or commitment.notes.exists():
        raise Conflict(_("El compromiso ya tiene seguimiento o está cerrado; no se puede retirar."))
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
    lock(commitment)
    if commitment.status == Commitment.Status.CLOSED:
        raise Conflict(_("El compromiso ya está cerrado."))
    note = CommitmentNote(commitment=commitment, text=(text or "").strip(), author=user)
    note.full_clean()
    note.save()
    return note


@service
def commitment_close(*, user, commitment: Commitment, note: str, file=None, url: str = "") -> Commitment:
    """Close a commitment with evidence (a file or a link)."""
    _require_commitment_writer(user, commitment)
    lock(commitment)
    if commitment.status == Commitment.Status.CLOSED:
        raise Conflict(_("El compromiso ya está cerrado."))
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
