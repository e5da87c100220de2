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


class ActionSerializersMixin:
    """`action_serializers` maps an action (create, partial_update, a custom action) to its serializer; every
    other action uses `serializer_class`."""

    action_serializers: dict = {}

    def get_serializer_class(self):
        return self.action_serializers.get(self.action) or super().get_serializer_class()


class ScopedViewSetMixin:
    """List and retrieve only what the caller may see; a foreign entity's object answers 404."""

    scoped_model = None

    def get_queryset(self):
        return self.scoped_model.objects.for_user(self.request.user)


# --- declared filters and ordering (issue 13 item 1) ---------------------------------------------------
# Every list declares its filters as a django-filter FilterSet (documented in the schema by drf-spectacular).
# A malformed value answers 400; so does an unknown query parameter, listing the accepted ones (setting
# MIPG_API_STRICT_PARAMS, on by default). `page`, `page_size`, `ordering` and `format` are always accepted.
import django_filters  # noqa: E402
from django import forms  # noqa: E402
from django.conf import settings  # noqa: E402
from django_filters.rest_framework import DjangoFilterBackend  # noqa: E402
from rest_framework.filters import OrderingFilter  # noqa: E402

ALWAYS_ACCEPTED_PARAMS = ("page", "page_size", "ordering", "format")
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    """An object id: a positive integer the database can hold (a bigger one would be a server error)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filter by an object id, e.g. `entity` = the entity's id."""

    field_class = IdField


class YearField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class VigenciaFilter(django_filters.NumberFilter):
    field_class = YearField


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus: an unknown query parameter answers 400 on lists (MIPG_API_STRICT_PARAMS)."""

    def accepted_params(self, request, queryset, view) -> list[str]:
        names = set(ALWAYS_ACCEPTED_PARAMS) | set(getattr(view, "extra_query_params", ()))
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        return sorted(names)

    def filter_queryset(self, request, queryset, view):
        if getattr(settings, "MIPG_API_STRICT_PARAMS", True) and getattr(view, "action", None) == "list":
            accepted = self.accepted_params(request, queryset, view)
            unknown = sorted(set(request.query_params) - set(accepted))
            if unknown:
                raise exceptions.ValidationError(
                    {
                        name: [
                            _("Parámetro desconocido. Se aceptan: %(accepted)s.")
                            % {"accepted": ", ".join(accepted)}
                        ]
                        for name in unknown
                    }
                )
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(OrderingFilter):
    """`?ordering=` over the view's `ordering_fields` (by default `id`); an unknown field answers 400."""

    def get_valid_fields(self, queryset, view, context=None):
        fields = getattr(view, "ordering_fields", None) or ("id",)
        return [(name, name) for name in fields]

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if raw:
            valid = {name for name, _label in self.get_valid_fields(queryset, view)}
            terms = [term.strip() for term in raw.split(",")]
            bad = [term for term in terms if term.lstrip("-") not in valid]
            if bad:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            _("Orden no válido: %(bad)s. Se acepta: %(valid)s (con «-» para descendente).")
                            % {"bad": ", ".join(bad), "valid": ", ".join(sorted(valid))}
                        ]
                    }
                )
            return terms
        return self.get_default_ordering(view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None) or ("id",)
        for parameter in parameters:
            parameter["description"] = _("Orden: %(fields)s; «-» delante para descendente.") % {
                "fields": ", ".join(fields)
            }
        return parameters


# --- end of declared filters ---


# --- write helpers of the API (issue 13 item 2) ---------------------------------------------------------
def valid_data(serializer_class, request, partial: bool = False) -> dict:
    """The request's body validated by `serializer_class` (a 400 in the error shape when it is not)."""
    serializer = serializer_class(data=request.data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def visible_or_404(queryset, pk):
    """The object `pk` of a queryset already scoped to the caller (`for_user`); otherwise 404."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def policy_by_code(code: str, field: str = "policy"):
    """The current MIPG policy with that code (blank: None); an unknown code is a 400 on `field`."""
    from mipg.catalog.selectors import current_policies

    code = (code or "").strip().upper()
    if not code:
        return None
    policy = current_policies().filter(code=code).first()
    if policy is None:
        raise exceptions.ValidationError({field: [_("No existe una política con ese código.")]})
    return policy


# --- end of write helpers ---


# --- an import refused by the all-or-nothing importer (issue 13 item 2) -----------------------------------
def import_rejected_response(error) -> Response:
    """400 in the error shape with every problem of a rejected import (sheet, row, column, message)."""
    return Response(
        error_body(
            "import_rejected",
            _("No se importó nada: el libro tiene %(n)s problema(s).") % {"n": len(error.problems)},
            {"problems": [problem.as_dict() | {"text": str(problem)} for problem in error.problems]},
        ),
        status=status.HTTP_400_BAD_REQUEST,
    )


# --- end of import refused ---
