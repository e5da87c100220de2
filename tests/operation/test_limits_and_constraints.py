"""Free text has a length limit (issue 9 item 8): the API refuses 3 MiB of text with a Spanish
message and stores nothing; the service refuses it too."""

import pytest
from django.core.exceptions import ValidationError

from mipg.operation import services
from mipg.operation.models import Activity, ProgressReport

HUGE = "x" * (3 * 1024 * 1024)


def test_the_api_refuses_a_huge_narrative(api, ops, plan):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    response = api(ops.leader).post(
        "/api/v1/progress-reports/",
        {"activity": activity.pk, "period": "T1", "percent": "30", "narrative": HUGE},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"]["narrative"] == [
        "Asegúrese de que este campo no tenga más de 20000 caracteres."
    ]
    assert not ProgressReport.objects.exists()


def test_the_service_refuses_a_huge_narrative(ops, plan):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    with pytest.raises(ValidationError) as error:
        services.progress_report_submit(
            user=ops.leader, activity=activity, period="T1", percent=30, narrative=HUGE
        )
    assert "narrative" in error.value.message_dict
    assert "como máximo 20000 caracteres" in error.value.message_dict["narrative"][0]
    assert not ProgressReport.objects.exists()


def test_the_api_refuses_a_huge_review_comment(api, ops, plan):
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=30, narrative="hecho"
    )
    response = api(ops.world.head_planner).post(
        f"/api/v1/progress-reports/{report.pk}/review/",
        {"decision": "return", "comment": HUGE},
        format="json",
    )
    assert response.status_code == 400
    assert "5000 caracteres" in response.json()["error"]["details"]["comment"][0]
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_a_second_standing_report_is_refused_by_the_database(ops, plan):
    """The constraint holds even if a service forgot to check: pending or approved, one per period;
    a returned report can be submitted again."""
    from django.db import IntegrityError, transaction

    activity = Activity.objects.get(goal__plan=plan, code="M1.2")
    first = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=10, narrative="a"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(
            activity=activity, period="T1", percent=20, narrative="b", reported_by=ops.leader
        )
    services.progress_report_review(user=ops.world.head_planner, report=first, approve=False, comment="No")
    again = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=15, narrative="c"
    )
    assert again.status == ProgressReport.Status.SUBMITTED
