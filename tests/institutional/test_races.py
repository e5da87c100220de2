"""Races on Institucionalidad (PostgreSQL): every transition locks its row and checks its state inside
the transaction, so simultaneous requests give one winner and one domain event; the others get a
Spanish message (issue 9 item 6)."""

from datetime import date, timedelta

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mipg.institutional import services
from mipg.institutional.models import Acta, Attendance, Commitment, Decision, SeatHolding, Session
from tests.concurrency import all_succeed, events, one_winner, postgres_only, race

from .conftest import attend_all, aware

pytestmark = postgres_only


def fresh(model, obj):
    return model.objects.get(pk=obj.pk)


def _clients(user, n=8):
    clients = []
    for _ in range(n):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _messages(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_simultaneous_attendance_posts_for_one_seat_never_fail(cw, past_session):
    clients = _clients(cw.secretary_user)
    url = reverse("institutional:attendance_record", args=[past_session.pk])
    outcomes = race(
        lambda i: clients[i].post(
            url, {"person": cw.member_a.pk, "status": Attendance.Status.PRESENT if i % 2 else "ausente"}
        )
    )
    responses = all_succeed(outcomes)
    assert [r.status_code for r in responses] == [302] * 8
    assert Attendance.objects.filter(session=past_session, seat=cw.seats["a"]).count() == 1


def _approvable_acta(cw, session):
    attend_all(cw, session)
    return services.acta_generate(user=cw.secretary_user, session=session)


def test_simultaneous_approvals_of_an_acta_approve_once_and_losers_see_a_message(cw, past_session):
    acta = _approvable_acta(cw, past_session)
    clients = _clients(cw.president_user)
    url = reverse("institutional:acta_approve", args=[acta.pk])
    responses = all_succeed(race(lambda i: clients[i].post(url)))
    assert [r.status_code for r in responses] == [302] * 8
    levels = sorted(_messages(r)[0][0] for r in responses)
    assert levels == ["error"] * 7 + ["success"]
    assert all("ya está aprobada" in _messages(r)[0][1] for r in responses if _messages(r)[0][0] == "error")
    assert events(acta, "acta aprobada") == 1


def test_simultaneous_acta_generation_creates_one_acta(cw, past_session):
    attend_all(cw, past_session)
    actas = all_succeed(
        race(lambda i: services.acta_generate(user=cw.secretary_user, session=fresh(Session, past_session)))
    )
    assert len({a.pk for a in actas}) == 1
    assert Acta.objects.filter(session=past_session).count() == 1
    assert events(actas[0], "acta generada") == 1


def test_simultaneous_corrections_open_one_version(cw, past_session):
    acta = _approvable_acta(cw, past_session)
    services.acta_approve(user=cw.president_user, acta=acta)
    one_winner(
        race(lambda i: services.acta_correct(user=cw.secretary_user, acta=fresh(Acta, acta), reason="Error"))
    )
    assert Acta.objects.filter(session=past_session).count() == 2


def _future_session(cw):
    return services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(timezone.localdate() + timedelta(days=5)),
        place="Despacho",
        agenda=["Informe"],
    )


def test_simultaneous_convocations_convene_once(cw, django_capture_on_commit_callbacks):
    session = _future_session(cw)
    one_winner(
        race(lambda i: services.session_convene(user=cw.secretary_user, session=fresh(Session, session)))
    )
    assert events(session, "sesión convocada") == 1


def test_simultaneous_cancellations_cancel_once(cw):
    session = _future_session(cw)
    one_winner(
        race(lambda i: services.session_cancel(user=cw.secretary_user, session=fresh(Session, session)))
    )
    assert events(session, "sesión cancelada") == 1


def test_simultaneous_withdrawals_of_a_decision_withdraw_once(cw, past_session):
    attend_all(cw, past_session)
    decision = services.decision_record(
        user=cw.secretary_user, session=past_session, text="Aprobar", votes_for=3
    )
    one_winner(
        race(lambda i: services.decision_delete(user=cw.secretary_user, decision=fresh(Decision, decision)))
    )
    assert not Decision.objects.filter(pk=decision.pk).exists()
    assert events(past_session, "decisión retirada") == 1


def test_simultaneous_closings_of_a_commitment_close_once(cw, past_session):
    attend_all(cw, past_session)
    commitment = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Informe",
        responsible=cw.member_a,
        due_date=past_session.day,
    )
    one_winner(
        race(
            lambda i: services.commitment_close(
                user=cw.secretary_user,
                commitment=fresh(Commitment, commitment),
                note="Listo",
                url="https://intranet.example.gov.co/informe",
            )
        )
    )
    assert events(commitment, "compromiso cumplido") == 1


def test_follow_up_never_lands_on_a_closed_commitment(cw, past_session):
    attend_all(cw, past_session)
    commitment = services.commitment_create(
        user=cw.secretary_user,
        session=past_session,
        description="Informe",
        responsible=cw.member_a,
        due_date=past_session.day,
    )

    def call(i):
        if i == 0:
            return services.commitment_close(
                user=cw.secretary_user,
                commitment=fresh(Commitment, commitment),
                note="Listo",
                url="https://x.co/a",
            )
        return services.commitment_follow_up(
            user=cw.secretary_user, commitment=fresh(Commitment, commitment), text=f"avance {i}"
        )

    race(call)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.CLOSED
    assert not commitment.notes.filter(created_at__gt=commitment.closed_at).exists()


def test_simultaneous_assignments_of_one_person_assign_once(cw, world):
    from mipg.organizations.models import Person

    person = Person.objects.create(entity=world.head, full_name="Nuevo Miembro")
    seat = cw.seats["a"]
    one_winner(
        race(
            lambda i: services.seat_assign(
                user=world.head_planner, seat=fresh(type(seat), seat), person=person, start=date(2024, 1, 1)
            )
        )
    )
    assert SeatHolding.objects.filter(seat=seat, end__isnull=True).count() == 1
    assert events(seat, "puesto asignado") == 2  # the fixture's assignment and the winner's


def test_simultaneous_endings_of_a_holding_end_it_once(cw, world):
    holding = SeatHolding.objects.get(seat=cw.seats["guest"], end__isnull=True)
    one_winner(
        race(
            lambda i: services.seat_holding_end(
                user=world.head_planner, holding=fresh(SeatHolding, holding), end=date(2024, 1, 1)
            )
        )
    )
    assert events(cw.seats["guest"], "ocupación terminada") == 1
