"""Reads on organizations, always through the entity gate."""

from .models import Dependencia, Entity, Person


def entities_for(user):
    return Entity.objects.visible_to(user).select_related("sector", "parent")


def dependencias_for(user, entity=None):
    queryset = Dependencia.objects.for_user(user).select_related("entity", "parent")
    return queryset.filter(entity=entity) if entity else queryset


def people_for(user, entity=None):
    queryset = Person.objects.for_user(user).select_related("entity", "dependencia")
    return queryset.filter(entity=entity) if entity else queryset


def current_entity(request):
    """The entity the user chose in the selector (kept in the session), or their first visible one."""
    user = request.user
    if not user.is_authenticated:
        return None
    cached = getattr(request, "_mipg_current_entity", None)
    if cached is not None:
        return cached
    visible = Entity.objects.visible_to(user)
    chosen_id = request.session.get("mipg_entity_id")
    entity = visible.filter(pk=chosen_id).first() if chosen_id else None
    if entity is None:
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        if person is not None and visible.filter(pk=person.entity_id).exists():
            entity = person.entity
        else:
            entity = visible.first()
    request._mipg_current_entity = entity
    return entity
