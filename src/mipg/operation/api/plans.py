"""/api/v1/action-plans/, goals/ and activities/: action plans written as on the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from mipg.core.api import (
    ActionSerializersMixin,
    IdFilter,
    ScopedViewSetMixin,
    VigenciaFilter,
    import_rejected_response,
)
from mipg.core.imports import ImportRejected
from mipg.core.numbers import api_number_field

from .. import selectors, services
from ..models import (
    ActionPlan,
    Activity,
    Goal,
    Indicator,
)
from .common import EntityVigenciaFilter, WriteMixin, Writes, write_schema


class ActionPlanFilter(EntityVigenciaFilter):
    status = django_filters.ChoiceFilter(choices=ActionPlan.Status.choices)


class ActivityFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="goal__plan__entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="goal__plan__vigencia")
    plan = IdFilter(field_name="goal__plan_id", help_text="Id del plan de acción.")
    policy = django_filters.CharFilter(field_name="policy__code", help_text="Código de la política.")
    dimension = django_filters.CharFilter(
        field_name="policy__dimension__code", help_text="Código de la dimensión."
    )


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["id", "entity", "vigencia", "name", "status", "approved_at"]


class RollupBucketSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    progress = serializers.FloatField(help_text=_("Avance ponderado (%)."))
    expected = serializers.FloatField(help_text=_("Avance esperado a hoy (%)."))
    light = serializers.CharField(help_text=_("Semáforo: al día, en riesgo o atrasado."))
    activities = serializers.IntegerField()
    overdue = serializers.IntegerField()


class RollupSerializer(serializers.Serializer):
    plan = RollupBucketSerializer()
    goals = RollupBucketSerializer(many=True)
    policies = RollupBucketSerializer(many=True)
    dimensions = RollupBucketSerializer(many=True)


class ActionPlanDetailSerializer(ActionPlanSerializer):
    """The detail of a plan adds its roll-up (documents what `retrieve` answers)."""

    rollup = RollupSerializer(read_only=True)

    class Meta(ActionPlanSerializer.Meta):
        fields = [*ActionPlanSerializer.Meta.fields, "rollup"]


class ActivitySerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="goal.plan_id", read_only=True)
    goal = serializers.CharField(source="goal.code", read_only=True)
    policy = serializers.CharField(source="policy.code", read_only=True)
    dimension = serializers.CharField(source="policy.dimension.code", read_only=True)
    responsible_dependencia = serializers.CharField(source="responsible_dependencia.name", read_only=True)
    responsible_person = serializers.CharField(
        source="responsible_person.full_name", default=None, read_only=True
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "plan",
            "goal",
            "code",
            "name",
            "responsible_dependencia",
            "responsible_person",
            "start_date",
            "end_date",
            "weight",
            "deliverable",
            "policy",
            "dimension",
            "progress",
        ]


class PlanCreateSerializer(serializers.Serializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    vigencia = serializers.IntegerField(min_value=1900, max_value=9999)
    name = serializers.CharField(
        max_length=ActionPlan._meta.get_field("name").max_length, required=False, allow_blank=True, default=""
    )


class PlanStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionPlan.Status.choices)


class PlanImportSerializer(serializers.Serializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    vigencia = serializers.IntegerField(min_value=1900, max_value=9999)
    file = serializers.FileField(help_text=_("Plantilla del plan de acción (.xlsx)."))


class ActionPlanViewSet(
    ActionSerializersMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Action plans; the detail adds the roll-up by goal, policy and dimension with the traffic light."""

    serializer_class = ActionPlanSerializer
    scoped_model = ActionPlan
    filterset_class = ActionPlanFilter
    ordering_fields = ("id", "vigencia")

    def get_queryset(self):
        return super().get_queryset().order_by("entity_id", "-vigencia")

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": PlanCreateSerializer,
        "set_status": PlanStatusSerializer,
        "import_workbook": PlanImportSerializer,
    }

    @extend_schema(request=PlanCreateSerializer, responses={201: ActionPlanSerializer})
    def create(self, request, *args, **kwargs):
        data = Writes.valid(PlanCreateSerializer, request)
        entity = Writes.visible_entity(request.user, data["entity"])
        plan = services.plan_create(
            user=request.user, entity=entity, vigencia=data["vigencia"], name=data["name"]
        )
        return Response(ActionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanStatusSerializer, responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """formulación → en ejecución (goals' weights must add up to 100) → cerrado, as on the page."""
        plan = self.get_object()
        data = Writes.valid(PlanStatusSerializer, request)
        plan = services.plan_set_status(user=request.user, plan=plan, status=data["status"])
        return Response(ActionPlanSerializer(plan).data)

    @extend_schema(
        request={"multipart/form-data": PlanImportSerializer},
        responses={201: ActionPlanSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_workbook(self, request):
        """The whole plan of an entity and vigencia from the xlsx template, all or nothing (a plan still in
        formulación is replaced): a refused workbook answers 400 with every problem by row and column."""
        from mipg.core.files import validate_upload

        data = Writes.valid(PlanImportSerializer, request)
        entity = Writes.visible_entity(request.user, data["entity"])
        validate_upload(data["file"], allowed=(".xlsx",))
        try:
            plan = services.plan_import(
                user=request.user, entity=entity, vigencia=data["vigencia"], upload=data["file"]
            )
        except ImportRejected as error:
            return import_rejected_response(error)
        return Response(ActionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ActionPlanDetailSerializer)
    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        data = self.get_serializer(plan).data
        summary = selectors.plan_rollup(request.user, plan)

        def dump(bucket):
            return {
                "code": bucket.code,
                "name": bucket.name,
                "progress": bucket.progress,
                "expected": bucket.expected,
                "light": bucket.light,
                "activities": bucket.activities,
                "overdue": bucket.overdue,
            }

        data["rollup"] = {
            "plan": dump(summary.total),
            "goals": [dump(b) for b in summary.goals],
            "policies": [dump(b) for b in summary.policies],
            "dimensions": [dump(b) for b in summary.dimensions],
        }
        return Response(data)


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "plan", "code", "name", "indicator", "order"]
        read_only_fields = ["order"]


class GoalWriteSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id del plan de acción.")
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=400)
    indicator = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False, allow_null=True)


class GoalFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="plan__entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="plan__vigencia")
    plan = IdFilter(field_name="plan_id", help_text="Id del plan de acción.")


@write_schema(GoalWriteSerializer, GoalSerializer)
class GoalViewSet(WriteMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Goals of the action plans. Created, edited (PATCH) and deleted while the plan is in formulación, by
    planeación or the policy leaders of the entity, as on the plan's page."""

    serializer_class = GoalSerializer
    write_serializer_class = GoalWriteSerializer
    scoped_model = Goal
    filterset_class = GoalFilter
    ordering_fields = ("id", "order", "code")

    def get_queryset(self):
        return super().get_queryset().order_by("plan_id", "order")

    def save(self, data, instance=None):
        user, goal = self.request.user, instance
        plan = goal.plan if goal else Writes.visible(ActionPlan, user, data["plan"])
        indicator = data.get("indicator", goal.indicator_id if goal else None)
        return services.goal_save(
            user=user,
            plan=plan,
            goal=goal,
            code=data.get("code", goal.code if goal else ""),
            name=data.get("name", goal.name if goal else ""),
            indicator=Writes.visible(Indicator, user, indicator) if indicator else None,
        )

    def perform_destroy(self, instance):
        services.goal_delete(user=self.request.user, goal=instance)


class ActivityWriteSerializer(serializers.Serializer):
    goal = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la meta.")
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=400)
    responsible_dependencia = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    responsible_person = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    weight = api_number_field(decimals=2, help_text="Peso (%) dentro de la meta: número o texto es-CO.")
    deliverable = serializers.CharField(max_length=400, required=False, allow_blank=True)
    policy = serializers.CharField(max_length=20, help_text="Código de la política MIPG.")


@write_schema(ActivityWriteSerializer, ActivitySerializer)
class ActivityViewSet(WriteMixin, ScopedViewSetMixin, viewsets.ModelViewSet):
    """Activities of the action plans (filter: plan). Created, edited (PATCH) and deleted while the plan is in
    formulación and nothing was reported on them, by planeación or the policy leaders, as on the page."""

    serializer_class = ActivitySerializer
    write_serializer_class = ActivityWriteSerializer
    scoped_model = Activity
    filterset_class = ActivityFilter
    ordering_fields = ("id", "order", "start_date", "end_date")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("goal", "policy__dimension", "responsible_dependencia", "responsible_person")
            .order_by("goal__plan_id", "goal__order", "order")
        )

    def save(self, data, instance=None):
        from mipg.organizations.models import Dependencia, Person

        user = self.request.user
        goal = instance.goal if instance is not None else Writes.visible(Goal, user, data["goal"])
        fields = {k: v for k, v in data.items() if k != "goal"}
        if "responsible_dependencia" in fields:
            fields["responsible_dependencia"] = Writes.visible(
                Dependencia, user, fields["responsible_dependencia"]
            )
        if fields.get("responsible_person"):
            fields["responsible_person"] = Writes.visible(Person, user, fields["responsible_person"])
        if "policy" in fields:
            fields["policy"] = Writes.policy(fields["policy"])
        return services.activity_save(user=user, goal=goal, activity=instance, **fields)

    def perform_destroy(self, instance):
        services.activity_delete(user=self.request.user, activity=instance)
