"""Helpers shared by the administration pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from .. import selectors
from ..models import Person
from ..roles import (
    administers_any,
    can_administer,
)

PAGE_SIZE = 50
MAX_IMPORT_BYTES = 5 * 1024 * 1024
SESSION_IMPORT_KEY = "mipg_people_import"


def require_admin(request):
    if not administers_any(request.user):
        raise PermissionDenied


def form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def administered_person(request, pk: int) -> Person:
    person = get_object_or_404(selectors.people_for(request.user).select_related("user", "entity"), pk=pk)
    if not can_administer(request.user, person.entity):
        raise PermissionDenied
    return person
