"""The action plan's Excel round trip: template, all-or-nothing import with every error located, export."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from mipg.core.imports import ImportRejected
from mipg.operation import services
from mipg.operation.models import ActionPlan, Activity, Goal
from mipg.operation.services.xlsx_import import HEADERS

from .conftest import plan_rows, xlsx_upload


def problems_of(ops, upload, vigencia=2026):
    with pytest.raises(ImportRejected) as raised:
        services.plan_import(
            user=ops.world.head_planner, entity=ops.world.head, vigencia=vigencia, upload=upload
        )
    return raised.value.problems


def test_template_has_the_exact_columns_and_instructions(login, world):
    response = login(world.head_planner).get("/operacion/plan/plantilla.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Plan de acción", "Instrucciones"]
    assert [c.value for c in workbook["Plan de acción"][1]] == HEADERS
    assert workbook["Instrucciones"].max_row > 5


def test_template_filled_in_imports(ops, login, world):
    response = login(world.head_planner).get("/operacion/plan/plantilla.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Plan de acción"]
    sheet["F2"] = "Secretaría General"
    sheet["J2"] = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=SimpleUploadedFile("plan.xlsx", buffer.getvalue()),
    )
    activity = Activity.objects.get(goal__plan=plan)
    assert activity.policy.code == "POL16" and activity.end_date == date(2026, 6, 30)


def test_import_creates_goals_and_activities(ops):
    plan = services.plan_import(
        user=ops.world.head_planner,
        entity=ops.world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=3, activities=4)),
    )
    assert plan.status == ActionPlan.Status.DRAFT
    assert Goal.objects.filter(plan=plan).count() == 3
    activity = Activity.objects.get(goal__plan=plan, code="M1.1")
    assert activity.responsible_person == ops.leader_person
    assert activity.responsible_dependencia == ops.planning
    assert activity.end_date == date(2026, 12, 31)


def test_missing_columns_are_listed(ops):
    headers = [h for h in HEADERS if h not in ("Peso (%)", "Código política")]
    problems = problems_of(ops, xlsx_upload([], headers=headers))
    assert [(p.row, p.column, p.message) for p in problems] == [
        (1, "Peso (%)", "Falta la columna «Peso (%)»."),
        (1, "Código política", "Falta la columna «Código política»."),
    ]
    assert not ActionPlan.objects.exists()


def test_every_row_error_is_reported_with_row_and_column_and_nothing_is_imported(ops):
    rows = plan_rows(goals=2, activities=2)
    rows[0][11] = "POL99"  # unknown policy
    rows[1][5] = "Dependencia inventada"  # unknown dependencia
    rows[2][7] = "31/02/2026"  # bad date
    rows[3][8] = date(2025, 1, 1)  # end before start
    rows[3][9] = 10  # goal M2 weights add to 60
    problems = problems_of(ops, xlsx_upload(rows))
    found = {(p.sheet, p.row, p.column): p.message for p in problems}
    assert (
        found[("Plan de acción", 2, "Código política")]
        == "«POL99» no es un código de política del catálogo MIPG."
    )
    assert found[("Plan de acción", 3, "Dependencia responsable")] == (
        "La dependencia «Dependencia inventada» no existe en la entidad."
    )
    assert (
        found[("Plan de acción", 4, "Fecha de inicio")]
        == "«31/02/2026» no es una fecha válida (dd/mm/aaaa, entre los años 2000 y 2100)."
    )
    assert found[("Plan de acción", 5, "Fecha de fin")] == "La fecha de fin es anterior a la fecha de inicio."
    assert found[("Plan de acción", 4, "Peso (%)")] == (
        "Los pesos de las actividades de la meta M2 suman 60 y deben sumar 100."
    )
    assert not ActionPlan.objects.exists() and not Activity.objects.exists()


def test_unknown_person_and_duplicated_code(ops):
    rows = plan_rows(goals=1, activities=2)
    rows[0][6] = "Nadie Conocido"
    rows[1][3] = rows[0][3]
    messages = [str(p) for p in problems_of(ops, xlsx_upload(rows))]
    assert any("La persona «Nadie Conocido» no está registrada en la entidad." in m for m in messages)
    assert any("está repetido" in m for m in messages)


def test_dependencias_of_another_entity_are_unknown(ops):
    rows = plan_rows(goals=1, activities=1)
    rows[0][5] = "Dirección del Hospital"  # exists, but in the child entity
    problems = problems_of(ops, xlsx_upload(rows))
    assert problems[0].column == "Dependencia responsable"


def test_a_file_that_is_not_a_workbook_is_rejected(ops):
    problems = problems_of(ops, SimpleUploadedFile("plan.xlsx", b"%PDF-1.4 not a workbook"))
    assert problems[0].message == "El archivo no es un libro de Excel (.xlsx) válido."


def test_reimport_replaces_a_draft_but_failed_import_keeps_it(ops):
    world = ops.world
    plan = services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=2, activities=2)),
    )
    bad = plan_rows(goals=1, activities=1)
    bad[0][11] = "XX"
    problems_of(ops, xlsx_upload(bad))
    assert Activity.objects.filter(goal__plan=plan).count() == 4
    services.plan_import(
        user=world.head_planner,
        entity=world.head,
        vigencia=2026,
        upload=xlsx_upload(plan_rows(goals=1, activities=1)),
    )
    assert Activity.objects.filter(goal__plan=plan).count() == 1


def test_plan_in_execution_is_not_replaced(plan, ops):
    problems = problems_of(ops, xlsx_upload(plan_rows(goals=1, activities=1)))
    assert "ya está en ejecución" in problems[0].message
    assert Activity.objects.filter(goal__plan=plan).count() == 6


def test_upload_page_lists_every_error(ops, login):
    rows = plan_rows(goals=1, activities=2)
    rows[0][11] = "POL99"
    rows[1][5] = "Nada"
    response = login(ops.world.head_planner).post(
        "/operacion/plan/importar/", {"vigencia": 2026, "file": xlsx_upload(rows)}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "No se importó nada" in body and "«POL99» no es un código de política" in body
    assert "La dependencia «Nada» no existe en la entidad." in body
    assert not ActionPlan.objects.exists()


def test_upload_page_imports_and_redirects(ops, login):
    response = login(ops.world.head_planner).post(
        "/operacion/plan/importar/", {"vigencia": 2026, "file": xlsx_upload(plan_rows())}, follow=True
    )
    assert "Se importó el plan de acción: 2 metas y 6 actividades." in response.content.decode()


def test_export_has_plan_progress_and_summary(plan, ops, login):
    response = login(ops.world.control).get(f"/operacion/planes/{plan.pk}/exportar/")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Plan de acción", "Reportes de avance", "Resumen"]
    assert workbook["Plan de acción"].max_row == 7
    assert [c.value for c in workbook["Plan de acción"][1]][: len(HEADERS)] == HEADERS


def test_only_planning_imports(ops, login):
    for user in (ops.world.control, ops.world.reader, ops.leader):
        response = login(user).post(
            "/operacion/plan/importar/", {"vigencia": 2026, "file": xlsx_upload(plan_rows())}
        )
        assert response.status_code == 403
    assert not ActionPlan.objects.exists()
