"""Bulk read of a vigencia's official results: /api/v1/vigencias/{vigencia}/results/export/ as CSV, JSON
or xlsx (`?format=` or `Accept`), one row per score like /api/v1/results/ and with its filters (see
mipg.core.bulk). The wide open-data file (one row per entity) stays at /api/v1/results/export/."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from mipg.core.bulk import BulkExportViewSet, Column, bulk_schema

from ..models import Score
from .results import ResultFilter

RESULT_COLUMNS = [
    Column("id", "id", serializers.IntegerField()),
    Column("vigencia", "vigencia", serializers.IntegerField()),
    Column("sigep_code", "subject__sigep_code", serializers.CharField()),
    Column("entity_name", "subject__name", serializers.CharField()),
    Column("peer_group", "subject__peer_group", serializers.CharField()),
    Column("entity", "subject__entity_id", serializers.IntegerField(allow_null=True)),
    Column("code", "code", serializers.CharField()),
    Column("value", "value", serializers.FloatField(allow_null=True, help_text="Puntaje; null = no aplica.")),
]


@bulk_schema(
    row_name="VigenciaResultRow",
    columns=RESULT_COLUMNS,
    description=_(
        "Todos los puntajes oficiales de una vigencia en un solo archivo (CSV, JSON o xlsx), una fila "
        "por puntaje, con los filtros de /results/; se transmite mientras se lee."
    ),
    path_parameters=[
        OpenApiParameter("vigencia", int, OpenApiParameter.PATH, description=_("Vigencia (año)."))
    ],
)
class VigenciaResultsExportViewSet(BulkExportViewSet):
    columns = RESULT_COLUMNS
    filterset_class = ResultFilter
    ordering_fields = ("id", "vigencia", "code", "value")
    bulk_title = "Resultados"
    queryset = Score.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        return (
            Score.objects.for_user(self.request.user)
            .filter(vigencia=int(self.kwargs["vigencia"]))
            .order_by("subject__sigep_code", "code")
        )

    def bulk_filename(self) -> str:
        return f"resultados-{int(self.kwargs['vigencia'])}"


def register(router) -> None:
    router.register(
        r"vigencias/(?P<vigencia>\d{4})/results/export",
        VigenciaResultsExportViewSet,
        basename="vigencia-results-export",
    )
