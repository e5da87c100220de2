"""Internal audit: /api/v1/audits/ (the Plan Anual de Auditoría) and /api/v1/audit-findings/."""

import django_filters
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin, VigenciaFilter
from mipg.organizations.models import Person

from .. import services
from ..models import Audit, AuditFinding, AuditPlan, Process
from .common import ServiceWriteMixin, visible


class AuditFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="plan__entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="plan__vigencia")
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")


class AuditFindingFilter(django_filters.FilterSet):
    audit = IdFilter(field_name="audit_id", help_text="Id de la auditoría.")


class AuditSerializer(serializers.ModelSerializer):
    entity = serializers.IntegerField(source="plan.entity_id", read_only=True)
    vigencia = serializers.IntegerField(source="plan.vigencia", read_only=True)
    auditors = serializers.PrimaryKeyRelatedField(many=True, queryset=Person.objects.all(), required=False)

    class Meta:
        model = Audit
        fields = [
            "id",
            "plan",
            "entity",
            "vigencia",
            "process",
            "title",
            "objective",
            "scope",
            "start_date",
            "end_date",
            "auditors",
            "status",
            "report_summary",
            "executed_on",
        ]
        read_only_fields = ["id", "entity", "vigencia", "executed_on"]
        extra_kwargs = {
            "plan": {"queryset": AuditPlan.objects.all()},
            "process": {"queryset": Process.objects.all()},
        }


class AuditViewSet(
    ScopedViewSetMixin,
    ServiceWriteMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Audits of the Plan Anual de Auditoría (filters: entity, vigencia). Written by control interno only."""

    serializer_class = AuditSerializer
    scoped_model = Audit
    filterset_class = AuditFilter
    ordering_fields = ("id", "start_date")
    parent_field = "plan"
    related_fields = ("process",)

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("plan")
            .prefetch_related("auditors")
            .order_by("start_date", "pk")
        )
        return queryset

    def service_save(self, data, parent, obj=None):
        auditors = data.pop("auditors", None)
        if auditors is not None:
            auditors = [visible(Person, self.request.user, p.pk) for p in auditors]
        return services.audit_save(user=self.request.user, plan=parent, audit=obj, auditors=auditors, **data)


class AuditFindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditFinding
        fields = [
            "id",
            "audit",
            "kind",
            "description",
            "criterion",
            "cause",
            "improvement_finding",
            "recorded_at",
        ]
        read_only_fields = ["id", "improvement_finding", "recorded_at"]
        extra_kwargs = {"audit": {"queryset": Audit.objects.all()}}


class AuditFindingViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Audit findings (filter: audit). POST by control interno opens a finding in the improvement plan."""

    serializer_class = AuditFindingSerializer
    scoped_model = AuditFinding
    filterset_class = AuditFindingFilter

    def get_queryset(self):
        return super().get_queryset().order_by("audit_id", "pk")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        audit = visible(Audit, request.user, data.pop("audit").pk)
        finding = services.audit_finding_record(user=request.user, audit=audit, **data)
        return Response(AuditFindingSerializer(finding).data, status=status.HTTP_201_CREATED)
