"""API of Operación: /api/v1/policy-leaders/, instruments/, action-plans/, activities/, progress-reports/
(POST to report, same rules as the pages; POST .../review/ to approve or return) and indicators/."""

import django_filters
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin, VigenciaFilter
from mipg.core.models import Evidence
from mipg.core.numbers import api_number_field

from . import selectors, services
from .models import (
    ActionPlan,
    Activity,
    Goal,
    Indicator,
    IndicatorMeasurement,
    IndicatorTarget,
    Instrument,
    PolicyLeadership,
    ProgressReport,
)
from .models.plans import PERIODS


class EntityVigenciaFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")


class PolicyLeadershipFilter(EntityVigenciaFilter):
    policy = django_filters.CharFilter(field_name="policy__code", help_text="Código de la política.")
    dimension = django_filters.CharFilter(
        field_name="policy__dimension__code", help_text="Código de la dimensión."
    )


class InstrumentFilter(EntityVigenciaFilter):
    policy = django_filters.CharFilter(
        field_name="policies__code", distinct=True, help_text="Código de una de sus políticas."
    )
    status = django_filters.ChoiceFilter(choices=Instrument.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Instrument.Kind.choices)


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


class ProgressReportFilter(django_filters.FilterSet):
    activity = IdFilter(field_name="activity_id", help_text="Id de la actividad.")
    plan = IdFilter(field_name="activity__goal__plan_id", help_text="Id del plan de acción.")
    status = django_filters.ChoiceFilter(choices=ProgressReport.Status.choices)
    reported_after = django_filters.DateFilter(field_name="reported_at__date", lookup_expr="gte")
    reported_before = django_filters.DateFilter(field_name="reported_at__date", lookup_expr="lte")


class IndicatorFilter(EntityVigenciaFilter):
    policy = django_filters.CharFilter(field_name="policy__code", help_text="Código de la política.")
    dimension = django_filters.CharFilter(
        field_name="policy__dimension__code", help_text="Código de la dimensión."
    )


class PolicyLeadershipSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.code", read_only=True)
    leading_dependencia = serializers.CharField(
        source="leading_dependencia.name", default=None, read_only=True
    )
    leader = serializers.CharField(source="leader.full_name", default=None, read_only=True)
    co_responsible = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)

    class Meta:
        model = PolicyLeadership
        fields = [
            "id",
            "entity",
            "vigencia",
            "policy",
            "leading_dependencia",
            "leader",
            "co_responsible",
            "norms",
        ]


class InstrumentSerializer(serializers.ModelSerializer):
    policies = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    responsible_dependencia = serializers.CharField(
        source="responsible_dependencia.name", default=None, read_only=True
    )

    class Meta:
        model = Instrument
        fields = [
            "id",
            "entity",
            "vigencia",
            "kind",
            "decree_plan",
            "name",
            "objective",
            "responsible_dependencia",
            "start_date",
            "end_date",
            "status",
            "published_on",
            "published_url",
            "policies",
        ]


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


class IndicatorTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["period", "value"]


class IndicatorMeasurementSerializer(serializers.ModelSerializer):
    evidence = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = IndicatorMeasurement
        fields = ["period", "numerator_value", "denominator_value", "value", "note", "evidence"]


class IndicatorSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.code", default=None, read_only=True)
    targets = IndicatorTargetSerializer(many=True, read_only=True)
    measurements = IndicatorMeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "entity",
            "vigencia",
            "name",
            "numerator",
            "denominator",
            "unit",
            "frequency",
            "baseline",
            "direction",
            "policy",
            "targets",
            "measurements",
        ]


class PolicyLeadershipViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Who leads each MIPG policy in each entity and vigencia (filters: entity, vigencia)."""

    serializer_class = PolicyLeadershipSerializer
    scoped_model = PolicyLeadership
    filterset_class = PolicyLeadershipFilter
    ordering_fields = ("id", "vigencia")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("policy", "leading_dependencia", "leader")
            .prefetch_related("co_responsible")
            .order_by("entity_id", "-vigencia", "policy__order")
        )


class InstrumentWriteSerializer(serializers.ModelSerializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    responsible_dependencia = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True, help_text="Id de la dependencia."
    )
    policies = serializers.ListField(
        child=serializers.CharField(max_length=20), required=False, help_text="Códigos de las políticas."
    )

    class Meta:
        model = Instrument
        fields = [
            "entity",
            "vigencia",
            "kind",
            "decree_plan",
            "name",
            "objective",
            "responsible_dependencia",
            "start_date",
            "end_date",
            "status",
            "published_on",
            "published_url",
            "policies",
        ]


class InstrumentViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Implementation instruments, including the Decreto 612 plans (filters: entity, vigencia). POST, PATCH
    and DELETE (only while in formulación) by planeación of the entity, as on the page."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return (
            InstrumentWriteSerializer if self.action in ("create", "partial_update") else InstrumentSerializer
        )

    def _save(self, data, instrument=None):
        from mipg.catalog.selectors import current_policies
        from mipg.organizations.models import Dependencia, Entity

        user = self.request.user
        entity_id = data.pop("entity", None)
        if instrument is not None:
            entity = instrument.entity
        else:
            entity = Entity.objects.visible_to(user).filter(pk=entity_id).first()
            if entity is None:
                raise Http404
        if data.get("responsible_dependencia"):
            data["responsible_dependencia"] = _Writes.visible(
                Dependencia, user, data["responsible_dependencia"]
            )
        codes = data.pop("policies", None)
        policies = instrument.policies.all() if instrument is not None and codes is None else ()
        if codes:
            wanted = {code.strip().upper() for code in codes}
            policies = list(current_policies().filter(code__in=wanted))
            if len(policies) != len(wanted):
                raise ValidationError({"policies": _("Alguno de los códigos de política no existe.")})
        return services.instrument_save(
            user=user, entity=entity, instrument=instrument, policies=list(policies), **data
        )

    @extend_schema(request=InstrumentWriteSerializer, responses={201: InstrumentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = InstrumentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instrument = self._save(dict(serializer.validated_data))
        return Response(InstrumentSerializer(instrument).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InstrumentWriteSerializer, responses=InstrumentSerializer)
    def partial_update(self, request, *args, **kwargs):
        instrument = self.get_object()
        serializer = InstrumentWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        instrument = self._save(dict(serializer.validated_data), instrument=instrument)
        return Response(InstrumentSerializer(instrument).data)

    def perform_destroy(self, instance):
        services.instrument_delete(user=self.request.user, instrument=instance)

    serializer_class = InstrumentSerializer
    scoped_model = Instrument
    filterset_class = InstrumentFilter
    ordering_fields = ("id", "vigencia", "name")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("responsible_dependencia")
            .prefetch_related("policies")
            .order_by("entity_id", "-vigencia", "name")
        )


class _Writes:
    """Small helpers of the write endpoints (issue 13 item 2): validated input and visible objects."""

    @staticmethod
    def valid(serializer_class, request, partial=False):
        serializer = serializer_class(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @staticmethod
    def visible(model, user, pk):
        obj = model.objects.for_user(user).filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj


class PlanCreateSerializer(serializers.Serializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    vigencia = serializers.IntegerField(min_value=1900, max_value=9999)
    name = serializers.CharField(
        max_length=ActionPlan._meta.get_field("name").max_length, required=False, allow_blank=True, default=""
    )


class PlanStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionPlan.Status.choices)


class ActionPlanViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Action plans; the detail adds the roll-up by goal, policy and dimension with the traffic light."""

    serializer_class = ActionPlanSerializer
    scoped_model = ActionPlan
    filterset_class = ActionPlanFilter
    ordering_fields = ("id", "vigencia")

    def get_queryset(self):
        return super().get_queryset().order_by("entity_id", "-vigencia")

    def get_serializer_class(self):
        return {"create": PlanCreateSerializer, "set_status": PlanStatusSerializer}.get(
            self.action, ActionPlanSerializer
        )

    @extend_schema(request=PlanCreateSerializer, responses={201: ActionPlanSerializer})
    def create(self, request, *args, **kwargs):
        from mipg.organizations.models import Entity

        data = _Writes.valid(PlanCreateSerializer, request)
        entity = Entity.objects.visible_to(request.user).filter(pk=data["entity"]).first()
        if entity is None:
            raise Http404
        plan = services.plan_create(
            user=request.user, entity=entity, vigencia=data["vigencia"], name=data["name"]
        )
        return Response(ActionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanStatusSerializer, responses=ActionPlanSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """formulación → en ejecución (goals' weights must add up to 100) → cerrado, as on the page."""
        plan = self.get_object()
        data = _Writes.valid(PlanStatusSerializer, request)
        plan = services.plan_set_status(user=request.user, plan=plan, status=data["status"])
        return Response(ActionPlanSerializer(plan).data)

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


class GoalViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Goals of the action plans. Created, edited (PATCH) and deleted while the plan is in formulación, by
    planeación or the policy leaders of the entity, as on the plan's page."""

    scoped_model = Goal
    filterset_class = GoalFilter
    ordering_fields = ("id", "order", "code")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return GoalWriteSerializer if self.action in ("create", "partial_update") else GoalSerializer

    def get_queryset(self):
        return super().get_queryset().order_by("plan_id", "order")

    def _save(self, data, goal=None):
        user = self.request.user
        plan = goal.plan if goal else _Writes.visible(ActionPlan, user, data["plan"])
        indicator = data.get("indicator", goal.indicator_id if goal else None)
        return services.goal_save(
            user=user,
            plan=plan,
            goal=goal,
            code=data.get("code", goal.code if goal else ""),
            name=data.get("name", goal.name if goal else ""),
            indicator=_Writes.visible(Indicator, user, indicator) if indicator else None,
        )

    @extend_schema(request=GoalWriteSerializer, responses={201: GoalSerializer})
    def create(self, request, *args, **kwargs):
        goal = self._save(_Writes.valid(GoalWriteSerializer, request))
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GoalWriteSerializer, responses=GoalSerializer)
    def partial_update(self, request, *args, **kwargs):
        goal = self.get_object()
        goal = self._save(_Writes.valid(GoalWriteSerializer, request, partial=True), goal=goal)
        return Response(GoalSerializer(goal).data)

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


class ActivityViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Activities of the action plans (filter: plan). Created, edited (PATCH) and deleted while the plan is in
    formulación and nothing was reported on them, by planeación or the policy leaders, as on the page."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return ActivityWriteSerializer if self.action in ("create", "partial_update") else ActivitySerializer

    def _fields(self, data):
        from mipg.catalog.selectors import current_policies
        from mipg.organizations.models import Dependencia, Person

        user = self.request.user
        fields = {k: v for k, v in data.items() if k != "goal"}
        if "responsible_dependencia" in fields:
            fields["responsible_dependencia"] = _Writes.visible(
                Dependencia, user, fields["responsible_dependencia"]
            )
        if fields.get("responsible_person"):
            fields["responsible_person"] = _Writes.visible(Person, user, fields["responsible_person"])
        if "policy" in fields:
            policy = current_policies().filter(code=fields["policy"].strip().upper()).first()
            if policy is None:
                raise ValidationError({"policy": _("No existe una política con ese código.")})
            fields["policy"] = policy
        return fields

    @extend_schema(request=ActivityWriteSerializer, responses={201: ActivitySerializer})
    def create(self, request, *args, **kwargs):
        data = _Writes.valid(ActivityWriteSerializer, request)
        goal = _Writes.visible(Goal, request.user, data["goal"])
        activity = services.activity_save(user=request.user, goal=goal, **self._fields(data))
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActivityWriteSerializer, responses=ActivitySerializer)
    def partial_update(self, request, *args, **kwargs):
        activity = self.get_object()
        data = _Writes.valid(ActivityWriteSerializer, request, partial=True)
        activity = services.activity_save(
            user=request.user, goal=activity.goal, activity=activity, **self._fields(data)
        )
        return Response(ActivitySerializer(activity).data)

    def perform_destroy(self, instance):
        services.activity_delete(user=self.request.user, activity=instance)

    serializer_class = ActivitySerializer
    scoped_model = Activity
    filterset_class = ActivityFilter
    ordering_fields = ("id", "order", "start_date", "end_date")

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("goal", "policy__dimension", "responsible_dependencia", "responsible_person")
            .order_by("goal__plan_id", "goal__order", "order")
        )
        return queryset


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


