"""Bulk read of a whole campaign's answers: /api/v1/campaigns/{id}/answers/export/ as CSV, JSON or xlsx
(`?format=` or `Accept`), with the filters of /api/v1/answers/ (see mipg.core.bulk)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mipg.core.bulk import BulkExportViewSet, Column, bulk_schema, path_id

from . import selectors
from .api import AnswerFilter
from .models import Answer

ANSWER_COLUMNS = [
    Column("id", "id", serializers.IntegerField()),
    Column("campaign", "campaign_id", serializers.IntegerField()),
    Column("entity", "campaign__entity_id", serializers.IntegerField()),
    Column("vigencia", "campaign__vigencia", serializers.IntegerField()),
    Column("question", "question_id", serializers.IntegerField()),
    Column("question_code", "question__code", serializers.CharField()),
    Column("question_order", "question__order", serializers.IntegerField()),
    Column("policy", "question__module__policy__code", serializers.CharField(allow_null=True)),
    Column("status", "status", serializers.CharField(help_text="Estado, como en /answers/.")),
    Column("applicable", "applicable", serializers.BooleanField()),
    Column("choices", "choices", serializers.ListField(child=serializers.IntegerField())),
    Column("values", "values", serializers.DictField()),
    Column("number", "number", serializers.FloatField(allow_null=True)),
    Column("text", "text", serializers.CharField()),
    Column("free_text", "free_text", serializers.CharField()),
    Column("justification", "justification", serializers.CharField()),
    Column("not_applicable", "not_applicable", serializers.BooleanField()),
    Column(
        "internal_estimate",
        "score",
        serializers.FloatField(
            allow_null=True, help_text="Estimación interna 0-100; no es el índice oficial."
        ),
    ),
    Column("assigned_dependencia", "assigned_dependencia__name", serializers.CharField(allow_null=True)),
    Column("assigned_person", "assigned_person__full_name", serializers.CharField(allow_null=True)),
    Column("observation", "observation", serializers.CharField()),
    Column("updated_at", "updated_at", serializers.DateTimeField()),
]


@bulk_schema(
    row_name="CampaignAnswerRow",
    columns=ANSWER_COLUMNS,
    description=_(
        "Todas las respuestas de una campaña en un solo archivo (CSV, JSON o xlsx), con los filtros de "
        "/answers/; se transmite mientras se lee. Una campaña que el usuario no ve responde 404."
    ),
    path_parameters=[path_id("campaign_pk", _("Id de la campaña."))],
)
class CampaignAnswersExportViewSet(BulkExportViewSet):
    columns = ANSWER_COLUMNS
    filterset_class = AnswerFilter
    bulk_title = "Respuestas"
    queryset = Answer.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        user = self.request.user
        campaign = selectors.campaigns_for(user).filter(pk=self.kwargs["campaign_pk"]).first()
        if campaign is None:
            raise Http404
        self.campaign = campaign
        return Answer.objects.for_user(user).filter(campaign=campaign).order_by("question__order", "pk")

    def bulk_filename(self) -> str:
        return f"respuestas-campana-{self.campaign.pk}"


def register(router) -> None:
    router.register(
        r"campaigns/(?P<campaign_pk>\d+)/answers/export",
        CampaignAnswersExportViewSet,
        basename="campaign-answers-export",
    )
