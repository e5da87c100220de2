from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mipg.institutional import selectors, services
from mipg.institutional.models import (
    Acta,
    Attendance,
    Commitment,
    Committee,
    CommitteeAct,
    Decision,
    Seat,
    SeatHolding,
    Session,
)
from mipg.organizations.models import Person
from tests.factories import minimal_pdf

from .conftest import attend_all, aware

pytestmark = pytest.mark.django_db

ABSENT = Attendance.Status.ABSENT


def test_quorum_counts_present_and_delegated_voting_members_only(cw, past_session):
    # voting seats: president, a, b (secretary and guest have no vote) -> half plus one = 2
    attend_all(cw, past_session, {"president": ABSENT, "a": ABSENT, "b": Attendance.Status.EXCUSED})
    quorum = selectors.session_quorum(past_session)
    assert (quorum.voting_members, quorum.present_voting, quorum.required) == (3, 0, 2)
    assert not quorum.has_quorum
    services.attendance_record(
        user=cw.secretary_user,
        session=past_session,
        person=cw.member_a,
        status=Attendance.Status.DELEGATED,
        delegate="Luis Delegado, asesor",
    )
    assert selectors.session_quorum(past_session).present_voting == 1
    services.attendance_record(
        user=cw.secretary_user, session=past_session, person=cw.president, status=Attendance.Status.PRESENT
    )
    assert selectors.session_quorum(past_session).has_quorum


def test_fixed_and_share_quorum_rules(cw, past_session):
    committee = cw.committee
    committee.quorum_kind, committee.quorum_value = "fijo", 3
    services.committee_save(user=cw.secretary_user, committee=committee)
    attend_all(cw, past_session, {"b": ABSENT})
    past_session.refresh_from_db()
    quorum = selectors.session_quorum(past_session)
    assert (quorum.present_voting, quorum.required, quorum.has_quorum) == (2, 3, False)
    committee.quorum_kind, committee.quorum_value = "porcentaje", 60
    services.committee_save(user=cw.secretary_user, committee=committee)
    past_session.refresh_from_db()
    assert selectors.session_quorum(past_session).required == 2  # ceil(3 * 0.6)


def test_attendance_of_a_non_member_is_rejected_and_nothing_changes(cw, past_session):
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            user=cw.secretary_user, session=past_session, person=cw.outsider_person, status="presente"
        )
    assert "no es miembro del comité en la fecha de la sesión" in str(error.value)
    assert not Attendance.objects.exists()


def test_seat_outlives_people_and_attendance_follows_the_date(cw):
    seat = cw.seats["a"]
    successor = Person.objects.create(entity=cw.committee.entity, full_name="Nuevo Viceministro")
    change = timezone.localdate() - timedelta(days=10)
    services.seat_assign(user=cw.secretary_user, seat=seat, person=successor, start=change)
    holdings = list(SeatHolding.objects.filter(seat=seat).order_by("start"))
    assert [h.person.full_name for h in holdings] == ["Ana Miembro", "Nuevo Viceministro"]
    assert holdings[0].end == change - timedelta(days=1)
    session = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(change + timedelta(days=2)),
        place="Sala",
    )
    with pytest.raises(ValidationError):
        services.attendance_record(
            user=cw.secretary_user, session=session, person=cw.member_a, status="presente"
        )
    services.attendance_record(user=cw.secretary_user, session=session, person=successor, status="presente")


def test_decision_without_quorum_is_rejected(cw, past_session):
    attend_all(cw, past_session, {"president": ABSENT, "a": ABSENT})
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            user=cw.secretary_user, session=past_session, text="Aprobar plan", votes_for=1
        )
    assert "sin quórum" in str(error.value)
    assert not Decision.objects.exists()


def test_votes_cannot_exceed_voting_members_present(cw, past_session):
    attend_all(cw, past_session)
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            user=cw.secretary_user, session=past_session, text="Aprobar plan", votes_for=3, votes_against=1
        )
    assert "superan los miembros con voto presentes (3)" in str(error.value)
    assert not Decision.objects.exists()


def test_majority_rule_decides_approval(cw, past_session):
    attend_all(cw, past_session)
    yes = services.decision_record(
        user=cw.secretary_user, session=past_session, text="Sí", votes_for=2, abstentions=1
    )
    no = services.decision_record(
        user=cw.secretary_user, session=past_session, text="No", votes_for=1, votes_against=1, abstentions=1
    )
    assert yes.approved and not no.approved


def test_commitment_due_before_session_is_rejected(cw, past_session):
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            user=cw.secretary_user,
            session=past_session,
            description="Informe",
            responsible=cw.member_a,
            due_date=past_session.day - timedelta(days=1),
        )
    assert "no puede ser anterior a la fecha de la sesión" in str(error.value)
    assert not Commitment.objects.exists()


