"""Open data and BI: official results (public to every signed-in user) and the bulk export per vigencia."""

import django_filters
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError

from mipg.core.api import IdFilter, VigenciaFilter
from mipg.core.db_router import reading_from_replica

from .. import exporter
from ..models import (
    Score,
)
from ..selectors import synthetic_vigencias


class ScoreSerializer(serializers.ModelSerializer):
    sigep_code = serializers.CharField(source="subject.sigep_code", read_only=True)
    entity_name = serializers.CharField(source="subject.name", read_only=True)
    peer_group = serializers.CharField(source="subject.peer_group", read_only=True)
    entity = serializers.IntegerField(source="subject.entity_id", read_only=True, allow_null=True)
    synthetic = serializers.SerializerMethodField(
        help_text="Verdadero si la vigencia viene de un libro marcado «DATOS SINTÉTICOS» (no oficial)."
    )

    class Meta:
        model = Score
        fields = [
            "id",
            "vigencia",
            "sigep_code",
            "entity_name",
            "peer_group",
            "entity",
            "code",
            "value",
            "synthetic",
        ]

    def get_synthetic(self, score) -> bool:
        if "synthetic_vigencias" not in self.context:
            self.context["synthetic_vigencias"] = synthetic_vigencias()
        return score.vigencia in self.context["synthetic_vigencias"]


def _int_param(params, name):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError({name: [_("Debe ser un número entero.")]}) from None


class ResultFilter(django_filters.FilterSet):
    vigencia = VigenciaFilter(field_name="vigencia")
    entity = IdFilter(field_name="subject__entity_id", help_text="Id de la entidad.")
    sigep_code = django_filters.CharFilter(field_name="subject__sigep_code", help_text="Código SIGEP.")
    code = django_filters.CharFilter(
        method="filter_code", help_text="Código del índice: IDI, D1, POL05, I23…"
    )
    peer_group = django_filters.CharFilter(field_name="subject__peer_group", help_text="Grupo par.")

    def filter_code(self, queryset, name, value):
        return queryset.filter(code=value.strip().upper())


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Official scores, one per (vigencia, entity, index code). `value` null means "no aplica".
    Filters: vigencia (year), entity (id), sigep_code (Código SIGEP), code (IDI, D1, POL05, I23),
    peer_group."""

    serializer_class = ScoreSerializer
    filterset_class = ResultFilter
    ordering_fields = ("id", "vigencia", "code", "value")

    def get_queryset(self):
        queryset = (
            Score.objects.for_user(self.request.user)
            .select_related("subject")
            .order_by("vigencia", "subject__sigep_code", "code")
        )
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("vigencia", int, required=True),
            OpenApiParameter("fmt", str, enum=["csv", "json"], description="csv (por defecto) o json"),
        ],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, "application/json"): OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"])
    @reading_from_replica()
    def export(self, request):
        """Whole vigencia in one wide file: one row per entity, one column per index code (streamed)."""
        vigencia = _int_param(request.query_params, "vigencia")
        if vigencia is None:
            raise ValidationError({"vigencia": [_("Indique la vigencia (año) a exportar.")]})
        fmt = request.query_params.get("fmt", "csv")
        if fmt not in ("csv", "json"):
            raise ValidationError({"fmt": [_("Formato no soportado: use csv o json.")]})
        codes = exporter.vigencia_codes(vigencia)
        if not codes:
            raise ValidationError({"vigencia": [_("No hay resultados importados para esa vigencia.")]})
        rows = exporter.wide_rows(vigencia, codes)
        synthetic = vigencia in synthetic_vigencias()
        if fmt == "json":
            response = StreamingHttpResponse(
                exporter.json_stream(vigencia, codes, rows, synthetic=synthetic),
                content_type="application/json",
            )
        else:
            response = StreamingHttpResponse(
                exporter.csv_stream(codes, rows, synthetic=synthetic), content_type="text/csv; charset=utf-8"
            )
        response["Content-Disposition"] = f'attachment; filename="resultados-{vigencia}.{fmt}"'
        return response
