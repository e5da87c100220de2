"""/api/v1/policy-leaders/: who leads each MIPG policy in each entity and vigencia."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from mipg.core.api import ScopedViewSetMixin

from .. import services
from ..models import (
    PolicyLeadership,
)
from .common import EntityVigenciaFilter, Writes


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


class LeadershipWriteSerializer(serializers.Serializer):
    entity = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="Id de la entidad.")
    vigencia = serializers.IntegerField(min_value=1900, max_value=9999)
    policy = serializers.CharField(max_length=20, help_text="Código de la política MIPG.")
    leading_dependencia = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, allow_null=True, default=None
    )
    leader = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        required=False,
        allow_null=True,
        default=None,
        help_text="Id de la persona.",
    )
    co_responsible = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        default=list,
        max_length=200,
    )
    norms = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=PolicyLeadership._meta.get_field("norms").max_length,
    )


class PolicyLeadershipViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Who leads each MIPG policy in each entity and vigencia (filters: entity, vigencia); POST sets it."""

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

    def get_serializer_class(self):
        return LeadershipWriteSerializer if self.action == "create" else PolicyLeadershipSerializer

    @extend_schema(
        request=LeadershipWriteSerializer,
        responses={201: PolicyLeadershipSerializer, 200: PolicyLeadershipSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Set who leads a policy in an entity and vigencia (one row per policy and vigencia: a second POST
        updates it and answers 200), planeación of the entity, as on the leadership page."""
        from mipg.organizations.models import Dependencia, Person

        user = request.user
        data = Writes.valid(LeadershipWriteSerializer, request)
        entity = Writes.visible_entity(user, data["entity"])
        policy = Writes.policy(data["policy"])
        if policy is None:
            raise ValidationError({"policy": [_("Indique el código de la política.")]})
        existed = PolicyLeadership.objects.filter(
            entity=entity, vigencia=data["vigencia"], policy=policy
        ).exists()
        leadership = services.leadership_save(
            user=user,
            entity=entity,
            vigencia=data["vigencia"],
            policy=policy,
            leading_dependencia=(
                Writes.visible(Dependencia, user, data["leading_dependencia"])
                if data["leading_dependencia"]
                else None
            ),
            leader=Writes.visible(Person, user, data["leader"]) if data["leader"] else None,
            co_responsible=[Writes.visible(Dependencia, user, pk) for pk in data["co_responsible"]],
            norms=data["norms"],
        )
        answer = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(PolicyLeadershipSerializer(leadership).data, status=answer)
