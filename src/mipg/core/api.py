"""API building blocks: one JSON error shape, pagination, and the scoped viewset base."""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        """A bad or too big `page_size` answers 400 in the error shape (DRF would silently ignore it)."""
        raw = request.query_params.get(self.page_size_query_param)
        valid = raw is not None and raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size
        if raw not in (None, "") and not valid:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Debe ser un número entero entre 1 y %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


def error_body(code: str, message: str, details=None) -> dict:
    """The one error shape: {"error": {"code", "message", "details"}}."""
    return {"error": {"code": code, "message": message, "details": details or {}}}


def exception_handler(exc, context):
    # --- races and budgets (issue 9 items 6, 8): 409 for a lost race, 422 for a refused PDF ---
    from .concurrency import Conflict
    from .pdf import DocumentTooLarge

    if isinstance(exc, Conflict):
        return Response(error_body("conflict", " ".join(exc.messages)), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DocumentTooLarge):
        return Response(
            error_body("document_too_large", " ".join(exc.messages)),
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    # --- end races ---
    if isinstance(exc, DjangoValidationError):
        details = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(
            error_body("invalid", " ".join(exc.messages), details), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        message = getattr(exc, "user_message", "") or _("No encontrado.")  # e.g. core/stored_files.py
        return Response(error_body("not_found", message), status=status.HTTP_404_NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        details = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        message = _("Los datos enviados no son válidos.")
        response.data = error_body("invalid", message, details)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        code = getattr(getattr(exc, "detail", None), "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(str(code), str(detail))
    return response


class ScopedViewSetMixin:
    """List and retrieve only what the caller may see; a foreign entity's object answers 404."""

    scoped_model = None

    def get_queryset(self):
        return self.scoped_model.objects.for_user(self.request.user)
