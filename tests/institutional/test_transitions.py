"""State checks of Institucionalidad's transitions, one request after the other (the races themselves
are in test_races.py, on PostgreSQL): a repeated transition is a `Conflict`, not a second event."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from mipg.core.concurrency import Conflict
from mipg.institutional import services
from mipg.institutional.models import Attendance

from .conftest import attend_all, aware


@pytest.fixture
def future_session(cw):
    return services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() + timedelta(days=5)),
        place="Despacho",
        agenda=["Informe"],
    )


def test_a_convocation_is_not_sent_twice_within_a_minute_but_can_be_resent_later(
    cw, future_session, django_capture_on_commit_callbacks
):
    services.session_convene(user=cw.secretary_user, session=future_session)
    with pytest.raises(Conflict, match="se acaba de enviar"):
        services.session_convene(user=cw.secretary_user, session=future_session)
    later = timezone.now() + timedelta(minutes=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert services.session_convene(user=cw.secretary_user, session=future_session) == 5


def test_a_second_approval_of_an_acta_is_a_conflict(cw, past_session):
    attend_all(cw, past_session)
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    stale = type(acta).objects.get(pk=acta.pk)
    services.acta_approve(user=cw.president_user, acta=acta)
    with pytest.raises(Conflict, match="ya está aprobada"):
        services.acta_approve(user=cw.president_user, acta=stale)


def test_recording_attendance_of_a_seat_twice_updates_one_record(cw, past_session):
    for status in (Attendance.Status.PRESENT, Attendance.Status.ABSENT):
        services.attendance_record(
            user=cw.secretary_user, session=past_session, person=cw.member_a, status=status
        )
    record = Attendance.objects.get(session=past_session, seat=cw.seats["a"])
    assert record.status == Attendance.Status.ABSENT
