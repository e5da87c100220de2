"""/api/v1/progress-reports/: POST to report (same rules as the pages); POST {id}/review/ to approve or
return."""

import django_filters
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin
from mipg.core.models import Evidence
from mipg.core.numbers import api_number_field

from .. import services
from ..models import (
    Activity,
    ProgressReport,
)
from ..models.plans import PERIODS


class ProgressReportFilter(django_filters.FilterSet):
    activity = IdFilter(field_name="activity_id", help_text="Id de la actividad.")
    plan = IdFilter(field_name="activity__goal__plan_id", help_text="Id del plan de acción.")
    status = django_filters.ChoiceFilter(choices=ProgressReport.Status.choices)
    reported_after = django_filters.DateFilter(field_name="reported_at__date", lookup_expr="gte")
    reported_before = django_filters.DateFilter(field_name="reported_at__date", lookup_expr="lte")


class ProgressReportSerializer(serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "activity",
            "period",
            "percent",
            "narrative",
            "backward_reason",
            "status",
            "evidence",
            "reported_by",
            "reported_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
        ]
        read_only_fields = fields


class ProgressReportCreateSerializer(serializers.Serializer):
    activity = serializers.IntegerField(label=_("actividad"))
    period = serializers.ChoiceField(choices=PERIODS, label=_("periodo"))
    percent = api_number_field(
        decimals=1,
        label=_("avance acumulado (%)"),
        help_text=_('Un número JSON (62.5) o texto como se escribe en Colombia ("62,5").'),
    )
    # Text limits follow the model's (issue 9 item 8).
    narrative = serializers.CharField(
        label=_("lo realizado"), max_length=ProgressReport._meta.get_field("narrative").max_length
    )
    backward_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=ProgressReport._meta.get_field("backward_reason").max_length,
    )
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="")
    evidence_file = serializers.FileField(required=False, allow_null=True, default=None)
    evidence = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        default=list,
        help_text=_("Ids de evidencias ya cargadas."),
    )


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", _("Aprobar")), ("return", _("Devolver"))])
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=ProgressReport._meta.get_field("review_comment").max_length,
    )


class ProgressReportViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Progress reports. POST reports progress on an activity (owner or policy leader; >100 refused, going
    backwards needs `backward_reason`); POST {id}/review/ lets planeación approve or return it."""

    serializer_class = ProgressReportSerializer
    scoped_model = ProgressReport
    filterset_class = ProgressReportFilter
    ordering_fields = ("id", "reported_at")

    def get_serializer_class(self):
        if self.action == "create":
            return ProgressReportCreateSerializer
        if self.action == "review":
            return ReviewSerializer
        return ProgressReportSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("evidence").order_by("-reported_at")

    @extend_schema(request=ProgressReportCreateSerializer, responses={201: ProgressReportSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ProgressReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        activity = Activity.objects.for_user(request.user).filter(pk=data["activity"]).first()
        if activity is None:
            raise Http404
        existing = list(Evidence.objects.for_user(request.user).filter(pk__in=data["evidence"]))
        if len(existing) != len(set(data["evidence"])):
            raise ValidationError({"evidence": _("Alguna de las evidencias no existe o no es visible.")})
        report = services.progress_report_submit(
            user=request.user,
            activity=activity,
            existing_evidence=existing,
            period=data["period"],
            percent=data["percent"],
            narrative=data["narrative"],
            backward_reason=data["backward_reason"],
            files=[data["evidence_file"]] if data["evidence_file"] else (),
            links=[data["evidence_url"]] if data["evidence_url"] else (),
        )
        return Response(ProgressReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReviewSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        report = self.get_object()  # DRF's lookup: a malformed id is a 404, not a 500
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.progress_report_review(
            user=request.user,
            report=report,
            approve=serializer.validated_data["decision"] == "approve",
            comment=serializer.validated_data["comment"],
        )
        return Response(ProgressReportSerializer(report).data)
