from mipg.operation.views.common import apply_errors, entity_or_404

from .. import permissions, selectors

__all__ = ["apply_errors", "base_context", "entity_or_404", "vigencia_context"]


def base_context(request, entity, **extra) -> dict:
    return {
        "entity": entity,
        "can_manage": permissions.can_manage(request.user, entity),
        "is_internal_control": permissions.is_internal_control(request.user, entity),
        **extra,
    }


def vigencia_context(request):
    """(entity, vigencia, policy of that vigencia or None) of the current entity."""
    entity = entity_or_404(request)
    vigencia = selectors.vigencia_from(request)
    return entity, vigencia, selectors.policy_for(request.user, entity, vigencia)
