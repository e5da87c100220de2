"""/api/v1/committee-sessions/: schedule, convene and cancel a session, record its attendance, and
the acta PDF."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from mipg.core.api import MAX_ID, IdFilter, ScopedViewSetMixin, valid_data

from .. import services
from ..models import Acta, Attendance, Committee, Session
from .common import writable_session


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


class RescheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(
        help_text=_("Nueva fecha y hora (ISO 8601, hora de Bogotá si no trae zona).")
    )
    place = serializers.CharField(
        max_length=Session._meta.get_field("place").max_length, required=False, allow_blank=True
    )
    virtual_link = serializers.URLField(
        max_length=Session._meta.get_field("virtual_link").max_length, required=False, allow_blank=True
    )


class SessionFilter(django_filters.FilterSet):
    entity = IdFilter(field_name="committee__entity_id", help_text="Id de la entidad.")
    committee = IdFilter(field_name="committee_id", help_text="Id del comité.")
    starts_after = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="starts_at__date", lookup_expr="lte")


class AttendanceSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["seat", "person", "full_name", "status", "delegate"]
        read_only_fields = fields


class AttendanceWriteSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("Id del miembro."))
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    delegate = serializers.CharField(
        max_length=Attendance._meta.get_field("delegate").max_length,
        required=False,
        allow_blank=True,
        default="",
    )


class QuorumSerializer(serializers.Serializer):
    has_quorum = serializers.BooleanField()
    voting_members = serializers.IntegerField()
    present_voting = serializers.IntegerField()
    present_total = serializers.IntegerField()
    required = serializers.IntegerField()
    rule = serializers.CharField()


class AttendanceStateSerializer(serializers.Serializer):
    quorum = QuorumSerializer()
    attendance = AttendanceSerializer(many=True)


class SessionSerializer(serializers.ModelSerializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.none())
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=300), write_only=True, required=False
    )
    agenda_items = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
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
            "attendance",
            "decisions",
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
            {"id": i.pk, "order": i.order, "title": i.title, "follow_up": i.is_follow_up}
            for i in session.agenda.all()
        ]

    def get_attendance(self, session) -> list[dict]:
        return AttendanceSerializer(session.attendance.all(), many=True).data

    def get_decisions(self, session) -> list[dict]:
        return [
            {"id": d.pk, "text": d.text, "approved": d.approved, "votes_for": d.votes_for}
            for d in session.decisions.all()
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
        queryset = (
            super()
            .get_queryset()
            .select_related("committee")
            .prefetch_related(
                "agenda",
                "actas",
                "decisions",
                Prefetch("attendance", Attendance.objects.select_related("person")),
            )
        )
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
        from ..views import acta_pdf_response

        session = self.get_object()
        acta = get_object_or_404(
            Acta.objects.for_user(request.user).filter(session=session).order_by("-version")[:1]
        )
        return acta_pdf_response(acta)

    def _writable(self):
        return writable_session(self.request.user, self.get_object())

    def _state(self, session):
        from .. import selectors

        attendance = list(
            Attendance.objects.filter(session=session).select_related("person").order_by("seat_id")
        )
        state = {"quorum": selectors.session_quorum(session, attendance=attendance), "attendance": attendance}
        return Response(AttendanceStateSerializer(state).data)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def convene(self, request, pk=None):
        """Convene the session: the agenda (with its .ics) goes by e-mail to every member with an address."""
        session = self._writable()
        services.session_convene(user=request.user, session=session)
        return Response(SessionSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=RescheduleSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        """Change when or where the session meets, as «Cambiar fecha o lugar» does: if it was convened, its
        members get the updated calendar invitation (and those no longer members, the cancellation)."""
        session = self._writable()
        data = valid_data(RescheduleSerializer, request)
        services.session_reschedule(
            user=request.user,
            session=session,
            starts_at=data["starts_at"],
            place=data.get("place", ""),
            virtual_link=data.get("virtual_link", ""),
        )
        return Response(SessionSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        session = self._writable()
        services.session_cancel(user=request.user, session=session)
        return Response(SessionSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(methods=["GET"], request=None, responses=AttendanceStateSerializer)
    @extend_schema(methods=["POST"], request=AttendanceWriteSerializer, responses=AttendanceStateSerializer)
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request, pk=None):
        """GET: who attended and the quorum. POST records one member's attendance (from the session's day
        on; only people holding a seat on that date), as on the session's page."""
        if request.method == "GET":
            return self._state(self.get_object())
        session = self._writable()
        data = valid_data(AttendanceWriteSerializer, request)
        from .. import selectors

        person = selectors.committee_people(request.user, session.committee).filter(pk=data["person"]).first()
        if person is None:
            raise ValidationError(
                {"person": _("Esa persona no es miembro del comité en la fecha de la sesión.")}
            )
        services.attendance_record(
            user=request.user,
            session=session,
            person=person,
            status=data["status"],
            delegate=data["delegate"],
        )
        return self._state(session)

    @extend_schema(request=None, responses=AttendanceStateSerializer)
    @action(detail=True, methods=["post"], url_path="attendance/all-present")
    def all_present(self, request, pk=None):
        """«Todos presentes»: every member whose attendance is still unrecorded is recorded present."""
        session = self._writable()
        services.attendance_all_present(user=request.user, session=session)
        return self._state(session)