class IndicatorWriteSerializer(serializers.ModelSerializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    responsible_dependencia = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True, help_text="Id de la dependencia."
    )
    policy = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="Código.")
    baseline = api_number_field(decimals=2, required=False, allow_null=True)

    class Meta:
        model = Indicator
        fields = [
            "entity",
            "vigencia",
            "name",
            "numerator",
            "denominator",
            "unit",
            "frequency",
            "baseline",
            "direction",
            "policy",
            "responsible_dependencia",
        ]
        validators = []  # uniqueness is checked by the service's full_clean(), with its Spanish message


class IndicatorViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Indicators with their targets and measurements (filters: entity, vigencia). POST, PATCH and DELETE
    (refused while it has measurements or a goal uses it) by planeación of the entity, as on the page."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        return (
            IndicatorWriteSerializer if self.action in ("create", "partial_update") else IndicatorSerializer
        )

    def _save(self, data, indicator=None):
        from mipg.catalog.selectors import current_policies
        from mipg.organizations.models import Dependencia, Entity

        user = self.request.user
        entity_id = data.pop("entity", None)
        entity = (
            indicator.entity
            if indicator is not None
            else Entity.objects.visible_to(user).filter(pk=entity_id).first()
        )
        if entity is None:
            raise Http404
        if data.get("responsible_dependencia"):
            data["responsible_dependencia"] = _Writes.visible(
                Dependencia, user, data["responsible_dependencia"]
            )
        if "policy" in data:
            code = data["policy"].strip().upper()
            data["policy"] = current_policies().filter(code=code).first() if code else None
            if code and data["policy"] is None:
                raise ValidationError({"policy": _("No existe una política con ese código.")})
        return services.indicator_save(user=user, entity=entity, indicator=indicator, **data)

    @extend_schema(request=IndicatorWriteSerializer, responses={201: IndicatorSerializer})
    def create(self, request, *args, **kwargs):
        serializer = IndicatorWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        indicator = self._save(dict(serializer.validated_data))
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorWriteSerializer, responses=IndicatorSerializer)
    def partial_update(self, request, *args, **kwargs):
        indicator = self.get_object()
        serializer = IndicatorWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        indicator = self._save(dict(serializer.validated_data), indicator=indicator)
        return Response(IndicatorSerializer(indicator).data)

    def perform_destroy(self, instance):
        services.indicator_delete(user=self.request.user, indicator=instance)

    serializer_class = IndicatorSerializer
    scoped_model = Indicator
    filterset_class = IndicatorFilter
    ordering_fields = ("id", "vigencia", "name")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("policy")
            .prefetch_related("targets", "measurements__evidence")
            .order_by("entity_id", "-vigencia", "name")
        )


def register(router) -> None:
    router.register("policy-leaders", PolicyLeadershipViewSet, basename="policy-leader")
    router.register("instruments", InstrumentViewSet, basename="instrument")
    router.register("action-plans", ActionPlanViewSet, basename="action-plan")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
    router.register("indicators", IndicatorViewSet, basename="indicator")
    __import__(f"{__package__}.api_bulk", fromlist=["register"]).register(router)  # bulk exports, issue 13
