"""Acceptance of Operación: planeación imports the action plan from xlsx and approves it, a policy leader
reports quarterly progress with a PDF, planeación approves the report, the dashboard shows the new progress
and traffic light, and the other entity's users never see the plan."""

import re

import pytest
from playwright.sync_api import expect

from mipg.catalog.selectors import current_policies
from mipg.core.xlsx import build_workbook
from mipg.operation import services
from mipg.operation.models import ActionPlan
from mipg.operation.selectors import current_vigencia
from mipg.operation.services.xlsx_import import HEADERS, SHEET
from tests.operation.conftest import PDF, ops, plan_rows  # noqa: F401  (ops is a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def files(tmp_path, ops):  # noqa: F811
    vigencia = current_vigencia()
    workbook = tmp_path / "plan-de-accion.xlsx"
    workbook.write_bytes(build_workbook([(SHEET, HEADERS, plan_rows(goals=2, activities=3, year=vigencia))]))
    pdf = tmp_path / "informe-trimestral.pdf"
    pdf.write_bytes(PDF)
    for policy in current_policies():
        services.leadership_save(
            user=ops.world.head_planner,
            entity=ops.world.head,
            vigencia=vigencia,
            policy=policy,
            leading_dependencia=ops.planning,
            leader=ops.leader_person,
        )
    return {"xlsx": str(workbook), "pdf": str(pdf), "vigencia": vigencia}


def sign_out(page):
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("heading", name="Ingresar al Gestor MIPG")).to_be_visible()


def test_import_report_approve_and_dashboard(page, sign_in, world, ops, files):  # noqa: F811
    # 1. planeación imports the action plan from Excel and puts it in execution
    sign_in("head_planner")
    page.get_by_role("navigation", name="Navegación principal").get_by_role("link", name="Operación").click()
    expect(page.get_by_role("heading", name="Operación", exact=True)).to_be_visible()
    page.get_by_role("link", name="Importar el plan desde Excel").click()
    expect(page.get_by_role("link", name="Descargue la plantilla")).to_be_visible()
    page.get_by_label("Vigencia").fill(str(files["vigencia"]))
    page.get_by_label("Libro de Excel (.xlsx) con el plan de acción").set_input_files(files["xlsx"])
    page.get_by_role("button", name="Importar").click()
    expect(page.get_by_text("Se importó el plan de acción: 2 metas y 6 actividades.")).to_be_visible()
    expect(page.get_by_role("link", name="Descargar plantilla")).to_be_visible()
    expect(page.get_by_role("link", name="Importar desde Excel")).to_be_visible()
    page.get_by_role("button", name="Aprobar: poner en ejecución").click()
    expect(page.get_by_text("El plan quedó «En ejecución».")).to_be_visible()
    sign_out(page)

    # 2. the policy leader reports quarterly progress with a PDF as evidence
    sign_in("lider")
    page.goto("/operacion/plan/")
    page.get_by_role("link", name="M1.1 Actividad 1.1").click()
    expect(page.get_by_role("link", name="Descargar plantilla")).to_have_count(0)
    page.get_by_label("Periodo:", exact=True).select_option("T1")
    page.get_by_label("Avance acumulado (%)").fill("140")
    page.get_by_label("Lo realizado en el periodo").fill("Se formuló y socializó el plan de trabajo.")
    page.get_by_label("Evidencia: archivo").set_input_files(files["pdf"])
    page.get_by_role("button", name="Enviar reporte").click()
    # a validation error keeps what was typed and asks for the file again
    expect(page.locator(".errorlist").first).to_contain_text("El avance no puede superar el 100 %.")
    expect(page.locator(".errorlist").get_by_text("vuelva a elegir el archivo de evidencia")).to_be_visible()
    # ... and the error summary at the top links to the field
    expect(page.locator(".error-summary").get_by_role("link", name="Evidencia: archivo")).to_be_visible()
    expect(page.get_by_label("Lo realizado en el periodo")).to_have_value(
        "Se formuló y socializó el plan de trabajo."
    )
    expect(page.get_by_label("Periodo:", exact=True)).to_have_value("T1")
    page.get_by_label("Avance acumulado (%)").fill("40")
    page.get_by_label("Evidencia: archivo").set_input_files(files["pdf"])
    page.get_by_role("button", name="Enviar reporte").click()
    expect(page.locator(".messages .msg-success")).to_have_text(
        "Se envió el reporte de avance para revisión de planeación."
    )
    expect(page.locator(".errorlist")).to_have_count(0)
    expect(page.get_by_role("link", name="informe-trimestral.pdf")).to_be_visible()
    sign_out(page)

    # 3. planeación approves it from the queue of pending reports
    sign_in("head_planner")
    page.goto("/operacion/reportes/")
    page.get_by_role("link", name="M1.1 Actividad 1.1").click()
    page.get_by_label("Decisión").select_option("approve")
    page.get_by_role("button", name="Registrar revisión").click()
    expect(page.get_by_text("El reporte quedó «Aprobado».")).to_be_visible()
    expect(page.locator("#activity-progress")).to_have_text("40,0 %")
    # the approved period is locked: it is no longer offered in the report form
    expect(page.locator("select[name=period] option[value=T1]")).to_have_count(0)
    expect(page.locator("select[name=period] option[value=T2]")).to_have_count(1)

    # 4. the dashboard shows the new progress (weight 33 of goal M1, one of two goals) and the traffic light
    page.get_by_role("link", name="Tablero", exact=True).first.click()
    expect(page.locator("#plan-progress")).to_have_text("6,6 %")
    expect(page.locator("#plan-light .status")).to_have_text(re.compile("Al día|En riesgo|Atrasado"))
    expect(page.get_by_role("table").first).to_contain_text("Avance (%)")
    sign_out(page)

    # 5. the hospital (another entity) never sees the ministry's plan
    plan = ActionPlan.objects.get(entity=world.head)
    sign_in("child_planner")
    response = page.goto(f"/operacion/planes/{plan.pk}/")
    assert response.status == 404
    page.goto("/operacion/plan/")
    expect(page.get_by_text("La entidad no tiene plan de acción para esta vigencia.")).to_be_visible()
    page.goto("/operacion/tablero/sector/")
    expect(page.get_by_text("Ministerio de Prueba")).to_have_count(0)


