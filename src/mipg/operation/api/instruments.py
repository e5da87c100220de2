"""/api/v1/instruments/: implementation instruments (including the Decreto 612 plans)."""

import django_filters
from rest_framework import serializers, viewsets

from mipg.core.api import ScopedViewSetMixin

from .. import services
from ..models import (
    Instrument,
)
from .common import EntityVigenciaFilter, WriteMixin, Writes, write_schema


class InstrumentFilter(EntityVigenciaFilter):
    policy = django_filters.CharFilter(
        field_name="policies__code", distinct=True, help_text="Código de una de sus políticas."
    )
    status = django_filters.ChoiceFilter(choices=Instrument.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Instrument.Kind.choices)


class InstrumentSerializer(serializers.ModelSerializer):
    policies = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    responsible_dependencia = serializers.CharField(
        source="responsible_dependencia.name", default=None, read_only=True
    )

    class Meta:
        model = Instrument
        fields = [
            "id",
            "entity",
            "vigencia",
            "kind",
            "decree_plan",
            "name",
            "objective",
            "responsible_dependencia",
            "start_date",
            "end_date",
            "status",
            "published_on",
            "published_url",
            "policies",
        ]


class InstrumentWriteSerializer(serializers.ModelSerializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    responsible_dependencia = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True, help_text="Id de la dependencia."
    )
    policies = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, help_text="Códigos de las políticas."
    )

    class Meta:
        model = Instrument
        fields = InstrumentSerializer.Meta.fields[1:]  # the same fields, without the id


@write_schema(InstrumentWriteSerializer, InstrumentSerializer)
class InstrumentViewSet(WriteMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Implementation instruments, including the Decreto 612 plans (filters: entity, vigencia). POST, PATCH
    and DELETE (only while in formulación) by planeación of the entity, as on the page."""

    serializer_class = InstrumentSerializer
    write_serializer_class = InstrumentWriteSerializer
    scoped_model = Instrument
    filterset_class = InstrumentFilter
    ordering_fields = ("id", "vigencia", "name")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("responsible_dependencia")
            .prefetch_related("policies")
            .order_by("entity_id", "-vigencia", "name")
        )

    def save(self, data, instance=None):
        user = self.request.user
        entity = self.owner_entity(data, instance)
        codes = data.pop("policies", None)
        policies = instance.policies.all() if instance is not None and codes is None else ()
        if codes:
            policies = Writes.policies(codes)
        return services.instrument_save(
            user=user, entity=entity, instrument=instance, policies=list(policies), **data
        )

    def perform_destroy(self, instance):
        services.instrument_delete(user=self.request.user, instrument=instance)