def test_session_of_another_entitys_committee_is_refused(cw, world):
    with pytest.raises(PermissionDenied) as error:
        services.session_create(
            user=world.outsider,
            committee=cw.committee,
            starts_at=aware(date.today() + timedelta(days=5)),
            place="X",
        )
    assert "otra entidad" in str(error.value)
    assert not Session.objects.exists()


def test_non_pdf_legal_act_is_rejected(cw):
    fake = SimpleUploadedFile("resolucion.pdf", b"esto no es un pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.committee_act_add(
            user=cw.secretary_user,
            committee=cw.committee,
            act_type="resolucion",
            number="864",
            date=date(2021, 3, 1),
            issuer="Ministro",
            file=fake,
        )
    assert "no corresponde a un archivo PDF" in str(error.value)
    docx = SimpleUploadedFile("resolucion.docx", b"PK\x03\x04xx", content_type="application/msword")
    with pytest.raises(ValidationError) as error:
        services.committee_act_add(
            user=cw.secretary_user,
            committee=cw.committee,
            act_type="resolucion",
            number="864",
            date=date(2021, 3, 1),
            issuer="Ministro",
            file=docx,
        )
    assert "no es de un tipo permitido" in str(error.value)
    assert not CommitteeAct.objects.exists()


def test_act_repeals_another(cw):
    old = services.committee_act_add(
        user=cw.secretary_user,
        committee=cw.committee,
        act_type="resolucion",
        number="4240",
        date=date(2018, 6, 1),
        issuer="Ministro",
        file=SimpleUploadedFile("r.pdf", minimal_pdf(), content_type="application/pdf"),
    )
    new = services.committee_act_add(
        user=cw.secretary_user,
        committee=cw.committee,
        act_type="resolucion",
        number="864",
        date=date(2021, 3, 1),
        issuer="Ministro",
        effect="deroga",
        affects=old,
    )
    assert new.affects == old and old.sha256
    with pytest.raises(ValidationError):
        services.committee_act_add(
            user=cw.secretary_user,
            committee=cw.committee,
            act_type="resolucion",
            number="9",
            date=date(2022, 3, 1),
            issuer="Ministro",
            effect="modifica",
        )


def test_convocation_mails_members_after_commit(cw, django_capture_on_commit_callbacks):
    session = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(date.today() + timedelta(days=7)),
        place="Sala de juntas",
        agenda=["Informe de avance del plan de acción", "Varios"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.session_convene(user=cw.secretary_user, session=session)
    assert sent == 5
    assert len(mail.outbox) == 5
    assert "Informe de avance del plan de acción" in mail.outbox[0].body
    assert session.status == Session.Status.CONVENED


def test_open_commitments_enter_the_next_agenda(cw, past_session, django_capture_on_commit_callbacks):
    attend_all(cw, past_session)
    commitment = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Entregar informe",
        responsible=cw.member_a,
        due_date=past_session.day + timedelta(days=1),
    )
    nxt = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(date.today() + timedelta(days=7)),
        place="S",
    )
    items = list(nxt.agenda.all())
    assert items[0].title == "Seguimiento a compromisos" and items[0].is_follow_up
    assert list(selectors.follow_up_commitments(nxt)) == [commitment]
    with django_capture_on_commit_callbacks(execute=True):
        services.session_convene(user=cw.secretary_user, session=nxt)
    assert "1. Seguimiento a compromisos" in mail.outbox[0].body and "Entregar informe" in mail.outbox[0].body
    assert commitment.is_overdue
    assert list(selectors.overdue_commitments(cw.secretary_user)) == [commitment]


def _acta(cw, session):
    attend_all(cw, session)
    services.decision_record(user=cw.secretary_user, session=session, text="Aprobar", votes_for=3)
    return services.acta_generate(user=cw.secretary_user, session=session)


def test_acta_numbering_per_committee_and_year(cw, past_session):
    acta = _acta(cw, past_session)
    assert acta.label == f"Acta No. 01 de {past_session.day.year}"
    second = services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=past_session.starts_at + timedelta(hours=2),
        place="S",
    )
    attend_all(cw, second)
    assert services.acta_generate(user=cw.secretary_user, session=second).number == 2
    assert services.acta_generate(user=cw.secretary_user, session=past_session).pk == acta.pk


