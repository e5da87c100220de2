"""/api/v1/indicator-measurements/: the measured series of the indicators. POST records a period (typed as
on the page for the indicator's frequency), POST {id}/correct/ corrects it and DELETE removes it, both with a
reason that goes to the indicator's history; planeación of the entity only, as on the indicator's page."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import ActionSerializersMixin, IdFilter, ScopedViewSetMixin
from mipg.core.numbers import api_number_field

from .. import services
from ..models import Indicator, IndicatorMeasurement
from .common import PERIOD_HELP, Writes

REASON = serializers.CharField(max_length=500, help_text=_("Motivo (queda en la historia del indicador)."))


class MeasurementSerializer(serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = IndicatorMeasurement
        fields = [
            "id",
            "indicator",
            "period",
            "numerator_value",
            "denominator_value",
            "value",
            "note",
            "evidence",
            "measured_by",
            "measured_at",
        ]
        read_only_fields = fields


class MeasurementValuesSerializer(serializers.Serializer):
    numerator_value = api_number_field(decimals=2, required=False, allow_null=True, default=None)
    denominator_value = api_number_field(decimals=2, required=False, allow_null=True, default=None)
    value = api_number_field(
        decimals=2,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Resultado, si no se envían numerador y denominador."),
    )


class MeasurementCreateSerializer(MeasurementValuesSerializer):
    indicator = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text=_("Id del indicador."))
    period = serializers.CharField(
        max_length=20,
        help_text=PERIOD_HELP,
    )
    note = serializers.CharField(
        max_length=IndicatorMeasurement._meta.get_field("note").max_length,
        required=False,
        allow_blank=True,
        default="",
    )
    evidence_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")


class MeasurementCorrectSerializer(MeasurementValuesSerializer):
    note = serializers.CharField(
        max_length=IndicatorMeasurement._meta.get_field("note").max_length,
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
    )
    reason = REASON


class MeasurementDeleteSerializer(serializers.Serializer):
    reason = REASON


class MeasurementFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="indicator__entity_id", help_text="Id de la entidad.")
    indicator = IdFilter(field_name="indicator_id", help_text="Id del indicador.")


class IndicatorMeasurementViewSet(
    ActionSerializersMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Measurements of the indicators (filters: entity, indicator). DELETE needs `{"reason": ...}`."""

    serializer_class = MeasurementSerializer
    scoped_model = IndicatorMeasurement
    filterset_class = MeasurementFilter
    ordering_fields = ("id", "period")

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": MeasurementCreateSerializer,
        "correct": MeasurementCorrectSerializer,
        "destroy": MeasurementDeleteSerializer,
    }

    def get_queryset(self):
        return super().get_queryset().prefetch_related("evidence").order_by("indicator_id", "period")

    @extend_schema(request=MeasurementCreateSerializer, responses={201: MeasurementSerializer})
    def create(self, request, *args, **kwargs):
        data = Writes.valid(MeasurementCreateSerializer, request)
        indicator = Writes.visible(Indicator, request.user, data.pop("indicator"))
        url = data.pop("evidence_url")
        measurement = services.indicator_measurement_record(
            user=request.user, indicator=indicator, links=[url] if url else (), **data
        )
        return Response(MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeasurementCorrectSerializer, responses=MeasurementSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        measurement = self.get_object()
        data = Writes.valid(MeasurementCorrectSerializer, request)
        measurement = services.indicator_measurement_correct(
            user=request.user, measurement=measurement, **data
        )
        return Response(MeasurementSerializer(measurement).data)

    @extend_schema(request=MeasurementDeleteSerializer, responses={204: None})
    def destroy(self, request, *args, **kwargs):
        measurement = self.get_object()
        data = Writes.valid(MeasurementDeleteSerializer, request)
        services.indicator_measurement_delete(
            user=request.user, measurement=measurement, reason=data["reason"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
