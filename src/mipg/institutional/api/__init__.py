"""API of Institucionalidad: committees with their members (seat holdings, members import), sessions with
agenda, attendance, decisions and actas, and commitments. Same visibility as the pages (`for_user`); writes
go through the services, with the pages' permissions. One module per concept."""

from .actas import ActaViewSet, DecisionViewSet
from .agenda import AgendaItemViewSet
from .commitments import CommitmentViewSet
from .committees import CommitteeViewSet, SeatHoldingViewSet
from .sessions import SessionViewSet


def register(router) -> None:
    router.register("committees", CommitteeViewSet, basename="committee")
    router.register("seat-holdings", SeatHoldingViewSet, basename="seat-holding")
    router.register("committee-sessions", SessionViewSet, basename="committee-session")
    router.register("agenda-items", AgendaItemViewSet, basename="agenda-item")
    router.register("committee-decisions", DecisionViewSet, basename="committee-decision")
    router.register("actas", ActaViewSet, basename="acta")
    router.register("commitments", CommitmentViewSet, basename="commitment")
