"""The entity-scoped recommendations of the official results."""

import django_filters
from rest_framework import serializers, viewsets

from mipg.core.api import IdFilter, ScopedViewSetMixin, VigenciaFilter

from ..models import (
    Recommendation,
)


class RecommendationFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    vigencia = VigenciaFilter(field_name="vigencia")
    policy = django_filters.CharFilter(method="filter_policy", help_text="Código de la política.")
    dimension = django_filters.CharFilter(
        field_name="policy__dimension__code", help_text="Código de la dimensión."
    )
    status = django_filters.ChoiceFilter(choices=Recommendation.Status.choices)

    def filter_policy(self, queryset, name, value):
        return queryset.filter(policy__code=value.strip().upper())


class RecommendationSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.code", read_only=True)
    related_policy = serializers.CharField(source="related_policy.code", read_only=True, default=None)

    class Meta:
        model = Recommendation
        fields = ["id", "entity", "vigencia", "policy", "text", "related_policy", "status", "is_demo"]


class RecommendationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Recommendations of the entities the caller holds a role over.
    Filters: entity (id), vigencia, policy, status."""

    serializer_class = RecommendationSerializer
    scoped_model = Recommendation
    filterset_class = RecommendationFilter
    ordering_fields = ("id", "vigencia")

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("policy", "related_policy")
            .order_by("entity_id", "-vigencia", "pk")
        )
        return queryset
