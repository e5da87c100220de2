"""Writes of a campaign that the pages do and the answers API did not (issue 13 item 2), kept apart from
`api.py`: /api/v1/campaign-assignments/ assigns modules or questions to a dependencia or a person
(planeación), and /api/v1/answer-evidence/ attaches evidence to an answer (whoever may answer it), which a
question that requires evidence needs before planeación reviews it."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from mipg.core.api import MAX_ID, valid_data, visible_or_404
from mipg.organizations.roles import can_manage

from . import selectors, services
from .models import Answer


def _ids():
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        default=list,
        max_length=2000,
    )


class AssignmentSerializer(serializers.Serializer):
    campaign = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id de la campaña."))
    modules = _ids()
    questions = _ids()
    dependencia = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)


class AssignmentResultSerializer(serializers.Serializer):
    answers = serializers.IntegerField(help_text=_("Respuestas asignadas."))


class CampaignAssignmentViewSet(viewsets.GenericViewSet):
    """POST assigns modules and/or questions of a campaign to a dependencia and/or a person of its entity,
    as the campaign's page does (planeación of the entity)."""

    serializer_class = AssignmentSerializer
    parser_classes = [JSONParser]

    @extend_schema(request=AssignmentSerializer, responses={201: AssignmentResultSerializer})
    def create(self, request):
        from mipg.organizations.models import Dependencia, Person

        data = valid_data(AssignmentSerializer, request)
        campaign = visible_or_404(selectors.campaigns_for(request.user), data["campaign"])
        if not can_manage(request.user, campaign.entity):  # the page's rule, before looking at the input
            raise PermissionDenied(_("Solo planeación de la entidad asigna preguntas."))
        modules = list(selectors.modules_of(campaign.questionnaire).filter(pk__in=data["modules"]))
        questions = list(campaign.questionnaire.questions.filter(pk__in=data["questions"]))
        if len(modules) != len(set(data["modules"])) or len(questions) != len(set(data["questions"])):
            raise ValidationError(
                {"modules": [_("Algún módulo o pregunta no es del cuestionario de la campaña.")]}
            )
        dependencia = person = None
        if data.get("dependencia"):
            dependencia = Dependencia.objects.filter(
                pk=data["dependencia"], entity_id=campaign.entity_id
            ).first()
            if dependencia is None:
                raise ValidationError(
                    {"dependencia": [_("La dependencia no pertenece a la entidad de la campaña.")]}
                )
        if data.get("person"):
            person = Person.objects.filter(pk=data["person"], entity_id=campaign.entity_id).first()
            if person is None:
                raise ValidationError({"person": [_("La persona no pertenece a la entidad de la campaña.")]})
        count = services.campaign_assign(
            user=request.user,
            campaign=campaign,
            modules=modules,
            questions=questions,
            dependencia=dependencia,
            person=person,
        )
        return Response({"answers": count}, status=status.HTTP_201_CREATED)


class AnswerEvidenceSerializer(serializers.Serializer):
    answer = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id de la respuesta."))
    evidence = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id de una evidencia ya cargada de la entidad (en lugar de archivo o enlace)."),
    )
    title = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)


class AttachedSerializer(serializers.Serializer):
    answer = serializers.IntegerField()
    evidence = serializers.IntegerField()


class AnswerEvidenceViewSet(viewsets.GenericViewSet):
    """POST attaches evidence (a file, a link or an already loaded piece) to an answer still editable."""

    serializer_class = AnswerEvidenceSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=AnswerEvidenceSerializer, responses={201: AttachedSerializer})
    def create(self, request):
        data = valid_data(AnswerEvidenceSerializer, request)
        answers = Answer.objects.for_user(request.user).select_related("campaign__entity", "assigned_person")
        answer = visible_or_404(answers, data["answer"])
        evidence = services.answer_attach_evidence(
            user=request.user,
            answer=answer,
            file=data["file"],
            url=data["url"],
            title=data["title"],
            reuse=data["evidence"],
        )
        return Response({"answer": answer.pk, "evidence": evidence.pk}, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("campaign-assignments", CampaignAssignmentViewSet, basename="campaign-assignment")
    router.register("answer-evidence", AnswerEvidenceViewSet, basename="answer-evidence")
