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


def confirm_delete(
    request,
    *,
    entity,
    obj,
    perform,
    cancel_url: str,
    success_url: str,
    success_message: str,
    warning: str = "",
):
    """GET shows a confirmation page, POST runs `perform()` (a delete service). Only planeación; a refusal
    of the service comes back as a Spanish message and nothing changes."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect, render

    if not can_manage_operation(request.user, entity):
        raise PermissionDenied
    if request.method == "POST":
        try:
            perform()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(cancel_url)
        messages.success(request, success_message)
        return redirect(success_url)
    return render(
        request,
        "operation/confirm_delete.html",
        base_context(request, entity, obj=obj, cancel_url=cancel_url, warning=warning),
    )
