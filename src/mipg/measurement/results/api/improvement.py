"""Improvement plans with their findings (and causes), actions, progress and verification."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from mipg.core.api import (
    ActionSerializersMixin,
    IdFilter,
    ScopedViewSetMixin,
    VigenciaFilter,
    policy_by_code,
    valid_data,
    visible_or_404,
)
from mipg.organizations.models import Entity

from .. import services
from ..models import Finding, ImprovementAction, ImprovementPlan, Recommendation


class ImprovementPlanFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")


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


class ImprovementPlanCreateSerializer(serializers.Serializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    name = serializers.CharField(max_length=ImprovementPlan._meta.get_field("name").max_length)
    vigencia = serializers.IntegerField(min_value=1900, max_value=9999, required=False, allow_null=True)


class FromRecommendationsSerializer(serializers.Serializer):
    recommendations = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=500,
        help_text=_("Ids de recomendaciones pendientes de la entidad del plan."),
    )
    start_date = serializers.DateField()
    due_date = serializers.DateField()
    responsible = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ImprovementPlanViewSet(
    ActionSerializersMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
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

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": ImprovementPlanCreateSerializer,
        "from_recommendations": FromRecommendationsSerializer,
    }

    @extend_schema(request=ImprovementPlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        data = valid_data(ImprovementPlanCreateSerializer, request)
        entity = visible_or_404(Entity.objects.visible_to(request.user), data["entity"])
        plan = services.plan_create(
            user=request.user, entity=entity, name=data["name"], vigencia=data.get("vigencia")
        )
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FromRecommendationsSerializer, responses={201: PlanSerializer})
    @action(detail=True, methods=["post"], url_path="from-recommendations")
    def from_recommendations(self, request, pk=None):
        """One finding (origin FURAG) and one action per pending recommendation of the plan's entity, all or
        nothing, as the recommendations page does."""
        plan = self.get_object()
        data = valid_data(FromRecommendationsSerializer, request)
        wanted = set(data["recommendations"])
        recommendations = list(
            Recommendation.objects.for_user(request.user).filter(pk__in=wanted, entity_id=plan.entity_id)
        )
        if len(recommendations) != len(wanted):
            raise ValidationError(
                {"recommendations": [_("Alguna recomendación no existe o no es de la entidad del plan.")]}
            )
        services.actions_from_recommendations(
            user=request.user,
            plan=plan,
            recommendations=recommendations,
            start_date=data["start_date"],
            due_date=data["due_date"],
            responsible=data["responsible"],
        )
        return Response(PlanSerializer(self.get_object()).data, status=status.HTTP_201_CREATED)


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
        data = valid_data(FindingCreateSerializer, request)
        plan = visible_or_404(ImprovementPlan.objects.for_user(request.user), data["plan"])
        policy = policy_by_code(data["policy"])
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


class ImprovementActionViewSet(
    ActionSerializersMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Improvement actions. POST adds one to a finding (planeación); POST {id}/progress/ reports progress
    (cumulative, never backwards); POST {id}/verify/ is control interno's verification of effectiveness."""

    serializer_class = ActionReadSerializer
    scoped_model = ImprovementAction
    filterset_class = ActionFilter
    ordering_fields = ("id", "due_date", "progress")

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": ActionCreateSerializer,
        "progress": ActionProgressSerializer,
        "verify": ActionVerifySerializer,
    }

    def get_queryset(self):
        return super().get_queryset().prefetch_related("evidence").order_by("due_date", "pk")

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionReadSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(valid_data(ActionCreateSerializer, request))
        finding = visible_or_404(Finding.objects.for_user(request.user), data.pop("finding"))
        action_ = services.action_create(user=request.user, finding=finding, **data)
        return Response(ActionReadSerializer(action_).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionProgressSerializer, responses={201: ActionReadSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        from mipg.core.models import Evidence

        improvement_action = self.get_object()
        data = valid_data(ActionProgressSerializer, request)
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
        data = valid_data(ActionVerifySerializer, request)
        verified = services.action_verify(
            user=request.user, action=self.get_object(), effective=data["effective"], note=data["note"]
        )
        return Response(ActionReadSerializer(verified).data)


# ---------------------------------------------------------------- staged imports and versions (shared data)
