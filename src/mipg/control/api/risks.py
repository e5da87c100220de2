"""Process map and risk register: /api/v1/processes/ and /api/v1/risks/ (POST {id}/treatment/)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin, VigenciaFilter
from mipg.organizations.models import Dependencia, Entity, Person

from .. import services
from ..models import Process, Risk, RiskPolicy
from .common import ServiceWriteMixin, visible


class ProcessFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")


class RiskFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="policy__vigencia")
    process = IdFilter(field_name="process_id", help_text="Id del proceso.")
    risk_class = django_filters.ChoiceFilter(choices=Risk.RiskClass.choices)
    zone = django_filters.CharFilter(field_name="residual_zone", help_text="Zona de riesgo residual.")


class ProcessSerializer(serializers.ModelSerializer):
    class Meta:
        model = Process
        fields = [
            "id",
            "entity",
            "code",
            "name",
            "kind",
            "objective",
            "leader_dependencia",
            "leader",
            "is_active",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "entity": {"queryset": Entity.objects.all()},
            "leader_dependencia": {"queryset": Dependencia.objects.all()},
            "leader": {"queryset": Person.objects.all()},
        }


class ProcessViewSet(
    ScopedViewSetMixin,
    ServiceWriteMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Process map (filter: entity). POST/PATCH by planeación of the entity."""

    serializer_class = ProcessSerializer
    scoped_model = Process
    filterset_class = ProcessFilter
    ordering_fields = ("id", "code", "name")
    parent_field = "entity"
    related_fields = ("leader_dependencia", "leader")

    def get_queryset(self):
        return super().get_queryset().order_by("entity_id", "kind", "code")

    def service_save(self, data, parent, obj=None):
        return services.process_save(user=self.request.user, entity=parent, process=obj, **data)


class RiskSerializer(serializers.ModelSerializer):
    vigencia = serializers.IntegerField(source="policy.vigencia", read_only=True)
    statement = serializers.CharField(read_only=True)
    policies = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    controls = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "entity",
            "vigencia",
            "process",
            "code",
            "risk_class",
            "statement",
            "impact_text",
            "immediate_cause",
            "root_cause",
            "causes",
            "consequences",
            "assets",
            "policies",
            "inherent_probability",
            "inherent_impact",
            "corruption_answers",
            "inherent_zone",
            "residual_probability",
            "residual_impact",
            "residual_probability_percent",
            "residual_impact_percent",
            "residual_zone",
            "treatment",
            "needs_review",
            "controls",
        ]
        read_only_fields = fields


class RiskWriteSerializer(serializers.Serializer):
    entity = serializers.IntegerField(required=False, label=_("entidad"))
    vigencia = serializers.IntegerField(required=False, label=_("vigencia"))
    process = serializers.IntegerField(required=False, label=_("proceso"))
    code = serializers.CharField(required=False, allow_blank=True, max_length=20)
    risk_class = serializers.ChoiceField(choices=Risk.RiskClass.choices, required=False)
    impact_text = serializers.CharField(required=False, max_length=300)
    immediate_cause = serializers.CharField(required=False, max_length=300)
    root_cause = serializers.CharField(required=False, max_length=300)
    causes = serializers.CharField(required=False, allow_blank=True)
    consequences = serializers.CharField(required=False, allow_blank=True)
    assets = serializers.CharField(required=False, allow_blank=True)
    inherent_probability = serializers.CharField(required=False, allow_blank=True, max_length=20)
    inherent_impact = serializers.CharField(required=False, allow_blank=True, max_length=20)
    corruption_answers = serializers.ListField(child=serializers.CharField(max_length=5), required=False)


class RiskTreatmentSerializer(serializers.Serializer):
    treatment = serializers.ChoiceField(choices=Risk.Treatment.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    activities = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    improvement_actions = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )


class RiskViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Risk register (filters: entity, vigencia, process, risk_class, zone — residual). POST needs entity,
    vigencia (the policy's), process and the Guía wording; PATCH changes a risk. Process leader or
    planeación."""

    scoped_model = Risk
    filterset_class = RiskFilter
    ordering_fields = ("id", "code")

    def get_serializer_class(self):
        return (
            RiskWriteSerializer if self.action in ("create", "update", "partial_update") else RiskSerializer
        )

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("policy")
            .prefetch_related("policies", "controls")
            .order_by("entity_id", "process__code", "code")
        )
        return queryset

    def _fields(self, data):
        fields = {k: v for k, v in data.items() if k not in ("entity", "vigencia")}
        if "process" in fields:
            fields["process"] = visible(Process, self.request.user, fields["process"])
        return fields

    def create(self, request, *args, **kwargs):
        serializer = RiskWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        missing = [k for k in ("entity", "vigencia", "process") if k not in data]
        if missing:
            raise serializers.ValidationError({k: [_("Este campo es obligatorio.")] for k in missing})
        entity = visible(Entity, request.user, data["entity"])
        policy = (
            RiskPolicy.objects.for_user(request.user).filter(entity=entity, vigencia=data["vigencia"]).first()
        )
        if policy is None:
            raise serializers.ValidationError(
                {"vigencia": [_("La entidad no tiene política de riesgos en esa vigencia.")]}
            )
        risk = services.risk_save(user=request.user, policy=policy, **self._fields(data))
        return Response(RiskSerializer(risk).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        risk = self.get_object()
        serializer = RiskWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        risk = services.risk_save(
            user=request.user, policy=risk.policy, risk=risk, **self._fields(serializer.validated_data)
        )
        return Response(RiskSerializer(risk).data)

    @action(detail=True, methods=["post"], serializer_class=RiskTreatmentSerializer)
    def treatment(self, request, pk=None):
        """Aceptar, reducir (with action-plan activities or improvement actions), evitar or compartir."""
        from mipg.measurement.results.models import ImprovementAction
        from mipg.operation.models import Activity

        risk = self.get_object()
        serializer = RiskTreatmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        risk = services.risk_set_treatment(
            user=request.user,
            risk=risk,
            treatment=data["treatment"],
            note=data["note"],
            activities=[visible(Activity, request.user, pk) for pk in data["activities"]],
            improvement_actions=[
                visible(ImprovementAction, request.user, pk) for pk in data["improvement_actions"]
            ],
        )
        return Response(RiskSerializer(risk).data)
