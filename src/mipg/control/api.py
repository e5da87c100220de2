"""API of Control interno under /api/v1/: processes/, risks/, controls/, control-assessments/ (POST to
self-assess; POST {id}/review/ and {id}/evaluate/ for the second and third lines), audits/,
audit-findings/ and ci-evaluations/. Reads and writes go
through the same selectors and services as the pages; another entity's object answers 404."""

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin, VigenciaFilter
from mipg.core.models import Evidence
from mipg.organizations.models import Dependencia, Entity, Person

from . import selectors, services
from .models import (
    Audit,
    AuditFinding,
    AuditPlan,
    CIEvaluation,
    CIRequirementRating,
    Control,
    ControlAssessment,
    MonitoringPeriod,
    Process,
    Risk,
    RiskPolicy,
)


class ProcessFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")


class RiskFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="policy__vigencia")
    process = IdFilter(field_name="process_id", help_text="Id del proceso.")
    risk_class = django_filters.ChoiceFilter(choices=Risk.RiskClass.choices)
    zone = django_filters.CharFilter(field_name="residual_zone", help_text="Zona de riesgo residual.")


class ControlFilter(django_filters.FilterSet):
    risk = IdFilter(field_name="risk_id", help_text="Id del riesgo.")


class ControlAssessmentFilter(django_filters.FilterSet):
    control = IdFilter(field_name="control_id", help_text="Id del control.")
    period = IdFilter(field_name="period_id", help_text="Id del periodo de monitoreo.")


class AuditFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="plan__entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="plan__vigencia")
    start_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")


class AuditFindingFilter(django_filters.FilterSet):
    audit = IdFilter(field_name="audit_id", help_text="Id de la auditoría.")


class CIEvaluationFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")


def _visible(model, user, pk):
    """The object if the user may see it; otherwise 404 (never a hint that it exists)."""
    if pk is None:
        return None
    manager = Entity.objects.visible_to(user) if model is Entity else model.objects.for_user(user)
    obj = manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


