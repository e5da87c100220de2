"""Rules of the action plan: weights, dates, progress reports, review and roll-up."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mipg.core.models import Evidence
from mipg.operation import selectors, services
from mipg.operation.models import ActionPlan, Activity, ProgressReport
from mipg.operation.progress import expected_progress, rollup, traffic_light

from .conftest import pdf_upload, plan_rows, xlsx_upload


def first_activity(plan, code="M1.1"):
    return Activity.objects.select_related("goal__plan__entity").get(goal__plan=plan, code=code)


def test_plan_cannot_go_into_execution_when_weights_do_not_add_up(ops):
    world = ops.world
    plan = services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=1, activities=2)),
    )
    activity = first_activity(plan)
    services.activity_save(
        user=world.head_planner, goal=activity.goal, activity=activity, weight=Decimal("30")
    )
    with pytest.raises(ValidationError) as raised:
        services.plan_set_status(user=world.head_planner, plan=plan, status=ActionPlan.Status.IN_EXECUTION)
    assert "Los pesos de las actividades de la meta M1 suman 80 y deben sumar 100." in raised.value.messages
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT and plan.approved_at is None


def test_plan_approval_page_shows_the_weight_message(ops, login):
    world = ops.world
    plan = services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=1, activities=2)),
    )
    activity = first_activity(plan)
    services.activity_save(
        user=world.head_planner, goal=activity.goal, activity=activity, weight=Decimal("30")
    )
    response = login(world.head_planner).post(
        f"/operacion/planes/{plan.pk}/estado/", {"status": "ejecucion"}, follow=True
    )
    assert "suman 80 y deben sumar 100" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


def test_activity_end_before_start_is_refused(ops):
    world = ops.world
    plan = services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=1, activities=2)),
    )
    activity = first_activity(plan)
    with pytest.raises(ValidationError) as raised:
        services.activity_save(
            user=world.head_planner,
            goal=activity.goal,
            activity=activity,
            start_date=date(2026, 6, 1),
            end_date=date(2026, 5, 1),
        )
    assert "La fecha de fin no puede ser anterior a la fecha de inicio." in raised.value.messages
    activity.refresh_from_db()
    assert activity.start_date == date(2026, 1, 1)


def test_plan_in_execution_cannot_be_edited(plan, ops):
    activity = first_activity(plan)
    with pytest.raises(ValidationError, match="ya no está en formulación"):
        services.activity_save(
            user=ops.world.head_planner, goal=activity.goal, activity=activity, weight=Decimal("10")
        )


def test_leader_reports_with_pdf_and_planning_approves(plan, ops):
    activity = first_activity(plan)
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=30, narrative="Hecho", files=[pdf_upload()]
    )
    evidence = report.evidence.get()
    assert evidence.kind == Evidence.Kind.FILE and len(evidence.sha256) == 64
    assert report.status == ProgressReport.Status.SUBMITTED
    activity.refresh_from_db()
    assert activity.progress == 0  # only approved progress counts
    services.progress_report_review(user=ops.world.head_planner, report=report, approve=True)
    activity.refresh_from_db()
    assert activity.progress == Decimal("30.0")


@pytest.mark.parametrize("percent", [Decimal("100.1"), 150])
def test_progress_above_100_is_refused(plan, ops, percent):
    activity = first_activity(plan)
    with pytest.raises(ValidationError) as raised:
        services.progress_report_submit(
            user=ops.leader, activity=activity, period="T1", percent=percent, narrative="x"
        )
    assert "El avance no puede superar el 100 %." in raised.value.messages
    assert not ProgressReport.objects.exists()


def test_progress_going_backwards_needs_a_reason(plan, ops):
    activity = first_activity(plan)
    first = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=40, narrative="x"
    )
    services.progress_report_review(user=ops.world.head_planner, report=first, approve=True)
    with pytest.raises(ValidationError) as raised:
        services.progress_report_submit(
            user=ops.leader, activity=activity, period="T2", percent=35, narrative="y"
        )
    assert "explique el motivo" in " ".join(raised.value.messages)
    assert ProgressReport.objects.count() == 1
    report = services.progress_report_submit(
        user=ops.leader,
        activity=activity,
        period="T2",
        percent=35,
        narrative="y",
        backward_reason="Se anuló un contrato",
    )
    assert report.backward_reason == "Se anuló un contrato"


def test_approved_reports_are_locked(plan, ops):
    activity = first_activity(plan)
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=40, narrative="x"
    )
    services.progress_report_review(user=ops.world.head_planner, report=report, approve=True)
    with pytest.raises(ValidationError, match="ya fue revisado"):
        services.progress_report_review(
            user=ops.world.head_planner, report=report, approve=False, comment="no"
        )
    with pytest.raises(ValidationError, match="ya fue aprobado y está bloqueado"):
        services.progress_report_submit(
            user=ops.leader, activity=activity, period="T1", percent=50, narrative="x"
        )
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.APPROVED and report.percent == 40


def test_returning_needs_a_comment_and_allows_a_new_report(plan, ops):
    activity = first_activity(plan)
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=40, narrative="x"
    )
    with pytest.raises(ValidationError, match="observación"):
        services.progress_report_review(user=ops.world.head_planner, report=report, approve=False)
    services.progress_report_review(
        user=ops.world.head_planner, report=report, approve=False, comment="Falta la evidencia"
    )
    again = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=20, narrative="corregido"
    )
    assert again.status == ProgressReport.Status.SUBMITTED


def test_who_may_report(plan, ops, world):
    owner_activity = Activity.objects.filter(goal__plan=plan).exclude(code__endswith=".1").first()
    owner_activity.responsible_person = ops.owner_person
    owner_activity.save()
    # the responsible person's user may report
    services.progress_report_submit(
        user=ops.owner, activity=owner_activity, period="T1", percent=10, narrative="x"
    )
    other = first_activity(plan, "M2.1")
    for user in (ops.owner, world.control, world.reader, world.child_planner, world.outsider):
        with pytest.raises(PermissionDenied):
            services.progress_report_submit(user=user, activity=other, period="T1", percent=10, narrative="x")
    assert ProgressReport.objects.filter(activity=other).count() == 0
    # control interno and the policy leader never approve
    report = ProgressReport.objects.get()
    for user in (world.control, ops.leader, world.reader):
        with pytest.raises(PermissionDenied):
            services.progress_report_review(user=user, report=report, approve=True)


def test_rollup_by_weights_and_traffic_light(plan, ops):
    activities = {a.code: a for a in Activity.objects.filter(goal__plan=plan)}
    Activity.objects.filter(pk=activities["M1.1"].pk).update(progress=100)  # weight 33
    summary = selectors.plan_rollup(ops.world.head_planner, plan, on=date(2026, 7, 2))
    goal1 = next(g for g in summary.goals if g.code == "M1")
    assert goal1.progress == Decimal("33.0")
    assert summary.total.progress == Decimal("16.5")  # two goals count the same
    assert summary.total.expected == Decimal("50.1")
    assert summary.total.light == "late"
    assert len(summary.dimensions) >= 2 and sum(p.activities for p in summary.policies) == 6


def test_expected_progress_and_thresholds():
    start, end = date(2026, 1, 1), date(2026, 1, 10)
    assert expected_progress(start, end, date(2025, 12, 31)) == 0
    assert expected_progress(start, end, date(2026, 1, 5)) == Decimal("50.0")
    assert expected_progress(start, end, date(2026, 1, 10)) == 100
    assert traffic_light(Decimal("40"), Decimal("50")) == "on_time"
    assert traffic_light(Decimal("39.9"), Decimal("50")) == "at_risk"
    assert traffic_light(Decimal("25"), Decimal("50")) == "at_risk"
    assert traffic_light(Decimal("24.9"), Decimal("50")) == "late"


def test_overdue_flag():
    rows = [
        {
            "id": 1,
            "weight": Decimal("100"),
            "progress": Decimal("80"),
            "start_date": date(2026, 1, 1),
            "end_date": date(2026, 3, 31),
            "goal_id": 1,
            "goal__code": "M1",
            "goal__name": "g",
            "goal__plan_id": 1,
            "goal__plan__entity_id": 1,
            "policy_id": 1,
            "policy__code": "POL01",
            "policy__name": "p",
            "policy__order": 1,
            "policy__dimension_id": 1,
            "policy__dimension__code": "D1",
            "policy__dimension__name": "d",
            "policy__dimension__order": 1,
        }
    ]
    assert rollup(rows, date(2026, 4, 1)).by_activity[1]["overdue"] is True
    assert rollup(rows, date(2026, 3, 31)).by_activity[1]["overdue"] is False


def test_reporting_needs_a_plan_in_execution(ops):
    world = ops.world
    plan = services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=1, activities=2)),
    )
    with pytest.raises(ValidationError, match="no está en ejecución"):
        services.progress_report_submit(
            user=world.head_planner, activity=first_activity(plan), period="T1", percent=10, narrative="x"
        )
