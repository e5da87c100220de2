import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mipg.core.imports import ImportRejected
from mipg.core.models import DomainEvent, Evidence
from mipg.measurement.results.models import Finding, ImprovementAction, ImprovementPlan, Recommendation
from mipg.measurement.results.samples import recommendations_workbook
from mipg.measurement.results.services import (
    action_verify,
    actions_from_recommendations,
    finding_close,
    finding_open,
    plan_create,
    progress_report,
    recommendations_import,
)
from tests.factories import minimal_pdf

ROWS = [
    ("POL07", "Implementar el plan de transformación digital.", ""),
    ("Compras y Contratación Pública", "Publicar el plan anual de adquisiciones.", "POL03"),
    ("pol8", "Actualizar el inventario de activos de información.", ""),
]


@pytest.fixture
def child_control(world):
    from mipg.organizations.roles import Role
    from tests.factories import UserFactory, grant

    user = UserFactory(username="child_control")
    grant(user, world.child, Role.INTERNAL_CONTROL)
    return user


@pytest.fixture
def recommendations(world, results_admin):
    return recommendations_import(
        user=results_admin, entity=world.child, vigencia=2024, file=recommendations_workbook(ROWS)
    )


def test_recommendations_import_by_code_or_name(recommendations):
    assert [r.policy.code for r in recommendations] == ["POL07", "POL05", "POL08"]
    assert recommendations[1].related_policy.code == "POL03"
    assert all(r.status == Recommendation.Status.PENDING for r in recommendations)


def test_unknown_policy_is_rejected_with_row_and_column_and_nothing_changes(
    world, recommendations, results_admin
):
    bad = recommendations_workbook(
        [("POL07", "Una", ""), ("POL99", "Otra", ""), ("POL01", "Tercera", "POL77")]
    )
    with pytest.raises(ImportRejected) as error:
        recommendations_import(user=results_admin, entity=world.child, vigencia=2024, file=bad, replace=True)
    text = "; ".join(str(p) for p in error.value.problems)
    assert "fila 5, columna «Política»: La política «POL99» no existe en el catálogo MIPG" in text
    assert "columna «Política relacionada»" in text
    assert list(Recommendation.objects.order_by("pk")) == recommendations


def test_recommendations_page_upload_shows_spanish_errors(world, login, recommendations, results_admin):
    client = login(results_admin)
    upload = SimpleUploadedFile("r.xlsx", recommendations_workbook([("POL99", "X", "")]))
    response = client.post(
        "/medicion/resultados/recomendaciones/importar/",
        {"file": upload, "vigencia": "2024", "entity": world.child.pk},
    )
    assert "no existe en el catálogo MIPG" in response.content.decode()
    assert Recommendation.objects.count() == 3


@pytest.mark.parametrize("who", ["outsider", "child_planner", "sector_planner", "control"])
def test_only_the_results_administrator_imports_recommendations(world, who):
    """Recommendations are Función Pública's data: not even the entity's own planning office loads them."""
    with pytest.raises(PermissionDenied):
        recommendations_import(
            user=getattr(world, who), entity=world.child, vigencia=2024, file=recommendations_workbook(ROWS)
        )
    assert Recommendation.objects.count() == 0


def _plan(world):
    return plan_create(user=world.child_planner, entity=world.child, name="Plan 2025", vigencia=2024)


def test_full_cycle_from_recommendation_to_closure(world, recommendations, child_control):
    plan = _plan(world)
    actions = actions_from_recommendations(
        user=world.child_planner,
        plan=plan,
        recommendations=recommendations[:2],
        start_date=date(2025, 2, 1),
        due_date=date(2025, 6, 30),
        responsible="Oficina de Planeación",
    )
    assert len(actions) == 2
    assert Finding.objects.filter(plan=plan, origin=Finding.Origin.FURAG).count() == 2
    recommendations[0].refresh_from_db()
    assert recommendations[0].status == Recommendation.Status.IN_ACTION
    action = actions[0]
    from mipg.core.services import evidence_create, evidence_verify

    evidence = evidence_create(
        user=world.child_planner, entity=world.child, title="Plan", url="https://x.gov.co/p"
    )
    progress_report(user=world.child_planner, action=action, percent=100, note="Hecho", evidence=[evidence])
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.COMPLETED
    assert list(action.evidence.all()) == [evidence]
    with pytest.raises(PermissionDenied):  # only control interno verifies
        action_verify(user=world.child_planner, action=action, effective=True)
    with pytest.raises(ValidationError):
        action_verify(user=child_control, action=action, effective=False, note="")
    evidence_verify(user=child_control, evidence=evidence, verified=True)
    action_verify(user=child_control, action=action, effective=True, note="Eficaz")
    finding = action.finding
    finding_close(user=world.child_planner, finding=finding)
    recommendations[0].refresh_from_db()
    assert recommendations[0].status == Recommendation.Status.DONE
    with pytest.raises(ValidationError):  # the other finding's action is not verified
        finding_close(user=world.child_planner, finding=actions[1].finding)


