"""What the pages of Institucionalidad share: running a service with its Spanish errors as messages,
loading an object the user may modify, and going back to the page the action came from."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors, services

PAGE_SIZE = 25


def _messages_of(error) -> str:
    return " ".join(error.messages) if hasattr(error, "messages") else str(error)


def _apply(request, form, call) -> bool:
    """Run a service; put its Spanish errors on the form (or in messages) and report success."""
    try:
        call()
    except ValidationError as error:
        if form is not None:
            if hasattr(error, "error_dict"):
                for field, errs in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, error.messages)
        else:
            messages.error(request, _messages_of(error))
        return False
    except PermissionDenied as error:
        messages.error(request, str(error) or _("No tiene permiso para esta acción."))
        return False
    return True


def _form_errors(request, form) -> None:
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errs)}" if label else " ".join(errs))


def _post_action(request, call, success: str, form=None) -> bool:
    """The body of a small POST action: validate `form` (if any), run the service `call` (which may
    read `form.cleaned_data`), and leave either the Spanish errors or `success` in the messages. The
    caller then redirects back to its page."""
    if form is not None and not form.is_valid():
        _form_errors(request, form)
        return False
    if not _apply(request, None, call):
        return False
    messages.success(request, success)
    return True


def _people_for(user, committee):
    return selectors.committee_people(user, committee)


def _fmt_dt(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _writable_committee(request, pk):
    committee = get_object_or_404(selectors.committees_for(request.user), pk=pk)
    if not services.can_write(request.user, committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican este comité."))
    return committee


def _writable_session(request, pk):
    session = get_object_or_404(selectors.sessions_for(request.user), pk=pk)
    if not services.can_write(request.user, session.committee):
        raise PermissionDenied(_("Solo planeación o la secretaría técnica modifican esta sesión."))
    return session


def _back(session):
    return redirect("institutional:session_detail", pk=session.pk)
