"""/api/v1/committee-decisions/ and /api/v1/actas/: the decisions of a session (recorded with their votes
when there is quorum, withdrawn while the acta is a draft) and its acta (drafted, notes edited, approved by
whoever holds the presidency on the session date, corrected as a new version), as on the session's page."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import (
    MAX_ID,
    ActionSerializersMixin,
    IdFilter,
    ScopedViewSetMixin,
    valid_data,
    visible_or_404,
)

from .. import services
from ..models import Acta, AgendaItem, Decision, Session
from .common import writable_session


def _writable_session(user, pk) -> Session:
    session = visible_or_404(Session.objects.for_user(user).select_related("committee__entity"), pk)
    return writable_session(user, session)


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "session",
            "agenda_item",
            "text",
            "votes_for",
            "votes_against",
            "abstentions",
            "approved",
            "created_at",
        ]
        read_only_fields = fields


class DecisionWriteSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id de la sesión."))
    agenda_item = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None
    )
    text = serializers.CharField(max_length=Decision._meta.get_field("text").max_length)
    votes_for = serializers.IntegerField(min_value=0, max_value=9999)
    votes_against = serializers.IntegerField(min_value=0, max_value=9999, required=False, default=0)
    abstentions = serializers.IntegerField(min_value=0, max_value=9999, required=False, default=0)


class DecisionFilter(django_filters.FilterSet):
    session = IdFilter(field_name="session_id", help_text="Id de la sesión.")
    committee = IdFilter(field_name="session__committee_id", help_text="Id del comité.")


class DecisionViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Decisions of committee sessions. POST records one (needs quorum; the votes cannot exceed the voting
    members present); DELETE withdraws one recorded by mistake while the acta is not approved."""

    serializer_class = DecisionSerializer
    scoped_model = Decision
    filterset_class = DecisionFilter

    def get_serializer_class(self):
        return DecisionWriteSerializer if self.action == "create" else DecisionSerializer

    def get_queryset(self):
        return (
            super().get_queryset().select_related("session__committee__entity").order_by("session_id", "pk")
        )

    @extend_schema(request=DecisionWriteSerializer, responses={201: DecisionSerializer})
    def create(self, request, *args, **kwargs):
        data = valid_data(DecisionWriteSerializer, request)
        session = _writable_session(request.user, data.pop("session"))
        item_id = data.pop("agenda_item")
        item = visible_or_404(AgendaItem.objects.filter(session=session), item_id) if item_id else None
        decision = services.decision_record(user=request.user, session=session, agenda_item=item, **data)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        writable_session(self.request.user, instance.session)
        services.decision_delete(user=self.request.user, decision=instance)


class ActaSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Acta
        fields = [
            "id",
            "session",
            "committee",
            "label",
            "year",
            "number",
            "version",
            "status",
            "notes",
            "correction_reason",
            "created_at",
            "approved_by",
            "approved_at",
            "pdf_sha256",
            "content_sha256",
        ]
        read_only_fields = fields


class ActaCreateSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id de la sesión."))


class ActaNotesSerializer(serializers.Serializer):
    notes = serializers.CharField(max_length=Acta._meta.get_field("notes").max_length, allow_blank=True)


class ActaCorrectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=Acta._meta.get_field("correction_reason").max_length)


class ActaFilter(django_filters.FilterSet):
    session = IdFilter(field_name="session_id", help_text="Id de la sesión.")
    committee = IdFilter(field_name="committee_id", help_text="Id del comité.")
    status = django_filters.ChoiceFilter(choices=Acta.Status.choices)


class ActaViewSet(
    ActionSerializersMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Actas of committee sessions (every version). POST drafts the acta of a session (or answers the
    current one); PATCH edits its «proposiciones y varios» while it is a draft; POST {id}/approve/ is the
    president's approval (the PDF is frozen with its SHA-256); POST {id}/correct/ opens a new version."""

    serializer_class = ActaSerializer
    scoped_model = Acta
    filterset_class = ActaFilter
    ordering_fields = ("id", "version")
    http_method_names = ["get", "post", "patch", "head", "options"]

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": ActaCreateSerializer,
        "partial_update": ActaNotesSerializer,
        "correct": ActaCorrectSerializer,
    }

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("session__committee__entity", "committee")
            .order_by("committee_id", "-year", "-number", "-version")
        )

    @extend_schema(request=ActaCreateSerializer, responses={201: ActaSerializer})
    def create(self, request, *args, **kwargs):
        data = valid_data(ActaCreateSerializer, request)
        session = _writable_session(request.user, data["session"])
        acta = services.acta_generate(user=request.user, session=session)
        return Response(ActaSerializer(acta).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActaNotesSerializer, responses=ActaSerializer)
    def partial_update(self, request, *args, **kwargs):
        acta = self.get_object()
        writable_session(request.user, acta.session)
        data = valid_data(ActaNotesSerializer, request)
        acta = services.acta_update(user=request.user, acta=acta, notes=data["notes"])
        return Response(ActaSerializer(acta).data)

    @extend_schema(request=None, responses=ActaSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        acta = services.acta_approve(user=request.user, acta=self.get_object())
        return Response(ActaSerializer(acta).data)

    @extend_schema(request=ActaCorrectSerializer, responses={201: ActaSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        acta = self.get_object()
        writable_session(request.user, acta.session)
        data = valid_data(ActaCorrectSerializer, request)
        acta = services.acta_correct(user=request.user, acta=acta, reason=data["reason"])
        return Response(ActaSerializer(acta).data, status=status.HTTP_201_CREATED)
