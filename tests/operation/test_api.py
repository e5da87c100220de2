"""API: scoped lists, 404 for foreign objects, POST progress with the same rules, review."""

from decimal import Decimal

import pytest

from mipg.operation import services
from mipg.operation.models import Activity, ProgressReport

ENDPOINTS = ["policy-leaders", "instruments", "action-plans", "activities", "progress-reports", "indicators"]


@pytest.fixture
def data(plan, ops):
    world = ops.world
    services.indicator_save(
        user=world.head_planner, entity=world.head, vigencia=2026, name="Ind", numerator="a"
    )
    services.instrument_save(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        kind="plan",
        decree_plan="PAA",
        name="PAA",
        status="borrador",
    )
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    report = services.progress_report_submit(
        user=ops.leader, activity=activity, period="T1", percent=10, narrative="x"
    )
    return {"plan": plan, "activity": activity, "report": report}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_lists_are_scoped(api, world, data, endpoint):
    assert api(world.head_planner).get(f"/api/v1/{endpoint}/").json()["count"] > 0
    assert api(world.outsider).get(f"/api/v1/{endpoint}/").json()["count"] == 0
    assert api(world.child_planner).get(f"/api/v1/{endpoint}/").json()["count"] == 0
    assert api().get(f"/api/v1/{endpoint}/").status_code == 401


def test_foreign_objects_answer_404(api, world, data):
    client = api(world.outsider)
    assert client.get(f"/api/v1/action-plans/{data['plan'].pk}/").json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/activities/{data['activity'].pk}/").status_code == 404
    assert client.get(f"/api/v1/progress-reports/{data['report'].pk}/").status_code == 404


def test_plan_detail_has_the_rollup(api, world, data):
    body = api(world.control).get(f"/api/v1/action-plans/{data['plan'].pk}/").json()
    assert body["rollup"]["plan"]["light"] in {"on_time", "at_risk", "late"}
    assert len(body["rollup"]["goals"]) == 2


def test_post_progress_and_review(api, world, ops, data):
    activity = Activity.objects.get(goal__plan=data["plan"], code="M2.1")
    response = api(ops.leader).post(
        "/api/v1/progress-reports/",
        {
            "activity": activity.pk,
            "period": "T1",
            "percent": "20",
            "narrative": "hecho",
            "evidence_url": "https://example.gov.co/e",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    report_id = response.json()["id"]
    assert response.json()["status"] == "enviado" and len(response.json()["evidence"]) == 1
    assert (
        api(ops.leader)
        .post(f"/api/v1/progress-reports/{report_id}/review/", {"decision": "approve"})
        .status_code
        == 403
    )
    response = api(world.head_planner).post(
        f"/api/v1/progress-reports/{report_id}/review/", {"decision": "approve"}
    )
    assert response.json()["status"] == "aprobado"
    activity.refresh_from_db()
    assert activity.progress == Decimal("20.0")


def test_post_progress_bad_input(api, ops, data):
    activity = data["activity"]
    client = api(ops.leader)
    before = ProgressReport.objects.count()
    response = client.post(
        "/api/v1/progress-reports/",
        {"activity": activity.pk, "period": "T2", "percent": "101", "narrative": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"]["percent"] == ["El avance no puede superar el 100 %."]
    response = client.post(
        "/api/v1/progress-reports/",
        {"activity": activity.pk, "period": "T1", "percent": "50", "narrative": "x"},
        format="json",
    )
    # A standing report of the period is a conflict with the current state, not bad input.
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert "pendiente de revisión" in response.json()["error"]["message"]
    assert ProgressReport.objects.count() == before


def test_post_progress_on_another_entitys_activity(api, world, data):
    response = api(world.outsider).post(
        "/api/v1/progress-reports/",
        {"activity": data["activity"].pk, "period": "T2", "percent": "50", "narrative": "x"},
        format="json",
    )
    assert response.status_code == 404
    assert (
        api(world.reader)
        .post(
            "/api/v1/progress-reports/",
            {"activity": data["activity"].pk, "period": "T2", "percent": "50", "narrative": "x"},
            format="json",
        )
        .status_code
        == 403
    )
    assert ProgressReport.objects.count() == 1


def test_one_evidence_supports_several_reports(api, ops, world, data):
    first = data["report"]
    evidence = services.plans.attach_evidence(
        user=ops.leader,
        entity=world.head,
        target_m2m=first.evidence,
        title="Acta",
        links=["https://example.gov.co/a"],
    )[0]
    other = Activity.objects.get(goal__plan=data["plan"], code="M1.2")
    response = api(ops.leader).post(
        "/api/v1/progress-reports/",
        {"activity": other.pk, "period": "T1", "percent": "5", "narrative": "x", "evidence": [evidence.pk]},
        format="json",
    )
    assert response.status_code == 201 and response.json()["evidence"] == [evidence.pk]
    foreign = api(ops.leader).post(
        "/api/v1/progress-reports/",
        {"activity": other.pk, "period": "T2", "percent": "6", "narrative": "x", "evidence": [999999]},
        format="json",
    )
    assert foreign.status_code == 400
    assert foreign.json()["error"]["details"]["evidence"] == [
        "Alguna de las evidencias no existe o no es visible."
    ]
