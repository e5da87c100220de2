"""Open data and BI: official results (public to every signed-in user), bulk export per vigencia, and the
entity-scoped recommendations and improvement plans."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin, VigenciaFilter
from mipg.core.db_router import reading_from_replica
from mipg.core.imports import ImportRejected
from mipg.organizations.models import Entity

from . import exporter, services
from .diff import recommendation_rows, recommendations_diff, results_diff, version_results
from .models import (
    Finding,
    ImprovementAction,
    ImprovementPlan,
    Recommendation,
    RecommendationVersion,
    ResultVersion,
    Score,
    StagedImport,
)
from .permissions import can_administer_results
from .selectors import synthetic_vigencias
from .services.versions import recommendations_marker


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


class RecommendationFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")
    policy = django_filters.CharFilter(method="filter_policy", help_text="Código de la política.")
    dimension = django_filters.CharFilter(
        field_name="policy__dimension__code", help_text="Código de la dimensión."
    )
    status = django_filters.ChoiceFilter(choices=Recommendation.Status.choices)

    def filter_policy(self, queryset, name, value):
        return queryset.filter(policy__code=value.strip().upper())


class ImprovementPlanFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")


class ResultVersionFilter(django_filters.FilterSet):
    vigencia = VigenciaFilter(field_name="vigencia")


class RecommendationVersionFilter(ResultVersionFilter):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")


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
    filterset_class = RecommendationFilter
    ordering_fields = ("id", "vigencia")

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("policy", "related_policy")
            .order_by("entity_id", "-vigencia", "pk")
        )
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


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _visible_or_404(queryset, pk):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


class ImprovementPlanCreateSerializer(serializers.Serializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    name = serializers.CharField(max_length=ImprovementPlan._meta.get_field("name").max_length)
    vigencia = serializers.IntegerField(min_value=1900, max_value=9999, required=False, allow_null=True)


class ImprovementPlanViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Improvement plans with findings and actions; a foreign entity's plan answers 404.
    POST creates a plan (planeación of the entity), as the page does."""

    serializer_class = PlanSerializer
    scoped_model = ImprovementPlan
    filterset_class = ImprovementPlanFilter
    ordering_fields = ("id", "created_at", "vigencia")

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .order_by("entity_id", "-created_at")
            .prefetch_related("findings__policy", "findings__actions__evidence")
        )
        return queryset

    def get_serializer_class(self):
        return ImprovementPlanCreateSerializer if self.action == "create" else PlanSerializer

    @extend_schema(request=ImprovementPlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        data = _valid(ImprovementPlanCreateSerializer, request)
        entity = _visible_or_404(Entity.objects.visible_to(request.user), data["entity"])
        plan = services.plan_create(
            user=request.user, entity=entity, name=data["name"], vigencia=data.get("vigencia")
        )
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- improvement plan writes (issue 13 item 2)


class FindingCreateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="Id del plan de mejoramiento."
    )
    origin = serializers.ChoiceField(choices=Finding.Origin.choices)
    description = serializers.CharField(max_length=20000)
    cause = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    policy = serializers.CharField(required=False, allow_blank=True, default="", help_text="Código.")


class FindingReadSerializer(FindingSerializer):
    plan = serializers.IntegerField(source="plan_id")


class FindingFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="plan__entity_id", help_text="Id de la entidad.")
    plan = IdFilter(field_name="plan_id", help_text="Id del plan de mejoramiento.")
    status = django_filters.ChoiceFilter(choices=Finding.Status.choices)
    policy = django_filters.CharFilter(field_name="policy__code", help_text="Código de la política.")


class FindingViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Findings of improvement plans, each with its cause and actions. POST adds a finding (with its cause)
    to a plan; POST {id}/close/ closes it once every action was verified effective (planeación)."""

    scoped_model = Finding
    filterset_class = FindingFilter
    ordering_fields = ("id",)

    def get_serializer_class(self):
        return FindingCreateSerializer if self.action == "create" else FindingReadSerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("policy")
            .prefetch_related("actions__evidence")
            .order_by("pk")
        )

    @extend_schema(request=FindingCreateSerializer, responses={201: FindingReadSerializer})
    def create(self, request, *args, **kwargs):
        from mipg.catalog.selectors import current_policies

        data = _valid(FindingCreateSerializer, request)
        plan = _visible_or_404(ImprovementPlan.objects.for_user(request.user), data["plan"])
        policy = None
        if data["policy"]:
            policy = current_policies().filter(code=data["policy"].strip().upper()).first()
            if policy is None:
                raise ValidationError({"policy": [_("No existe una política con ese código.")]})
        finding = services.finding_create(
            user=request.user,
            plan=plan,
            origin=data["origin"],
            description=data["description"],
            cause=data["cause"],
            policy=policy,
        )
        return Response(FindingReadSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=FindingReadSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        finding = services.finding_close(user=request.user, finding=self.get_object())
        return Response(FindingReadSerializer(finding).data)


class ActionCreateSerializer(serializers.Serializer):
    finding = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id del hallazgo.")
    description = serializers.CharField(max_length=20000)
    start_date = serializers.DateField()
    due_date = serializers.DateField()
    responsible = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    deliverable = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    indicator = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ActionProgressSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    evidence = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, default=list
    )


class ActionVerifySerializer(serializers.Serializer):
    effective = serializers.BooleanField()
    note = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class ActionReadSerializer(ActionSerializer):
    finding = serializers.IntegerField(source="finding_id", read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "finding"]


class ActionFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="finding__plan__entity_id", help_text="Id de la entidad.")
    plan = IdFilter(field_name="finding__plan_id", help_text="Id del plan de mejoramiento.")
    finding = IdFilter(field_name="finding_id", help_text="Id del hallazgo.")
    status = django_filters.ChoiceFilter(choices=ImprovementAction.Status.choices)
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")


class ImprovementActionViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Improvement actions. POST adds one to a finding (planeación); POST {id}/progress/ reports progress
    (cumulative, never backwards); POST {id}/verify/ is control interno's verification of effectiveness."""

    scoped_model = ImprovementAction
    filterset_class = ActionFilter
    ordering_fields = ("id", "due_date", "progress")

    def get_serializer_class(self):
        return {
            "create": ActionCreateSerializer,
            "progress": ActionProgressSerializer,
            "verify": ActionVerifySerializer,
        }.get(self.action, ActionReadSerializer)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("evidence").order_by("due_date", "pk")

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionReadSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(_valid(ActionCreateSerializer, request))
        finding = _visible_or_404(Finding.objects.for_user(request.user), data.pop("finding"))
        action_ = services.action_create(user=request.user, finding=finding, **data)
        return Response(ActionReadSerializer(action_).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionProgressSerializer, responses={201: ActionReadSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        from mipg.core.models import Evidence

        improvement_action = self.get_object()
        data = _valid(ActionProgressSerializer, request)
        evidence = list(Evidence.objects.for_user(request.user).filter(pk__in=data["evidence"]))
        if len(evidence) != len(set(data["evidence"])):
            raise ValidationError({"evidence": [_("Alguna de las evidencias no existe o no es visible.")]})
        services.progress_report(
            user=request.user,
            action=improvement_action,
            percent=data["percent"],
            note=data["note"],
            evidence=evidence,
        )
        improvement_action.refresh_from_db()
        return Response(ActionReadSerializer(improvement_action).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionVerifySerializer, responses=ActionReadSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = _valid(ActionVerifySerializer, request)
        verified = services.action_verify(
            user=request.user, action=self.get_object(), effective=data["effective"], note=data["note"]
        )
        return Response(ActionReadSerializer(verified).data)


# ---------------------------------------------------------------- staged imports and versions (shared data)


class Conflict(APIException):
    status_code = 409
    default_code = "conflict"
    default_detail = _("El estado cambió: la operación no se aplicó.")


class StagedImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = StagedImport
        fields = [
            "id",
            "kind",
            "vigencia",
            "entity",
            "sheet",
            "file_name",
            "sha256",
            "status",
            "created_at",
            "expires_at",
            "applied_at",
            "preview",
        ]
        read_only_fields = fields


class StageRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StagedImport.Kind.choices, default=StagedImport.Kind.RESULTS)
    file = serializers.FileField()
    vigencia = serializers.CharField(max_length=8)
    sheet = serializers.CharField(max_length=120, required=False, allow_blank=True)
    entity = serializers.IntegerField(required=False, help_text="Entidad (solo recomendaciones)")


def _results_admin(request) -> None:
    if not can_administer_results(request.user):
        raise PermissionDenied(_("Solo un administrador de resultados oficiales o del sistema."))


class StagedImportViewSet(viewsets.GenericViewSet):
    """Imports of shared data (official results, recommendations), results administrators only.
    POST uploads and checks the file and answers its preview (a dry run: nothing changes);
    POST {id}/confirm/ applies it once (a second confirmation answers 409)."""

    serializer_class = StagedImportSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        # Another user's staged import, or any for a caller who is not a results administrator: 404.
        if not can_administer_results(self.request.user):
            return StagedImport.objects.none()
        return StagedImport.objects.for_user(self.request.user).order_by("-created_at")

    @extend_schema(request=StageRequestSerializer, responses={201: StagedImportSerializer})
    def create(self, request):
        _results_admin(request)
        data = StageRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            if values["kind"] == StagedImport.Kind.RESULTS:
                staged = services.results_stage(
                    user=request.user,
                    file=values["file"],
                    vigencia=values["vigencia"],
                    sheet=values.get("sheet") or None,
                    file_name=values["file"].name,
                )
            else:
                if values.get("entity") is None:
                    raise ValidationError({"entity": [_("Indique la entidad de las recomendaciones.")]})
                entity = Entity.objects.filter(pk=values["entity"]).first()
                if entity is None:
                    raise ValidationError({"entity": [_("La entidad no existe.")]})
                staged = services.recommendations_stage(
                    user=request.user,
                    entity=entity,
                    vigencia=values["vigencia"],
                    file=values["file"],
                    file_name=values["file"].name,
                )
        except ImportRejected as error:
            raise ValidationError({"file": [str(problem) for problem in error.problems[:200]]}) from None
        return Response(StagedImportSerializer(staged).data, status=201)

    def retrieve(self, request, pk=None):
        return Response(StagedImportSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: StagedImportSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        staged = self.get_object()
        try:
            outcome = services.staged_import_confirm(user=request.user, staged=staged)
        except services.StaleData as error:
            raise Conflict(error.message) from None
        except ImportRejected as error:
            raise Conflict(" ".join(str(p) for p in error.problems[:20])) from None
        staged.refresh_from_db()
        body = StagedImportSerializer(staged).data
        if staged.kind == StagedImport.Kind.RESULTS:
            body["result_import"] = outcome.pk
        else:
            body["recommendations"] = len(outcome)
        return Response(body)


class ResultVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ResultVersion
        fields = [
            "id",
            "vigencia",
            "file_name",
            "sha256",
            "imported_by",
            "imported_at",
            "archived_by",
            "archived_at",
            "reason",
            "subject_count",
            "score_count",
            "codes",
            "synthetic",
        ]


class RestoreRequestSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField(default=False)
    marker = serializers.CharField(required=False, allow_blank=True, max_length=64)


class ResultVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Archived versions of official results (results administrators only). Filter: vigencia.
    POST {id}/restore/ with dry_run=true answers what would change and the `marker` of the data in force;
    with that marker it restores (409 when the data changed meanwhile)."""

    serializer_class = ResultVersionSerializer
    filterset_class = ResultVersionFilter

    def get_queryset(self):
        if not can_administer_results(self.request.user):
            return ResultVersion.objects.none()  # details answer 404, the list 403 (below)
        return ResultVersion.objects.order_by("-archived_at", "-pk")

    def list(self, request, *args, **kwargs):
        _results_admin(request)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RestoreRequestSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        version = self.get_object()
        params = RestoreRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        if params.validated_data["dry_run"]:
            return Response(
                {
                    "marker": services.results_marker(version.vigencia),
                    "preview": results_diff(version.vigencia, version_results(version)),
                }
            )
        try:
            record = services.results_version_restore(
                user=request.user, version=version, expected_marker=params.validated_data.get("marker", "")
            )
        except services.StaleData as error:
            raise Conflict(error.message) from None
        return Response(
            {"result_import": record.pk, "vigencia": record.vigencia, "scores": record.score_count}
        )


class RecommendationVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendationVersion
        fields = ["id", "entity", "vigencia", "archived_by", "archived_at", "reason", "count", "rows"]


class RecommendationVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Archived recommendations of an entity and vigencia (results administrators only).
    Filters: entity, vigencia. POST {id}/restore/ works as for official results (dry_run, then marker)."""

    serializer_class = RecommendationVersionSerializer
    filterset_class = RecommendationVersionFilter

    def get_queryset(self):
        if not can_administer_results(self.request.user):
            return RecommendationVersion.objects.none()
        return RecommendationVersion.objects.order_by("-archived_at", "-pk")

    def list(self, request, *args, **kwargs):
        _results_admin(request)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RestoreRequestSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        version = self.get_object()
        params = RestoreRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        if params.validated_data["dry_run"]:
            current = recommendation_rows(version.entity, version.vigencia)
            return Response(
                {
                    "marker": recommendations_marker(version.entity, version.vigencia),
                    "preview": recommendations_diff(current, version.rows),
                }
            )
        try:
            created = services.recommendations_version_restore(
                user=request.user, version=version, expected_marker=params.validated_data.get("marker", "")
            )
        except services.StaleData as error:
            raise Conflict(error.message) from None
        except ImportRejected as error:
            raise Conflict(" ".join(str(p) for p in error.problems[:20])) from None
        return Response({"recommendations": len(created), "vigencia": version.vigencia})


def register(router) -> None:
    router.register("staged-imports", StagedImportViewSet, basename="staged-import")
    router.register("result-versions", ResultVersionViewSet, basename="result-version")
    router.register(
        "recommendation-versions", RecommendationVersionViewSet, basename="recommendation-version"
    )
    router.register("results", ResultViewSet, basename="result")
    router.register("recommendations", RecommendationViewSet, basename="recommendation")
    router.register("improvement-plans", ImprovementPlanViewSet, basename="improvement-plan")
    router.register("improvement-findings", FindingViewSet, basename="improvement-finding")
    router.register("improvement-actions", ImprovementActionViewSet, basename="improvement-action")
    __import__(f"{__package__}.api_bulk", fromlist=["register"]).register(router)  # bulk exports, issue 13
