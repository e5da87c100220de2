from .models import Entity
from .roles import administers_any
from .selectors import current_entity as _current_entity


def current_entity(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    visible = Entity.objects.visible_to(request.user)
    return {
        "current_entity": _current_entity(request),
        "selectable_entities": visible.only("id", "name", "acronym", "path")[:200],
        "mipg_administers": administers_any(request.user),
    }
