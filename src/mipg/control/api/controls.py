"""Controls and the three lines of defence: /api/v1/controls/ and /api/v1/control-assessments/ (POST to
self-assess; POST {id}/review/ and {id}/evaluate/ for the second and third lines)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import ActionSerializersMixin, IdFilter, ScopedViewSetMixin
from mipg.core.models import Evidence
from mipg.organizations.models import Person

from .. import selectors, services
from ..models import Control, ControlAssessment, MonitoringPeriod, Risk
from .common import ServiceWriteMixin, visible


class ControlFilter(django_filters.FilterSet):
    risk = IdFilter(field_name="risk_id", help_text="Id del riesgo.")


class ControlAssessmentFilter(django_filters.FilterSet):
    control = IdFilter(field_name="control_id", help_text="Id del control.")
    period = IdFilter(field_name="period_id", help_text="Id del periodo de monitoreo.")


class ControlSerializer(serializers.ModelSerializer):
    weight = serializers.SerializerMethodField()

    class Meta:
        model = Control
        fields = [
            "id",
            "risk",
            "order",
            "name",
            "description",
            "control_type",
            "implementation",
            "documentation",
            "frequency",
            "evidence_kind",
            "owner",
            "weight",
            "needs_review",
        ]
        read_only_fields = ["id", "weight", "needs_review"]
        extra_kwargs = {
            "risk": {"queryset": Risk.objects.all()},
            "owner": {"queryset": Person.objects.all()},
            "control_type": {"required": False, "allow_blank": True},
            "implementation": {"required": False, "allow_blank": True},
        }

    def get_weight(self, control) -> str:
        from ..scoring import control_weight

        return str(control_weight(control.risk.policy.tables, control.control_type, control.implementation))


class ControlViewSet(ScopedViewSetMixin, ServiceWriteMixin, viewsets.ModelViewSet):
    """Controls (filter: risk). Writing recomputes the risk's residual levels; a control without type or
    implementation is refused (400)."""

    serializer_class = ControlSerializer
    scoped_model = Control
    filterset_class = ControlFilter
    ordering_fields = ("id", "order")
    parent_field = "risk"
    related_fields = ("owner",)

    def get_queryset(self):
        return super().get_queryset().select_related("risk__policy").order_by("risk_id", "order", "pk")

    def service_save(self, data, parent, obj=None):
        return services.control_save(user=self.request.user, risk=parent, control=obj, **data)

    def destroy(self, request, *args, **kwargs):
        services.control_delete(user=request.user, control=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ControlAssessmentSerializer(serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    stage = serializers.CharField(read_only=True)
    # Blank until the second line reviews: the schema must allow "" (schemathesis found it).
    review = serializers.CharField(read_only=True, help_text="conforme, observaciones o vacío (sin revisar)")

    class Meta:
        model = ControlAssessment
        fields = [
            "id",
            "control",
            "period",
            "stage",
            "executed",
            "self_note",
            "evidence",
            "self_assessed_by",
            "self_assessed_at",
            "review",
            "review_note",
            "reviewed_by",
            "reviewed_at",
            "design_present",
            "operating",
            "evaluation_note",
            "evaluated_by",
            "evaluated_at",
            "finding",
        ]
        read_only_fields = fields


class SelfAssessmentSerializer(serializers.Serializer):
    control = serializers.IntegerField()
    period = serializers.IntegerField()
    executed = serializers.BooleanField()
    note = serializers.CharField()
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="")
    evidence_file = serializers.FileField(required=False, allow_null=True, default=None)
    evidence = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class ControlReviewSerializer(serializers.Serializer):
    review = serializers.ChoiceField(choices=ControlAssessment.Review.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ControlEvaluationSerializer(serializers.Serializer):
    design_present = serializers.BooleanField()
    operating = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    finding = serializers.CharField(required=False, allow_blank=True, default="")


class ControlAssessmentViewSet(
    ActionSerializersMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The three lines of defence (filters: control, period, stage). POST = first-line self-assessment with
    evidence (control owner or process leader); POST {id}/review/ = second line (planeación);
    POST {id}/evaluate/ = third line (control interno only; a failing control opens a finding)."""

    serializer_class = ControlAssessmentSerializer
    scoped_model = ControlAssessment
    filterset_class = ControlAssessmentFilter

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": SelfAssessmentSerializer,
        "review": ControlReviewSerializer,
        "evaluate": ControlEvaluationSerializer,
    }

    def get_queryset(self):
        return super().get_queryset().prefetch_related("evidence").order_by("period_id", "control_id")

    def create(self, request, *args, **kwargs):
        serializer = SelfAssessmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        control = selectors.control_detail(request.user, data["control"])
        period = visible(MonitoringPeriod, request.user, data["period"])
        existing = list(Evidence.objects.for_user(request.user).filter(pk__in=data["evidence"]))
        if len(existing) != len(set(data["evidence"])):
            raise serializers.ValidationError(
                {"evidence": [_("Alguna de las evidencias no existe o no es visible.")]}
            )
        assessment = services.self_assess(
            user=request.user,
            control=control,
            period=period,
            executed=data["executed"],
            note=data["note"],
            files=[data["evidence_file"]] if data["evidence_file"] else [],
            links=[data["evidence_url"]] if data["evidence_url"] else [],
            existing=existing,
        )
        return Response(ControlAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        serializer = ControlReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assessment = services.review(
            user=request.user, assessment=self.get_object(), result=data["review"], note=data["note"]
        )
        return Response(ControlAssessmentSerializer(assessment).data)

    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        serializer = ControlEvaluationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.evaluate(
            user=request.user, assessment=self.get_object(), **serializer.validated_data
        )
        return Response(ControlAssessmentSerializer(assessment).data)
