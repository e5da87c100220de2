"""Writes on shared building blocks: evidence."""

import mimetypes

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.organizations.roles import Role, user_has_role

from .audit import record_event, service
from .concurrency import Conflict, lock
from .files import sha256_of, validate_upload
from .models import Evidence


@service
def evidence_create(*, user, entity, title: str, file=None, url: str = "") -> Evidence:
    """Store a file (checked: type, content, size; SHA-256 kept) or a link as evidence of `entity`."""
    if not user_has_role(user, entity, Role.writers()):
        raise PermissionDenied(_("No puede cargar evidencias en esta entidad."))
    if bool(file) == bool(url):
        raise ValidationError(_("Adjunte un archivo o escriba un enlace (uno de los dos)."))
    evidence = Evidence(entity=entity, title=title.strip(), uploaded_by=user)
    if file:
        validate_upload(file)
        evidence.kind = Evidence.Kind.FILE
        evidence.original_name = file.name[:250]
        evidence.size = file.size
        evidence.sha256 = sha256_of(file)
        evidence.content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        evidence.file = file
    else:
        evidence.kind = Evidence.Kind.LINK
        evidence.url = url.strip()
    if not evidence.title:
        evidence.title = evidence.original_name or evidence.url
    evidence.full_clean()
    evidence.save()
    return evidence


@service
def evidence_verify(*, user, evidence: Evidence, verified: bool, note: str = "") -> Evidence:
    """Control interno (third line) marks evidence verified or rejected; a rejection needs a note."""
    if not user_has_role(user, evidence.entity, {Role.INTERNAL_CONTROL, Role.ADMIN}):
        raise PermissionDenied(_("Solo control interno puede verificar evidencias."))
    if not verified and not note.strip():
        raise ValidationError(_("Escriba la observación por la que rechaza la evidencia."))
    target = Evidence.Status.VERIFIED if verified else Evidence.Status.REJECTED
    # Control interno may change its mind (rejected → verified), but the same decision twice (two
    # clicks, two people at once) is a conflict: one verification, one event.
    lock(evidence)
    if evidence.status == target:
        raise Conflict(
            _("La evidencia ya está «%(status)s»; otra persona pudo registrarlo. Recargue la página.")
            % {"status": evidence.get_status_display()}
        )
    evidence.status = target
    evidence.verification_note = note.strip()
    evidence.verified_by = user
    evidence.verified_at = timezone.now()
    evidence.full_clean()
    evidence.save()
    record_event(
        user=user,
        obj=evidence,
        verb="evidencia verificada" if verified else "evidencia rechazada",
        description=note,
    )
    if not verified:  # what rests on the evidence reacts in this same transaction (core/signals.py)
        from .signals import evidence_rejected

        evidence_rejected.send(sender=Evidence, evidence=evidence, user=user, note=evidence.verification_note)
    return evidence