def test_plan_built_from_pages_then_approved(page, sign_in, world, ops):  # noqa: F811
    """Planeación creates next year's plan on a page, adds a goal and its activity one by one, removes a
    wrong one, and approves the plan."""
    from mipg.catalog.selectors import policy_by_code

    vigencia = current_vigencia() + 1
    sign_in("head_planner")
    page.goto(f"/operacion/plan/?vigencia={vigencia}")
    page.get_by_role("link", name="Crear el plan en la página").click()
    page.get_by_label("Vigencia").fill(str(vigencia))
    page.get_by_role("button", name="Crear el plan").click()
    expect(
        page.get_by_text(f"Se creó el plan «Plan de Acción {vigencia}». Agregue sus metas.")
    ).to_be_visible()

    page.get_by_role("link", name="Agregar meta").click()
    page.get_by_label("Código").fill("M1")
    page.get_by_label("Meta", exact=False).first.fill("Modernizar el archivo")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Se guardó la meta.")).to_be_visible()

    for code, weight in (("M1.1", "100"), ("M1.2", "50")):
        page.get_by_role("link", name="Agregar actividad").click()
        page.get_by_label("Código").fill(code)
        page.get_by_label("Actividad", exact=False).first.fill(f"Actividad {code}")
        page.get_by_label("Dependencia responsable").select_option(str(ops.planning.pk))
        page.get_by_label("Fecha de inicio").fill(f"{vigencia}-02-01")
        page.get_by_label("Fecha de fin").fill(f"{vigencia}-11-30")
        page.get_by_label("Peso en la meta (%)").fill(weight)
        page.get_by_label("Política").select_option(str(policy_by_code("POL16").pk))
        page.get_by_role("button", name="Guardar").click()
        expect(page.get_by_text(f"Se agregó la actividad {code}.")).to_be_visible()
    expect(page.get_by_text("suman 150 y deben sumar 100")).to_be_visible()

    page.get_by_role("link", name="M1.2 Actividad M1.2").click()
    page.get_by_role("link", name="Eliminar").click()
    page.get_by_role("button", name="Sí, eliminar").click()
    expect(page.get_by_text("Se eliminó la actividad M1.2.")).to_be_visible()
    page.get_by_role("button", name="Aprobar: poner en ejecución").click()
    expect(page.get_by_text("El plan quedó «En ejecución».")).to_be_visible()
    assert (
        ActionPlan.objects.get(entity=world.head, vigencia=vigencia).status == ActionPlan.Status.IN_EXECUTION
    )
