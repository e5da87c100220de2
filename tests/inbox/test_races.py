"""Overlapping runs of `mipg send-reminders` (PostgreSQL): the sent-log's unique constraint lets one of
them mail the digest; the others send nothing."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from mipg.inbox.digest import send_digest
from mipg.inbox.models import ReminderLog
from mipg.institutional import services as institutional
from tests.concurrency import all_succeed, postgres_only, race

from .conftest import attend_all

pytestmark = postgres_only


def test_simultaneous_runs_send_one_digest(cw, past_session, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    attend_all(cw, past_session)
    institutional.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Entregar el informe",
        responsible=cw.president,
        due_date=past_session.day + timedelta(days=1),
    )
    today = timezone.localdate()
    User = get_user_model()

    def run(_i):
        return send_digest(user=User.objects.get(pk=cw.president_user.pk), today=today, days=7)

    results = all_succeed(race(run))
    assert results.count(True) == 1
    assert len([m for m in mail.outbox if cw.president_user.email in m.to]) == 1
    assert ReminderLog.objects.filter(user=cw.president_user, day=today).count() == 1
