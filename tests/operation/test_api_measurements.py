"""Indicator targets and measurements through the API alone (issue 13 item 2): the period is typed as on the
indicator's page for its frequency, a measured period is corrected or deleted only with a reason that goes to
the history; planeación of the entity only (another entity 404, control interno 403), bad input 400 in
Spanish with nothing changed."""

from auditlog.models import LogEntry

from mipg.core.models import DomainEvent
from mipg.operation.models import IndicatorMeasurement, IndicatorTarget


def _indicator(client, world):
    body = {
        "entity": world.head.pk,
        "vigencia": 2027,
        "name": "Cumplimiento del plan de integridad",
        "numerator": "Actividades cumplidas",
        "denominator": "Actividades programadas",
        "unit": "%",
        "frequency": "trimestral",
        "direction": "mayor",
    }
    created = client.post("/api/v1/indicators/", body, format="json")
    assert created.status_code == 201, created.content
    return created.json()["id"]


def test_targets_and_measurements_are_recorded_corrected_and_deleted(world, api, ops):
    planner = api(world.head_planner)
    indicator_id = _indicator(planner, world)
    target = planner.post(
        f"/api/v1/indicators/{indicator_id}/targets/", {"period": "2027-T1", "value": "80,5"}, format="json"
    )
    assert target.status_code == 200, target.content
    assert target.json() == {"period": "2027-T1", "value": "80.50"}
    saved = IndicatorTarget.objects.get(indicator_id=indicator_id)
    assert LogEntry.objects.get_for_object(saved).filter(actor=world.head_planner).exists()
    measured = planner.post(
        "/api/v1/indicator-measurements/",
        {
            "indicator": indicator_id,
            "period": "2027-t1",
            "numerator_value": 3,
            "denominator_value": "4",
            "evidence_url": "https://example.gov.co/acta.pdf",
        },
        format="json",
    )
    assert measured.status_code == 201, measured.content
    measurement_id = measured.json()["id"]
    assert measured.json()["period"] == "2027-T1" and measured.json()["value"] == "75.00"
    assert len(measured.json()["evidence"]) == 1
    again = planner.post(
        "/api/v1/indicator-measurements/", {"indicator": indicator_id, "period": "2027-T1", "value": 1}
    )
    assert again.status_code == 409 and "Corregir" in again.json()["error"]["message"]
    corrected = planner.post(
        f"/api/v1/indicator-measurements/{measurement_id}/correct/",
        {"value": "76,5", "reason": "Se contó mal una actividad"},
        format="json",
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["value"] == "76.50"
    shown = planner.get(f"/api/v1/indicators/{indicator_id}/").json()
    assert shown["targets"] == [{"period": "2027-T1", "value": "80.50"}]
    assert [m["value"] for m in shown["measurements"]] == ["76.50"]
    deleted = planner.delete(
        f"/api/v1/indicator-measurements/{measurement_id}/", {"reason": "Periodo equivocado"}, format="json"
    )
    assert deleted.status_code == 204, deleted.content
    assert not IndicatorMeasurement.objects.filter(pk=measurement_id).exists()
    events = DomainEvent.objects.filter(actor=world.head_planner)
    assert events.filter(verb="medición registrada").exists()
    assert events.filter(verb="medición corregida", description__contains="Se contó mal").exists()
    assert events.filter(verb="medición eliminada", description__contains="Periodo equivocado").exists()


def test_measurement_writes_are_scoped_need_the_role_and_refuse_bad_input(world, api, ops):
    planner = api(world.head_planner)
    indicator_id = _indicator(planner, world)
    measured = planner.post(
        "/api/v1/indicator-measurements/", {"indicator": indicator_id, "period": "2027-T2", "value": 50}
    )
    assert measured.status_code == 201, measured.content
    measurement_id = measured.json()["id"]
    body = {"indicator": indicator_id, "period": "2027-T3", "value": 10}
    outsider, control = api(world.outsider), api(world.control)
    assert outsider.post("/api/v1/indicator-measurements/", body, format="json").status_code == 404
    assert outsider.get(f"/api/v1/indicator-measurements/{measurement_id}/").status_code == 404
    assert (
        outsider.post(
            f"/api/v1/indicators/{indicator_id}/targets/", {"period": "2027-T1", "value": 1}
        ).status_code
        == 404
    )
    assert control.get(f"/api/v1/indicator-measurements/{measurement_id}/").status_code == 200
    assert control.post("/api/v1/indicator-measurements/", body, format="json").status_code == 403
    assert (
        control.post(
            f"/api/v1/indicators/{indicator_id}/targets/", {"period": "2027-T1", "value": 1}
        ).status_code
        == 403
    )
    fix = {"value": 1, "reason": "x"}
    assert control.post(f"/api/v1/indicator-measurements/{measurement_id}/correct/", fix).status_code == 403
    assert (
        control.delete(f"/api/v1/indicator-measurements/{measurement_id}/", {"reason": "x"}).status_code
        == 403
    )
    # Bad input: a period of another frequency, a negative value, a zero denominator, no reason.
    monthly = planner.post("/api/v1/indicator-measurements/", {**body, "period": "2027-03"}, format="json")
    assert monthly.status_code == 400 and "no es un periodo válido" in str(monthly.json()["error"]["details"])
    negative = planner.post("/api/v1/indicator-measurements/", {**body, "value": "-2"}, format="json")
    assert negative.status_code == 400
    zero = planner.post(
        "/api/v1/indicator-measurements/",
        {**body, "value": None, "numerator_value": 1, "denominator_value": 0},
        format="json",
    )
    assert zero.status_code == 400 and "cero" in str(zero.json()["error"]["details"])
    no_reason = planner.post(f"/api/v1/indicator-measurements/{measurement_id}/correct/", {"value": 9})
    assert no_reason.status_code == 400
    blank_reason = planner.delete(
        f"/api/v1/indicator-measurements/{measurement_id}/", {"reason": " "}, format="json"
    )
    assert blank_reason.status_code == 400 and "reason" in blank_reason.json()["error"]["details"]
    bad_target = planner.post(f"/api/v1/indicators/{indicator_id}/targets/", {"period": "2027", "value": 5})
    assert bad_target.status_code == 400
    assert [str(m.value) for m in IndicatorMeasurement.objects.filter(indicator_id=indicator_id)] == ["50.00"]
    assert not IndicatorTarget.objects.filter(indicator_id=indicator_id).exists()
