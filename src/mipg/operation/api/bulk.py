"""Bulk read of an action plan's activities: /api/v1/action-plans/{id}/activities/export/ as CSV, JSON or
xlsx (`?format=` or `Accept`), with the filters of /api/v1/activities/ (see mipg.core.bulk)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mipg.core.bulk import BulkExportViewSet, Column, bulk_schema, path_id

from ..models import ActionPlan, Activity
from .plans import ActivityFilter

ACTIVITY_COLUMNS = [
    Column("id", "id", serializers.IntegerField()),
    Column("plan", "goal__plan_id", serializers.IntegerField()),
    Column("entity", "goal__plan__entity_id", serializers.IntegerField()),
    Column("vigencia", "goal__plan__vigencia", serializers.IntegerField()),
    Column("goal", "goal__code", serializers.CharField()),
    Column("code", "code", serializers.CharField()),
    Column("name", "name", serializers.CharField()),
    Column("responsible_dependencia", "responsible_dependencia__name", serializers.CharField()),
    Column("responsible_person", "responsible_person__full_name", serializers.CharField(allow_null=True)),
    Column("start_date", "start_date", serializers.DateField()),
    Column("end_date", "end_date", serializers.DateField()),
    Column("weight", "weight", serializers.FloatField()),
    Column("deliverable", "deliverable", serializers.CharField()),
    Column("policy", "policy__code", serializers.CharField()),
    Column("dimension", "policy__dimension__code", serializers.CharField()),
    Column("progress", "progress", serializers.FloatField(help_text="Avance 0-100.")),
]


@bulk_schema(
    row_name="PlanActivityRow",
    columns=ACTIVITY_COLUMNS,
    description=_(
        "Todas las actividades de un plan de acción en un solo archivo (CSV, JSON o xlsx), con los "
        "filtros de /activities/; se transmite mientras se lee. Un plan que el usuario no ve "
        "responde 404."
    ),
    path_parameters=[path_id("plan_pk", _("Id del plan de acción."))],
)
class PlanActivitiesExportViewSet(BulkExportViewSet):
    columns = ACTIVITY_COLUMNS
    filterset_class = ActivityFilter
    ordering_fields = ("id", "order", "start_date", "end_date")
    bulk_title = "Actividades"
    queryset = Activity.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        user = self.request.user
        plan = ActionPlan.objects.for_user(user).filter(pk=self.kwargs["plan_pk"]).first()
        if plan is None:
            raise Http404
        self.plan = plan
        return (
            Activity.objects.for_user(user)
            .filter(goal__plan=plan)
            .order_by("goal__order", "goal_id", "order", "pk")
        )

    def bulk_filename(self) -> str:
        return f"actividades-plan-{self.plan.pk}"


def register(router) -> None:
    router.register(
        r"action-plans/(?P<plan_pk>\d+)/activities/export",
        PlanActivitiesExportViewSet,
        basename="plan-activities-export",
    )
