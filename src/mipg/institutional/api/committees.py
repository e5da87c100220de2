"""/api/v1/committees/ with their seats, current holders and history; /api/v1/seat-holdings/ to
assign, end and correct who holds a seat; the members import (xlsx) of a committee."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from mipg.core.api import (
    MAX_ID,
    ActionSerializersMixin,
    IdFilter,
    ScopedViewSetMixin,
    import_rejected_response,
    valid_data,
    visible_or_404,
)
from mipg.core.imports import ImportRejected
from mipg.core.numbers import api_number_field
from mipg.core.validators import reasonable_date

from .. import selectors, services
from ..models import Committee, CommitteeAct, RuleKind, Seat, SeatHolding
from .common import writable_committee


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


class MembersImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("Plantilla de miembros (.xlsx) descargada del comité."))


class MembersImportResultSerializer(serializers.Serializer):
    seats = serializers.IntegerField(help_text=_("Puestos creados."))
    people = serializers.IntegerField(help_text=_("Personas creadas."))
    assigned = serializers.IntegerField(help_text=_("Asignaciones nuevas."))
    unchanged = serializers.IntegerField(help_text=_("Filas sin cambios."))


class CommitteeWriteSerializer(serializers.Serializer):
    entity = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id de la entidad dueña."))
    kind = serializers.ChoiceField(choices=Committee.Kind.choices)
    name = serializers.CharField(max_length=Committee._meta.get_field("name").max_length)
    functions = serializers.CharField(
        required=False, allow_blank=True, max_length=Committee._meta.get_field("functions").max_length
    )
    sessions_per_year = serializers.ChoiceField(choices=Committee.Frequency.choices, required=False)
    quorum_kind = serializers.ChoiceField(choices=RuleKind.choices, required=False)
    quorum_value = api_number_field(decimals=1, required=False, allow_null=True)
    majority_kind = serializers.ChoiceField(choices=RuleKind.choices, required=False)
    majority_value = api_number_field(decimals=1, required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


class SeatWriteSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Seat.Role.choices)
    title = serializers.CharField(max_length=Seat._meta.get_field("title").max_length)
    has_vote = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("Vacío: según el rol.")
    )


class ActWriteSerializer(serializers.Serializer):
    act_type = serializers.ChoiceField(choices=CommitteeAct.ActType.choices)
    number = serializers.CharField(max_length=30)
    date = serializers.DateField(validators=[reasonable_date])
    issuer = serializers.CharField(max_length=200)
    effect = serializers.ChoiceField(choices=CommitteeAct.Effect.choices, default=CommitteeAct.Effect.CREATES)
    affects = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Id del acto."),
    )
    summary = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=CommitteeAct._meta.get_field("summary").max_length,
    )
    file = serializers.FileField(required=False, allow_null=True, default=None, help_text=_("PDF del acto."))


class ActSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteeAct
        fields = [
            "id",
            "committee",
            "act_type",
            "number",
            "date",
            "issuer",
            "effect",
            "affects",
            "summary",
            "sha256",
        ]
        read_only_fields = fields


class CommitteeViewSet(
    ActionSerializersMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Committees of the caller's entities, each with its seats, current holders and history. POST creates
    one and PATCH edits it (planeación or the technical secretariat of the owning entity, as on the page);
    POST {id}/seats/ adds a seat; POST {id}/acts/ registers an act; POST {id}/members-import/ imports
    seats and holders from the template."""

    serializer_class = CommitteeSerializer
    scoped_model = Committee
    filterset_class = CommitteeFilter
    ordering_fields = ("id", "name")
    http_method_names = ["get", "post", "patch", "head", "options"]

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": CommitteeWriteSerializer,
        "partial_update": CommitteeWriteSerializer,
        "seats": SeatWriteSerializer,
        "acts": ActWriteSerializer,
    }

    def _answer(self, committee, status_code=status.HTTP_200_OK):
        return Response(
            CommitteeSerializer(self.get_queryset().get(pk=committee.pk)).data, status=status_code
        )

    @extend_schema(request=CommitteeWriteSerializer, responses={201: CommitteeSerializer})
    def create(self, request, *args, **kwargs):
        from mipg.organizations.models import Entity

        data = valid_data(CommitteeWriteSerializer, request)
        entity = visible_or_404(Entity.objects.visible_to(request.user), data.pop("entity"))
        committee = services.committee_save(user=request.user, committee=Committee(entity=entity, **data))
        return self._answer(committee, status.HTTP_201_CREATED)

    @extend_schema(request=CommitteeWriteSerializer, responses=CommitteeSerializer)
    def partial_update(self, request, *args, **kwargs):
        committee = writable_committee(request.user, self.get_object())
        data = valid_data(CommitteeWriteSerializer, request, partial=True)
        data.pop("entity", None)  # a committee does not change entity
        for field, value in data.items():
            setattr(committee, field, value)
        return self._answer(services.committee_save(user=request.user, committee=committee))

    @extend_schema(request=ActWriteSerializer, responses={201: ActSerializer})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser])
    def acts(self, request, pk=None):
        """Register an act (resolución, decreto, …) that creates, modifies or repeals the committee, with
        its optional PDF."""
        committee = writable_committee(request.user, self.get_object())
        data = valid_data(ActWriteSerializer, request)
        affects_id = data.pop("affects")
        affects = visible_or_404(committee.acts.all(), affects_id) if affects_id else None
        act = services.committee_act_add(user=request.user, committee=committee, affects=affects, **data)
        return Response(ActSerializer(act).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SeatWriteSerializer, responses={201: CommitteeSerializer})
    @action(detail=True, methods=["post"])
    def seats(self, request, pk=None):
        """Add a seat (presidency, technical secretariat, member or guest) to the committee."""
        committee = writable_committee(request.user, self.get_object())
        data = valid_data(SeatWriteSerializer, request)
        services.seat_create(user=request.user, committee=committee, **data)
        return self._answer(committee, status.HTTP_201_CREATED)

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

    @extend_schema(
        request={"multipart/form-data": MembersImportSerializer},
        responses={200: MembersImportResultSerializer},
    )
    @action(detail=True, methods=["post"], url_path="members-import", parser_classes=[MultiPartParser])
    def members_import(self, request, pk=None):
        """Import the seats and their holders from the members template (.xlsx), all or nothing: a refused
        workbook answers 400 with every problem by sheet, row and column, and nothing changes."""
        committee = writable_committee(request.user, self.get_object())
        data = valid_data(MembersImportSerializer, request)
        try:
            counts = services.members_import(user=request.user, committee=committee, upload=data["file"])
        except ImportRejected as error:
            return import_rejected_response(error)
        return Response(MembersImportResultSerializer(counts).data)


