from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

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
