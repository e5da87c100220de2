"""A committee of the test ministry with five seats held by people of the ministry and its hospital:
presidency (linked to the user `president`), technical secretary (user `secretary`), two voting members
and a permanent guest."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from mipg.institutional import services
from mipg.institutional.models import Committee, Seat
from mipg.organizations.models import Person
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant


@dataclass
class CommitteeWorld:
    committee: Committee
    president_user: object
    secretary_user: object
    president: Person
    secretary: Person
    member_a: Person
    member_b: Person
    guest: Person
    outsider_person: Person
    seats: dict


def aware(day: date, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@pytest.fixture
def cw(world) -> CommitteeWorld:
    secretary_user = UserFactory(username="secretary", first_name="Sonia", last_name="Secretaria")
    grant(secretary_user, world.head, Role.COMMITTEE_SECRETARY)
    president_user = UserFactory(username="president", first_name="Pedro", last_name="Presidente")
    grant(president_user, world.head, Role.COMMITTEE_MEMBER)
    president = Person.objects.create(
        entity=world.head,
        full_name="Pedro Presidente",
        position="Ministro",
        email="p@x.gov.co",
        user=president_user,
    )
    secretary = Person.objects.create(
        entity=world.head,
        full_name="Sonia Secretaria",
        position="Directora de Planeación",
        email="s@x.gov.co",
        user=secretary_user,
    )
    member_a = Person.objects.create(entity=world.head, full_name="Ana Miembro", email="a@x.gov.co")
    member_b = Person.objects.create(entity=world.child, full_name="Beto Miembro", email="b@x.gov.co")
    guest = Person.objects.create(entity=world.head, full_name="Gina Invitada", email="g@x.gov.co")
    outsider_person = Person.objects.create(entity=world.other, full_name="Otto Ajeno")
    committee = services.committee_save(
        user=world.head_planner,
        committee=Committee(
            entity=world.head, kind=Committee.Kind.SECTORIAL, name="Comité Sectorial de Prueba"
        ),
    )
    seats = {}
    start = date(2020, 1, 1)
    for key, role, title, person in (
        ("president", Seat.Role.PRESIDENCY, "Ministro", president),
        ("secretary", Seat.Role.SECRETARY, "Director de Planeación", secretary),
        ("a", Seat.Role.MEMBER, "Viceministro", member_a),
        ("b", Seat.Role.MEMBER, "Director del Hospital", member_b),
        ("guest", Seat.Role.GUEST, "Jefe de Control Interno", guest),
    ):
        seats[key] = services.seat_create(
            user=world.head_planner, committee=committee, role=role, title=title
        )
        services.seat_assign(user=world.head_planner, seat=seats[key], person=person, start=start)
    return CommitteeWorld(
        committee,
        president_user,
        secretary_user,
        president,
        secretary,
        member_a,
        member_b,
        guest,
        outsider_person,
        seats,
    )


@pytest.fixture
def past_session(cw):
    day = timezone.localdate() - timedelta(days=3)
    return services.session_create(
        user=cw.secretary_user,
        committee=cw.committee,
        starts_at=aware(day),
        place="Despacho",
        agenda=["Informe"],
    )


def attend_all(cw, session, statuses=None):
    from mipg.institutional.models import Attendance

    statuses = statuses or {}
    for key, person in (
        ("president", cw.president),
        ("secretary", cw.secretary),
        ("a", cw.member_a),
        ("b", cw.member_b),
        ("guest", cw.guest),
    ):
        services.attendance_record(
            user=cw.secretary_user,
            session=session,
            person=person,
            status=statuses.get(key, Attendance.Status.PRESENT),
        )
