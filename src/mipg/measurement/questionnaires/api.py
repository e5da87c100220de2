"""API: questionnaires (read, export, multipart import), campaigns (read) and answers (read, answer
through the same services as the pages, state transitions)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin, VigenciaFilter, error_body
from mipg.core.audit import acting_as
from mipg.core.imports import ImportRejected
from mipg.core.numbers import api_number_field
from mipg.core.validators import reasonable_date, reasonable_year
from mipg.core.xlsx import XLSX_CONTENT_TYPE

from . import answer_rows, selectors, services
from .exporter import questionnaire_workbook
from .models import Answer, Campaign, Option, Question, Questionnaire


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "order", "text", "points", "is_exclusive", "asks_free_text", "is_not_applicable"]


class QuestionSerializer(serializers.ModelSerializer):
    module = serializers.CharField(source="module.name")
    policy = serializers.CharField(source="policy.code", default=None)
    condition_question = serializers.CharField(source="condition_question.code", default=None)
    options = OptionSerializer(many=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "code",
            "module",
            "policy",
            "text",
            "qtype",
            "order",
            "evidence_required",
            "applies_to",
            "condition_question",
            "condition_options",
            "component",
            "category",
            "whole_number",
            "columns",
            "column_points",
            "minimum",
            "maximum",
            "decimals",
            "applicability",
            "options",
        ]


class QuestionnaireSerializer(serializers.ModelSerializer):
    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "name",
            "version",
            "kind",
            "description",
            "question_count",
            "builtin_code",
            "created_at",
        ]


class QuestionnaireDetailSerializer(QuestionnaireSerializer):
    questions = serializers.SerializerMethodField()

    class Meta(QuestionnaireSerializer.Meta):
        fields = QuestionnaireSerializer.Meta.fields + ["questions"]

    @extend_schema_field(QuestionSerializer(many=True))
    def get_questions(self, obj):
        return QuestionSerializer(selectors.questionnaire_questions(obj), many=True).data


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    version = serializers.CharField(required=False, allow_blank=True, max_length=40)


class QuestionnaireViewSet(viewsets.ReadOnlyModelViewSet):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.questionnaires_for(self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return QuestionnaireDetailSerializer
        if self.action == "import_workbook":
            return ImportSerializer
        return QuestionnaireSerializer

    @extend_schema(responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="export.xlsx")
    def export(self, request, pk=None):
        questionnaire = self.get_object()
        response = HttpResponse(questionnaire_workbook(questionnaire), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="cuestionario-{questionnaire.pk}.xlsx"'
        return response

    @extend_schema(request=ImportSerializer, responses={201: QuestionnaireSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_workbook(self, request):
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            questionnaire = services.questionnaire_import(
                user=request.user,
                file=serializer.validated_data["file"],
                name=serializer.validated_data.get("name", ""),
                version=serializer.validated_data.get("version", ""),
            )
        except ImportRejected as error:
            return Response(
                error_body(
                    "import_rejected",
                    _("No se importó nada: el libro tiene %(n)s problema(s).") % {"n": len(error.problems)},
                    {"problems": [p.as_dict() | {"text": str(p)} for p in error.problems]},
                ),
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(QuestionnaireSerializer(questionnaire).data, status=status.HTTP_201_CREATED)


class CampaignSerializer(serializers.ModelSerializer):
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    questionnaire_name = serializers.CharField(source="questionnaire.__str__", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "questionnaire",
            "questionnaire_name",
            "entity",
            "entity_name",
            "vigencia",
            "deadline",
            "sector_campaign",
            "created_at",
        ]


class EstimateAggregateSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="module, policy, dimension o total")
    key = serializers.CharField()
    label = serializers.CharField()
    applicable = serializers.IntegerField()
    answered = serializers.IntegerField()
    progress = serializers.IntegerField(help_text="Porcentaje de preguntas respondidas (0-100).")
    estimate = serializers.CharField(allow_null=True, help_text="Estimación interna 0-100 con un decimal.")


class EstimateSerializer(serializers.Serializer):
    label = serializers.CharField()
    aggregates = EstimateAggregateSerializer(many=True)


class CampaignCreateSerializer(serializers.Serializer):
    questionnaire = serializers.IntegerField()
    entity = serializers.IntegerField()
    vigencia = serializers.IntegerField(validators=[reasonable_year])
    deadline = serializers.DateField(input_formats=["%Y-%m-%d", "%d/%m/%Y"], validators=[reasonable_date])


class CampaignFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")
    questionnaire = IdFilter(field_name="questionnaire_id", help_text="Id del cuestionario.")


class CampaignViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    scoped_model = Campaign
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    ordering_fields = ("id", "vigencia", "deadline")

    def get_serializer_class(self):
        return CampaignCreateSerializer if self.action == "create" else CampaignSerializer

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignSerializer})
    def create(self, request, *args, **kwargs):
        from mipg.organizations.models import Entity

        data = CampaignCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        questionnaire = selectors.questionnaires_for(request.user).filter(pk=values["questionnaire"]).first()
        entity = Entity.objects.visible_to(request.user).filter(pk=values["entity"]).first()
        if questionnaire is None or entity is None:
            raise ValidationError(_("El cuestionario o la entidad no existen."))
        campaign = services.campaign_create(
            user=request.user,
            questionnaire=questionnaire,
            entity=entity,
            vigencia=values["vigencia"],
            deadline=values["deadline"],
        )
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):
        return selectors.campaigns_for(self.request.user).order_by("-vigencia", "pk")

    @extend_schema(responses=EstimateSerializer)
    @action(detail=True, methods=["get"])
    def estimate(self, request, pk=None):
        """The internal estimate (never the official index) by module, policy, dimension and total."""
        campaign = self.get_object()
        return Response(
            {
                "label": _("estimación interna (no es el índice oficial)"),
                "aggregates": [
                    {
                        "kind": a.kind,
                        "key": a.key,
                        "label": a.label,
                        "applicable": a.applicable_count,
                        "answered": a.answered_count,
                        "progress": a.progress,
                        "estimate": str(a.estimate) if a.estimate is not None else None,
                    }
                    for a in selectors.aggregates(campaign)
                ],
            }
        )


class AnswerSerializer(serializers.ModelSerializer):
    question_code = serializers.CharField(source="question.code", read_only=True)
    internal_estimate = serializers.DecimalField(
        source="score",
        max_digits=4,
        decimal_places=1,
        read_only=True,
        label="estimación interna",
        help_text="Estimación interna 0-100 de la pregunta; no es el índice oficial.",
    )

    class Meta:
        model = Answer
        fields = [
            "id",
            "campaign",
            "question",
            "question_code",
            "status",
            "applicable",
            "choices",
            "values",
            "number",
            "text",
            "free_text",
            "justification",
            "not_applicable",
            "internal_estimate",
            "assigned_dependencia",
            "assigned_person",
            "observation",
            "evidence",
            "updated_at",
        ]
        read_only_fields = fields


def _answer_input_fields() -> dict:
    return {
        "choices": serializers.ListField(child=serializers.IntegerField(), required=False),
        # JSON numbers stay numbers; text is read by the service with the app's es-CO parser ("1.250,5").
        "values": serializers.DictField(child=api_number_field(allow_null=True), required=False),
        "number": api_number_field(required=False, allow_null=True),
        # Text limits follow the model's (issue 9 item 8).
        "text": serializers.CharField(
            required=False, allow_blank=True, max_length=Answer._meta.get_field("text").max_length
        ),
        "free_text": serializers.CharField(required=False, allow_blank=True),
        "justification": serializers.CharField(
            required=False, allow_blank=True, max_length=Answer._meta.get_field("justification").max_length
        ),
    }


class AnswerInputSerializer(serializers.Serializer):
    # Its fields are built afresh for each save instead of DRF's deep copy of declared fields: on the save
    # path (issue 14 item 2) the copy cost more CPU than the validation itself.
    def get_fields(self):
        return _answer_input_fields()


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["review", "verify", "return"])
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=Answer._meta.get_field("observation").max_length
    )


class AnswerFilter(django_filters.FilterSet):
    campaign = IdFilter(field_name="campaign_id", help_text="Id de la campaña.")
    entity = IdFilter(field_name="campaign__entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="campaign__vigencia")
    status = django_filters.ChoiceFilter(choices=Answer.Status.choices)
    policy = django_filters.CharFilter(
        field_name="question__module__policy__code", help_text="Código de la política."
    )


class AnswerViewSet(ScopedViewSetMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    scoped_model = Answer
    serializer_class = AnswerSerializer
    filterset_class = AnswerFilter
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        if self.action == "list":  # rows are read with values(): no related objects to join
            return Answer.objects.for_user(self.request.user).order_by("campaign_id", "question__order")
        queryset = (
            Answer.objects.for_user(self.request.user)
            .select_related(
                "campaign__entity",
                "campaign__questionnaire",
                "question__module__policy",
                "question__policy",
                "question__condition_question",
                "assigned_person",
                "assigned_dependencia",
            )
            .prefetch_related("evidence")
            .order_by("campaign_id", "question__order")
        )
        return queryset

    def list(self, request, *args, **kwargs):
        # values() rows, no model instance per answer; the JSON is the serializer's (answer_rows).
        # (A comment, not a docstring: drf-spectacular would publish it in the schema.)
        queryset = self.filter_queryset(self.get_queryset()).values(*answer_rows.row_columns())
        page = self.paginate_queryset(queryset)
        rows = list(queryset if page is None else page)
        evidence = selectors.answer_evidence_ids([row["id"] for row in rows])
        data = answer_rows.answer_rows(rows, evidence)
        return Response(data) if page is None else self.get_paginated_response(data)

    def _answer(self, request):
        # The save path (issue 14 item 2): one narrow read of the answer (404 for another entity's), the
        # service, and the JSON built from the saved instance (no refresh_from_db, no ModelSerializer).
        # The narrow read takes the row lock the service needs, so both run in this one transaction, with the
        # audit actor the service would set: answer_save's body runs here (its own transaction would only
        # add a SAVEPOINT and its RELEASE, two more round trips per save).
        with transaction.atomic(), acting_as(request.user):
            answer = selectors.answer_for_save(request.user, self.kwargs[self.lookup_field], lock=True)
            self.check_object_permissions(request, answer)
            data = AnswerInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            payload = dict(data.validated_data)
            if "values" in payload:
                for key in payload["values"]:
                    if not str(key).isdigit():
                        raise ValidationError(_("La opción elegida no pertenece a esta pregunta."))
            services.answer_save.__wrapped__(user=request.user, answer=answer, **payload)
        evidence = selectors.answer_evidence_ids([answer.pk])[answer.pk] if answer.has_evidence else []
        return Response(answer_rows.instance_row(answer, evidence))

    @extend_schema(request=AnswerInputSerializer, responses=AnswerSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self._answer(request)

    @extend_schema(request=AnswerInputSerializer, responses=AnswerSerializer)
    def update(self, request, *args, **kwargs):
        return self._answer(request)

    @extend_schema(request=AnswerInputSerializer, responses=AnswerSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._answer(request)

    @extend_schema(request=TransitionSerializer, responses=AnswerSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        answer = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind = data.validated_data["action"]
        if kind == "review":
            services.answer_review(user=request.user, answer=answer)
        elif kind == "verify":
            services.answer_verify(user=request.user, answer=answer)
        else:
            services.answer_return(user=request.user, answer=answer, note=data.validated_data.get("note", ""))
        answer.refresh_from_db()
        return Response(AnswerSerializer(answer).data)


def register(router) -> None:
    router.register("answers", AnswerViewSet, basename="answer")  # first: the busiest route (urls.py)
    router.register("questionnaires", QuestionnaireViewSet, basename="questionnaire")
    router.register("campaigns", CampaignViewSet, basename="campaign")
    __import__(f"{__package__}.api_bulk", fromlist=["register"]).register(router)  # bulk exports, issue 13
    # --- campaign assignments and answer evidence (issue 13 item 2), kept in their own module ---
    from .api_answers import register as register_answer_writes

    register_answer_writes(router)