def test_only_the_president_approves_and_approved_acta_is_immutable(cw, past_session, world):
    acta = _acta(cw, past_session)
    with pytest.raises(PermissionDenied):
        services.acta_approve(user=cw.secretary_user, acta=acta)
    services.acta_approve(user=cw.president_user, acta=acta)
    acta.refresh_from_db()
    assert acta.is_approved and acta.approved_by == cw.president_user and acta.approved_at
    assert acta.pdf.read(5) == b"%PDF-" and len(acta.pdf_sha256) == 64
    with pytest.raises(ValidationError) as error:
        services.acta_update(user=cw.secretary_user, acta=acta, notes="cambio")
    assert "ya fue aprobada y no se puede modificar" in str(error.value)
    with pytest.raises(ValidationError):
        services.decision_record(user=cw.secretary_user, session=past_session, text="Otra", votes_for=3)
    with pytest.raises(ValidationError):
        services.attendance_record(
            user=cw.secretary_user, session=past_session, person=cw.member_a, status=ABSENT
        )
    acta.refresh_from_db()
    assert acta.notes == "" and Decision.objects.count() == 1
    assert Attendance.objects.get(session=past_session, person=cw.member_a).status == "presente"


def test_correction_is_a_new_version_keeping_the_previous(cw, past_session):
    acta = _acta(cw, past_session)
    services.acta_approve(user=cw.president_user, acta=acta)
    with pytest.raises(ValidationError):
        services.acta_correct(user=cw.secretary_user, acta=acta, reason="  ")
    new = services.acta_correct(
        user=cw.secretary_user, acta=acta, reason="Error en el nombre de un asistente"
    )
    assert (new.version, new.number, new.status) == (2, acta.number, Acta.Status.DRAFT)
    acta.refresh_from_db()
    assert acta.is_approved and Acta.objects.filter(session=past_session).count() == 2
    services.acta_update(user=cw.secretary_user, acta=new, notes="Corregido")
    services.acta_approve(user=cw.president_user, acta=new)


def test_system_admin_may_approve(cw, past_session, world):
    acta = _acta(cw, past_session)
    services.acta_approve(user=world.admin, acta=acta)


def test_commitment_close_needs_evidence(cw, past_session):
    commitment = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Informe",
        responsible=cw.member_a,
        due_date=past_session.day,
    )
    with pytest.raises(ValidationError):
        services.commitment_close(user=cw.secretary_user, commitment=commitment, note="Listo")
    services.commitment_follow_up(user=cw.secretary_user, commitment=commitment, text="En curso")
    services.commitment_close(
        user=cw.secretary_user,
        commitment=commitment,
        note="Listo",
        url="https://intranet.example.gov.co/informe",
    )
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.CLOSED and commitment.evidence.count() == 1


def test_readers_cannot_write(cw, world):
    for user in (world.reader, world.control, cw.president_user, world.child_planner):
        with pytest.raises(PermissionDenied):
            services.seat_create(user=user, committee=cw.committee, role=Seat.Role.MEMBER, title="X")


def test_sectorial_committee_belongs_to_the_head(world):
    with pytest.raises(ValidationError) as error:
        services.committee_save(
            user=world.child_planner,
            committee=Committee(entity=world.child, kind=Committee.Kind.SECTORIAL, name="Sectorial falso"),
        )
    assert "cabeza del sector" in str(error.value)


def test_compliance_counts_held_sessions(cw, past_session):
    attend_all(cw, past_session)
    rows = selectors.compliance(cw.secretary_user)
    assert rows[0].held == (1 if past_session.day.year == timezone.localdate().year else 0)
    assert rows[0].required_year == 4


def test_agenda_item_linked_to_a_policy_takes_its_dimension(cw, past_session):
    from mipg.catalog.selectors import policy_by_code

    policy = policy_by_code("POL07")
    item = services.agenda_item_add(
        user=cw.secretary_user, session=past_session, title="Gobierno Digital", policy=policy
    )
    assert item.dimension == policy.dimension and item.order == 2


def test_seat_vote_follows_role_unless_configured(cw):
    guest = services.seat_create(
        user=cw.secretary_user, committee=cw.committee, role=Seat.Role.GUEST, title="Asesor"
    )
    assert guest.has_vote is False
    voting_secretary = services.seat_create(
        user=cw.secretary_user,
        committee=cw.committee,
        role=Seat.Role.MEMBER,
        title="Jefe jurídico",
        has_vote=False,
    )
    assert voting_secretary.has_vote is False
    with pytest.raises(ValidationError):
        services.seat_create(
            user=cw.secretary_user, committee=cw.committee, role=Seat.Role.GUEST, title="Otro", has_vote=True
        )
    with pytest.raises(ValidationError) as error:
        services.seat_create(
            user=cw.secretary_user, committee=cw.committee, role=Seat.Role.PRESIDENCY, title="P2"
        )
    assert "ya tiene un puesto de presidencia" in str(error.value)
