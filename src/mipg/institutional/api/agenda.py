"""/api/v1/agenda-items/: the agenda of a session. POST adds an item, PATCH changes its topic, related policy
or development (what was said), DELETE withdraws it and POST {id}/move/ moves it up or down; only while the
acta is not approved, by planeación or the technical secretariat, as on the session's page. The item
«Seguimiento a compromisos» is the system's: it is not edited, withdrawn or moved."""

import django_filters
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import (
    MAX_ID,
    ActionSerializersMixin,
    IdFilter,
    ScopedViewSetMixin,
    policy_by_code,
    valid_data,
    visible_or_404,
)

from .. import services
from ..models import AgendaItem, Session
from .common import writable_session

MOVE_DIRECTIONS = [("up", _("Subir")), ("down", _("Bajar"))]


class AgendaItemSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.code", default=None, read_only=True)
    dimension = serializers.CharField(source="dimension.code", default=None, read_only=True)
    follow_up = serializers.BooleanField(source="is_follow_up", read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "session", "order", "title", "policy", "dimension", "development", "follow_up"]
        read_only_fields = fields


class AgendaItemWriteSerializer(serializers.Serializer):
    session = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id de la sesión."))
    title = serializers.CharField(max_length=300)
    policy = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text=_("Código de la política.")
    )


class AgendaItemUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    policy = serializers.CharField(max_length=20, required=False, allow_blank=True)
    development = serializers.CharField(
        max_length=AgendaItem._meta.get_field("development").max_length, required=False, allow_blank=True
    )


class AgendaMoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=MOVE_DIRECTIONS)


class AgendaItemFilter(django_filters.FilterSet):
    session = IdFilter(field_name="session_id", help_text="Id de la sesión.")
    committee = IdFilter(field_name="session__committee_id", help_text="Id del comité.")


class AgendaItemViewSet(
    ActionSerializersMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Agenda items of the sessions the caller may see (filters: session, committee). POST adds one, PATCH
    edits it, DELETE removes it (not while it has decisions) and POST {id}/move/ moves it up or down; the
    «Seguimiento a compromisos» item is kept by the system."""

    serializer_class = AgendaItemSerializer
    scoped_model = AgendaItem
    filterset_class = AgendaItemFilter
    ordering_fields = ("id", "order")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": AgendaItemWriteSerializer,
        "partial_update": AgendaItemUpdateSerializer,
        "move": AgendaMoveSerializer,
    }

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("session__committee__entity", "policy", "dimension")
            .order_by("session_id", "order")
        )

    def _item(self):
        item = self.get_object()
        writable_session(self.request.user, item.session)
        return item

    @extend_schema(request=AgendaItemWriteSerializer, responses={201: AgendaItemSerializer})
    def create(self, request, *args, **kwargs):
        data = valid_data(AgendaItemWriteSerializer, request)
        sessions = Session.objects.for_user(request.user).select_related("committee__entity")
        session = visible_or_404(sessions, data["session"])
        writable_session(request.user, session)
        item = services.agenda_item_add(
            user=request.user, session=session, title=data["title"], policy=policy_by_code(data["policy"])
        )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AgendaItemUpdateSerializer, responses=AgendaItemSerializer)
    def partial_update(self, request, *args, **kwargs):
        item = self._item()
        data = valid_data(AgendaItemUpdateSerializer, request, partial=True)
        with transaction.atomic():  # topic and development change together or not at all
            if "title" in data or "policy" in data:
                policy, dimension = item.policy, item.dimension
                if "policy" in data:
                    policy = policy_by_code(data["policy"])
                    dimension = policy.dimension if policy else None
                item = services.agenda_item_update(
                    user=request.user,
                    item=item,
                    title=data.get("title", item.title),
                    policy=policy,
                    dimension=dimension,
                )
            if "development" in data:
                item = services.agenda_item_develop(
                    user=request.user, item=item, development=data["development"]
                )
        return Response(AgendaItemSerializer(item).data)

    def perform_destroy(self, instance):
        writable_session(self.request.user, instance.session)
        services.agenda_item_delete(user=self.request.user, item=instance)

    @extend_schema(request=AgendaMoveSerializer, responses=AgendaItemSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        item = self._item()
        data = valid_data(AgendaMoveSerializer, request)
        item = services.agenda_item_move(user=request.user, item=item, direction=data["direction"])
        return Response(AgendaItemSerializer(item).data)
