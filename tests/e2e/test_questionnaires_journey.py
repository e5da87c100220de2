"""Planning assigns two modules to a dependencia, its user answers with evidence, planning reviews,
control interno verifies; progress and the internal estimate update."""

from datetime import date

import pytest
from playwright.sync_api import expect

from mipg.measurement.questionnaires.demo import load_libraries
from mipg.measurement.questionnaires.models import Answer, Campaign, Questionnaire
from mipg.measurement.questionnaires.services import campaign_create
from mipg.organizations.roles import Role
from tests.factories import DependenciaFactory, PersonFactory, UserFactory, grant, minimal_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(world):
    load_libraries(world.admin)
    furag = Questionnaire.objects.get(builtin_code="furag-demo-2025")
    campaign = campaign_create(
        user=world.head_planner,
        questionnaire=furag,
        entity=world.head,
        vigencia=2025,
        deadline=date(2099, 12, 1),
    )
    dependencia = DependenciaFactory(entity=world.head, name="Dirección de Talento Humano")
    respondent = UserFactory(username="respondent")
    grant(respondent, world.head, Role.POLICY_LEADER)
    PersonFactory(entity=world.head, full_name="Marta Gil", dependencia=dependencia, user=respondent)
    return campaign


def sign_out(page):
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("heading", name="Ingresar al Gestor MIPG")).to_be_visible()


def test_campaign_journey(world, setup, page, sign_in, tmp_path):
    campaign = setup
    # planning assigns two modules to the dependencia
    sign_in("head_planner")
    page.goto("/medicion/cuestionarios/")
    page.get_by_role("link", name="FURAG de demostración (2025 - orden nacional)").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("FURAG de demostración")
    page.get_by_role("link", name="Asignar preguntas").click()
    page.get_by_label("Talento humano").check()
    page.get_by_label("Planeación institucional").check()
    page.get_by_label("Dependencia").select_option(label="Dirección de Talento Humano")
    page.get_by_role("button", name="Asignar").click()
    expect(page.get_by_text("7 preguntas asignadas.")).to_be_visible()
    expect(page.locator("#by-dependencia")).to_contain_text("Dirección de Talento Humano")
    sign_out(page)

    # the dependencia's user answers with evidence
    sign_in("respondent")
    page.goto(f"/medicion/cuestionarios/campanas/{campaign.pk}/preguntas/")
    page.get_by_label("Solo las asignadas a mí").check()
    page.get_by_role("button", name="Filtrar").click()
    page.get_by_role("link", name="DTH100").click()
    page.get_by_label("Parcialmente").check()
    page.get_by_label("Justificación").fill("Plan en revisión del comité.")
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.get_by_text("Respuesta guardada.")).to_be_visible()
    expect(page.locator("#answer-score")).to_have_text("50,0")
    # change it: "Sí"
    page.get_by_label("Sí", exact=True).check()
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.locator("#answer-score")).to_have_text("100,0")
    pdf = tmp_path / "plan-talento-humano.pdf"
    pdf.write_bytes(minimal_pdf())
    page.get_by_label("Título").fill("Plan estratégico de talento humano")
    page.get_by_label("Archivo (PDF, documento de oficina o imagen)").set_input_files(str(pdf))
    page.get_by_role("button", name="Adjuntar evidencia").click()
    expect(page.locator("#answer-evidence")).to_contain_text("Plan estratégico de talento humano")
    # the next question is now enabled; an exclusive option clears the others
    page.get_by_role("link", name="Pregunta siguiente").click()
    expect(page.get_by_role("heading", name="DTH110")).to_be_visible()
    page.get_by_label("Plan de capacitación").check()
    page.get_by_label("Ninguna de las anteriores").check()
    expect(page.get_by_label("Plan de capacitación")).not_to_be_checked()
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.locator("#answer-score")).to_have_text("0,0")
    # a question of a module not assigned to her cannot be answered
    other = Answer.objects.get(campaign=campaign, question__code="DCI300")
    page.goto(f"/medicion/cuestionarios/respuestas/{other.pk}/")
    expect(page.get_by_role("button", name="Guardar respuesta")).to_have_count(0)
    sign_out(page)

    # planning reviews
    answer = Answer.objects.get(campaign=campaign, question__code="DTH100")
    sign_in("head_planner")
    page.goto(f"/medicion/cuestionarios/respuestas/{answer.pk}/")
    page.get_by_role("button", name="Marcar como revisada").click()
    expect(page.locator("#answer-status")).to_have_text("Revisada por planeación")
    sign_out(page)

    # control interno verifies
    sign_in("control")
    page.goto(f"/medicion/cuestionarios/respuestas/{answer.pk}/")
    expect(page.get_by_role("button", name="Guardar respuesta")).to_have_count(0)
    page.get_by_role("button", name="Verificar (control interno)").click()
    expect(page.locator("#answer-status")).to_have_text("Verificada por control interno")

    # progress and the internal estimate
    page.goto(f"/medicion/cuestionarios/campanas/{campaign.pk}/")
    expect(page.locator("#total-estimate")).to_have_text("50,0")
    expect(page.locator("#total-progress")).to_contain_text("22 % (2/9)")
    expect(page.get_by_text("no es el índice oficial").first).to_be_visible()
    expect(page.locator("#status-counts td").nth(3)).to_have_text("1")
    assert Campaign.objects.count() == 1
