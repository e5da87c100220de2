"""Staged imports of shared data and the archived versions of results and recommendations
(results administrators only)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from mipg.core.api import IdFilter, VigenciaFilter
from mipg.core.imports import ImportRejected
from mipg.organizations.models import Entity

from .. import services
from ..diff import recommendation_rows, recommendations_diff, results_diff, version_results
from ..models import (
    RecommendationVersion,
    ResultVersion,
    StagedImport,
)
from ..permissions import can_administer_results
from ..services.versions import recommendations_marker


class ResultVersionFilter(django_filters.FilterSet):
    vigencia = VigenciaFilter(field_name="vigencia")


class RecommendationVersionFilter(ResultVersionFilter):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")


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


class _ArchivedVersions(viewsets.ReadOnlyModelViewSet):
    """Archived versions are read by results administrators only: for anyone else the list answers 403 and
    a version 404."""

    model = None

    def get_queryset(self):
        if not can_administer_results(self.request.user):
            return self.model.objects.none()
        return self.model.objects.order_by("-archived_at", "-pk")

    def list(self, request, *args, **kwargs):
        _results_admin(request)
        return super().list(request, *args, **kwargs)


class ResultVersionViewSet(_ArchivedVersions):
    """Archived versions of official results (results administrators only). Filter: vigencia.
    POST {id}/restore/ with dry_run=true answers what would change and the `marker` of the data in force;
    with that marker it restores (409 when the data changed meanwhile)."""

    model = ResultVersion
    serializer_class = ResultVersionSerializer
    filterset_class = ResultVersionFilter

    @extend_schema(request=RestoreRequestSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        version = self.get_object()
        return _restore(
            request,
            preview=lambda: {
                "marker": services.results_marker(version.vigencia),
                "preview": results_diff(version.vigencia, version_results(version)),
            },
            restore=lambda marker: services.results_version_restore(
                user=request.user, version=version, expected_marker=marker
            ),
            answer=lambda record: {
                "result_import": record.pk,
                "vigencia": record.vigencia,
                "scores": record.score_count,
            },
        )


class RecommendationVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecommendationVersion
        fields = ["id", "entity", "vigencia", "archived_by", "archived_at", "reason", "count", "rows"]


class RecommendationVersionViewSet(_ArchivedVersions):
    """Archived recommendations of an entity and vigencia (results administrators only).
    Filters: entity, vigencia. POST {id}/restore/ works as for official results (dry_run, then marker)."""

    model = RecommendationVersion
    serializer_class = RecommendationVersionSerializer
    filterset_class = RecommendationVersionFilter

    @extend_schema(request=RestoreRequestSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        version = self.get_object()
        return _restore(
            request,
            preview=lambda: {
                "marker": recommendations_marker(version.entity, version.vigencia),
                "preview": recommendations_diff(
                    recommendation_rows(version.entity, version.vigencia), version.rows
                ),
            },
            restore=lambda marker: services.recommendations_version_restore(
                user=request.user, version=version, expected_marker=marker
            ),
            answer=lambda created: {"recommendations": len(created), "vigencia": version.vigencia},
        )


def _restore(request, *, preview, restore, answer) -> Response:
    """POST {id}/restore/ of a version: `dry_run` answers the preview and the marker of the current data;
    otherwise the restore runs if the data still carries the marker sent (else 409, as a refused import)."""
    params = RestoreRequestSerializer(data=request.data)
    params.is_valid(raise_exception=True)
    if params.validated_data["dry_run"]:
        return Response(preview())
    try:
        restored = restore(params.validated_data.get("marker", ""))
    except services.StaleData as error:
        raise Conflict(error.message) from None
    except ImportRejected as error:
        raise Conflict(" ".join(str(p) for p in error.problems[:20])) from None
    return Response(answer(restored))
