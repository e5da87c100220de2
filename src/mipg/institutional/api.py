"""API of Institucionalidad: committees with their members, sessions (with the acta PDF) and
commitments. Same visibility as the pages (`for_user`); writes go through the services."""

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer

from mipg.core.api import IdFilter, ScopedViewSetMixin
from mipg.organizations.models import Person

from . import selectors, services
from .models import Acta, Commitment, Committee, Seat, SeatHolding, Session


class PdfRenderer(BaseRenderer):
    """Lets `acta.pdf` resolve through the router's format suffix; errors still answer the JSON shape."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data)


class HolderSerializer(serializers.Serializer):
    person_id = serializers.IntegerField(source="person.pk")
    full_name = serializers.CharField(source="person.full_name")
    entity = serializers.CharField(source="person.entity.acronym")
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)


class SeatSerializer(serializers.ModelSerializer):
    current_holder = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta:
        model = Seat
        fields = ["id", "role", "title", "has_vote", "order", "current_holder", "history"]

    def _holdings(self, seat):
        return list(seat.holdings.all())

    def get_current_holder(self, seat) -> dict | None:
        today = timezone.localdate()
        holding = next((h for h in self._holdings(seat) if h.covers(today)), None)
        return HolderSerializer(holding).data if holding else None

    def get_history(self, seat) -> list[dict]:
        return HolderSerializer(self._holdings(seat), many=True).data


class CommitteeSerializer(serializers.ModelSerializer):
    entity = serializers.PrimaryKeyRelatedField(read_only=True)
    members = SeatSerializer(source="seats", many=True, read_only=True)

    class Meta:
        model = Committee
        fields = [
            "id",
            "entity",
            "kind",
            "name",
            "functions",
            "sessions_per_year",
            "quorum_kind",
            "quorum_value",
            "majority_kind",
            "majority_value",
            "is_active",
            "members",
        ]


class CommitteeFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="entity_id", help_text="Id de la entidad.")
    kind = django_filters.ChoiceFilter(choices=Committee.Kind.choices)


class SessionFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="committee__entity_id", help_text="Id de la entidad.")
    committee = IdFilter(field_name="committee_id", help_text="Id del comité.")
    starts_after = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="lte")


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


class CommitteeViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Committees of the caller's entities, each with its seats, current holders and history."""

    serializer_class = CommitteeSerializer
    scoped_model = Committee
    filterset_class = CommitteeFilter
    ordering_fields = ("id", "name")

    def get_queryset(self):
        holdings = SeatHolding.objects.select_related("person__entity").order_by("-start")
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("seats", queryset=Seat.objects.prefetch_related(Prefetch("holdings", holdings)))
            )
            .order_by("pk")
        )


class SessionSerializer(serializers.ModelSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.none())
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=300), write_only=True, required=False
    )
    agenda_items = serializers.SerializerMethodField()
    acta = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "committee",
            "kind",
            "starts_at",
            "place",
            "virtual_link",
            "status",
            "convened_at",
            "agenda",
            "agenda_items",
            "acta",
        ]
        read_only_fields = ["status", "convened_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["committee"].queryset = Committee.objects.for_user(request.user)
            self.fields["committee"].error_messages["does_not_exist"] = _(
                "El comité no existe o no pertenece a una entidad en la que usted trabaja."
            )

    def get_agenda_items(self, session) -> list[dict]:
        return [
            {"order": i.order, "title": i.title, "follow_up": i.is_follow_up} for i in session.agenda.all()
        ]

    def get_acta(self, session) -> dict | None:
        actas = sorted(session.actas.all(), key=lambda a: -a.version)
        if not actas:
            return None
        acta = actas[0]
        return {
            "label": acta.label,
            "version": acta.version,
            "status": acta.status,
            "approved_at": acta.approved_at,
            "content_sha256": acta.content_sha256 or None,
        }


class SessionViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Sessions of committees of the caller's entities. POST schedules one (planeación or secretaría
    técnica of the owning entity). `{id}/acta.pdf` returns the acta."""

    serializer_class = SessionSerializer
    scoped_model = Session
    filterset_class = SessionFilter
    ordering_fields = ("id", "starts_at")

    def get_queryset(self):
        queryset = super().get_queryset().select_related("committee").prefetch_related("agenda", "actas")
        return queryset.order_by("-starts_at", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.session_create(
            user=self.request.user,
            committee=data["committee"],
            starts_at=data["starts_at"],
            kind=data.get("kind", Session.Kind.ORDINARY),
            place=data.get("place", ""),
            virtual_link=data.get("virtual_link", ""),
            agenda=data.get("agenda", []),
        )

    @action(detail=True, url_path="acta", renderer_classes=[PdfRenderer, JSONRenderer])
    def acta_pdf(self, request, pk=None, format=None):
        """The current version of the session's acta as PDF (`/committee-sessions/{id}/acta.pdf`)."""
        from .views import acta_pdf_response

        session = self.get_object()
        acta = get_object_or_404(
            Acta.objects.for_user(request.user).filter(session=session).order_by("-version")[:1]
        )
        return acta_pdf_response(acta)


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


class CommitmentViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Commitments of committees of the caller's entities (`?status=abierto|cerrado`, `?overdue=true`)."""

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


def register(router) -> None:
    router.register("committees", CommitteeViewSet, basename="committee")
    router.register("committee-sessions", SessionViewSet, basename="committee-session")
    router.register("commitments", CommitmentViewSet, basename="commitment")
