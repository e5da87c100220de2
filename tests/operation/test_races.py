"""Races on Operación (PostgreSQL): one report per activity and period, one approval, one status
change; the losers get 409 "conflict" from the API (issue 9 item 6)."""

from decimal import Decimal

from mipg.operation import services
from mipg.operation.models import Activity, Indicator, IndicatorMeasurement, ProgressReport
from tests.concurrency import events, one_winner, postgres_only, race

pytestmark = postgres_only


def _clients(api, user, n=8):
    return [api(user) for _ in range(n)]


def test_simultaneous_submissions_create_one_report(api, ops, plan):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    clients = _clients(api, ops.leader)
    body = {"activity": activity.pk, "period": "T1", "percent": "30", "narrative": "hecho"}
    outcomes = race(lambda i: clients[i].post("/api/v1/progress-reports/", body, format="json"))
    statuses = sorted(response.status_code for _kind, response in outcomes)
    assert statuses == [201] + [409] * 7, statuses
    losers = [r.json()["error"] for _k, r in outcomes if r.status_code == 409]
    assert all(e["code"] == "conflict" and "pendiente de revisión" in e["message"] for e in losers)
    reports = ProgressReport.objects.filter(activity=activity, period="T1")
    assert reports.count() == 1
    assert events(reports.get(), "avance reportado") == 1


def test_simultaneous_approvals_approve_once(api, ops, plan):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=40, narrative="hecho"
    )
    clients = _clients(api, ops.world.head_planner)
    outcomes = race(
        lambda i: clients[i].post(f"/api/v1/progress-reports/{report.pk}/review/", {"decision": "approve"})
    )
    statuses = sorted(response.status_code for _kind, response in outcomes)
    assert statuses == [200] + [409] * 7, statuses
    assert all(r.json()["error"]["code"] == "conflict" for _k, r in outcomes if r.status_code == 409)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.APPROVED
    assert events(report, "avance aprobado") == 1


def test_simultaneous_return_and_approval_have_one_winner(ops, plan):
    activity = Activity.objects.get(goal__plan=plan, code="M2.1")
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T2", percent=40, narrative="hecho"
    )
    planner = ops.world.head_planner
    one_winner(
        race(
            lambda i: services.progress_report_review(
                user=planner, report=ProgressReport.objects.get(pk=report.pk), approve=i % 2 == 0, comment="x"
            )
        )
    )
    assert events(report, "avance aprobado") + events(report, "avance devuelto") == 1


def test_simultaneous_plan_status_changes_have_one_winner(ops, plan):
    planner = ops.world.head_planner
    from mipg.operation.models import ActionPlan

    one_winner(
        race(
            lambda i: services.plan_set_status(
                user=planner, plan=ActionPlan.objects.get(pk=plan.pk), status="cerrado"
            )
        )
    )
    assert events(plan, "estado del plan cambiado") == 1


def test_simultaneous_measurements_of_one_period_give_one_and_conflicts(ops, world):
    """A measured period is changed only through «Corregir» (with a reason): of eight simultaneous first
    records of one period, one is stored and the others are told, as a conflict, that it now exists."""
    indicator = services.indicator_save(
        user=world.head_planner, entity=world.head, vigencia=2026, name="Ind", numerator="a"
    )
    outcomes = race(
        lambda i: services.indicator_measurement_record(
            user=world.head_planner,
            indicator=Indicator.objects.get(pk=indicator.pk),
            period="2026-T1",
            value=i,
        )
    )
    winner = one_winner(outcomes)
    measurement = IndicatorMeasurement.objects.get(indicator=indicator, period="2026-T1")
    assert measurement.pk == winner.pk and measurement.value in {Decimal(i) for i in range(8)}
