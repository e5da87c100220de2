"""Evaluación independiente del SCI: /api/v1/ci-evaluations/ (POST {id}/rate/ and {id}/sign/)."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin, VigenciaFilter
from mipg.organizations.models import Entity

from .. import services
from ..models import CIEvaluation
from .common import visible


class CIEvaluationFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")


class CIRatingSerializer(serializers.Serializer):
    """One requirement, read from its answer in the evaluation's campaign (id = the answer's id)."""

    id = serializers.IntegerField(source="pk", read_only=True)
    code = serializers.CharField(source="question.code", read_only=True)
    component = serializers.CharField(source="question.module.name", read_only=True)
    requirement = serializers.CharField(source="question.text", read_only=True)
    present = serializers.BooleanField(read_only=True, allow_null=True, label=_("Presente"))
    functioning = serializers.BooleanField(read_only=True, allow_null=True, label=_("Funcionando"))
    note = serializers.CharField(read_only=True, label=_("Observación"))


class CIEvaluationSerializer(serializers.ModelSerializer):
    ratings = serializers.SerializerMethodField()

    @extend_schema_field(CIRatingSerializer(many=True))
    def get_ratings(self, evaluation) -> list:
        return CIRatingSerializer(services.requirement_ratings(evaluation), many=True).data

    class Meta:
        model = CIEvaluation
        fields = [
            "id",
            "entity",
            "vigencia",
            "semester",
            "number",
            "cut_date",
            "due_date",
            "status",
            "overall_conclusion",
            "signed_at",
            "report_sha256",
            "ratings",
        ]
        read_only_fields = fields


class CIEvaluationCreateSerializer(serializers.Serializer):
    entity = serializers.IntegerField()
    vigencia = serializers.IntegerField(min_value=2000, max_value=2100)
    semester = serializers.ChoiceField(choices=[1, 2])


class CIRatingInputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    present = serializers.BooleanField(allow_null=True)
    functioning = serializers.BooleanField(allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CIEvaluationUpdateSerializer(serializers.Serializer):
    ratings = CIRatingInputSerializer(many=True, required=False, default=list)
    conclusions = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    overall_conclusion = serializers.CharField(required=False, allow_blank=True, default="")


class CIEvaluationViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Semiannual independent evaluations of the SCI (filters: entity, vigencia). POST starts one (control
    interno); POST {id}/rate/ saves ratings ({id, present, functioning, note}), conclusions by component name
    and the overall conclusion; POST {id}/sign/ signs and freezes it. A signed evaluation refuses changes."""

    scoped_model = CIEvaluation
    filterset_class = CIEvaluationFilter
    ordering_fields = ("id", "vigencia", "semester")

    def get_serializer_class(self):
        return {"create": CIEvaluationCreateSerializer, "rate": CIEvaluationUpdateSerializer}.get(
            self.action, CIEvaluationSerializer
        )

    def get_queryset(self):
        rated = Prefetch("campaign__answers", queryset=services.rating_answers(), to_attr="rated")
        return (
            super()
            .get_queryset()
            .select_related("campaign")
            .prefetch_related(rated)
            .order_by("-vigencia", "-semester")
        )

    def create(self, request, *args, **kwargs):
        serializer = CIEvaluationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entity = visible(Entity, request.user, data["entity"])
        evaluation = services.evaluation_create(
            user=request.user, entity=entity, vigencia=data["vigencia"], semester=int(data["semester"])
        )
        return Response(CIEvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        evaluation = self.get_object()
        serializer = CIEvaluationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        by_module = {c.module.name: c.pk for c in evaluation.conclusions.select_related("module")}
        unknown = [name for name in data["conclusions"] if name not in by_module]
        if unknown:
            raise serializers.ValidationError(
                {"conclusions": [_("Componente desconocido: %(c)s") % {"c": ", ".join(unknown)}]}
            )
        services.evaluation_save(
            user=request.user,
            evaluation=evaluation,
            ratings={r["id"]: (r["present"], r["functioning"], r["note"]) for r in data["ratings"]},
            conclusions={by_module[name]: text for name, text in data["conclusions"].items()},
            overall_conclusion=data["overall_conclusion"] or evaluation.overall_conclusion,
        )
        return Response(CIEvaluationSerializer(self.get_object()).data)

    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        evaluation = services.evaluation_sign(user=request.user, evaluation=self.get_object())
        return Response(CIEvaluationSerializer(evaluation).data)
