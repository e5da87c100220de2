"""Mis pendientes asks a fixed number of queries however much is pending (page, API and digest)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mipg.core.models import Evidence
from mipg.institutional.models import Acta, Commitment, Session
from mipg.organizations.roles import Role
from tests.factories import grant

from .conftest import aware


def add_work(cw, world, n: int, start: int) -> None:
    """n more sessions with a draft acta and a commitment of the president, and n pieces of evidence."""
    for i in range(start, start + n):
        day = timezone.localdate() - timedelta(days=10 + i)
        session = Session.objects.create(
            committee=cw.committee, starts_at=aware(day), status=Session.Status.HELD
        )
        Acta.objects.create(
            session=session,
            committee=cw.committee,
            year=day.year,
            number=100 + i,
            created_by=cw.secretary_user,
        )
        Commitment.objects.create(
            session=session, description=f"Compromiso {i}", responsible=cw.president, due_date=day
        )
        Evidence.objects.create(
            entity=world.head,
            title=f"Evidencia {i}",
            kind=Evidence.Kind.LINK,
            url="https://x.gov.co/e",
            uploaded_by=world.head_planner,
        )


def count(client, path) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


def test_pending_page_and_api_queries_do_not_grow_with_the_items(cw, world, login, api):
    grant(cw.president_user, world.head, Role.INTERNAL_CONTROL)
    grant(cw.president_user, world.head, Role.PLANNING)
    add_work(cw, world, 2, 0)
    client = login(cw.president_user)
    token_client = api(cw.president_user)
    small_page, page = count(client, "/pendientes/")
    small_api, listed = count(token_client, "/api/v1/me/pending/")
    small_home, _home = count(client, "/")
    assert listed.json()["count"] >= 6
    add_work(cw, world, 20, 2)
    large_page, page = count(client, "/pendientes/")
    large_api, listed = count(token_client, "/api/v1/me/pending/")
    large_home, _home = count(client, "/")
    assert listed.json()["count"] >= 66
    assert page.content.decode().count("Vencido") >= 20
    assert large_page == small_page, (small_page, large_page)
    assert large_api == small_api, (small_api, large_api)
    assert large_home == small_home, (small_home, large_home)
    assert large_page <= 40


def test_control_and_operation_sources_do_not_grow_with_the_items(ctl):
    from mipg.inbox.items import pending_for
    from tests.control.conftest import add_control, make_risk

    def queries_for(user):
        for_user = type(user).objects.get(pk=user.pk)  # no role cache carried over
        with CaptureQueriesContext(connection) as queries:
            items = pending_for(for_user)
        return len(queries), items

    risk = make_risk(ctl)
    for i in range(2):
        add_control(ctl, risk, name=f"Control {i}")
    small, items = queries_for(ctl.owner)
    assert len([i for i in items if i.kind == "control_to_self_assess"]) == 2
    for i in range(2, 14):
        add_control(ctl, risk, name=f"Control {i}")
    large, items = queries_for(ctl.owner)
    assert len([i for i in items if i.kind == "control_to_self_assess"]) == 14
    assert large == small, (small, large)
