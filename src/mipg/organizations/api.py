import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin

from . import selectors, services
from .models import Dependencia, Entity, Person, RoleAssignment
from .roles import administers_any


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


class EntityFilter(django_filters.FilterSet):
    sigep_code = django_filters.CharFilter(field_name="sigep_code", help_text="Código SIGEP de la entidad.")


class EntityViewSet(viewsets.ReadOnlyModelViewSet):
    """Entities on which the caller holds a role."""

    serializer_class = EntitySerializer
    filterset_class = EntityFilter
    ordering_fields = ("id", "name", "sigep_code")

    def get_queryset(self):
        return Entity.objects.visible_to(self.request.user).select_related("sector").order_by("path")


class EntityIdFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")


class DependenciaViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DependenciaSerializer
    scoped_model = Dependencia
    filterset_class = EntityIdFilter
    ordering_fields = ("id", "name", "code")

    def get_queryset(self):
        return super().get_queryset().order_by("entity_id", "name")


def register(router) -> None:
    router.register("entities", EntityViewSet, basename="entity")
    router.register("dependencias", DependenciaViewSet, basename="dependencia")
    register_administration(router)


# --- Administration API (issue 10): people, users and role assignments for entity administrators ---


class IsEntityAdministrator(permissions.BasePermission):
    message = "Solo los administradores de una entidad pueden usar este recurso."

    def has_permission(self, request, view):
        # On one object, a non-administrator gets 404 like any object outside one's scope (the querysets
        # hold only administered entities); lists and creation answer 403.
        if getattr(view, "detail", False):
            return True
        return administers_any(request.user)


class _AdministeredQuerysetsMixin:
    """Choices for related fields: only entities, dependencias and users the caller administers."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:
            return fields
        entities = selectors.administered_entities(request.user)
        if "entity" in fields and not fields["entity"].read_only:
            fields["entity"].queryset = entities
        if "dependencia" in fields:
            fields["dependencia"].queryset = Dependencia.objects.filter(entity__in=entities)
        if "user" in fields and not fields["user"].read_only:
            fields["user"].queryset = selectors.accounts_for(request.user)
        return fields


class PersonSerializer(_AdministeredQuerysetsMixin, serializers.ModelSerializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.none())
    dependencia = serializers.PrimaryKeyRelatedField(
        queryset=Dependencia.objects.none(), allow_null=True, required=False
    )
    user = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "entity", "full_name", "position", "dependencia", "email", "user"]

    def create(self, validated_data):
        return services.person_save(user=self.context["request"].user, person=Person(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.person_save(user=self.context["request"].user, person=instance)


class UserSerializer(serializers.ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True)
    has_password = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name", "last_name", "is_active", "person", "has_password"]
        read_only_fields = ["username", "email", "first_name", "last_name"]

    def get_has_password(self, obj) -> bool:
        return obj.has_usable_password()

    def update(self, instance, validated_data):
        if "is_active" in validated_data:
            services.account_set_active(
                user=self.context["request"].user, account=instance, active=validated_data["is_active"]
            )
        return instance


class RoleAssignmentSerializer(_AdministeredQuerysetsMixin, serializers.ModelSerializer):
    entity = serializers.PrimaryKeyRelatedField(queryset=Entity.objects.none())
    user = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.none())

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "entity", "role", "include_subtree", "granted_at"]
        read_only_fields = ["granted_at"]

    def create(self, validated_data):
        return services.role_grant(
            user=self.context["request"].user,
            grantee=validated_data["user"],
            entity=validated_data["entity"],
            role=validated_data["role"],
            include_subtree=validated_data.get("include_subtree", False),
        )


class PersonFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    q = django_filters.CharFilter(method="search", help_text="Texto en el nombre o el correo.")

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(full_name__icontains=value) | Q(email__icontains=value)) if value else queryset
        )


class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """People of the entities the caller administers (entity administrators only)."""

    serializer_class = PersonSerializer
    permission_classes = [permissions.IsAuthenticated, IsEntityAdministrator]
    filterset_class = PersonFilter
    ordering_fields = ("id", "full_name", "email")

    def get_queryset(self):
        return Person.objects.filter(entity__in=selectors.administered_entities(self.request.user)).order_by(
            "full_name", "pk"
        )

    @extend_schema(request=None, responses={202: None})
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        """E-mail the person a one-time link to set the password of their account."""
        person = self.get_object()
        invitation, _token = services.person_invite(
            user=request.user, person=person, base_url=request.build_absolute_uri("/").rstrip("/")
        )
        return Response(
            {"email": invitation.email, "expires_at": invitation.expires_at}, status=status.HTTP_202_ACCEPTED
        )


class UserViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Accounts the caller administers: those of the people of their entities and those without a person
    that hold a role over one of them; `is_active` deactivates or reactivates them (entity administrators
    only)."""

    serializer_class = UserSerializer
    ordering_fields = ("id", "username")
    permission_classes = [permissions.IsAuthenticated, IsEntityAdministrator]

    def get_queryset(self):
        return selectors.accounts_for(self.request.user).select_related("person").order_by("username")


class RoleAssignmentFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    user = IdFilter(field_name="user_id", help_text="Id del usuario.")


class RoleAssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Role grants over the entities the caller administers; granted and revoked within their scope."""

    serializer_class = RoleAssignmentSerializer
    permission_classes = [permissions.IsAuthenticated, IsEntityAdministrator]
    filterset_class = RoleAssignmentFilter
    ordering_fields = ("id", "role")

    def get_queryset(self):
        return (
            RoleAssignment.objects.filter(entity__in=selectors.administered_entities(self.request.user))
            .select_related("entity", "user")
            .order_by("entity__path", "user__username", "role")
        )

    def perform_destroy(self, instance):
        services.role_revoke(user=self.request.user, assignment=instance)


def register_administration(router) -> None:
    router.register("people", PersonViewSet, basename="person")
    router.register("users", UserViewSet, basename="user")
    router.register("role-assignments", RoleAssignmentViewSet, basename="role-assignment")
