"""Improvement actions created from recommendations through the API (issue 13 item 2): one finding and one
action per pending recommendation of the plan's entity, all or nothing, as on the recommendations page;
another entity's user gets 404, control interno 403, bad input 400 with nothing created."""

from mipg.core.models import DomainEvent
from mipg.measurement.results.models import Finding, ImprovementAction, Recommendation
from mipg.measurement.results.samples import recommendations_workbook
from mipg.measurement.results.services import plan_create, recommendations_import
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant

ROWS = [
    ("POL07", "Implementar el plan de transformación digital.", ""),
    ("POL05", "Adoptar el código de integridad.", ""),
]


def _setup(world, results_admin):
    recommendations = recommendations_import(
        user=results_admin, entity=world.child, vigencia=2024, file=recommendations_workbook(ROWS)
    )
    plan = plan_create(user=world.child_planner, entity=world.child, name="Plan FURAG 2024")
    return recommendations, plan


def test_actions_from_recommendations_through_the_api(world, api, results_admin):
    recommendations, plan = _setup(world, results_admin)
    response = api(world.child_planner).post(
        f"/api/v1/improvement-plans/{plan.pk}/from-recommendations/",
        {
            "recommendations": [r.pk for r in recommendations],
            "start_date": "2025-02-01",
            "due_date": "2025-11-30",
            "responsible": "Oficina TIC",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    findings = response.json()["findings"]
    assert [f["origin"] for f in findings] == ["furag", "furag"]
    assert all(f["actions"][0]["responsible"] == "Oficina TIC" for f in findings)
    assert set(Recommendation.objects.values_list("status", flat=True)) == {"in_action"}
    assert DomainEvent.objects.filter(
        verb="acciones creadas desde recomendaciones", actor=world.child_planner
    ).exists()


def test_actions_from_recommendations_are_scoped_need_the_role_and_refuse_bad_input(
    world, api, results_admin
):
    recommendations, plan = _setup(world, results_admin)
    url = f"/api/v1/improvement-plans/{plan.pk}/from-recommendations/"
    body = {"recommendations": [recommendations[0].pk], "start_date": "2025-02-01", "due_date": "2025-11-30"}
    assert api(world.outsider).post(url, body, format="json").status_code == 404
    child_control = UserFactory(username="child_control")
    grant(child_control, world.child, Role.INTERNAL_CONTROL)
    assert api(child_control).post(url, body, format="json").status_code == 403
    planner = api(world.child_planner)
    backwards = planner.post(url, {**body, "due_date": "2025-01-01"}, format="json")
    assert backwards.status_code == 400, backwards.content
    unknown = planner.post(url, {**body, "recommendations": [recommendations[0].pk, 10**9]}, format="json")
    assert unknown.status_code == 400 and "recommendations" in unknown.json()["error"]["details"]
    empty = planner.post(url, {**body, "recommendations": []}, format="json")
    assert empty.status_code == 400
    assert not Finding.objects.exists() and not ImprovementAction.objects.exists()
    assert set(Recommendation.objects.values_list("status", flat=True)) == {"pending"}
