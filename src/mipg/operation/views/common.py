from django.core.exceptions import ValidationError
from django.http import Http404

from mipg.organizations.selectors import current_entity

from ..permissions import can_manage_operation


def entity_or_404(request):
    entity = current_entity(request)
    if entity is None:
        raise Http404
    return entity


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def base_context(request, entity, **extra) -> dict:
    return {"entity": entity, "can_manage": can_manage_operation(request.user, entity), **extra}
