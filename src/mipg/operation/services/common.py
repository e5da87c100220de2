from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from mipg.core.services import evidence_create

from ..permissions import can_manage_operation


def require_manager(user, entity) -> None:
    if not can_manage_operation(user, entity):
        raise PermissionDenied(_("Solo la oficina de planeación de la entidad puede hacer este cambio."))


def require_same_entity(entity, *objects, field: str = "__all__") -> None:
    for obj in objects:
        if obj is not None and obj.scope_entity_id != entity.pk:
            raise ValidationError({field: _("«%(obj)s» no pertenece a esta entidad.") % {"obj": obj}})


def attach_evidence(*, user, entity, target_m2m, title: str, files=(), links=(), existing=()) -> list:
    """Create evidence (files are checked by type, content and size; SHA-256 stored) and link it,
    together with evidence already stored for the same entity
    (one piece of evidence can support several items)."""
    existing = list(existing or ())
    for evidence in existing:
        if evidence.entity_id != entity.pk:
            raise ValidationError(
                {"evidence": _("La evidencia «%(ev)s» es de otra entidad.") % {"ev": evidence}}
            )
    created = []
    for upload in files or ():
        created.append(evidence_create(user=user, entity=entity, title=title, file=upload))
    for link in links or ():
        if link:
            created.append(evidence_create(user=user, entity=entity, title=title, url=link))
    if created or existing:
        target_m2m.add(*created, *existing)
    return created + existing
