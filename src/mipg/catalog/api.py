import django_filters
from rest_framework import serializers, viewsets

from .models import Dimension, Policy
from .selectors import current_dimensions, current_policies


class DimensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Dimension
        fields = ["code", "name", "aliases", "order"]


class PolicySerializer(serializers.ModelSerializer):
    dimension = serializers.CharField(source="dimension.code", read_only=True)

    class Meta:
        model = Policy
        fields = ["code", "name", "aliases", "dimension", "national_leader", "legal_basis", "order"]


class DimensionViewSet(viewsets.ReadOnlyModelViewSet):
    """Dimensions of the current MIPG version."""

    serializer_class = DimensionSerializer
    ordering_fields = ("order", "code")
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self):
        return current_dimensions()


class PolicyFilter(django_filters.FilterSet):
    dimension = django_filters.CharFilter(field_name="dimension__code", help_text="Código de la dimensión.")


class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """Policies of the current MIPG version, each with its dimension's code."""

    serializer_class = PolicySerializer
    filterset_class = PolicyFilter
    ordering_fields = ("order", "code")
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self):
        return current_policies()


def register(router) -> None:
    router.register("catalog/dimensions", DimensionViewSet, basename="dimension")
    router.register("catalog/policies", PolicyViewSet, basename="policy")
