from rest_framework import serializers, viewsets

from mipg.core.api import ScopedViewSetMixin

from .models import Dependencia, Entity


class EntitySerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.code", default=None, read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Entity
        fields = [
            "id",
            "name",
            "acronym",
            "sigep_code",
            "nit",
            "order",
            "legal_nature",
            "sector",
            "parent",
            "peer_group",
            "reports_meci_only",
            "is_demo",
        ]


class DependenciaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dependencia
        fields = ["id", "entity", "parent", "code", "name"]


class EntityViewSet(viewsets.ReadOnlyModelViewSet):
    """Entities on which the caller holds a role."""

    serializer_class = EntitySerializer

    def get_queryset(self):
        return Entity.objects.visible_to(self.request.user).select_related("sector").order_by("path")


class DependenciaViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DependenciaSerializer
    scoped_model = Dependencia

    def get_queryset(self):
        queryset = super().get_queryset().order_by("entity_id", "name")
        entity = self.request.query_params.get("entity")
        return queryset.filter(entity_id=entity) if entity and entity.isdigit() else queryset


def register(router) -> None:
    router.register("entities", EntityViewSet, basename="entity")
    router.register("dependencias", DependenciaViewSet, basename="dependencia")
