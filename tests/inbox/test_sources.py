"""Operación and control interno sources of Mis pendientes."""

from django.urls import reverse

from mipg.control import services as control
from mipg.inbox.items import pending_for
from mipg.operation import services as operation
from mipg.operation.models import Activity
from tests.control.conftest import add_control, make_risk


def of_kind(user, kind):
    return [item for item in pending_for(user) if item.kind == kind]


def test_progress_to_submit_then_to_approve(plan, ops):
    activity = Activity.objects.filter(goal__plan=plan).order_by("pk").first()
    Activity.objects.filter(pk=activity.pk).update(responsible_person=ops.owner_person)
    items = of_kind(ops.owner, "progress_to_submit")
    assert [i.key for i in items] == [f"activity:{activity.pk}"]
    assert items[0].url == f"/operacion/actividades/{activity.pk}/"
    assert items[0].due == activity.end_date
    assert of_kind(ops.world.head_planner, "progress_to_approve") == []
    report = operation.progress_report_submit(
        user=ops.owner,
        activity=activity,
        period="T1",
        percent=30,
        narrative="Hecho",
        links=["https://x.gov.co/e"],
    )
    # once reported, it waits for planning, not for its owner
    assert of_kind(ops.owner, "progress_to_submit") == []
    waiting = of_kind(ops.world.head_planner, "progress_to_approve")
    assert [i.key for i in waiting] == [f"progress_report:{report.pk}"]
    assert of_kind(ops.world.reader, "progress_to_approve") == []
    assert of_kind(ops.world.outsider, "progress_to_approve") == []
    operation.progress_report_review(user=ops.world.head_planner, report=report, approve=True)
    assert of_kind(ops.world.head_planner, "progress_to_approve") == []


def test_controls_to_self_assess_review_and_evaluate(ctl):
    risk = make_risk(ctl)
    added = add_control(ctl, risk)
    mine = of_kind(ctl.owner, "control_to_self_assess")
    assert [i.key for i in mine] == [f"control:{added.pk}:{ctl.period.pk}"]
    assert mine[0].url == f"/control-interno/controles/{added.pk}/autoevaluar/?periodo={ctl.period.pk}"
    assert mine[0].due == ctl.period.end and mine[0].overdue  # the period ended on 30/04/2026
    # the process leader too (first line), not another leader
    assert len(of_kind(ctl.leader, "control_to_self_assess")) == 1
    assert of_kind(ctl.stranger, "control_to_self_assess") == []
    assessment = control.self_assess(
        user=ctl.owner,
        control=added,
        period=ctl.period,
        executed=True,
        note="Se ejecutó",
        links=["https://x.gov.co/c"],
    )
    assert of_kind(ctl.owner, "control_to_self_assess") == []
    assert [i.key for i in of_kind(ctl.world.head_planner, "control_to_review")] == [
        f"control_to_review:{assessment.pk}"
    ]
    assert [i.key for i in of_kind(ctl.world.control, "control_to_evaluate")] == [
        f"control_to_evaluate:{assessment.pk}"
    ]
    assert of_kind(ctl.world.child_planner, "control_to_review") == []


def test_sci_evaluation_to_sign_for_control_interno_only(ctl):
    evaluation = control.evaluation_create(
        user=ctl.world.control, entity=ctl.world.head, vigencia=2026, semester=1
    )
    items = of_kind(ctl.world.control, "ci_evaluation_to_sign")
    total = len(control.requirement_ratings(evaluation))
    assert [i.key for i in items] == [f"ci_evaluation_to_sign:{evaluation.pk}"]
    assert items[0].extra["count"] == total and items[0].due == evaluation.due_date
    assert items[0].url == reverse("control:evaluation_detail", args=[evaluation.pk])
    first = control.requirement_ratings(evaluation)[0]
    control.evaluation_save(
        user=ctl.world.control,
        evaluation=evaluation,
        ratings={first.pk: (True, True, "")},
        conclusions={},
        overall_conclusion="",
    )
    assert of_kind(ctl.world.control, "ci_evaluation_to_sign")[0].extra["count"] == total - 1
    # planeación sees neither the evaluation nor its campaign's answers among its pending items
    campaign_url = reverse("questionnaires:campaign_questions", args=[evaluation.campaign_id])
    planner = pending_for(ctl.world.head_planner)
    assert not [i for i in planner if i.kind == "ci_evaluation_to_sign" or i.url.startswith(campaign_url)]
    assert of_kind(ctl.world.child_planner, "ci_evaluation_to_sign") == []
