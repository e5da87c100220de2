"""Reads of Institucionalidad, always through the entity gate (`for_user`)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from mipg.organizations.models import Entity

from .models import (
    Acta,
    AgendaItem,
    Attendance,
    Commitment,
    Committee,
    CommitteeAct,
    Decision,
    Seat,
    SeatHolding,
    Session,
    required_count,
)


def committees_for(user):
    return Committee.objects.for_user(user).select_related("entity")


def committee_for_page(user, pk: int) -> Committee:
    from django.shortcuts import get_object_or_404

    holdings = SeatHolding.objects.select_related("person__entity").order_by("-start")
    return get_object_or_404(
        committees_for(user).prefetch_related(
            Prefetch(
                "seats", queryset=Seat.objects.prefetch_related(Prefetch("holdings", queryset=holdings))
            ),
            Prefetch("acts", queryset=CommitteeAct.objects.select_related("affects")),
        ),
        pk=pk,
    )


def committee_people(user, committee: Committee):
    """People who may hold a seat or a commitment of the committee: those of the owning entity and of
    the entities below it (a sector committee's members come from every entity of the sector). Offered
    only to those who manage the committee."""
    from mipg.organizations.models import Person
    from mipg.organizations.roles import Role, user_has_role

    if not user_has_role(user, committee.entity, {Role.PLANNING, Role.COMMITTEE_SECRETARY}):
        return Person.objects.none()
    return (
        Person.objects.filter(entity__path__startswith=committee.entity.path)
        .select_related("entity")
        .order_by("full_name")
    )


def sessions_for(user):
    return Session.objects.for_user(user).select_related("committee__entity")


def commitments_for(user):
    return Commitment.objects.for_user(user).select_related(
        "session__committee__entity", "responsible", "dependencia"
    )


def actas_for(user):
    return Acta.objects.for_user(user).select_related("session__committee", "approved_by")


@dataclass
class Member:
    seat: Seat
    person: object  # organizations.Person or None when the seat is vacant
    holding: SeatHolding | None


def _holdings(seat: Seat):
    cache = getattr(seat, "_prefetched_objects_cache", {})
    if "holdings" in cache:
        return list(cache["holdings"])
    return list(seat.holdings.select_related("person__entity").order_by("-start"))


def _seats(committee: Committee):
    cache = getattr(committee, "_prefetched_objects_cache", {})
    if "seats" in cache:
        return list(cache["seats"])
    holdings = SeatHolding.objects.select_related("person__entity").order_by("-start")
    return list(committee.seats.prefetch_related(Prefetch("holdings", queryset=holdings)))


def members_at(committee: Committee, day: date) -> list[Member]:
    """Each seat of the committee with the person who held it on `day` (None when vacant)."""
    members = []
    for seat in _seats(committee):
        holding = next((h for h in _holdings(seat) if h.covers(day)), None)
        members.append(Member(seat=seat, person=holding.person if holding else None, holding=holding))
    return members


def president_at(committee: Committee, day: date):
    for member in members_at(committee, day):
        if member.seat.role == Seat.Role.PRESIDENCY:
            return member.person
    return None


@dataclass
class Quorum:
    voting_members: int
    present_voting: int
    present_total: int
    required: int
    rule: str
    vacant_voting: int = 0

    @property
    def has_quorum(self) -> bool:
        return self.voting_members > 0 and self.present_voting >= self.required


def session_quorum(session: Session, members: list[Member] | None = None, attendance=None) -> Quorum:
    """Quorum from attendance: present or represented by a delegate count; absent and excused do not."""
    committee = session.committee
    if members is None:
        members = members_at(committee, session.day)
    if attendance is None:
        attendance = list(session.attendance.all())
    voting_seats = {m.seat.pk for m in members if m.seat.has_vote and m.person is not None}
    counted = [a for a in attendance if a.counts]
    present_voting = sum(1 for a in counted if a.seat_id in voting_seats)
    required = required_count(committee.quorum_kind, committee.quorum_value, len(voting_seats))
    return Quorum(
        voting_members=len(voting_seats),
        present_voting=present_voting,
        present_total=len(counted),
        required=required,
        rule=committee.quorum_text,
        vacant_voting=sum(1 for m in members if m.seat.has_vote and m.person is None),
    )


def majority_required(committee: Committee, present_voting: int) -> int:
    return required_count(committee.majority_kind, committee.majority_value, present_voting)


def follow_up_commitments(session: Session):
    """Commitments of the committee's earlier sessions still open when this session starts: the
    "Seguimiento a compromisos" item (an old session keeps showing what was pending on its date)."""
    return (
        Commitment.objects.filter(
            session__committee_id=session.committee_id,
            session__starts_at__lt=session.starts_at,
        )
        .filter(Q(status=Commitment.Status.OPEN) | Q(closed_at__gt=session.starts_at))
        .select_related("responsible", "dependencia", "session")
        .order_by("due_date", "pk")
    )


def overdue_commitments(user, entities=None):
    queryset = commitments_for(user).filter(status=Commitment.Status.OPEN, due_date__lt=timezone.localdate())
    if entities is not None:
        queryset = queryset.filter(session__committee__entity__in=entities)
    return queryset


def session_page(user, pk: int):
    """A session with everything its page shows, in a fixed number of queries."""
    from django.shortcuts import get_object_or_404

    session = get_object_or_404(
        sessions_for(user).prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("policy", "dimension")),
            Prefetch("attendance", queryset=Attendance.objects.select_related("person", "seat")),
            Prefetch("decisions", queryset=Decision.objects.select_related("agenda_item")),
            Prefetch("commitments", queryset=Commitment.objects.select_related("responsible", "dependencia")),
            Prefetch(
                "actas",
                queryset=Acta.objects.select_related("approved_by", "created_by").order_by("-version"),
            ),
        ),
        pk=pk,
    )
    return session


def with_commitment_counts(queryset):
    today = timezone.localdate()
    return queryset.annotate(
        open_commitments=Count(
            "sessions__commitments", filter=Q(sessions__commitments__status="abierto"), distinct=True
        ),
        overdue_commitments=Count(
            "sessions__commitments",
            filter=Q(sessions__commitments__status="abierto", sessions__commitments__due_date__lt=today),
            distinct=True,
        ),
    )


@dataclass
class ComplianceRow:
    committee: Committee
    required_year: int
    expected_to_date: int
    held: int
    open_commitments: int
    overdue_commitments: int

    @property
    def status(self) -> str:
        if self.held >= self.expected_to_date and not self.overdue_commitments:
            return "ok"
        return "bad" if self.held < self.expected_to_date else "warn"


def compliance(user, year: int | None = None, entity: Entity | None = None) -> list[ComplianceRow]:
    """Sessions held vs required by frequency in the year, and open/overdue commitments, per committee
    the user may see (the sector planning office sees every committee of the sector)."""
    today = timezone.localdate()
    year = year or today.year
    months = 12 if year < today.year else (today.month if year == today.year else 0)
    committees = committees_for(user).filter(is_active=True)
    if entity is not None:
        committees = committees.filter(entity__path__startswith=entity.path)
    committees = with_commitment_counts(committees).annotate(
        held=Count(
            "sessions",
            filter=Q(sessions__status=Session.Status.HELD, sessions__starts_at__year=year),
            distinct=True,
        )
    )
    rows = []
    for committee in committees.order_by("entity__path", "name"):
        rows.append(
            ComplianceRow(
                committee=committee,
                required_year=committee.sessions_per_year,
                expected_to_date=committee.sessions_per_year * months // 12,
                held=committee.held,
                open_commitments=committee.open_commitments,
                overdue_commitments=committee.overdue_commitments,
            )
        )
    return rows


def acta_context(acta: Acta) -> dict:
    """Everything the acta (page and PDF) shows: attendees and absentees, quorum, agenda with its
    development, decisions with votes, commitments, follow-up and signatures."""
    session = (
        Session.objects.select_related("committee__entity")
        .prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.select_related("policy", "dimension")),
            Prefetch("attendance", queryset=Attendance.objects.select_related("person", "seat")),
            Prefetch("decisions", queryset=Decision.objects.select_related("agenda_item")),
            Prefetch("commitments", queryset=Commitment.objects.select_related("responsible", "dependencia")),
        )
        .get(pk=acta.session_id)
    )
    committee = session.committee
    members = members_at(committee, session.day)
    attendance = list(session.attendance.all())
    by_seat = {a.seat_id: a for a in attendance}
    attendees, absentees = [], []
    for member in members:
        if member.person is None:
            continue
        record = by_seat.get(member.seat.pk)
        row = {"member": member, "attendance": record}
        (attendees if record is not None and record.counts else absentees).append(row)
    president = next((m for m in members if m.seat.role == Seat.Role.PRESIDENCY), None)
    secretary = next((m for m in members if m.seat.role == Seat.Role.SECRETARY), None)
    return {
        "acta": acta,
        "session": session,
        "committee": committee,
        "attendees": attendees,
        "absentees": absentees,
        "quorum": session_quorum(session, members, attendance),
        "agenda": list(session.agenda.all()),
        "decisions": list(session.decisions.all()),
        "commitments": list(session.commitments.all()),
        "follow_up": list(follow_up_commitments(session)),
        "president": president,
        "secretary": secretary,
        "local_start": timezone.localtime(session.starts_at),
    }


def acta_canonical(acta: Acta, context: dict | None = None) -> dict:
    """The acta's content as plain data, in a fixed order: what it records of its session (attendance,
    quorum, agenda and development, decisions, commitments, notes) and its identity and approval. The
    follow-up of earlier commitments is left out: it shows other sessions' records, which keep changing.
    Its SHA-256 (`acta_content_sha256`) is frozen at approval and printed in the PDF."""
    context = context or acta_context(acta)
    session, committee = context["session"], context["committee"]

    def member(row):
        return None if row is None else [row.seat.title, row.person.full_name if row.person else None]

    attendance = []
    for row in context["attendees"] + context["absentees"]:
        record = row["attendance"]
        attendance.append(
            [
                row["member"].seat.title,
                row["member"].person.full_name,
                row["member"].seat.role,
                row["member"].seat.has_vote,
                record.status if record else None,
                record.delegate if record else "",
            ]
        )
    attendance.sort()
    quorum = context["quorum"]
    return {
        "format": "mipg-acta/1",
        "entity": committee.entity.name,
        "committee": committee.name,
        "acta": {
            "year": acta.year,
            "number": acta.number,
            "version": acta.version,
            "correction_reason": acta.correction_reason,
            "notes": acta.notes,
        },
        "session": {
            "kind": session.kind,
            "starts_at": timezone.localtime(session.starts_at).isoformat(timespec="minutes"),
            "place": session.place,
            "virtual_link": session.virtual_link,
        },
        "president": member(context["president"]),
        "secretary": member(context["secretary"]),
        "attendance": attendance,
        "quorum": [quorum.present_voting, quorum.voting_members, quorum.required, quorum.has_quorum],
        "agenda": [
            [item.order, item.title, item.policy.code if item.policy_id else None, item.development]
            for item in context["agenda"]
        ],
        "decisions": [
            [
                d.text,
                d.votes_for,
                d.votes_against,
                d.abstentions,
                d.approved,
                d.agenda_item.title if d.agenda_item_id else None,
            ]
            for d in context["decisions"]
        ],
        "commitments": [
            [
                c.description,
                c.responsible.full_name,
                str(c.dependencia) if c.dependencia_id else None,
                c.due_date.isoformat(),
            ]
            for c in context["commitments"]
        ],
        "approval": {
            "approved_by": acta.approved_by.get_username() if acta.approved_by_id else None,
            "approved_at": acta.approved_at.astimezone(UTC).isoformat(timespec="seconds")
            if acta.approved_at
            else None,
        },
    }


def acta_content_sha256(acta: Acta, context: dict | None = None) -> str:
    """SHA-256 of the canonical JSON (keys sorted, UTF-8, no spaces) of `acta_canonical`."""
    data = json.dumps(
        acta_canonical(acta, context), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
