"""Every demo user opens Mis pendientes and the API list; the demo's roles find work waiting for them, and
`mipg send-reminders` runs over the whole demo."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from mipg.inbox.items import pending_for


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("MIPG_ADMIN_PASSWORD", "Clave-Demo-Prueba-1")
    call_command("demo", stdout=io.StringIO())


def test_demo_users_see_their_pending_work(demo, client, api, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users = list(get_user_model().objects.filter(is_active=True))
    with_work = set()
    for user in users:
        client.force_login(user)
        assert client.get("/pendientes/").status_code == 200, user
        assert api(user).get("/api/v1/me/pending/").status_code == 200, user
        with_work |= {item.kind for item in pending_for(user)}
    # the demo leaves controls to self-assess, questions to answer and reports or plans to attend
    assert "control_to_self_assess" in with_work
    assert {"questions_assigned", "questions_unassigned"} & with_work
    out = io.StringIO()
    call_command("send-reminders", stdout=out)
    assert "Resúmenes enviados" in out.getvalue()
    sent = len(mail.outbox)
    call_command("send-reminders", stdout=io.StringIO())
    assert len(mail.outbox) == sent
