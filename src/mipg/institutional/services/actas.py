"""Actas: numbering, generation, approval by the president (frozen PDF) and corrections as new versions."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import model_snapshot, record_event, service
from mipg.core.concurrency import Conflict, conflict_on_integrity, lock
from mipg.organizations.roles import is_system_admin

from .. import selectors
from ..models import (
    Acta,
    Committee,
    Session,
)
from .common import _current_acta, _require_writer


@service
def acta_generate(*, user, session: Session) -> Acta:
    """Create the draft acta of a session (numbered per committee and year), or return the current one."""
    committee = session.committee
    _require_writer(user, committee)
    lock(session)
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
    lock(acta.session)
    lock(acta)
    if acta.is_approved:
        raise Conflict(
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
    if not can_approve(user, acta):
        raise PermissionDenied(
            _("Solo quien ejerce la presidencia del comité en la fecha de la sesión aprueba el acta.")
        )
    # Session first, then the acta: the order every write of a session takes its locks in.
    lock(acta.session)
    lock(acta)
    if acta.is_approved:
        raise Conflict(_("El %(acta)s ya está aprobada.") % {"acta": acta.label})
    if _current_acta(acta.session).pk != acta.pk:
        raise Conflict(_("Ya existe una versión más reciente de esta acta."))
    acta.status = Acta.Status.APPROVED
    acta.approved_by = user
    acta.approved_at = timezone.now().replace(microsecond=0)
    context = selectors.acta_context(acta)
    acta.content_sha256 = selectors.acta_content_sha256(acta, context)  # printed in the PDF
    content = render_acta_pdf(acta, context)
    acta.pdf_sha256 = hashlib.sha256(content).hexdigest()
    acta.pdf.save(
        f"acta-{acta.committee_id}-{acta.year}-{acta.number:02d}-v{acta.version}.pdf",
        ContentFile(content),
        save=False,
    )
    acta.full_clean()
    acta.save()
    record_event(
        user=user,
        obj=acta,
        verb="acta aprobada",
        data={"sha256": acta.pdf_sha256, "content_sha256": acta.content_sha256},
    )
    return acta


@service
def acta_correct(*, user, acta: Acta, reason: str) -> Acta:
    """Open a new draft version of an approved acta; the previous versions are kept as they were."""
    _require_writer(user, acta.session.committee)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"correction_reason": _("Escriba el motivo de la corrección.")})
    lock(acta.session)
    lock(acta)
    if not acta.is_approved:
        raise Conflict(_("Solo se corrige un acta aprobada; el borrador se puede editar directamente."))
    if _current_acta(acta.session).pk != acta.pk:
        raise Conflict(_("Ya existe una versión más reciente de esta acta."))
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
    new.full_clean(validate_constraints=False)
    with conflict_on_integrity(
        _("Ya existe una versión más reciente de esta acta."), Acta, "unique_acta_version"
    ):
        new.save()
    record_event(user=user, obj=new, verb="acta corregida", description=reason, data=model_snapshot(acta))
    return new


def render_acta_pdf(acta: Acta, context: dict | None = None) -> bytes:
    from mipg.core.pdf import render_pdf

    return render_pdf("institutional/acta_pdf.html", context or selectors.acta_context(acta))
