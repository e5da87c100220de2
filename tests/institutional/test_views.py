import hashlib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mipg.core.xlsx import XLSX_CONTENT_TYPE
from mipg.institutional import services
from mipg.institutional.models import Attendance, Commitment, Committee, CommitteeAct, Decision, Session
from tests.factories import minimal_pdf

from .conftest import attend_all, aware

pytestmark = pytest.mark.django_db


def _session_url(name, session):
    return reverse(f"institutional:{name}", args=[session.pk])


def test_pages_render_for_readers_of_the_entity(cw, past_session, login, world):
    attend_all(cw, past_session)
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    for user in (world.reader, world.control, cw.president_user, world.sector_planner, world.admin):
        client = login(user)
        for url in (
            reverse("institutional:index"),
            reverse("institutional:committee_detail", args=[cw.committee.pk]),
            _session_url("session_detail", past_session),
            reverse("institutional:session_list"),
            reverse("institutional:commitment_list"),
            reverse("institutional:compliance"),
            reverse("institutional:acta_pdf", args=[acta.pk]),
        ):
            assert client.get(url).status_code == 200, (user, url)


def test_foreign_user_gets_404_everywhere(cw, past_session, login, world):
    attend_all(cw, past_session)
    commitment = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="X",
        responsible=cw.member_a,
        due_date=past_session.day,
    )
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    client = login(world.outsider)
    page = client.get(reverse("institutional:index"))
    assert cw.committee.name not in page.content.decode()
    for url in (
        reverse("institutional:committee_detail", args=[cw.committee.pk]),
        _session_url("session_detail", past_session),
        reverse("institutional:commitment_detail", args=[commitment.pk]),
        reverse("institutional:acta_pdf", args=[acta.pk]),
        reverse("object_history", args=["institutional", "committee", cw.committee.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url, data in (
        (_session_url("decision_add", past_session), {"text": "x", "votes_for": 1}),
        (_session_url("attendance_record", past_session), {"person": cw.member_a.pk, "status": "ausente"}),
        (reverse("institutional:session_create", args=[cw.committee.pk]), {}),
        (reverse("institutional:acta_approve", args=[acta.pk]), {}),
        (reverse("institutional:seat_add", args=[cw.committee.pk]), {"role": "miembro", "title": "X"}),
    ):
        assert client.post(url, data).status_code == 404, url
    assert Decision.objects.count() == 0
    assert Attendance.objects.get(session=past_session, person=cw.member_a).status == "presente"


def test_readers_cannot_write_through_pages(cw, past_session, login, world):
    for user in (world.reader, world.control, world.child_planner):
        client = login(user)
        response = client.post(_session_url("decision_add", past_session), {"text": "x", "votes_for": 1})
        assert response.status_code in (403, 404)
        if user != world.child_planner:  # the hospital's planner creates committees of the hospital
            assert client.get(reverse("institutional:committee_create")).status_code == 403
    assert not Decision.objects.exists()


def test_sector_planner_sees_child_committee_and_child_planner_not_the_sector_one(cw, login, world):
    child_committee = services.committee_save(
        user=world.child_planner,
        committee=Committee(entity=world.child, kind=Committee.Kind.INSTITUTIONAL, name="CIGD Hospital"),
    )
    page = login(world.sector_planner).get(reverse("institutional:compliance")).content.decode()
    assert "CIGD Hospital" in page and cw.committee.name in page
    page = login(world.child_planner).get(reverse("institutional:compliance")).content.decode()
    assert "CIGD Hospital" in page and cw.committee.name not in page
    assert child_committee.pk


def test_secretary_convenes_and_members_get_mail(cw, login, django_capture_on_commit_callbacks):
    client = login(cw.secretary_user)
    day = date.today() + timedelta(days=10)
    response = client.post(
        reverse("institutional:session_create", args=[cw.committee.pk]),
        {
            "kind": "ordinaria",
            "day": day.isoformat(),
            "time": "09:00",
            "place": "Sala",
            "agenda": "Informe\nVarios",
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_session_url("session_convene", session), follow=True)
    assert "Sesión convocada" in response.content.decode()
    assert len(mail.outbox) == 5 and "Informe" in mail.outbox[0].body


def test_bad_inputs_show_spanish_messages_and_change_nothing(cw, past_session, login):
    client = login(cw.secretary_user)
    # attendance of a non-member
    response = client.post(
        _session_url("attendance_record", past_session),
        {"person": cw.outsider_person.pk, "status": "presente"},
        follow=True,
    )
    assert "no es miembro del comité" in response.content.decode()
    assert not Attendance.objects.exists()
    # decision without quorum
    response = client.post(
        _session_url("decision_add", past_session), {"text": "D", "votes_for": 1}, follow=True
    )
    assert "sin quórum" in response.content.decode()
    attend_all(cw, past_session)
    # votes exceeding the voting members
    response = client.post(
        _session_url("decision_add", past_session),
        {"text": "D", "votes_for": 3, "votes_against": 1, "abstentions": 0},
        follow=True,
    )
    assert "superan los miembros con voto presentes" in response.content.decode()
    assert not Decision.objects.exists()
    # commitment due before the session
    response = client.post(
        _session_url("commitment_add", past_session),
        {
            "description": "C",
            "responsible": cw.member_a.pk,
            "due_date": (past_session.day - timedelta(days=2)).isoformat(),
        },
        follow=True,
    )
    assert "no puede ser anterior a la fecha de la sesión" in response.content.decode()
    assert not Commitment.objects.exists()
    # non-PDF legal act
    response = client.post(
        reverse("institutional:act_add", args=[cw.committee.pk]),
        {
            "act_type": "resolucion",
            "number": "1",
            "date": "2021-01-01",
            "issuer": "Ministro",
            "effect": "crea",
            "file": SimpleUploadedFile("acto.pdf", b"hola", content_type="application/pdf"),
        },
        follow=True,
    )
    assert "no corresponde a un archivo PDF" in response.content.decode()
    assert not CommitteeAct.objects.exists()
    # editing an approved acta
    services.decision_record(user=cw.secretary_user, session=past_session, text="D", votes_for=3)
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    services.acta_approve(user=cw.president_user, acta=acta)
    response = client.post(reverse("institutional:acta_notes", args=[acta.pk]), {"notes": "x"}, follow=True)
    assert "ya fue aprobada y no se puede modificar" in response.content.decode()
    acta.refresh_from_db()
    assert acta.notes == ""


def test_attendance_htmx_returns_live_quorum(cw, past_session, login):
    client = login(cw.secretary_user)
    response = client.post(
        _session_url("attendance_record", past_session),
        {"person": cw.president.pk, "status": "presente"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert 'id="quorum"' in body and "1 de 3" in body and "No hay quórum" in body
    response = client.post(
        _session_url("attendance_record", past_session),
        {"person": cw.member_b.pk, "status": "delegado", "delegate": "Subdirector"},
        HTTP_HX_REQUEST="true",
    )
    assert "Hay quórum" in response.content.decode()


def test_president_approves_from_the_page_and_pdf_is_frozen(cw, past_session, login):
    attend_all(cw, past_session)
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    page = login(cw.president_user).get(_session_url("session_detail", past_session)).content.decode()
    assert "Aprobar acta" in page
    login(cw.president_user).post(reverse("institutional:acta_approve", args=[acta.pk]))
    acta.refresh_from_db()
    assert acta.is_approved
    response = login(cw.secretary_user).get(reverse("institutional:acta_pdf", args=[acta.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    assert hashlib.sha256(response.content).hexdigest() == acta.pdf_sha256


def test_exports_are_xlsx(cw, past_session, login):
    client = login(cw.secretary_user)
    for name in ("index", "session_list", "commitment_list", "compliance"):
        response = client.get(reverse(f"institutional:{name}") + "?format=xlsx")
        assert response["Content-Type"] == XLSX_CONTENT_TYPE, name


def _grow(cw, n):
    for i in range(n):
        session = services.session_create(
            user=cw.secretary_user,
            committee=cw.committee,
            starts_at=aware(timezone.localdate() - timedelta(days=30 + i)),
            place="Sala",
        )
        attend_all(cw, session)
        services.commitment_create(
            user=cw.secretary_user,
            session=session,
            description=f"C{i}",
            responsible=cw.member_a,
            due_date=session.day + timedelta(days=1),
        )
        services.committee_save(
            user=cw.secretary_user,
            committee=Committee(
                entity=cw.committee.entity, kind="otro", name=f"Subcomité {Committee.objects.count()}"
            ),
        )


@pytest.mark.parametrize(
    "name", ["index", "session_list", "commitment_list", "compliance", "committee_detail"]
)
def test_query_counts_do_not_grow_with_data(cw, login, django_assert_max_num_queries, name):
    client = login(cw.secretary_user)
    args = [cw.committee.pk] if name == "committee_detail" else []
    url = reverse(f"institutional:{name}", args=args)
    _grow(cw, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(cw, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_session_page_queries_are_bounded(cw, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cw.secretary_user)
    _grow(cw, 2)
    session = services.session_create(
        user=cw.secretary_user, committee=cw.committee, starts_at=aware(timezone.localdate()), place="S"
    )
    attend_all(cw, session)
    url = _session_url("session_detail", session)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(cw, 6)
    for i in range(4):
        services.decision_record(user=cw.secretary_user, session=session, text=f"D{i}", votes_for=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_home_panel_flags_overdue(cw, past_session, login):
    services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Informe vencido",
        responsible=cw.member_a,
        due_date=past_session.day,
    )
    page = login(cw.secretary_user).get("/").content.decode()
    assert "Compromisos de comités vencidos" in page and "Informe vencido" in page
    committee_page = (
        login(cw.secretary_user)
        .get(reverse("institutional:committee_detail", args=[cw.committee.pk]))
        .content.decode()
    )
    assert "1 compromiso vencido" in committee_page


def test_seat_assignment_and_committee_creation_through_pages(cw, login, world):
    from mipg.institutional.models import SeatHolding
    from mipg.organizations.models import Person

    client = login(cw.secretary_user)
    newcomer = Person.objects.create(entity=world.child, full_name="Nueva Directora")
    start = timezone.localdate()
    response = client.post(
        reverse("institutional:seat_assign", args=[cw.committee.pk]),
        {"seat": cw.seats["b"].pk, "person": newcomer.pk, "start": start.isoformat()},
        follow=True,
    )
    assert "Puesto asignado." in response.content.decode()
    holdings = SeatHolding.objects.filter(seat=cw.seats["b"]).order_by("start")
    assert [h.person.full_name for h in holdings] == ["Beto Miembro", "Nueva Directora"]
    # a person outside the committee's entity tree is not offered
    response = client.post(
        reverse("institutional:seat_assign", args=[cw.committee.pk]),
        {"seat": cw.seats["a"].pk, "person": cw.outsider_person.pk, "start": start.isoformat()},
        follow=True,
    )
    assert "Escoja una opción válida" in response.content.decode()
    assert SeatHolding.objects.filter(person=cw.outsider_person).count() == 0

    response = client.post(
        reverse("institutional:committee_create"),
        {
            "kind": "control_interno",
            "name": "CICCI de Prueba",
            "sessions_per_year": 2,
            "quorum_kind": "porcentaje",
            "quorum_value": "0",
            "majority_kind": "mitad_mas_uno",
            "majority_value": "0",
            "is_active": "on",
        },
    )
    assert "Indique el valor de la regla de quórum." in response.content.decode()
    assert not Committee.objects.filter(name="CICCI de Prueba").exists()
    response = client.post(
        reverse("institutional:committee_create"),
        {
            "kind": "control_interno",
            "name": "CICCI de Prueba",
            "sessions_per_year": 2,
            "quorum_kind": "porcentaje",
            "quorum_value": "50",
            "majority_kind": "mitad_mas_uno",
            "majority_value": "0",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Committee.objects.get(name="CICCI de Prueba").entity == world.head


def test_cancelled_session_accepts_no_changes(cw, past_session, login):
    client = login(cw.secretary_user)
    client.post(_session_url("session_cancel", past_session))
    past_session.refresh_from_db()
    assert past_session.status == Session.Status.CANCELLED
    response = client.post(
        _session_url("attendance_record", past_session),
        {"person": cw.president.pk, "status": "presente"},
        follow=True,
    )
    assert "La sesión fue cancelada y no admite cambios." in response.content.decode()
    assert not Attendance.objects.exists()


def test_commitment_closed_with_a_file_from_its_page(cw, past_session, login):
    commitment = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Informe",
        responsible=cw.member_a,
        due_date=past_session.day,
    )
    client = login(cw.secretary_user)
    url = reverse("institutional:commitment_detail", args=[commitment.pk])
    response = client.post(url, {"action": "close", "note": "Sin evidencia"})
    assert "adjunte la evidencia" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.OPEN
    client.post(url, {"action": "note", "text": "Avance del 50 %"})
    response = client.post(
        url,
        {
            "action": "close",
            "note": "Entregado",
            "file": SimpleUploadedFile("informe.pdf", minimal_pdf(), content_type="application/pdf"),
        },
        follow=True,
    )
    assert "Compromiso cerrado." in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.CLOSED and commitment.evidence.get().sha256
    assert commitment.notes.get().text == "Avance del 50 %"
    # a later session still lists it in the earlier follow-up only while it was open
    from mipg.institutional import selectors

    later = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() + timedelta(days=3)),
        place="S",
    )
    assert not selectors.follow_up_commitments(later).exists()
    assert not later.agenda.filter(is_follow_up=True).exists()


def test_withdraw_decision_and_commitment_before_approval_only(cw, past_session, login, world):
    attend_all(cw, past_session)
    decision = services.decision_record(user=cw.secretary_user, session=past_session, text="D", votes_for=3)
    commitment = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="C",
        responsible=cw.member_a,
        due_date=past_session.day,
    )
    kept = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="K",
        responsible=cw.member_a,
        due_date=past_session.day,
    )
    services.commitment_follow_up(user=cw.secretary_user, commitment=kept, text="Avance")
    assert (
        login(world.reader).post(reverse("institutional:decision_delete", args=[decision.pk])).status_code
        == 403
    )
    client = login(cw.secretary_user)
    response = client.post(reverse("institutional:commitment_delete", args=[kept.pk]), follow=True)
    assert "ya tiene seguimiento" in response.content.decode()
    client.post(reverse("institutional:commitment_delete", args=[commitment.pk]))
    assert list(Commitment.objects.all()) == [kept]
    acta = services.acta_generate(user=cw.secretary_user, session=past_session)
    services.acta_approve(user=cw.president_user, acta=acta)
    response = client.post(reverse("institutional:decision_delete", args=[decision.pk]), follow=True)
    assert "ya fue aprobada" in response.content.decode()
    assert Decision.objects.filter(pk=decision.pk).exists()
