"""GET /api/v1/me/pending/: the same list as the "Mis pendientes" page, for the authenticated user."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from .items import pending_for
from .kinds import KINDS


class PendingItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS), help_text="Tipo de pendiente (código estable).")
    kind_label = serializers.CharField(help_text="Tipo de pendiente, en español.")
    title = serializers.CharField(help_text="Qué hay que hacer y sobre qué.")
    url = serializers.SerializerMethodField(help_text="Dirección absoluta de la página donde se hace.")
    due = serializers.DateField(allow_null=True, help_text="Fecha límite (null si no tiene).")
    overdue = serializers.BooleanField(help_text="Vencido: la fecha límite ya pasó.")
    entity = serializers.CharField(help_text="Entidad a la que pertenece.")

    def get_url(self, item) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(item.url) if request else item.url


class MyPendingViewSet(viewsets.GenericViewSet):
    serializer_class = PendingItemSerializer
    queryset = get_user_model().objects.none()  # the list is built by pending_for; this names no model

    @extend_schema(
        summary="Mis pendientes",
        description=(
            "Todo lo que espera al usuario autenticado (actas por aprobar, evidencias, respuestas y acciones "
            "por verificar o revisar, avances por reportar o revisar, compromisos y acciones, preguntas "
            "asignadas, controles por autoevaluar), vencidos primero y luego por fecha límite. Paginado."
        ),
    )
    def list(self, request):
        # The list takes no filters: an unknown parameter answers 400 like every other list.
        self.filter_queryset(self.get_queryset())
        items = pending_for(request.user)
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def register(router) -> None:
    router.register(r"me/pending", MyPendingViewSet, basename="me-pending")
