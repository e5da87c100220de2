"""`mipg send-reminders`: one digest per person with every component's pending items, never twice for the
same item and day, as the person prefers (daily, weekly, off), HTML and text with absolute links."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError
from django.utils import timezone

from mipg.inbox import services
from mipg.inbox.digest import send_digests
from mipg.inbox.models import ReminderLog
from mipg.institutional import services as institutional

from .conftest import attend_all


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MIPG_BASE_URL = "https://mipg.entidad.gov.co"


@pytest.fixture
def work(cw, past_session):
    """The president has an acta to approve and an overdue commitment."""
    attend_all(cw, past_session)
    institutional.decision_record(user=cw.secretary_user, session=past_session, text="Aprobar", votes_for=3)
    acta = institutional.acta_generate(user=cw.secretary_user, session=past_session)
    commitment = institutional.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Entregar el informe de gestión",
        responsible=cw.president,
        due_date=past_session.day + timedelta(days=1),
    )
    return acta, commitment


def to(address):
    return [m for m in mail.outbox if address in m.to]


def test_run_twice_on_one_day_sends_each_digest_once(cw, work):
    acta, commitment = work
    call_command("send-reminders")
    first = to(cw.president_user.email)
    assert len(first) == 1
    message = first[0]
    assert "2 pendientes" in message.subject and "1 vencido" in message.subject
    assert f"https://mipg.entidad.gov.co/institucionalidad/compromisos/{commitment.pk}/" in message.body
    assert "Aprobar el Acta No. 01" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://mipg.entidad.gov.co/institucionalidad/sesiones/{acta.session_id}/#acta-h"' in html
    assert "Vencido" in html and "Gestor MIPG" in html
    sent = len(mail.outbox)
    call_command("send-reminders")
    assert len(mail.outbox) == sent  # nothing new today: nobody gets a second e-mail
    assert ReminderLog.objects.filter(user=cw.president_user, day=timezone.localdate()).count() == 2


def test_a_new_item_the_same_day_is_sent_alone(cw, work, past_session):
    send_digests()
    mail.outbox.clear()
    institutional.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Publicar el acta",
        responsible=cw.president,
        due_date=timezone.localdate() + timedelta(days=2),
    )
    send_digests()
    [message] = to(cw.president_user.email)
    assert "1 pendiente" in message.subject and "Publicar el acta" in message.body
    assert "Entregar el informe" not in message.body


def test_the_next_day_it_reminds_again(cw, work):
    today = timezone.localdate()
    send_digests(today=today)
    mail.outbox.clear()
    send_digests(today=today + timedelta(days=1))
    assert len(to(cw.president_user.email)) == 1


def test_weekly_preference_sends_once_a_week_and_off_sends_nothing(cw, work):
    services.reminder_preference_set(user=cw.president_user, frequency="weekly")
    today = timezone.localdate()
    send_digests(today=today)
    assert len(to(cw.president_user.email)) == 1
    mail.outbox.clear()
    for offset in range(1, 7):
        send_digests(today=today + timedelta(days=offset))
    assert to(cw.president_user.email) == []
    send_digests(today=today + timedelta(days=7))
    assert len(to(cw.president_user.email)) == 1
    mail.outbox.clear()
    services.reminder_preference_set(user=cw.president_user, frequency="off")
    send_digests(today=today + timedelta(days=14))
    assert to(cw.president_user.email) == []


def test_far_deadlines_wait_until_they_are_near(cw, past_session):
    attend_all(cw, past_session)
    institutional.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Informe anual",
        responsible=cw.president,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    send_digests()
    assert to(cw.president_user.email) == []
    send_digests(today=timezone.localdate() + timedelta(days=25))
    assert len(to(cw.president_user.email)) == 1


def test_campaign_questions_are_one_source_of_the_digest(assigned, people, world):
    _dependencia, respondent, _person, _stranger = people
    call_command("send-reminders")
    [message] = to(respondent.email)
    assert "preguntas de «FURAG" in message.body
    assert f"/medicion/cuestionarios/campanas/{assigned.pk}/preguntas/?mine=1" in message.body
    # planning hears of the questions nobody was assigned
    assert any("sin responsable" in m.body for m in to(world.head_planner.email))


def test_the_log_refuses_a_second_reminder_of_the_same_item_and_day(cw):
    ReminderLog.objects.create(user=cw.president_user, key="acta:1", day=timezone.localdate())
    with pytest.raises(IntegrityError):
        ReminderLog.objects.create(user=cw.president_user, key="acta:1", day=timezone.localdate())


def test_preference_on_the_account_page(cw, login):
    client = login(cw.president_user)
    page = client.get("/cuenta/recordatorios/").content.decode()
    assert "Resumen de pendientes por correo" in page and "Semanal" in page
    response = client.post("/cuenta/recordatorios/", {"frequency": "weekly"})
    assert response.status_code == 302
    assert services.frequency_of(cw.president_user) == "weekly"
    bad = client.post("/cuenta/recordatorios/", {"frequency": "hourly"})
    assert bad.status_code == 200 and services.frequency_of(cw.president_user) == "weekly"