class HoldingSerializer(serializers.ModelSerializer):
    committee = serializers.IntegerField(source="seat.committee_id", read_only=True)
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = SeatHolding
        fields = ["id", "committee", "seat", "person", "full_name", "start", "end"]
        read_only_fields = fields


class HoldingAssignSerializer(serializers.Serializer):
    seat = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id del puesto."))
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id de la persona."))
    start = serializers.DateField(validators=[reasonable_date])


class HoldingEndSerializer(serializers.Serializer):
    end = serializers.DateField(validators=[reasonable_date])


class HoldingCorrectSerializer(serializers.Serializer):
    start = serializers.DateField(validators=[reasonable_date])
    end = serializers.DateField(required=False, allow_null=True, default=None, validators=[reasonable_date])


class HoldingFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="seat__committee__entity_id", help_text="Id de la entidad.")
    committee = IdFilter(field_name="seat__committee_id", help_text="Id del comité.")
    seat = IdFilter(field_name="seat_id", help_text="Id del puesto.")
    person = IdFilter(field_name="person_id", help_text="Id de la persona.")


class SeatHoldingViewSet(
    ActionSerializersMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Who holds each seat and since when. POST assigns a seat to a person from a date (whoever held it
    leaves the day before); POST {id}/end/ ends a holding; POST {id}/correct/ corrects its dates (the
    previous ones stay in the history). Planeación or the technical secretariat, as on the committee's
    page."""

    serializer_class = HoldingSerializer
    scoped_model = SeatHolding
    filterset_class = HoldingFilter
    ordering_fields = ("id", "start")

    action_serializers = {  # the serializer of each action that does not use serializer_class
        "create": HoldingAssignSerializer,
        "end": HoldingEndSerializer,
        "correct": HoldingCorrectSerializer,
    }

    def get_queryset(self):
        return super().get_queryset().select_related("seat", "person").order_by("seat_id", "-start")

    def _holding(self):
        holding = self.get_object()
        writable_committee(self.request.user, holding.seat.committee)
        return holding

    @extend_schema(request=HoldingAssignSerializer, responses={201: HoldingSerializer})
    def create(self, request, *args, **kwargs):
        data = valid_data(HoldingAssignSerializer, request)
        seat = visible_or_404(Seat.objects.for_user(request.user).select_related("committee"), data["seat"])
        committee = writable_committee(request.user, seat.committee)
        person = selectors.committee_people(request.user, committee).filter(pk=data["person"]).first()
        if person is None:
            raise ValidationError(
                {
                    "person": _(
                        "La persona no existe o no pertenece a la entidad del comité ni a las de abajo."
                    )
                }
            )
        holding = services.seat_assign(user=request.user, seat=seat, person=person, start=data["start"])
        return Response(HoldingSerializer(holding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=HoldingEndSerializer, responses=HoldingSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        holding = self._holding()
        data = valid_data(HoldingEndSerializer, request)
        holding = services.seat_holding_end(user=request.user, holding=holding, end=data["end"])
        return Response(HoldingSerializer(holding).data)

    @extend_schema(request=HoldingCorrectSerializer, responses=HoldingSerializer)
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        holding = self._holding()
        data = valid_data(HoldingCorrectSerializer, request)
        holding = services.seat_holding_correct(
            user=request.user, holding=holding, start=data["start"], end=data["end"]
        )
        return Response(HoldingSerializer(holding).data)
