"""/api/v1/indicators/ with their targets and measurements."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import ScopedViewSetMixin
from mipg.core.numbers import api_number_field

from .. import services
from ..models import (
    Indicator,
    IndicatorMeasurement,
    IndicatorTarget,
)
from .common import PERIOD_HELP, EntityVigenciaFilter, WriteMixin, Writes, write_schema


class IndicatorFilter(EntityVigenciaFilter):
    policy = django_filters.CharFilter(field_name="policy__code", help_text="Código de la política.")
    dimension = django_filters.CharFilter(
        field_name="policy__dimension__code", help_text="Código de la dimensión."
    )


class IndicatorTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["period", "value"]


class IndicatorMeasurementSerializer(serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = IndicatorMeasurement
        fields = ["period", "numerator_value", "denominator_value", "value", "note", "evidence"]


class IndicatorSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.code", default=None, read_only=True)
    targets = IndicatorTargetSerializer(many=True, read_only=True)
    measurements = IndicatorMeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "entity",
            "vigencia",
            "name",
            "numerator",
            "denominator",
            "unit",
            "frequency",
            "baseline",
            "direction",
            "policy",
            "targets",
            "measurements",
        ]


class IndicatorWriteSerializer(serializers.ModelSerializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    responsible_dependencia = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True, help_text="Id de la dependencia."
    )
    policy = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="Código.")
    baseline = api_number_field(decimals=2, required=False, allow_null=True)

    class Meta:
        model = Indicator
        # The read fields without id, targets and measurements, plus the responsible dependencia.
        fields = [*IndicatorSerializer.Meta.fields[1:-2], "responsible_dependencia"]
        validators = []  # uniqueness is checked by the service's full_clean(), with its Spanish message


class TargetWriteSerializer(serializers.Serializer):
    period = serializers.CharField(
        max_length=20,
        help_text=PERIOD_HELP,
    )
    value = api_number_field(decimals=2, help_text=_("Meta del periodo: número o texto es-CO."))


@write_schema(IndicatorWriteSerializer, IndicatorSerializer)
class IndicatorViewSet(WriteMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Indicators with their targets and measurements (filters: entity, vigencia). POST, PATCH and DELETE
    (refused while it has measurements or a goal uses it) by planeación of the entity, as on the page;
    POST {id}/targets/ sets the target of a period."""

    serializer_class = IndicatorSerializer
    write_serializer_class = IndicatorWriteSerializer
    scoped_model = Indicator
    filterset_class = IndicatorFilter
    ordering_fields = ("id", "vigencia", "name")

    def get_serializer_class(self):
        if self.action == "targets":
            return TargetWriteSerializer
        return super().get_serializer_class()

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("policy")
            .prefetch_related("targets", "measurements__evidence")
            .order_by("entity_id", "-vigencia", "name")
        )

    def save(self, data, instance=None):
        user = self.request.user
        entity = self.owner_entity(data, instance)
        if "policy" in data:
            data["policy"] = Writes.policy(data["policy"])
        return services.indicator_save(user=user, entity=entity, indicator=instance, **data)

    def perform_destroy(self, instance):
        services.indicator_delete(user=self.request.user, indicator=instance)

    @extend_schema(request=TargetWriteSerializer, responses=IndicatorTargetSerializer)
    @action(detail=True, methods=["post"])
    def targets(self, request, pk=None):
        """Set (or change) the target of one period, as the indicator's page does."""
        indicator = self.get_object()
        data = Writes.valid(TargetWriteSerializer, request)
        target = services.indicator_target_set(
            user=request.user, indicator=indicator, period=data["period"], value=data["value"]
        )
        return Response(IndicatorTargetSerializer(target).data)
