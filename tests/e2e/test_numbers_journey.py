"""Acceptance of issue 11.1/11.2 in a real browser with the es-CO locale: "1.250,5" typed in every kind of
numeric input is stored as 1250.5 and shown back as "1.250,5"; ambiguous text is refused in Spanish; a
measurement is corrected with a reason."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from mipg.catalog.selectors import current_policies
from mipg.measurement.questionnaires.demo import load_libraries
from mipg.measurement.questionnaires.models import Answer, Question, Questionnaire
from mipg.measurement.questionnaires.services import campaign_create
from mipg.operation import services
from mipg.operation.models import Activity, Indicator
from tests.operation.conftest import ops  # noqa: F401  (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TYPED = "1.250,5"
STORED = Decimal("1250.5")


def test_es_co_numbers_in_every_numeric_input(page, sign_in, world, ops):  # noqa: F811
    sign_in("head_planner")

    # 1. an indicator: baseline, target and measurement
    page.goto("/operacion/indicadores/nuevo/")
    page.get_by_label("Vigencia").fill("2026")
    page.get_by_label("Nombre").fill("Personas atendidas")
    page.get_by_label("Numerador (descripción)").fill("Personas atendidas en el periodo")
    page.get_by_label("Unidad").fill("personas")
    page.get_by_label("Frecuencia").select_option(label="Trimestral")
    page.get_by_label("Línea base").fill(TYPED)
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Personas atendidas")).to_be_visible()
    indicator = Indicator.objects.get(name="Personas atendidas")
    assert indicator.baseline == STORED
    expect(page.locator("dd", has_text=TYPED)).to_be_visible()

    target = page.locator("form", has=page.get_by_role("button", name="Guardar meta"))
    target.get_by_label("Periodo de la meta").select_option(label="trimestre 1 de 2026")
    target.get_by_role("textbox", name="Meta").fill(TYPED)
    target.get_by_role("button", name="Guardar meta").click()
    measurement = page.locator("form", has=page.get_by_role("button", name="Guardar medición"))
    measurement.get_by_label("Periodo medido").select_option(label="trimestre 1 de 2026")
    measurement.get_by_label("Resultado (si no usa numerador y denominador)").fill("1,250.5")
    measurement.get_by_role("button", name="Guardar medición").click()
    expect(page.locator("#id_m-value_error").get_by_text("«1,250.5» no es un número válido")).to_be_visible()
    measurement = page.locator("form", has=page.get_by_role("button", name="Guardar medición"))
    measurement.get_by_label("Periodo medido").select_option(label="trimestre 1 de 2026")
    measurement.get_by_label("Resultado (si no usa numerador y denominador)").fill(TYPED)
    measurement.get_by_role("button", name="Guardar medición").click()
    expect(page.get_by_text("Se guardó.")).to_be_visible()
    row = page.get_by_role("row", name="trimestre 1 de 2026")
    expect(row.get_by_role("cell").nth(0)).to_have_text(TYPED)
    expect(row.get_by_role("cell").nth(1)).to_have_text(TYPED)
    assert indicator.targets.get().value == STORED and indicator.measurements.get().value == STORED

    # the measurement is corrected with a reason
    row.get_by_role("link", name="Corregir").click()
    page.get_by_label("Resultado (si no usa numerador y denominador)").fill("1.300")
    page.get_by_label("Motivo de la corrección").fill("Error de digitación")
    page.get_by_role("button", name="Guardar la corrección").click()
    expect(page.get_by_text("Se corrigió la medición.")).to_be_visible()
    expect(page.get_by_role("row", name="trimestre 1 de 2026").get_by_role("cell").nth(1)).to_have_text(
        "1.300"
    )

    # 2. a questionnaire numeric answer
    load_libraries(world.admin)
    campaign = campaign_create(
        user=world.head_planner,
        questionnaire=Questionnaire.objects.get(builtin_code="furag-demo-2025"),
        entity=world.head,
        vigencia=2025,
        deadline=date(2025, 12, 1),
    )
    answer = Answer.objects.get(campaign=campaign, question__code="DTH130")
    # DTH130 counts people: decimals are refused
    page.goto(f"/medicion/cuestionarios/respuestas/{answer.pk}/")
    page.get_by_label("Valor numérico").fill(TYPED)
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.get_by_text("Escriba un número entero, sin decimales.")).to_be_visible()
    # the same question about an amount takes decimals
    Question.objects.filter(pk=answer.question_id).update(whole_number=False)
    page.goto(f"/medicion/cuestionarios/respuestas/{answer.pk}/")
    page.get_by_label("Valor numérico").fill(TYPED)
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.get_by_text("Respuesta guardada.")).to_be_visible()
    expect(page.get_by_label("Valor numérico")).to_have_value(TYPED)
    answer.refresh_from_db()
    assert answer.number == STORED

    # 3. an activity's weight (a percentage: at most 100) in a plan in formulación
    plan = services.plan_create(user=world.head_planner, entity=world.head, vigencia=2027)
    goal = services.goal_save(user=world.head_planner, plan=plan, code="M1", name="Meta uno")
    page.goto(f"/operacion/metas/{goal.pk}/actividades/nueva/")
    page.get_by_label("Código").fill("M1.1")
    page.get_by_label("Actividad").fill("Atender a las personas")
    page.get_by_label("Dependencia responsable").select_option(label="Oficina de Planeación")
    page.get_by_label("Fecha de inicio").fill("2027-01-01")
    page.get_by_label("Fecha de fin").fill("2027-06-30")
    page.get_by_label("Política").select_option(value=str(current_policies().get(code="POL01").pk))
    page.get_by_label("Peso en la meta (%)").fill(TYPED)
    page.get_by_role("button", name="Guardar").click()
    expect(page.locator(".errorlist").get_by_text("El valor debe ser menor o igual a 100.")).to_be_visible()
    page.get_by_label("Peso en la meta (%)").fill("12,5")
    page.get_by_role("button", name="Guardar").click()
    activity = Activity.objects.get(goal=goal)
    assert activity.weight == Decimal("12.5")
    page.goto(f"/operacion/actividades/{activity.pk}/editar/")
    expect(page.get_by_label("Peso en la meta (%)")).to_have_value("12,5")
