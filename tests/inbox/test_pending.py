"""Mis pendientes: each role sees what waits for it (with a deep link, due date and overdue flag), nobody
sees another's, on the page, on the home panel and at /api/v1/me/pending/."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from mipg.core.models import Evidence
from mipg.inbox.items import pending_for
from mipg.institutional import services as institutional
from mipg.organizations.models import Person
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant

from .conftest import attend_all


def kinds(user):
    return sorted({item.kind for item in pending_for(user)})


def draft_acta(cw, session):
    attend_all(cw, session)
    institutional.decision_record(user=cw.secretary_user, session=session, text="Aprobar", votes_for=3)
    return institutional.acta_generate(user=cw.secretary_user, session=session)


def test_president_sees_the_acta_to_approve_until_approving_it(cw, past_session, login):
    acta = draft_acta(cw, past_session)
    items = [i for i in pending_for(cw.president_user) if i.kind == "acta_to_approve"]
    assert len(items) == 1
    assert items[0].url == f"/institucionalidad/sesiones/{past_session.pk}/#acta-h"
    assert items[0].due is None and not items[0].overdue
    # the deep link opens the page where the president approves
    assert "Aprobar acta" in login(cw.president_user).get(items[0].url).content.decode()
    assert "acta_to_approve" not in kinds(cw.secretary_user)
    institutional.acta_approve(user=cw.president_user, acta=acta)
    assert "acta_to_approve" not in kinds(cw.president_user)


def test_commitments_due_go_to_their_responsible_with_the_overdue_flag(cw, past_session, world):
    attend_all(cw, past_session)
    member_user = UserFactory(username="ana")
    grant(member_user, world.head, Role.COMMITTEE_MEMBER)
    Person.objects.filter(pk=cw.member_a.pk).update(user=member_user)
    late = institutional.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Entregar el informe",
        responsible=cw.member_a,
        due_date=past_session.day + timedelta(days=1),
    )
    soon = institutional.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Publicar el plan",
        responsible=cw.member_a,
        due_date=timezone.localdate() + timedelta(days=10),
    )
    items = [i for i in pending_for(member_user) if i.kind == "commitment_due"]
    assert [(i.key, i.overdue) for i in items] == [
        (f"commitment:{late.pk}", True),
        (f"commitment:{soon.pk}", False),
    ]
    assert items[0].url == f"/institucionalidad/compromisos/{late.pk}/"
    assert items[0].due == late.due_date
    assert "commitment_due" not in kinds(cw.president_user)


def test_questions_assigned_unassigned_and_answers_to_review(world, assigned, people):
    _dependencia, respondent, _person, stranger = people
    mine = [i for i in pending_for(respondent) if i.kind == "questions_assigned"]
    assert len(mine) == 1 and mine[0].extra["count"] > 0
    assert mine[0].url == f"/medicion/cuestionarios/campanas/{assigned.pk}/preguntas/?mine=1"
    assert mine[0].due == assigned.deadline and mine[0].overdue  # deadline 2025-12-01
    assert "questions_assigned" not in kinds(stranger)
    # planning is told about what nobody was assigned; the reader and the other entity about nothing
    assert "questions_unassigned" in kinds(world.head_planner)
    assert kinds(world.reader) == []
    assert not [i for i in pending_for(world.outsider) if i.key.endswith(f":{assigned.pk}")]


def test_control_interno_verifies_evidence_of_its_entity_only(world):
    head = Evidence.objects.create(
        entity=world.head,
        title="Acta firmada",
        kind=Evidence.Kind.LINK,
        url="https://x.gov.co/a",
        uploaded_by=world.head_planner,
    )
    Evidence.objects.create(
        entity=world.other,
        title="Ajena",
        kind=Evidence.Kind.LINK,
        url="https://x.gov.co/b",
        uploaded_by=world.outsider,
    )
    items = [i for i in pending_for(world.control) if i.kind == "evidence_to_verify"]
    assert [(i.key, i.url) for i in items] == [(f"evidence:{head.pk}", f"/evidencias/{head.pk}/")]
    assert "evidence_to_verify" not in kinds(world.head_planner)
    assert "evidence_to_verify" not in kinds(world.outsider)


def test_page_home_panel_and_api_show_the_same_list(cw, past_session, login, api):
    draft_acta(cw, past_session)
    client = login(cw.president_user)
    page = client.get("/pendientes/").content.decode()
    assert (
        "Aprobar el Acta No. 01" in page and f"/institucionalidad/sesiones/{past_session.pk}/#acta-h" in page
    )
    home = client.get("/").content.decode()
    assert "Mis pendientes" in home and "Aprobar el Acta No. 01" in home
    body = api(cw.president_user).get("/api/v1/me/pending/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert set(item) >= {"kind", "title", "url", "due", "overdue"}
    assert item["kind"] == "acta_to_approve" and item["due"] is None and item["overdue"] is False
    assert item["url"].endswith(f"/institucionalidad/sesiones/{past_session.pk}/#acta-h")
    assert item["url"].startswith("http")
    # another user's list does not contain it; anonymous gets 401/403 and the page sends to login
    assert api(cw.secretary_user).get("/api/v1/me/pending/").json()["count"] == 0
    assert api().get("/api/v1/me/pending/").status_code in (401, 403)
    client.logout()
    assert client.get("/pendientes/").status_code == 302


def test_api_schema_documents_the_pending_list(client, api, world):
    schema = api(world.reader).get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/me/pending/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    results = schema["components"]["schemas"][ref]["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[
        -1
    ]
    assert {"kind", "title", "url", "due", "overdue"} <= set(
        schema["components"]["schemas"][results]["properties"]
    )


def test_go_link_switches_to_a_visible_entity_only(world, login):
    client = login(world.head_planner)
    response = client.get(f"/pendientes/ir/{world.head.pk}/?a=/operacion/instrumentos/")
    assert response.status_code == 302 and response["Location"] == "/operacion/instrumentos/"
    assert client.session["mipg_entity_id"] == world.head.pk
    assert client.get(f"/pendientes/ir/{world.other.pk}/?a=/operacion/").status_code == 404
    outside = client.get(f"/pendientes/ir/{world.head.pk}/?a=https://evil.example/")
    assert outside["Location"] == "/pendientes/"


def test_decree_612_deadline_for_planning(world):
    items = [i for i in pending_for(world.head_planner) if i.kind == "decree_612_publication"]
    assert len(items) == 1
    year = timezone.localdate().year
    assert items[0].due.year == year and items[0].key == f"decree612:{world.head.pk}:{year}"
    assert "/pendientes/ir/" in items[0].url
    assert "decree_612_publication" not in kinds(world.reader)


@pytest.mark.parametrize("n", [1])
def test_filters_on_the_page(cw, past_session, login, n):
    draft_acta(cw, past_session)
    client = login(cw.president_user)
    assert "Aprobar el Acta" not in client.get("/pendientes/?vencidos=1").content.decode()
    assert "Aprobar el Acta" in client.get("/pendientes/?tipo=acta_to_approve").content.decode()
    assert "Aprobar el Acta" not in client.get("/pendientes/?tipo=commitment_due").content.decode()


__all__ = ["date"]