def test_bad_action_input_changes_nothing(world, recommendations):
    plan = _plan(world)
    with pytest.raises(ValidationError):
        actions_from_recommendations(
            user=world.child_planner,
            plan=plan,
            recommendations=recommendations,
            start_date=date(2025, 6, 1),
            due_date=date(2025, 1, 1),
        )
    assert ImprovementAction.objects.count() == 0 and Finding.objects.count() == 0
    with pytest.raises(PermissionDenied):
        actions_from_recommendations(
            user=world.reader,
            plan=plan,
            recommendations=recommendations,
            start_date=date(2025, 1, 1),
            due_date=date(2025, 6, 1),
        )


def test_foreign_plan_answers_404_in_pages_and_api(world, login, api):
    plan = _plan(world)
    assert login(world.outsider).get(f"/medicion/resultados/planes/{plan.pk}/").status_code == 404
    response = api(world.outsider).get(f"/api/v1/improvement-plans/{plan.pk}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert api(world.outsider).get("/api/v1/improvement-plans/").json()["count"] == 0
    assert api(world.sector_planner).get(f"/api/v1/improvement-plans/{plan.pk}/").status_code == 200


def test_plan_pages_by_role(world, login, recommendations):
    plan = _plan(world)
    reader_client = login(world.reader)  # consulta over the head only: the child's plan is foreign
    assert reader_client.get(f"/medicion/resultados/planes/{plan.pk}/").status_code == 404
    client = login(world.child_planner)
    response = client.post(
        "/medicion/resultados/recomendaciones/acciones/",
        {
            "recommendations": [r.pk for r in recommendations],
            "plan": plan.pk,
            "start_date": "2025-01-01",
            "due_date": "2025-12-31",
        },
    )
    assert response.status_code == 302
    assert ImprovementAction.objects.count() == 3
    action = ImprovementAction.objects.first()
    upload = SimpleUploadedFile("avance.pdf", minimal_pdf(), "application/pdf")
    response = client.post(
        f"/medicion/resultados/acciones/{action.pk}/",
        {
            "avance-percent": "100",
            "avance-note": "Listo",
            "avance-evidence_title": "Soporte",
            "avance-evidence_file": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Evidence.objects.filter(entity=world.child).count() == 1
    # the planner cannot verify; control interno of the head cannot see the child's action
    assert (
        client.post(f"/medicion/resultados/acciones/{action.pk}/", {"verif-effective": "1"}).status_code
        == 403
    )
    assert login(world.control).get(f"/medicion/resultados/acciones/{action.pk}/").status_code == 404
    client = login(world.child_planner)
    assert client.get(f"/medicion/resultados/planes/{plan.pk}/?export=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_plan_list_query_count_is_bounded(world, login, django_assert_max_num_queries, recommendations):
    client = login(world.child_planner)
    plan = _plan(world)
    with django_assert_max_num_queries(12):
        assert client.get("/medicion/resultados/planes/").status_code == 200
    for _index in range(5):
        _plan(world)
    actions_from_recommendations(
        user=world.child_planner,
        plan=plan,
        recommendations=recommendations,
        start_date=date(2025, 1, 1),
        due_date=date(2025, 2, 1),
    )
    with django_assert_max_num_queries(12):
        assert client.get("/medicion/resultados/planes/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/medicion/resultados/planes/{plan.pk}/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/medicion/resultados/recomendaciones/").status_code == 200
    assert ImprovementPlan.objects.count() == 6
    assert io  # keep import


def test_finding_open_is_the_one_entry_point_for_pages_and_control(world, login, child_control):
    """The results page and control interno open findings through `finding_open`: same rules, same event."""
    plan = _plan(world)
    response = login(world.child_planner).post(
        f"/medicion/resultados/planes/{plan.pk}/",
        {"origin": "contraloria", "description": "  Pagos sin soporte  ", "cause": ""},
    )
    assert response.status_code == 302
    by_page = Finding.objects.get(plan=plan)
    assert by_page.description == "Pagos sin soporte"
    by_control = finding_open(
        user=child_control,
        entity=world.child,
        vigencia=2025,
        origin=Finding.Origin.INTERNAL_AUDIT,
        description="Contratos sin supervisor",
    )
    assert by_control.plan.name == "Plan de mejoramiento de control interno 2025"
    assert by_control.plan.entity == world.child
    events = DomainEvent.objects.filter(verb="hallazgo registrado").order_by("pk")
    assert [(e.object_id, e.entity_id) for e in events] == [
        (str(by_page.pk), world.child.pk),
        (str(by_control.pk), world.child.pk),
    ]
    # control interno opens only findings of its own origins, and only in its entity
    with pytest.raises(PermissionDenied):
        finding_open(user=child_control, plan=plan, origin=Finding.Origin.FURAG, description="x")
    with pytest.raises(PermissionDenied):
        finding_open(
            user=world.control, entity=world.other, vigencia=2025, origin="auditoria_interna", description="x"
        )
    # without a plan only control origins have a default plan; an empty finding is refused
    with pytest.raises(ValidationError):
        finding_open(
            user=world.child_planner, entity=world.child, vigencia=2025, origin="otro", description="x"
        )
    with pytest.raises(ValidationError):
        finding_open(user=child_control, plan=plan, origin="seguimiento_riesgos", description="  ")
    assert Finding.objects.filter(plan__entity=world.child).count() == 2
