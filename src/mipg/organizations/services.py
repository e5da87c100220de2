"""Writes on the organization tree and role grants."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mipg.core.audit import service

from .models import Entity, RoleAssignment
from .roles import forget_roles


@service
def entity_save(*, user, entity: Entity) -> Entity:
    """Create or update an entity, keeping the materialized paths of its subtree right."""
    if entity.parent_id and entity.pk and entity.parent.path.startswith(entity.path or "\0"):
        raise ValidationError(_("Una entidad no puede quedar bajo sí misma ni bajo una subordinada suya."))
    old_path = entity.path
    entity.full_clean(exclude=["path"])
    entity.save()
    new_path = entity.compute_path()
    if new_path != old_path:
        Entity.objects.filter(pk=entity.pk).update(path=new_path)
        entity.path = new_path
        if old_path:
            for child in Entity.objects.filter(path__startswith=old_path).exclude(pk=entity.pk):
                child.path = new_path + child.path[len(old_path) :]
                child.save(update_fields=["path"])
    return entity


@service
def role_grant(*, user, grantee, entity: Entity, role: str, include_subtree: bool = False) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.update_or_create(
        user=grantee, entity=entity, role=role, defaults={"include_subtree": include_subtree}
    )
    forget_roles(grantee)
    return assignment
