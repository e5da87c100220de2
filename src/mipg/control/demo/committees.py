"""Demo: people of the entity and the Comité Institucional de Coordinación de Control Interno with the
session that approves the risk policy and the audit plan."""

from datetime import date, datetime

from django.utils import timezone

from mipg.institutional import services as institutional
from mipg.institutional.models import Committee
from mipg.institutional.selectors import session_quorum
from mipg.organizations.models import Dependencia, Person


def _aware(day: date, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def ensure_people(entity, spec: dict) -> dict:
    people = {}
    for key, (name, position, dependencia) in spec.items():
        dep = Dependencia.objects.filter(entity=entity, name=dependencia).first()
        if dep is None:
            dep = Dependencia.objects.create(entity=entity, name=dependencia)
        person = Person.objects.filter(entity=entity, full_name=name).first()
        if person is None:
            person = Person.objects.create(entity=entity, full_name=name, position=position, dependencia=dep)
        people[key] = person
    return people


def ensure_committee(writer, entity, name, seats, people, day):
    """The committee with its seats and one held session whose approved decisions adopt the risk policy
    (and, when step 7 lands, the audit plan). Returns the approval decision."""
    committee = Committee.objects.filter(entity=entity, name=name).first()
    if committee is None:
        committee = institutional.committee_save(
            user=writer,
            committee=Committee(
                entity=entity,
                name=name,
                kind=Committee.Kind.INTERNAL_CONTROL,
                functions="Aprobar el Plan Anual de Auditoría, revisar la política de administración "
                "del riesgo antes de su adopción y evaluar el estado del Sistema de Control Interno "
                "(Decreto 648 de 2017).",
                sessions_per_year=Committee.Frequency.QUARTERLY,
                is_demo=True,
            ),
        )
    for key, role, title in seats:
        seat = committee.seats.filter(title=title).first() or institutional.seat_create(
            user=writer, committee=committee, role=role, title=title
        )
        if not seat.holdings.exists():
            institutional.seat_assign(user=writer, seat=seat, person=people[key], start=date(2022, 1, 1))
    text = f"Aprobar la política de administración del riesgo {day.year}."
    session = committee.sessions.filter(decisions__text=text).first()
    if session is not None:
        return session.decisions.get(text=text)
    session = institutional.session_create(
        user=writer,
        committee=committee,
        starts_at=_aware(day),
        agenda=["Política de administración del riesgo", "Plan Anual de Auditoría"],
        place="Sala de juntas (demo)",
    )
    from mipg.institutional.selectors import members_at

    for member in members_at(committee, session.day):
        if member.person is not None:
            institutional.attendance_record(
                user=writer, session=session, person=member.person, status="presente"
            )
    present = session_quorum(session).present_voting
    decision = institutional.decision_record(user=writer, session=session, text=text, votes_for=present)
    institutional.decision_record(
        user=writer,
        session=session,
        text=f"Aprobar el Plan Anual de Auditoría {day.year}.",
        votes_for=present,
    )
    return decision
