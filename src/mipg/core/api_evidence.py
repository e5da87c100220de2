"""/api/v1/evidence/: the evidence of the caller's entities (issue 13 item 2). POST uploads a file or a link
as evidence of an entity (any role that writes there), to cite it by id in a progress report or an
improvement action; POST {id}/verify/ is control interno's verification or rejection, as on the evidence's
page. The file itself is downloaded through the page's gate (`/evidencias/{id}/archivo/`)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from .api import MAX_ID, IdFilter, ScopedViewSetMixin, valid_data, visible_or_404
from .models import Evidence


class EvidenceSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=_("«file» (archivo) o «link» (enlace)."))

    class Meta:
        model = Evidence
        fields = [
            "id",
            "entity",
            "title",
            "kind",
            "url",
            "original_name",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "status",
            "verification_note",
            "verified_by",
            "verified_at",
        ]
        read_only_fields = fields


class EvidenceCreateSerializer(serializers.Serializer):
    entity = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id de la entidad."))
    title = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")


class EvidenceVerifySerializer(serializers.Serializer):
    verified = serializers.BooleanField(
        help_text=_("Verdadero: verificada; falso: rechazada (con observación).")
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EvidenceFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    status = django_filters.ChoiceFilter(choices=Evidence.Status.choices)


class EvidenceViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EvidenceSerializer
    scoped_model = Evidence
    filterset_class = EvidenceFilter
    ordering_fields = ("id", "uploaded_at")
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self):
        return {"create": EvidenceCreateSerializer, "verify": EvidenceVerifySerializer}.get(
            self.action, EvidenceSerializer
        )

    def get_queryset(self):
        return super().get_queryset().order_by("-uploaded_at", "-pk")

    @extend_schema(request=EvidenceCreateSerializer, responses={201: EvidenceSerializer})
    def create(self, request, *args, **kwargs):
        from mipg.organizations.models import Entity

        from .services import evidence_create

        data = valid_data(EvidenceCreateSerializer, request)
        entity = visible_or_404(Entity.objects.visible_to(request.user), data["entity"])
        evidence = evidence_create(
            user=request.user, entity=entity, title=data["title"], file=data["file"], url=data["url"]
        )
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EvidenceVerifySerializer, responses=EvidenceSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def verify(self, request, pk=None):
        from .services import evidence_verify

        data = valid_data(EvidenceVerifySerializer, request)
        evidence = evidence_verify(
            user=request.user, evidence=self.get_object(), verified=data["verified"], note=data["note"]
        )
        return Response(EvidenceSerializer(evidence).data)


def register(router) -> None:
    router.register("evidence", EvidenceViewSet, basename="evidence")