# ---------------------------------------------------------------- processes
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
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Process map (filter: entity). POST/PATCH by planeación of the entity."""

    serializer_class = ProcessSerializer
    scoped_model = Process
    filterset_class = ProcessFilter
    ordering_fields = ("id", "code", "name")

    def get_queryset(self):
        return super().get_queryset().order_by("entity_id", "kind", "code")

    def _save(self, serializer, process=None):
        data = dict(serializer.validated_data)
        entity = process.entity if process else _visible(Entity, self.request.user, data.pop("entity").pk)
        data.pop("entity", None)
        for key in ("leader_dependencia", "leader"):
            if data.get(key) is not None:
                data[key] = _visible(type(data[key]), self.request.user, data[key].pk)
        saved = services.process_save(user=self.request.user, entity=entity, process=process, **data)
        return Response(
            ProcessSerializer(saved).data, status=status.HTTP_200_OK if process else status.HTTP_201_CREATED
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._save(serializer)

    def update(self, request, *args, **kwargs):
        process = self.get_object()
        serializer = self.get_serializer(process, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self._save(serializer, process)


# ---------------------------------------------------------------- risks
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
            fields["process"] = _visible(Process, self.request.user, fields["process"])
        return fields

    def create(self, request, *args, **kwargs):
        serializer = RiskWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        missing = [k for k in ("entity", "vigencia", "process") if k not in data]
        if missing:
            raise serializers.ValidationError({k: [_("Este campo es obligatorio.")] for k in missing})
        entity = _visible(Entity, request.user, data["entity"])
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
            activities=[_visible(Activity, request.user, pk) for pk in data["activities"]],
            improvement_actions=[
                _visible(ImprovementAction, request.user, pk) for pk in data["improvement_actions"]
            ],
        )
        return Response(RiskSerializer(risk).data)


# ---------------------------------------------------------------- controls
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
        from .scoring import control_weight

        return str(control_weight(control.risk.policy.tables, control.control_type, control.implementation))


class ControlViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Controls (filter: risk). Writing recomputes the risk's residual levels; a control without type or
    implementation is refused (400)."""

    serializer_class = ControlSerializer
    scoped_model = Control
    filterset_class = ControlFilter
    ordering_fields = ("id", "order")

    def get_queryset(self):
        return super().get_queryset().select_related("risk__policy").order_by("risk_id", "order", "pk")

    def _save(self, serializer, control=None):
        data = dict(serializer.validated_data)
        risk = control.risk if control else _visible(Risk, self.request.user, data.pop("risk").pk)
        data.pop("risk", None)
        if data.get("owner") is not None:
            data["owner"] = _visible(Person, self.request.user, data["owner"].pk)
        saved = services.control_save(user=self.request.user, risk=risk, control=control, **data)
        return Response(
            ControlSerializer(saved).data, status=status.HTTP_200_OK if control else status.HTTP_201_CREATED
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._save(serializer)

    def update(self, request, *args, **kwargs):
        control = self.get_object()
        serializer = self.get_serializer(control, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self._save(serializer, control)

    def destroy(self, request, *args, **kwargs):
        services.control_delete(user=request.user, control=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---------------------------------------------------------------- three lines of defence
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


class ControlAssessmentViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The three lines of defence (filters: control, period, stage). POST = first-line self-assessment with
    evidence (control owner or process leader); POST {id}/review/ = second line (planeación);
    POST {id}/evaluate/ = third line (control interno only; a failing control opens a finding)."""

    scoped_model = ControlAssessment
    filterset_class = ControlAssessmentFilter

    def get_serializer_class(self):
        return {
            "create": SelfAssessmentSerializer,
            "review": ControlReviewSerializer,
            "evaluate": ControlEvaluationSerializer,
        }.get(self.action, ControlAssessmentSerializer)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("evidence").order_by("period_id", "control_id")

    def create(self, request, *args, **kwargs):
        serializer = SelfAssessmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        control = selectors.control_detail(request.user, data["control"])
        period = _visible(MonitoringPeriod, request.user, data["period"])
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


# ---------------------------------------------------------------- internal audit
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
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Audits of the Plan Anual de Auditoría (filters: entity, vigencia). Written by control interno only."""

    serializer_class = AuditSerializer
    scoped_model = Audit
    filterset_class = AuditFilter
    ordering_fields = ("id", "start_date")

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("plan")
            .prefetch_related("auditors")
            .order_by("start_date", "pk")
        )
        return queryset

    def _save(self, serializer, audit=None):
        data = dict(serializer.validated_data)
        plan = audit.plan if audit else _visible(AuditPlan, self.request.user, data.pop("plan").pk)
        data.pop("plan", None)
        if data.get("process") is not None:
            data["process"] = _visible(Process, self.request.user, data["process"].pk)
        auditors = data.pop("auditors", None)
        if auditors is not None:
            auditors = [_visible(Person, self.request.user, p.pk) for p in auditors]
        saved = services.audit_save(user=self.request.user, plan=plan, audit=audit, auditors=auditors, **data)
        return Response(
            AuditSerializer(saved).data, status=status.HTTP_200_OK if audit else status.HTTP_201_CREATED
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._save(serializer)

    def update(self, request, *args, **kwargs):
        audit = self.get_object()
        serializer = self.get_serializer(audit, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self._save(serializer, audit)


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
        audit = _visible(Audit, request.user, data.pop("audit").pk)
        finding = services.audit_finding_record(user=request.user, audit=audit, **data)
        return Response(AuditFindingSerializer(finding).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------- evaluación independiente del SCI
class CIRatingSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="question.code", read_only=True)
    requirement = serializers.CharField(source="question.text", read_only=True)
    component = serializers.CharField(source="question.module.name", read_only=True)

    class Meta:
        model = CIRequirementRating
        fields = ["id", "code", "component", "requirement", "present", "functioning", "note"]


class CIEvaluationSerializer(serializers.ModelSerializer):
    ratings = CIRatingSerializer(many=True, read_only=True)

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
        queryset = (
            super()
            .get_queryset()
            .prefetch_related("ratings__question__module")
            .order_by("-vigencia", "-semester")
        )
        return queryset

    def create(self, request, *args, **kwargs):
        serializer = CIEvaluationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entity = _visible(Entity, request.user, data["entity"])
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


def register(router) -> None:
    router.register("processes", ProcessViewSet, basename="process")
    router.register("risks", RiskViewSet, basename="risk")
    router.register("controls", ControlViewSet, basename="control")
    router.register("control-assessments", ControlAssessmentViewSet, basename="control-assessment")
    router.register("audits", AuditViewSet, basename="audit")
    router.register("audit-findings", AuditFindingViewSet, basename="audit-finding")
    router.register("ci-evaluations", CIEvaluationViewSet, basename="ci-evaluation")
