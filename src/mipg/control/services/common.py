from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from mipg.institutional.models import Committee

from .. import permissions


def require_manager(user, entity) -> None:
    if not permissions.can_manage(user, entity):
        raise PermissionDenied(_("Solo la oficina de planeación (segunda línea) puede hacer este cambio."))


def require_internal_control(user, entity) -> None:
    if not permissions.is_internal_control(user, entity):
        raise PermissionDenied(
            _("Solo la oficina de control interno de la entidad (tercera línea) puede hacer esta evaluación.")
        )


def require_same_entity(entity, *objects, field: str = "__all__") -> None:
    for obj in objects:
        if obj is not None and obj.scope_entity_id != entity.pk:
            raise ValidationError({field: _("«%(obj)s» no pertenece a esta entidad.") % {"obj": obj}})


def require_committee_approval(decision, entity) -> None:
    """What the risk policy and the audit plan need to be approved: an approved decision of the entity's
    Comité Institucional de Coordinación de Control Interno (Decreto 648 de 2017)."""
    committee = decision.session.committee
    if committee.entity_id != entity.pk or committee.kind != Committee.Kind.INTERNAL_CONTROL:
        raise ValidationError(
            {
                "decision": _(
                    "La decisión debe ser del Comité Institucional de Coordinación de Control Interno "
                    "de la entidad."
                )
            }
        )
    if not decision.approved:
        raise ValidationError({"decision": _("La decisión elegida no fue aprobada por el comité.")})
