"""Open data and BI: official results (public to every signed-in user), bulk export per vigencia, and the
entity-scoped recommendations and improvement plans."""

import csv
import json

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError

from mipg.core.api import ScopedViewSetMixin

from .models import ImprovementAction, ImprovementPlan, Recommendation, Score
from .selectors import catalogue_codes


class ScoreSerializer(serializers.ModelSerializer):
    sigep_code = serializers.CharField(source="subject.sigep_code", read_only=True)
    entity_name = serializers.CharField(source="subject.name", read_only=True)
    peer_group = serializers.CharField(source="subject.peer_group", read_only=True)
    entity = serializers.IntegerField(source="subject.entity_id", read_only=True, allow_null=True)

    class Meta:
        model = Score
        fields = ["id", "vigencia", "sigep_code", "entity_name", "peer_group", "entity", "code", "value"]


def _int_param(params, name):
    raw = params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError({name: [_("Debe ser un número entero.")]}) from None


class ResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Official scores, one per (vigencia, entity, index code). `value` null means "no aplica".
    Filters: vigencia (year), entity (Código SIGEP), code (IDI, D1, POL05, I23), peer_group."""

    serializer_class = ScoreSerializer

    def get_queryset(self):
        queryset = (
            Score.objects.for_user(self.request.user)
            .select_related("subject")
            .order_by("vigencia", "subject__sigep_code", "code")
        )
        params = self.request.query_params
        vigencia = _int_param(params, "vigencia")
        if vigencia is not None:
            queryset = queryset.filter(vigencia=vigencia)
        if params.get("entity"):
            queryset = queryset.filter(subject__sigep_code=params["entity"].strip())
        if params.get("code"):
            queryset = queryset.filter(code=params["code"].strip().upper())
        if params.get("peer_group"):
            queryset = queryset.filter(subject__peer_group=params["peer_group"])
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("vigencia", int, required=True),
            OpenApiParameter("fmt", str, enum=["csv", "json"], description="csv (por defecto) o json"),
        ],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, "application/json"): OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"])
    def export(self, request):
        """Whole vigencia in one wide file: one row per entity, one column per index code (streamed)."""
        vigencia = _int_param(request.query_params, "vigencia")
        if vigencia is None:
            raise ValidationError({"vigencia": [_("Indique la vigencia (año) a exportar.")]})
        fmt = request.query_params.get("fmt", "csv")
        if fmt not in ("csv", "json"):
            raise ValidationError({"fmt": [_("Formato no soportado: use csv o json.")]})
        codes = list(Score.objects.filter(vigencia=vigencia).values_list("code", flat=True).distinct())
        if not codes:
            raise ValidationError({"vigencia": [_("No hay resultados importados para esa vigencia.")]})
        from .codes import code_sort_key

        codes.sort(key=code_sort_key)
        rows = _wide_rows(vigencia, codes)
        if fmt == "json":
            response = StreamingHttpResponse(
                _json_stream(vigencia, codes, rows), content_type="application/json"
            )
        else:
            response = StreamingHttpResponse(_csv_stream(codes, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="resultados-{vigencia}.{fmt}"'
        return response


IDENTITY = ["sigep_code", "name", "legal_nature", "departamento", "municipio", "peer_group", "form_type"]


def _wide_rows(vigencia, codes):
    """Yield (identity tuple, {code: value}) per subject from one cursor, in the order of the unique index
    (vigencia, subject, code) so the database does not sort half a million rows."""
    queryset = (
        Score.objects.filter(vigencia=vigencia)
        .order_by("subject_id", "code")
        .values_list("subject_id", *[f"subject__{f}" for f in IDENTITY], "code", "value")
    )
    current_id, identity, values = None, None, {}
    for row in queryset.iterator(chunk_size=5000):
        if row[0] != current_id:
            if current_id is not None:
                yield identity, values
            current_id, identity, values = row[0], row[1 : 1 + len(IDENTITY)], {}
        values[row[-2]] = row[-1]
    if current_id is not None:
        yield identity, values


class _Echo:
    def write(self, value):
        return value


def _csv_stream(codes, rows):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(
        [
            "codigo_sigep",
            "entidad",
            "naturaleza_juridica",
            "departamento",
            "municipio",
            "grupo_par",
            "tipo_formulario",
            *codes,
        ]
    )
    for identity, values in rows:
        yield writer.writerow([*identity, *["" if values.get(c) is None else str(values[c]) for c in codes]])


def _json_stream(vigencia, codes, rows):
    names = catalogue_codes()["names"]
    yield json.dumps({"vigencia": vigencia, "codes": [{"code": c, "name": names.get(c, c)} for c in codes]})[
        :-1
    ]
    yield ', "results": ['
    first = True
    for identity, values in rows:
        item = dict(zip(IDENTITY, identity, strict=True))
        item["scores"] = {
            c: (None if values.get(c) is None else float(values[c])) for c in codes if c in values
        }
        yield ("" if first else ",") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "]}"


class RecommendationSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.code", read_only=True)
    related_policy = serializers.CharField(source="related_policy.code", read_only=True, default=None)

    class Meta:
        model = Recommendation
        fields = ["id", "entity", "vigencia", "policy", "text", "related_policy", "status", "is_demo"]


class RecommendationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Recommendations of the entities the caller holds a role over.
    Filters: entity (id), vigencia, policy, status."""

    serializer_class = RecommendationSerializer
    scoped_model = Recommendation

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("policy", "related_policy")
            .order_by("entity_id", "-vigencia", "pk")
        )
        params = self.request.query_params
        entity = _int_param(params, "entity")
        vigencia = _int_param(params, "vigencia")
        if entity is not None:
            queryset = queryset.filter(entity_id=entity)
        if vigencia is not None:
            queryset = queryset.filter(vigencia=vigencia)
        if params.get("policy"):
            queryset = queryset.filter(policy__code=params["policy"].upper())
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        return queryset


class ActionSerializer(serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ImprovementAction
        fields = [
            "id",
            "description",
            "responsible",
            "start_date",
            "due_date",
            "deliverable",
            "indicator",
            "progress",
            "status",
            "evidence",
            "verified_at",
        ]


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    origin = serializers.CharField()
    description = serializers.CharField()
    cause = serializers.CharField()
    policy = serializers.CharField(source="policy.code", default=None)
    recommendation = serializers.IntegerField(source="recommendation_id", allow_null=True)
    status = serializers.CharField()
    actions = ActionSerializer(many=True)


class PlanSerializer(serializers.ModelSerializer):
    findings = FindingSerializer(many=True, read_only=True)

    class Meta:
        model = ImprovementPlan
        fields = ["id", "entity", "name", "vigencia", "created_at", "is_demo", "findings"]


class ImprovementPlanViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Improvement plans with findings and actions; a foreign entity's plan answers 404."""

    serializer_class = PlanSerializer
    scoped_model = ImprovementPlan

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .order_by("entity_id", "-created_at")
            .prefetch_related("findings__policy", "findings__actions__evidence")
        )
        entity = _int_param(self.request.query_params, "entity")
        return queryset.filter(entity_id=entity) if entity is not None else queryset


def register(router) -> None:
    router.register("results", ResultViewSet, basename="result")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
    router.register("improvement-plans", ImprovementPlanViewSet, basename="improvement-plan")
