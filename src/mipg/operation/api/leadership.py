"""/api/v1/policy-leaders/: who leads each MIPG policy in each entity and vigencia."""

import django_filters
from rest_framework import serializers, viewsets

from mipg.core.api import ScopedViewSetMixin

from ..models import (
    PolicyLeadership,
)
from .common import EntityVigenciaFilter


class PolicyLeadershipFilter(EntityVigenciaFilter):
    policy = django_filters.CharFilter(field_name="policy__code", help_text="Código de la política.")
    dimension = django_filters.CharFilter(
        field_name="policy__dimension__code", help_text="Código de la dimensión."
    )


class PolicyLeadershipSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.code", read_only=True)
    leading_dependencia = serializers.CharField(
        source="leading_dependencia.name", default=None, read_only=True
    )
    leader = serializers.CharField(source="leader.full_name", default=None, read_only=True)
    co_responsible = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)

    class Meta:
        model = PolicyLeadership
        fields = [
            "id",
            "entity",
            "vigencia",
            "policy",
            "leading_dependencia",
            "leader",
            "co_responsible",
            "norms",
        ]


class PolicyLeadershipViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Who leads each MIPG policy in each entity and vigencia (filters: entity, vigencia)."""

    serializer_class = PolicyLeadershipSerializer
    scoped_model = PolicyLeadership
    filterset_class = PolicyLeadershipFilter
    ordering_fields = ("id", "vigencia")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("policy", "leading_dependencia", "leader")
            .prefetch_related("co_responsible")
            .order_by("entity_id", "-vigencia", "policy__order")
        )
