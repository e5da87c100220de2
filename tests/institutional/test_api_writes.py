"""Committee writes through the API alone (issue 13 item 2): seat holdings (assign, end, correct), the members
import, the agenda (add, edit, move, withdraw), attendance, decisions and the acta. Same services, permissions
and audit as the pages; another entity's user gets 404, control interno (read-only here) 403, bad input 400
in Spanish with nothing changed."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mipg.core.models import DomainEvent
from mipg.core.xlsx import XLSX_CONTENT_TYPE, build_workbook
from mipg.institutional import services
from mipg.institutional.models import Acta, AgendaItem, Decision, Seat, SeatHolding
from mipg.organizations.models import Person

from .conftest import attend_all


def _error(response):
    body = response.json()["error"]
    return body["message"] + " " + str(body["details"])


# Seat holdings ----------------------------------------------------------------------------------------


def test_holdings_assign_end_and_correct_through_the_api(cw, api, world):
    client = api(cw.secretary_user)
    new_person = Person.objects.create(entity=world.child, full_name="Nora Nueva")
    assigned = client.post(
        "/api/v1/seat-holdings/",
        {"seat": cw.seats["b"].pk, "person": new_person.pk, "start": "2026-02-01"},
        format="json",
    )
    assert assigned.status_code == 201, assigned.content
    holding_id = assigned.json()["id"]
    # Whoever held the seat leaves the day before, as on the page.
    assert SeatHolding.objects.get(seat=cw.seats["b"], person=cw.member_b).end == date(2026, 1, 31)
    corrected = client.post(
        f"/api/v1/seat-holdings/{holding_id}/correct/", {"start": "2026-02-03", "end": None}, format="json"
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["start"] == "2026-02-03"
    ended = client.post(f"/api/v1/seat-holdings/{holding_id}/end/", {"end": "2026-06-30"}, format="json")
    assert ended.status_code == 200 and ended.json()["end"] == "2026-06-30"
    listed = client.get("/api/v1/seat-holdings/", {"seat": cw.seats["b"].pk}).json()["results"]
    assert {h["full_name"] for h in listed} == {"Beto Miembro", "Nora Nueva"}
    verbs = set(DomainEvent.objects.filter(actor=cw.secretary_user).values_list("verb", flat=True))
    assert {"puesto asignado", "fechas de ocupación corregidas", "ocupación terminada"} <= verbs, verbs


def test_holdings_are_scoped_need_the_role_and_refuse_bad_input(cw, api, world):
    holding = SeatHolding.objects.get(seat=cw.seats["a"])
    body = {"seat": cw.seats["a"].pk, "person": cw.member_b.pk, "start": "2026-03-01"}
    assert api(world.outsider).post("/api/v1/seat-holdings/", body, format="json").status_code == 404
    outsider_end = api(world.outsider).post(f"/api/v1/seat-holdings/{holding.pk}/end/", {"end": "2026-03-01"})
    assert outsider_end.status_code == 404
    control = api(world.control)
    assert control.get(f"/api/v1/seat-holdings/{holding.pk}/").status_code == 200
    assert control.post("/api/v1/seat-holdings/", body, format="json").status_code == 403
    assert control.post(f"/api/v1/seat-holdings/{holding.pk}/end/", {"end": "2026-03-01"}).status_code == 403
    before = SeatHolding.objects.count()
    client = api(cw.secretary_user)
    foreign = client.post("/api/v1/seat-holdings/", {**body, "person": cw.outsider_person.pk}, format="json")
    assert foreign.status_code == 400 and "persona" in _error(foreign)
    backwards = client.post(
        f"/api/v1/seat-holdings/{holding.pk}/correct/", {"start": "2026-03-01", "end": "2026-01-01"}
    )
    assert backwards.status_code == 400, backwards.content
    missing = client.post(f"/api/v1/seat-holdings/{holding.pk}/end/", {}, format="json")
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "invalid"
    assert SeatHolding.objects.count() == before
    holding.refresh_from_db()
    assert (holding.start, holding.end) == (date(2020, 1, 1), None)


# Members import ---------------------------------------------------------------------------------------


def _members_xlsx(rows):
    content = build_workbook([("Miembros", services.MEMBERS_COLUMNS, rows)])
    return SimpleUploadedFile("miembros.xlsx", content, content_type=XLSX_CONTENT_TYPE)


def test_members_import_through_the_api_is_all_or_nothing(cw, api, world):
    url = f"/api/v1/committees/{cw.committee.pk}/members-import/"
    client = api(cw.secretary_user)
    seats, people = Seat.objects.count(), Person.objects.count()
    bad = client.post(
        url,
        {
            "file": _members_xlsx(
                [["Puesto", "Rey", "Uno", "MIN", "01/03/2026"], ["Otro", "Miembro", "", "X", ""]]
            )
        },
        format="multipart",
    )
    assert bad.status_code == 400, bad.content
    error = bad.json()["error"]
    assert error["code"] == "import_rejected" and "No se importó nada" in error["message"]
    where = {(p["row"], p["column"]) for p in error["details"]["problems"]}
    assert (2, "Rol") in where and (3, "Persona") in where
    assert (Seat.objects.count(), Person.objects.count()) == (seats, people)
    good = client.post(
        url,
        {
            "file": _members_xlsx(
                [["Asesor", "Invitado permanente sin voto", "Carla Asesora", "HOSP", "2026-01-15"]]
            )
        },
        format="multipart",
    )
    assert good.status_code == 200, good.content
    assert good.json() == {"seats": 1, "people": 1, "assigned": 1, "unchanged": 0}
    assert DomainEvent.objects.filter(verb="miembros importados", actor=cw.secretary_user).count() == 1
    upload = {"file": _members_xlsx([["Asesor", "Invitado permanente", "Otra", "MIN", "2026-01-15"]])}
    assert api(world.outsider).post(url, upload, format="multipart").status_code == 404
    upload = {"file": _members_xlsx([["Asesor", "Invitado permanente", "Otra", "MIN", "2026-01-15"]])}
    assert api(world.control).post(url, upload, format="multipart").status_code == 403
    assert client.post(url, {}, format="multipart").status_code == 400


# Agenda ------------------------------------------------------------------------------------------------


def _future_session(cw):
    from .conftest import aware

    return services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() + timedelta(days=5)),
        place="Sala",
        agenda=["Uno", "Dos"],
    )


def test_agenda_items_add_edit_move_and_withdraw(cw, api, world, catalog):
    session = _future_session(cw)
    client = api(cw.secretary_user)
    added = client.post(
        "/api/v1/agenda-items/", {"session": session.pk, "title": "Tres", "policy": "pol05"}, format="json"
    )
    assert added.status_code == 201, added.content
    item_id = added.json()["id"]
    assert added.json()["policy"] == "POL05"
    edited = client.patch(
        f"/api/v1/agenda-items/{item_id}/",
        {"title": "Tres editado", "development": "Se discutió"},
        format="json",
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["title"] == "Tres editado" and edited.json()["development"] == "Se discutió"
    moved = client.post(f"/api/v1/agenda-items/{item_id}/move/", {"direction": "up"}, format="json")
    assert moved.status_code == 200, moved.content
    titles = list(session.agenda.order_by("order").values_list("title", flat=True))
    assert titles == ["Uno", "Tres editado", "Dos"]
    dos = session.agenda.get(title="Dos")
    assert client.delete(f"/api/v1/agenda-items/{dos.pk}/").status_code == 204
    assert not AgendaItem.objects.filter(pk=dos.pk).exists()
    shown = client.get(f"/api/v1/committee-sessions/{session.pk}/").json()["agenda_items"]
    assert [i["title"] for i in shown] == ["Uno", "Tres editado"]
    verbs = set(DomainEvent.objects.filter(actor=cw.secretary_user).values_list("verb", flat=True))
    assert "punto del orden del día editado" in verbs


def test_agenda_items_are_scoped_need_the_role_and_refuse_bad_input(cw, api, world, catalog):
    session = _future_session(cw)
    item = session.agenda.get(title="Uno")
    body = {"session": session.pk, "title": "X"}
    assert api(world.outsider).post("/api/v1/agenda-items/", body, format="json").status_code == 404
    assert api(world.outsider).delete(f"/api/v1/agenda-items/{item.pk}/").status_code == 404
    control = api(world.control)
    assert control.post("/api/v1/agenda-items/", body, format="json").status_code == 403
    assert control.patch(f"/api/v1/agenda-items/{item.pk}/", {"title": "Y"}, format="json").status_code == 403
    assert control.delete(f"/api/v1/agenda-items/{item.pk}/").status_code == 403
    client = api(cw.secretary_user)
    count = session.agenda.count()
    unknown = client.post("/api/v1/agenda-items/", {**body, "policy": "POL99"}, format="json")
    assert unknown.status_code == 400 and "No existe una política" in _error(unknown)
    sideways = client.post(f"/api/v1/agenda-items/{item.pk}/move/", {"direction": "sideways"}, format="json")
    assert sideways.status_code == 400
    blank = client.patch(f"/api/v1/agenda-items/{item.pk}/", {"title": ""}, format="json")
    assert blank.status_code == 400
    assert session.agenda.count() == count
    item.refresh_from_db()
    assert item.title == "Uno"


# Attendance, decisions and the acta -------------------------------------------------------------------


def test_attendance_decision_and_acta_through_the_api(cw, api, world, past_session):
    session = past_session
    client = api(cw.secretary_user)
    url = f"/api/v1/committee-sessions/{session.pk}/attendance/"
    recorded = client.post(url, {"person": cw.president.pk, "status": "presente"}, format="json")
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["quorum"]["present_voting"] == 1
    everyone = client.post(f"/api/v1/committee-sessions/{session.pk}/attendance/all-present/")
    assert everyone.status_code == 200 and everyone.json()["quorum"]["has_quorum"] is True
    assert len(client.get(url).json()["attendance"]) == 5
    decision = client.post(
        "/api/v1/committee-decisions/",
        {"session": session.pk, "text": "Aprobar el plan", "votes_for": 3},
        format="json",
    )
    assert decision.status_code == 201 and decision.json()["approved"] is True, decision.content
    too_many = client.post(
        "/api/v1/committee-decisions/",
        {"session": session.pk, "text": "Otra", "votes_for": 40},
        format="json",
    )
    assert too_many.status_code == 400 and Decision.objects.filter(session=session).count() == 1
    acta = client.post("/api/v1/actas/", {"session": session.pk}, format="json")
    assert acta.status_code == 201, acta.content
    acta_id = acta.json()["id"]
    notes = client.patch(f"/api/v1/actas/{acta_id}/", {"notes": "Sin proposiciones."}, format="json")
    assert notes.status_code == 200 and notes.json()["notes"] == "Sin proposiciones."
    # Only whoever holds the presidency approves: the secretary gets 403, the president approves.
    assert client.post(f"/api/v1/actas/{acta_id}/approve/").status_code == 403
    approved = api(cw.president_user).post(f"/api/v1/actas/{acta_id}/approve/")
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "aprobada" and approved.json()["content_sha256"]
    late = client.post(
        "/api/v1/committee-decisions/",
        {"session": session.pk, "text": "Tarde", "votes_for": 3},
        format="json",
    )
    assert late.status_code in (400, 409)
    correction = client.post(
        f"/api/v1/actas/{acta_id}/correct/", {"reason": "Error en un nombre"}, format="json"
    )
    assert correction.status_code == 201 and correction.json()["version"] == 2
    assert Acta.objects.filter(session=session).count() == 2
    verbs = set(DomainEvent.objects.values_list("verb", flat=True))
    assert {"acta generada", "acta aprobada"} <= verbs, verbs


def test_session_writes_are_scoped_and_need_the_role(cw, api, world, past_session):
    session = past_session
    attendance = f"/api/v1/committee-sessions/{session.pk}/attendance/"
    body = {"person": cw.president.pk, "status": "presente"}
    assert api(world.outsider).post(attendance, body, format="json").status_code == 404
    assert api(world.control).post(attendance, body, format="json").status_code == 403
    assert (
        api(world.control).post("/api/v1/actas/", {"session": session.pk}, format="json").status_code == 403
    )
    decision = {"session": session.pk, "text": "X", "votes_for": 1}
    assert (
        api(world.outsider).post("/api/v1/committee-decisions/", decision, format="json").status_code == 404
    )
    assert api(world.control).post("/api/v1/committee-decisions/", decision, format="json").status_code == 403
    client = api(cw.secretary_user)
    stranger = client.post(attendance, {"person": cw.outsider_person.pk, "status": "presente"}, format="json")
    assert stranger.status_code == 400 and "miembro" in _error(stranger)
    bad_status = client.post(attendance, {"person": cw.president.pk, "status": "dormido"}, format="json")
    assert bad_status.status_code == 400
    no_quorum = client.post("/api/v1/committee-decisions/", decision, format="json")
    assert no_quorum.status_code == 400 and "quórum" in _error(no_quorum)
    no_attendance = client.post("/api/v1/actas/", {"session": session.pk}, format="json")
    assert no_attendance.status_code == 400 and "asistencia" in _error(no_attendance)
    assert not session.attendance.exists() and not Acta.objects.filter(session=session).exists()
    attend_all(cw, session)
    acta = services.acta_generate(user=cw.secretary_user, session=session)
    assert api(world.outsider).post(f"/api/v1/actas/{acta.pk}/approve/").status_code == 404
    assert api(world.control).post(f"/api/v1/actas/{acta.pk}/approve/").status_code == 403


# Committees, seats, convening and commitments ---------------------------------------------------------


def test_committee_and_seats_are_created_and_edited_through_the_api(cw, api, world):
    client = api(cw.secretary_user)
    body = {"entity": world.head.pk, "kind": "institucional", "name": "Comité de Gestión y Desempeño"}
    created = client.post("/api/v1/committees/", body, format="json")
    assert created.status_code == 201, created.content
    committee_id = created.json()["id"]
    edited = client.patch(
        f"/api/v1/committees/{committee_id}/",
        {"quorum_kind": "porcentaje", "quorum_value": "60,5"},
        format="json",
    )
    assert edited.status_code == 200 and edited.json()["quorum_value"] == "60.5", edited.content
    seat = client.post(
        f"/api/v1/committees/{committee_id}/seats/",
        {"role": "presidencia", "title": "Ministro"},
        format="json",
    )
    assert seat.status_code == 201, seat.content
    assert [(s["title"], s["has_vote"]) for s in seat.json()["members"]] == [("Ministro", True)]
    verbs = set(DomainEvent.objects.filter(actor=cw.secretary_user).values_list("verb", flat=True))
    assert {"comité creado", "comité actualizado", "puesto creado"} <= verbs
    # Scope, role and bad input.
    assert api(world.outsider).post("/api/v1/committees/", body, format="json").status_code == 404
    assert api(world.outsider).patch(f"/api/v1/committees/{committee_id}/", {"name": "X"}).status_code == 404
    assert api(world.control).post("/api/v1/committees/", body, format="json").status_code == 403
    assert api(world.control).patch(f"/api/v1/committees/{committee_id}/", {"name": "X"}).status_code == 403
    seat_url = f"/api/v1/committees/{committee_id}/seats/"
    assert api(world.control).post(seat_url, {"role": "miembro", "title": "X"}).status_code == 403
    no_value = client.patch(f"/api/v1/committees/{committee_id}/", {"majority_kind": "fijo"}, format="json")
    assert no_value.status_code == 400 and "majority_value" in no_value.json()["error"]["details"]
    voting_guest = client.post(
        seat_url, {"role": "invitado", "title": "Asesor", "has_vote": True}, format="json"
    )
    assert voting_guest.status_code == 400
    assert Seat.objects.filter(committee_id=committee_id).count() == 1


def test_convene_cancel_and_commitment_follow_up_close_and_withdraw(cw, api, world, past_session):
    from mipg.institutional.models import Commitment

    client = api(cw.secretary_user)
    future = _future_session(cw)
    convened = client.post(f"/api/v1/committee-sessions/{future.pk}/convene/")
    assert convened.status_code == 200 and convened.json()["status"] == "convocada", convened.content
    assert api(world.control).post(f"/api/v1/committee-sessions/{future.pk}/cancel/").status_code == 403
    assert api(world.outsider).post(f"/api/v1/committee-sessions/{future.pk}/cancel/").status_code == 404
    cancelled = client.post(f"/api/v1/committee-sessions/{future.pk}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelada"
    body = {
        "session": past_session.pk,
        "description": "Enviar el informe",
        "responsible": cw.member_a.pk,
        "due_date": (timezone.localdate() + timedelta(days=10)).isoformat(),
    }
    first = client.post("/api/v1/commitments/", body, format="json").json()
    second = client.post("/api/v1/commitments/", {**body, "description": "Por error"}, format="json").json()
    assert api(world.control).delete(f"/api/v1/commitments/{second['id']}/").status_code == 403
    assert client.delete(f"/api/v1/commitments/{second['id']}/").status_code == 204
    note = client.post(
        f"/api/v1/commitments/{first['id']}/follow-up/", {"text": "En revisión"}, format="json"
    )
    assert note.status_code == 201, note.content
    no_evidence = client.post(f"/api/v1/commitments/{first['id']}/close/", {"note": "Listo"}, format="json")
    assert no_evidence.status_code == 400 and "evidencia" in no_evidence.json()["error"]["message"]
    assert (
        api(world.outsider).post(f"/api/v1/commitments/{first['id']}/follow-up/", {"text": "x"}).status_code
        == 404
    )
    closed = client.post(
        f"/api/v1/commitments/{first['id']}/close/",
        {"note": "Informe enviado", "url": "https://example.gov.co/informe.pdf"},
        format="json",
    )
    assert closed.status_code == 200 and closed.json()["status"] == "cerrado", closed.content
    assert list(Commitment.objects.values_list("description", flat=True)) == ["Enviar el informe"]
    verbs = set(DomainEvent.objects.filter(actor=cw.secretary_user).values_list("verb", flat=True))
    assert {"sesión convocada", "sesión cancelada", "compromiso registrado"} <= verbs


# Bounded queries of the new lists ---------------------------------------------------------------------


def _grow_sessions(cw, n):
    from mipg.institutional.models import Session

    from .conftest import aware

    for _ in range(n):
        k = Session.objects.count()
        session = services.session_create(
            user=cw.secretary_user,
            committee=cw.committee,
            starts_at=aware(timezone.localdate() - timedelta(days=60 + k)),
            place="Sala",
            agenda=[f"Punto {k}"],
        )
        attend_all(cw, session)
        services.decision_record(user=cw.secretary_user, session=session, text=f"D{k}", votes_for=3)
        services.acta_generate(user=cw.secretary_user, session=session)
        seat = services.seat_create(
            user=cw.secretary_user, committee=cw.committee, role="invitado", title=f"Invitado {k}"
        )
        person = Person.objects.create(entity=cw.committee.entity, full_name=f"Persona {k}")
        services.seat_assign(user=cw.secretary_user, seat=seat, person=person, start=date(2021, 1, 1))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/seat-holdings/",
        "/api/v1/agenda-items/",
        "/api/v1/committee-decisions/",
        "/api/v1/actas/",
        "/api/v1/committee-sessions/",
        "/api/v1/committees/",
    ],
)
def test_new_lists_run_bounded_queries(cw, api, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(cw.secretary_user)
    _grow_sessions(cw, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow_sessions(cw, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_committee_acts_are_registered_through_the_api(cw, api, world):
    from mipg.institutional.models import CommitteeAct
    from tests.factories import minimal_pdf

    url = f"/api/v1/committees/{cw.committee.pk}/acts/"
    body = {"act_type": "resolucion", "number": "123", "date": "2024-05-02", "issuer": "Ministro"}
    client = api(cw.secretary_user)
    created = client.post(
        url,
        {**body, "file": SimpleUploadedFile("acto.pdf", minimal_pdf(), "application/pdf")},
        format="multipart",
    )
    assert created.status_code == 201, created.content
    assert len(created.json()["sha256"]) == 64
    modifies = client.post(
        url, {**body, "number": "200", "effect": "modifica", "affects": created.json()["id"]}, format="json"
    )
    assert modifies.status_code == 201 and modifies.json()["affects"] == created.json()["id"], (
        modifies.content
    )
    assert DomainEvent.objects.filter(verb="acto registrado", actor=cw.secretary_user).count() == 2
    assert api(world.outsider).post(url, body, format="json").status_code == 404
    assert api(world.control).post(url, body, format="json").status_code == 403
    assert client.post(url, {**body, "act_type": "ley"}, format="json").status_code == 400
    assert client.post(url, {**body, "affects": 10**9}, format="json").status_code == 404
    assert CommitteeAct.objects.count() == 2
