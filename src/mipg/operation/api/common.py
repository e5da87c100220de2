"""Shared pieces of the Operación API: the entity/vigencia filter and the write helpers (issue 13 item 2)."""

import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from mipg.core.api import IdFilter, VigenciaFilter, policy_by_code, valid_data, visible_or_404

PERIOD_HELP = _("Periodo según la frecuencia del indicador: 2027, 2027-S1, 2027-T2 o 2027-03.")


class EntityVigenciaFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")


class Writes:
    """Small helpers of the write endpoints: validated input and visible objects."""

    @staticmethod
    def valid(serializer_class, request, partial=False):
        return valid_data(serializer_class, request, partial)

    @staticmethod
    def visible(model, user, pk):
        return visible_or_404(model.objects.for_user(user), pk)

    @staticmethod
    def visible_entity(user, pk):
        from mipg.organizations.models import Entity

        return visible_or_404(Entity.objects.visible_to(user), pk)

    @staticmethod
    def policy(code: str, field: str = "policy"):
        return policy_by_code(code, field)

    @staticmethod
    def policies(codes) -> list:
        from mipg.catalog.selectors import current_policies

        wanted = {code.strip().upper() for code in codes}
        policies = list(current_policies().filter(code__in=wanted))
        if len(policies) != len(wanted):
            raise ValidationError({"policies": _("Alguno de los códigos de política no existe.")})
        return policies


def write_schema(write_serializer, read_serializer):
    """Documents POST and PATCH of a `WriteMixin` viewset: the write serializer in, the read one out."""
    return extend_schema_view(
        create=extend_schema(request=write_serializer, responses={201: read_serializer}),
        partial_update=extend_schema(request=write_serializer, responses=read_serializer),
    )


class WriteMixin:
    """POST and PATCH through one `save(data, instance)` that calls the service: the input is validated by
    `write_serializer_class` (partially on PATCH) and the answer is `serializer_class` of the saved object.
    The instance of a PATCH is looked up first, so another entity's object answers 404."""

    write_serializer_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return self.write_serializer_class
        return super().get_serializer_class()

    def save(self, data: dict, instance=None):
        raise NotImplementedError

    def owner_entity(self, data: dict, instance=None):
        """The entity a new object is created in (visible to the caller, else 404) or the instance's; a
        `responsible_dependencia` id in `data` becomes the dependencia, if the caller sees it."""
        from mipg.organizations.models import Dependencia

        user = self.request.user
        entity_id = data.pop("entity", None)
        entity = instance.entity if instance is not None else Writes.visible_entity(user, entity_id)
        if data.get("responsible_dependencia"):
            data["responsible_dependencia"] = Writes.visible(
                Dependencia, user, data["responsible_dependencia"]
            )
        return entity

    def create(self, request, *args, **kwargs):
        obj = self.save(Writes.valid(self.write_serializer_class, request))
        return Response(self.serializer_class(obj).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        obj = self.save(Writes.valid(self.write_serializer_class, request, partial=True), instance)
        return Response(self.serializer_class(obj).data)
