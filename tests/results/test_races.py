"""Races on improvement plans (PostgreSQL): progress only goes up, verification and closing have one
winner and one event (issue 9 item 6)."""

from datetime import date

from mipg.measurement.results.models import Finding, ImprovementAction
from mipg.measurement.results.services import (
    action_create,
    action_verify,
    finding_close,
    finding_create,
    plan_create,
    progress_report,
)
from tests.concurrency import events, one_winner, postgres_only, race

pytestmark = postgres_only


def _action(world):
    plan = plan_create(user=world.head_planner, entity=world.head, name="Plan 2026")
    finding = finding_create(
        user=world.head_planner, plan=plan, origin=Finding.Origin.values[0], description="Hallazgo"
    )
    return action_create(
        user=world.head_planner,
        finding=finding,
        description="Acción",
        start_date=date(2026, 1, 1),
        due_date=date(2026, 6, 30),
    )


def fresh(action):
    return ImprovementAction.objects.get(pk=action.pk)


def test_simultaneous_progress_never_goes_down(world):
    action = _action(world)
    outcomes = race(
        lambda i: progress_report(
            user=world.head_planner, action=fresh(action), percent=10 * (i + 1), note="x"
        )
    )
    accepted = [value.percent for kind, value in outcomes if kind == "ok"]
    assert accepted
    assert fresh(action).progress == max(accepted)
    reports = list(action.progress_reports.order_by("pk").values_list("percent", flat=True))
    assert reports == sorted(reports)


def _completed(world):
    from mipg.core.services import evidence_create, evidence_verify

    action = _action(world)
    evidence = evidence_create(
        user=world.head_planner, entity=world.head, title="Acta", url="https://x.gov.co/a"
    )
    progress_report(user=world.head_planner, action=action, percent=100, note="Hecho", evidence=[evidence])
    evidence_verify(user=world.control, evidence=evidence, verified=True)  # eficaz needs verified evidence
    return action


def test_simultaneous_verifications_verify_once(world):
    action = _completed(world)
    one_winner(
        race(
            lambda i: action_verify(user=world.control, action=fresh(action), effective=i % 2 == 0, note="x")
        )
    )
    assert events(action, "acción verificada eficaz") + events(action, "acción no eficaz") == 1


def test_simultaneous_closings_of_a_finding_close_once(world):
    action = _completed(world)
    action_verify(user=world.control, action=action, effective=True)
    finding = action.finding
    one_winner(
        race(lambda i: finding_close(user=world.head_planner, finding=Finding.objects.get(pk=finding.pk)))
    )
    assert events(finding, "hallazgo cerrado") == 1
