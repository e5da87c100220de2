"""/api/v1/commitments/: commitments of committee sessions."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from mipg.core.api import IdFilter, ScopedViewSetMixin, valid_data
from mipg.organizations.models import Person

from .. import selectors, services
from ..models import Commitment, CommitmentNote, Session


class CommitmentFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="session__committee__entity_id", help_text="Id de la entidad.")
    committee = IdFilter(field_name="session__committee_id", help_text="Id del comité.")
    status = django_filters.ChoiceFilter(choices=Commitment.Status.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue", help_text="Solo los abiertos y vencidos.")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    def filter_overdue(self, queryset, name, value):
        overdue = {"status": Commitment.Status.OPEN, "due_date__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class CommitmentSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(queryset=Session.objects.none())
    responsible = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    committee = serializers.IntegerField(source="session.committee_id", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "committee",
            "session",
            "description",
            "responsible",
            "dependencia",
            "due_date",
            "status",
            "overdue",
            "closed_at",
            "closing_note",
        ]
        read_only_fields = ["dependencia", "status", "closed_at", "closing_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["session"].queryset = Session.objects.for_user(request.user)
            self.fields["session"].error_messages["does_not_exist"] = _(
                "La sesión no existe o no pertenece a una entidad en la que usted trabaja."
            )
            self.fields["responsible"].queryset = Person.objects.all()

    def validate(self, attrs):
        request = self.context["request"]
        session, responsible = attrs.get("session"), attrs.get("responsible")
        if session is not None and responsible is not None:
            allowed = selectors.committee_people(request.user, session.committee)
            if not allowed.filter(pk=responsible.pk).exists():
                raise serializers.ValidationError(
                    {"responsible": _("La persona no puede ser responsable de compromisos de este comité.")}
                )
        return attrs


class FollowUpSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=CommitmentNote._meta.get_field("text").max_length)


class CloseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=Commitment._meta.get_field("closing_note").max_length)
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    file = serializers.FileField(required=False, allow_null=True, default=None)


class CommitmentViewSet(
    ScopedViewSetMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Commitments of committees of the caller's entities (`?status=abierto|cerrado`, `?overdue=true`).
    POST records one, DELETE withdraws one, POST {id}/follow-up/ and {id}/close/ follow it up and close it
    with evidence, as on the commitment's page."""

    serializer_class = CommitmentSerializer
    scoped_model = Commitment
    filterset_class = CommitmentFilter
    ordering_fields = ("id", "due_date")

    def get_queryset(self):
        return super().get_queryset().select_related("session").order_by("due_date", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.commitment_create(
            user=self.request.user,
            session=data["session"],
            description=data["description"],
            responsible=data["responsible"],
            due_date=data["due_date"],
        )

    def get_serializer_class(self):
        return {"follow_up": FollowUpSerializer, "close": CloseSerializer}.get(
            self.action, CommitmentSerializer
        )

    def perform_destroy(self, instance):
        """Withdraw a commitment recorded by mistake (acta not approved, no follow-up yet)."""
        services.commitment_delete(user=self.request.user, commitment=instance)

    @extend_schema(request=FollowUpSerializer, responses={201: FollowUpSerializer})
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        """A follow-up note (the technical secretariat, planeación or the responsible person)."""
        data = valid_data(FollowUpSerializer, request)
        note = services.commitment_follow_up(
            user=request.user, commitment=self.get_object(), text=data["text"]
        )
        return Response({"text": note.text}, status=status.HTTP_201_CREATED)

    @extend_schema(request=CloseSerializer, responses=CommitmentSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def close(self, request, pk=None):
        """Close the commitment with its evidence: a file or a link."""
        data = valid_data(CloseSerializer, request)
        commitment = services.commitment_close(
            user=request.user,
            commitment=self.get_object(),
            note=data["note"],
            file=data["file"],
            url=data["url"],
        )
        return Response(CommitmentSerializer(commitment, context={"request": request}).data)
