"""Ending and correcting seat holdings; editing, removing and reordering agenda items; members import."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mipg.core.imports import ImportRejected
from mipg.core.models import DomainEvent
from mipg.core.xlsx import XLSX_CONTENT_TYPE, build_workbook, open_workbook, sheet_rows
from mipg.institutional import selectors, services
from mipg.institutional.models import Attendance, Seat, SeatHolding
from mipg.organizations.models import Person

from .conftest import attend_all, aware

pytestmark = pytest.mark.django_db


def _holding(cw, key):
    return SeatHolding.objects.get(seat=cw.seats[key], end__isnull=True)


# Seat holdings -------------------------------------------------------------------------------------


def test_ending_a_holding_leaves_the_seat_vacant_and_quorum_counts_only_filled_voting_seats(cw):
    holding = _holding(cw, "b")
    end = timezone.localdate() - timedelta(days=10)
    services.seat_holding_end(user=cw.secretary_user, holding=holding, end=end)
    holding.refresh_from_db()
    assert holding.end == end
    assert SeatHolding.objects.filter(seat=cw.seats["b"]).count() == 1  # history kept
    members = {m.seat.pk: m for m in selectors.members_at(cw.committee, timezone.localdate())}
    assert members[cw.seats["b"].pk].person is None
    assert members[cw.seats["b"].pk].holding is None
    # before the end the seat was held
    assert selectors.members_at(cw.committee, end)[3].person == cw.member_b
    session = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() - timedelta(days=1)),
        place="Sala",
        agenda=["Informe"],
    )
    quorum = selectors.session_quorum(session)
    assert quorum.voting_members == 2  # presidency and member a; the secretary seat has no vote
    assert quorum.required == 2
    with pytest.raises(ValidationError):
        services.attendance_record(
            user=cw.secretary_user, session=session, person=cw.member_b, status=Attendance.Status.PRESENT
        )
    assert DomainEvent.objects.filter(verb="ocupación terminada").count() == 1


def test_a_holding_ending_in_the_future_keeps_the_member_until_then(cw):
    today = timezone.localdate()
    services.seat_holding_end(
        user=cw.secretary_user, holding=_holding(cw, "a"), end=today + timedelta(days=5)
    )
    assert selectors.members_at(cw.committee, today)[2].person == cw.member_a
    assert selectors.members_at(cw.committee, today + timedelta(days=6))[2].person is None


def test_bad_holding_end_changes_nothing(cw, past_session):
    holding = _holding(cw, "a")
    with pytest.raises(ValidationError, match="anterior a la de inicio"):
        services.seat_holding_end(user=cw.secretary_user, holding=holding, end=date(2019, 1, 1))
    attend_all(cw, past_session)
    with pytest.raises(ValidationError, match="asistencia registrada"):
        services.seat_holding_end(
            user=cw.secretary_user, holding=holding, end=past_session.day - timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):
        services.seat_holding_end(user=cw.president_user, holding=holding, end=timezone.localdate())
    holding.refresh_from_db()
    assert holding.end is None
    services.seat_holding_end(user=cw.secretary_user, holding=holding, end=past_session.day)
    with pytest.raises(ValidationError, match="ya terminó"):
        services.seat_holding_end(user=cw.secretary_user, holding=holding, end=timezone.localdate())


def test_correcting_holding_dates_refuses_overlaps_and_keeps_history(cw):
    old = _holding(cw, "a")
    services.seat_assign(user=cw.secretary_user, seat=cw.seats["a"], person=cw.guest, start=date(2024, 1, 1))
    old.refresh_from_db()
    assert old.end == date(2023, 12, 31)
    new = SeatHolding.objects.get(seat=cw.seats["a"], person=cw.guest)
    with pytest.raises(ValidationError, match="se cruzan"):
        services.seat_holding_correct(user=cw.secretary_user, holding=new, start=date(2023, 6, 1), end=None)
    new.refresh_from_db()
    assert new.start == date(2024, 1, 1)
    services.seat_holding_correct(
        user=cw.secretary_user, holding=old, start=date(2020, 1, 1), end=date(2023, 6, 30)
    )
    services.seat_holding_correct(user=cw.secretary_user, holding=new, start=date(2023, 7, 1), end=None)
    new.refresh_from_db()
    old.refresh_from_db()
    assert (old.end, new.start) == (date(2023, 6, 30), date(2023, 7, 1))
    event = DomainEvent.objects.filter(verb="fechas de ocupación corregidas").order_by("pk").last()
    assert event.data["antes"] == {"desde": "01/01/2024", "hasta": ""}


def test_holding_pages_permissions_and_gate(cw, login, world):
    holding = _holding(cw, "b")
    end_url = reverse("institutional:holding_end", args=[holding.pk])
    fix_url = reverse("institutional:holding_correct", args=[holding.pk])
    data = {"end": (timezone.localdate() - timedelta(days=1)).isoformat()}
    assert login(world.outsider).post(end_url, data).status_code == 404
    assert login(world.child_planner).post(fix_url, {"start": "2021-01-01"}).status_code == 404
    for user in (world.reader, world.control, cw.president_user):
        assert login(user).post(end_url, data).status_code == 403
        assert login(user).post(fix_url, {"start": "2021-01-01"}).status_code == 403
    holding.refresh_from_db()
    assert holding.end is None and holding.start == date(2020, 1, 1)

    client = login(cw.secretary_user)
    response = client.post(end_url, {"end": "2019-01-01"}, follow=True)
    assert "no puede ser anterior" in response.content.decode()
    response = client.post(end_url, {"end": "no-es-fecha"}, follow=True)
    assert response.status_code == 200
    holding.refresh_from_db()
    assert holding.end is None
    response = client.post(end_url, data, follow=True)
    page = response.content.decode()
    assert "deja el puesto" in page and "Vacante" in page and "puesto con voto vacante" in page
    response = client.post(fix_url, {"start": "2020-02-01", "end": "2020-12-31"})
    assert response.status_code == 302
    holding.refresh_from_db()
    assert (holding.start, holding.end) == (date(2020, 2, 1), date(2020, 12, 31))


# Agenda items --------------------------------------------------------------------------------------


@pytest.fixture
def follow_session(cw, past_session):
    attend_all(cw, past_session)
    services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Pendiente",
        responsible=cw.member_a,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    return services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() + timedelta(days=5)),
        place="Sala",
        agenda=["Uno", "Dos", "Tres"],
    )


def _titles(session):
    return list(session.agenda.order_by("order").values_list("title", flat=True))


def test_agenda_edit_delete_and_move(cw, follow_session, catalog):
    session = follow_session
    assert _titles(session) == ["Seguimiento a compromisos", "Uno", "Dos", "Tres"]
    items = {i.title: i for i in session.agenda.all()}
    services.agenda_item_move(user=cw.secretary_user, item=items["Tres"], direction="up")
    assert _titles(session) == ["Seguimiento a compromisos", "Uno", "Tres", "Dos"]
    with pytest.raises(ValidationError, match="primero"):
        services.agenda_item_move(user=cw.secretary_user, item=items["Uno"], direction="up")
    with pytest.raises(ValidationError, match="último"):
        services.agenda_item_move(user=cw.secretary_user, item=items["Dos"], direction="down")
    with pytest.raises(ValidationError, match="lo maneja el sistema"):
        services.agenda_item_move(
            user=cw.secretary_user, item=items["Seguimiento a compromisos"], direction="down"
        )
    with pytest.raises(ValidationError, match="lo maneja el sistema"):
        services.agenda_item_delete(user=cw.secretary_user, item=items["Seguimiento a compromisos"])
    with pytest.raises(ValidationError, match="lo maneja el sistema"):
        services.agenda_item_update(
            user=cw.secretary_user, item=items["Seguimiento a compromisos"], title="X"
        )
    from mipg.catalog.selectors import current_policies

    policy = current_policies().first()
    services.agenda_item_update(user=cw.secretary_user, item=items["Uno"], title="Uno bis", policy=policy)
    items["Uno"].refresh_from_db()
    assert items["Uno"].dimension == policy.dimension
    with pytest.raises(ValidationError):
        services.agenda_item_update(user=cw.secretary_user, item=items["Uno"], title="  ")
    items["Uno"].refresh_from_db()
    assert items["Uno"].title == "Uno bis"
    services.agenda_item_delete(user=cw.secretary_user, item=items["Tres"])
    assert _titles(session) == ["Seguimiento a compromisos", "Uno bis", "Dos"]
    assert list(session.agenda.order_by("order").values_list("order", flat=True)) == [1, 2, 3]
    verbs = set(DomainEvent.objects.values_list("verb", flat=True))
    assert {
        "orden del día reordenado",
        "punto del orden del día retirado",
        "punto del orden del día editado",
    } <= verbs


def test_agenda_item_with_decision_or_approved_acta_is_protected(cw, past_session):
    attend_all(cw, past_session)
    item = past_session.agenda.get()
    services.decision_record(
        user=cw.secretary_user, session=past_session, text="D", votes_for=3, agenda_item=item
    )
    with pytest.raises(ValidationError, match="tiene decisiones"):
        services.agenda_item_delete(user=cw.secretary_user, item=item)
    other = services.agenda_item_add(user=cw.secretary_user, session=past_session, title="Varios")
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    services.acta_approve(user=cw.president_user, acta=acta)
    for call in (
        lambda: services.agenda_item_delete(user=cw.secretary_user, item=other),
        lambda: services.agenda_item_update(user=cw.secretary_user, item=other, title="Cambio"),
        lambda: services.agenda_item_move(user=cw.secretary_user, item=other, direction="up"),
    ):
        with pytest.raises(ValidationError, match="ya fue aprobada"):
            call()
    assert _titles(past_session) == ["Informe", "Varios"]


def test_agenda_pages_permissions_gate_and_messages(cw, follow_session, login, world):
    items = {i.title: i for i in follow_session.agenda.all()}
    two = items["Dos"]
    urls = [
        (reverse("institutional:agenda_edit", args=[two.pk]), {"title": "Cambiado"}),
        (reverse("institutional:agenda_delete", args=[two.pk]), {}),
        (reverse("institutional:agenda_move", args=[two.pk]), {"direction": "up"}),
    ]
    for url, data in urls:
        assert login(world.outsider).post(url, data).status_code == 404
        for user in (world.reader, world.control, cw.president_user):
            assert login(user).post(url, data).status_code == 403
    assert _titles(follow_session) == ["Seguimiento a compromisos", "Uno", "Dos", "Tres"]
    client = login(cw.secretary_user)
    page = client.get(reverse("institutional:session_detail", args=[follow_session.pk])).content.decode()
    assert "Subir" in page and "Retirar punto" in page
    response = client.post(
        reverse("institutional:agenda_move", args=[items["Uno"].pk]), {"direction": "up"}, follow=True
    )
    assert "ya es el primero" in response.content.decode()
    response = client.post(
        reverse("institutional:agenda_move", args=[two.pk]), {"direction": "sideways"}, follow=True
    )
    assert response.status_code == 200
    follow = items["Seguimiento a compromisos"]
    response = client.post(reverse("institutional:agenda_delete", args=[follow.pk]), follow=True)
    assert "lo maneja el sistema" in response.content.decode()
    assert _titles(follow_session) == ["Seguimiento a compromisos", "Uno", "Dos", "Tres"]
    client.post(reverse("institutional:agenda_move", args=[two.pk]), {"direction": "up"})
    client.post(reverse("institutional:agenda_edit", args=[two.pk]), {"title": "Dos editado"})
    client.post(reverse("institutional:agenda_delete", args=[items["Tres"].pk]))
    assert _titles(follow_session) == ["Seguimiento a compromisos", "Dos editado", "Uno"]


# Members import ------------------------------------------------------------------------------------

HEADERS = services.MEMBERS_COLUMNS


def _upload(rows, headers=HEADERS, sheet="Miembros"):
    content = build_workbook([(sheet, headers, rows)])
    return SimpleUploadedFile("miembros.xlsx", content, content_type=XLSX_CONTENT_TYPE)


def test_template_is_a_workbook_with_the_columns(cw, login, world):
    response = login(world.reader).get(reverse("institutional:members_template", args=[cw.committee.pk]))
    assert response.status_code == 200
    rows = sheet_rows(open_workbook(response.content), "Miembros")
    assert rows[0] == HEADERS
    assert (
        login(world.outsider)
        .get(reverse("institutional:members_template", args=[cw.committee.pk]))
        .status_code
        == 404
    )


def test_import_creates_seats_people_and_assignments(cw, world):
    upload = _upload(
        [
            [
                "Comandante del Ejército Nacional",
                "Miembro con voto",
                "Gral. Nuevo Comandante",
                "MIN",
                "01/03/2026",
            ],
            ["Viceministro", "Miembro con voto", "Ana Miembro", "1001", "01/03/2026"],
            ["Director del Hospital", "miembro", "Hugo Nuevo", "HOSP", date(2026, 2, 1)],
            ["", "", "", "", ""],
            ["Asesor", "Invitado permanente sin voto", "Carla Asesora", "hosp", "2026-01-15"],
        ]
    )
    counts = services.members_import(user=cw.secretary_user, committee=cw.committee, upload=upload)
    assert counts == {"seats": 2, "people": 3, "assigned": 3, "unchanged": 1}
    commander = Seat.objects.get(committee=cw.committee, title="Comandante del Ejército Nacional")
    assert commander.role == Seat.Role.MEMBER and commander.has_vote
    assert commander.holdings.get().person.entity == world.head
    hugo = Person.objects.get(full_name="Hugo Nuevo")
    assert hugo.entity == world.child
    assert Person.objects.get(full_name="Carla Asesora").entity == world.child
    assert not Seat.objects.get(committee=cw.committee, title="Asesor").has_vote
    old = SeatHolding.objects.get(seat=cw.seats["b"], person=cw.member_b)
    assert old.end == date(2026, 1, 31)
    assert SeatHolding.objects.get(seat=cw.seats["b"], end__isnull=True).person == hugo
    assert DomainEvent.objects.filter(verb="miembros importados").count() == 1


def test_import_reports_every_error_and_changes_nothing(cw, world):
    seats, people, holdings = Seat.objects.count(), Person.objects.count(), SeatHolding.objects.count()
    upload = _upload(
        [
            ["Nuevo puesto", "Rey", "Persona Uno", "MIN", "01/03/2026"],
            ["Otro puesto", "Miembro con voto", "Persona Dos", "AJENA", "01/03/2026"],
            ["Tercer puesto", "Miembro con voto", "Persona Tres", "NOEXISTE", "31/02/2026"],
            ["Viceministro", "Invitado permanente", "Persona Cuatro", "MIN", "01/03/2026"],
            ["Presidencia bis", "Presidencia", "Persona Cinco", "MIN", "01/03/2026"],
            ["Nuevo puesto", "Miembro con voto", "", "MIN", "01/03/2026"],
            ["Ministro", "Presidencia", "Otra Persona", "MIN", "01/01/2019"],
            ["Bien", "Miembro con voto", "Persona Bien", "MIN", "01/03/2026"],
        ]
    )
    with pytest.raises(ImportRejected) as rejected:
        services.members_import(user=cw.secretary_user, committee=cw.committee, upload=upload)
    where = {(p.row, p.column) for p in rejected.value.problems}
    assert (2, "Rol") in where
    assert (3, "Entidad (sigla o código SIGEP)") in where
    assert (4, "Entidad (sigla o código SIGEP)") in where and (4, "Desde") in where
    assert (5, "Rol") in where
    assert (6, "Rol") in where
    assert (7, "Persona") in where and (7, "Cargo del puesto") in where
    assert (8, "Desde") in where
    assert all(p.sheet == "Miembros" for p in rejected.value.problems)
    assert "Entidad Ajena" in str(rejected.value)
    assert (Seat.objects.count(), Person.objects.count(), SeatHolding.objects.count()) == (
        seats,
        people,
        holdings,
    )


def test_import_rejects_missing_columns_and_non_xlsx(cw):
    with pytest.raises(ImportRejected) as rejected:
        services.members_import(
            user=cw.secretary_user,
            committee=cw.committee,
            upload=_upload([["x"]], headers=["Cargo del puesto"]),
        )
    assert {p.column for p in rejected.value.problems} == set(HEADERS[1:])
    with pytest.raises(ImportRejected, match="no corresponde a un archivo XLSX"):
        services.members_import(
            user=cw.secretary_user,
            committee=cw.committee,
            upload=SimpleUploadedFile("m.xlsx", b"hola", content_type=XLSX_CONTENT_TYPE),
        )
    with pytest.raises(ImportRejected, match="no es de un tipo permitido"):
        services.members_import(
            user=cw.secretary_user,
            committee=cw.committee,
            upload=SimpleUploadedFile("m.csv", b"a;b", content_type="text/csv"),
        )
    with pytest.raises(ImportRejected, match="no tiene la hoja"):
        services.members_import(
            user=cw.secretary_user, committee=cw.committee, upload=_upload([], sheet="Otra")
        )
    with pytest.raises(ImportRejected, match="no tiene filas"):
        services.members_import(user=cw.secretary_user, committee=cw.committee, upload=_upload([]))
    with pytest.raises(PermissionDenied):
        services.members_import(user=cw.president_user, committee=cw.committee, upload=_upload([]))


def test_import_page_permissions_and_errors(cw, login, world):
    url = reverse("institutional:members_import", args=[cw.committee.pk])
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.child_planner).post(url, {}).status_code == 404
    for user in (world.reader, world.control, cw.president_user):
        assert login(user).get(url).status_code == 403
    client = login(cw.secretary_user)
    page = client.get(url).content.decode()
    assert "Descargar plantilla" in page and "Entidad (sigla o código SIGEP)" in page
    bad = _upload([["Puesto X", "Miembro con voto", "Persona X", "AJENA", "01/03/2026"]])
    response = client.post(url, {"file": bad})
    page = response.content.decode()
    assert response.status_code == 200 and "No se importó nada" in page and "Entidad Ajena" in page
    assert not Seat.objects.filter(title="Puesto X").exists()
    response = client.post(url, {})
    assert response.status_code == 200 and not Seat.objects.filter(title="Puesto X").exists()
    good = _upload([["Puesto X", "Miembro con voto", "Persona X", "HOSP", "01/03/2026"]])
    response = client.post(url, {"file": good}, follow=True)
    assert "Miembros importados" in response.content.decode()
    assert Seat.objects.get(title="Puesto X").holdings.get().person.entity == world.child


def test_holding_changes_cannot_alter_a_session_with_an_approved_acta(cw, past_session):
    services.seat_holding_end(user=cw.secretary_user, holding=_holding(cw, "guest"), end=date(2021, 1, 1))
    for person in (cw.president, cw.secretary, cw.member_a, cw.member_b):
        services.attendance_record(
            user=cw.secretary_user, session=past_session, person=person, status=Attendance.Status.PRESENT
        )
    guest = SeatHolding.objects.get(seat=cw.seats["guest"])
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    services.acta_approve(user=cw.president_user, acta=acta)
    with pytest.raises(ValidationError, match="ya fue aprobada"):
        services.seat_holding_correct(user=cw.secretary_user, holding=guest, start=date(2020, 1, 1), end=None)
    guest.refresh_from_db()
    assert guest.end == date(2021, 1, 1)
    services.seat_holding_correct(
        user=cw.secretary_user, holding=guest, start=date(2020, 1, 1), end=date(2021, 6, 30)
    )
    services.acta_correct(user=cw.secretary_user, acta=acta, reason="Faltaba el invitado")
    services.seat_holding_correct(user=cw.secretary_user, holding=guest, start=date(2020, 1, 1), end=None)
    guest.refresh_from_db()
    assert guest.end is None


def test_quorum_reports_vacant_voting_seats(cw, past_session, login):
    services.seat_holding_end(
        user=cw.secretary_user, holding=_holding(cw, "b"), end=past_session.day - timedelta(days=1)
    )
    quorum = selectors.session_quorum(past_session)
    assert (quorum.voting_members, quorum.vacant_voting) == (2, 1)
    page = login(cw.secretary_user).get(reverse("institutional:session_detail", args=[past_session.pk]))
    assert "1 puesto con voto estaba vacante" in page.content.decode()


def test_assigning_after_a_future_end_or_before_recorded_attendance_is_refused(cw, past_session):
    today = timezone.localdate()
    holding = _holding(cw, "a")
    services.seat_holding_end(user=cw.secretary_user, holding=holding, end=today + timedelta(days=10))
    with pytest.raises(ValidationError, match="se cruzan"):
        services.seat_assign(user=cw.secretary_user, seat=cw.seats["a"], person=cw.guest, start=today)
    assert SeatHolding.objects.filter(seat=cw.seats["a"]).count() == 1
    services.seat_assign(
        user=cw.secretary_user, seat=cw.seats["a"], person=cw.guest, start=today + timedelta(days=11)
    )
    attend_all(cw, past_session)
    with pytest.raises(ValidationError, match="asistencia registrada"):
        services.seat_assign(
            user=cw.secretary_user,
            seat=cw.seats["b"],
            person=cw.guest,
            start=past_session.day - timedelta(days=1),
        )
    assert SeatHolding.objects.get(seat=cw.seats["b"], end__isnull=True).person == cw.member_b
    upload = _upload([["Viceministro", "Miembro con voto", "Otra", "MIN", today]])
    with pytest.raises(ImportRejected) as rejected:
        services.members_import(user=cw.secretary_user, committee=cw.committee, upload=upload)
    assert [(p.row, p.column) for p in rejected.value.problems] == [(2, "Desde")]
