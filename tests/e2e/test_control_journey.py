"""Acceptance of Control interno: the process leader records a risk and two controls, the heat maps update,
the leader self-assesses a control with evidence, and control interno rates it «no funcionando», which opens
an improvement plan. The other entity's planner never sees the risk."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from mipg.measurement.results.models import Finding
from tests.control.conftest import PDF, ctl  # noqa: F401  (ctl is a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def sign_out(page):
    page.get_by_role("button", name="Salir").click()
    expect(page.get_by_role("heading", name="Ingresar al Gestor MIPG")).to_be_visible()


def residual_cell(page, caption: str, probability: str, column: int):
    table = page.get_by_role("table", name=caption)
    return (
        table.get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=probability, exact=True))
        .locator("td")
        .nth(column)
    )


def test_risk_controls_heat_map_self_assessment_and_finding(page, sign_in, ctl, tmp_path):  # noqa: F811
    evidence = tmp_path / "conciliacion-febrero.pdf"
    evidence.write_bytes(PDF)

    # 1. the process leader records a risk...
    sign_in("lider_proceso")
    page.get_by_role("navigation", name="Navegación principal").get_by_role(
        "link", name="Control interno"
    ).click()
    expect(page.get_by_role("heading", name="Control interno", exact=True)).to_be_visible()
    page.goto("/control-interno/riesgos/?vigencia=2026")
    page.get_by_role("link", name="Nuevo riesgo").click()
    page.get_by_label("Proceso:", exact=True).select_option(label="GF Gestión financiera")
    page.get_by_label("Clase de riesgo").select_option("gestion")
    page.get_by_label("Impacto: qué pasaría").fill("pérdida económica")
    page.get_by_label("Causa inmediata").fill("pagos duplicados")
    page.get_by_label("Causa raíz").fill("conciliación manual de las cuentas")
    page.get_by_label("Probabilidad inherente").select_option("muy_alta")
    page.get_by_label("Impacto inherente").select_option("moderado")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Riesgo R01")).to_be_visible()
    expect(page.get_by_text("Posibilidad de pérdida económica por pagos duplicados")).to_be_visible()

    # ... and two controls; the worksheet shows each step
    for name, kind, implementation in (
        ("Conciliación bancaria automática", "preventivo", "automatico"),
        ("Revisión del supervisor", "detectivo", "manual"),
    ):
        page.get_by_role("link", name="Agregar control").click()
        page.get_by_label("Control:", exact=True).fill(name)
        page.get_by_label("Tipo:", exact=True).select_option(kind)
        page.get_by_label("Implementación:", exact=True).select_option(implementation)
        page.get_by_label("Responsable:", exact=True).select_option(label="Omar Dueño")
        page.get_by_role("button", name="Guardar").click()
        expect(page.get_by_text("el riesgo residual se recalculó")).to_be_visible()
    worksheet = page.get_by_role("table", name="Cálculo paso a paso")
    expect(worksheet).to_contain_text("100,00 × (1 − 50 %) = 50,00 % → Media")
    expect(worksheet).to_contain_text("50,00 × (1 − 30 %) = 35,00 % → Baja")
    expect(worksheet).to_contain_text("Riesgo residual: Baja × Moderado → Moderado")

    # 2. the heat maps update: inherent muy alta × moderado, residual baja × moderado (table and chart)
    page.get_by_role("link", name="Mapas de calor").first.click()
    expect(
        residual_cell(page, "Riesgos por celda del mapa de calor inherente", "Muy alta", 2)
    ).to_contain_text("1")
    expect(residual_cell(page, "Riesgos por celda del mapa de calor residual", "Baja", 2)).to_contain_text(
        "1"
    )
    expect(
        residual_cell(page, "Riesgos por celda del mapa de calor residual", "Muy alta", 2)
    ).to_contain_text("0")
    expect(page.locator("[data-which=residual] canvas")).to_have_count(1)

    # 3. the leader self-assesses the second control with evidence
    page.goto("/control-interno/riesgos/?vigencia=2026")
    page.get_by_role("link", name="R01").click()
    page.get_by_role("row", name=re.compile("Revisión del supervisor")).get_by_role(
        "link", name="Autoevaluar"
    ).click()
    page.get_by_label("¿El control se ejecutó en el periodo?").select_option("1")
    page.get_by_label("Cómo se ejecutó").fill("El supervisor revisó los pagos de febrero.")
    page.get_by_label("Evidencia: archivo").set_input_files(str(evidence))
    page.get_by_role("button", name="Enviar autoevaluación").click()
    expect(page.get_by_text("Se registró la autoevaluación del control.")).to_be_visible()
    sign_out(page)

    # 4. control interno finds it waiting and rates it «no funcionando»: an improvement plan opens
    sign_in("control")
    page.goto("/control-interno/monitoreo/")
    expect(page.get_by_role("heading", name=re.compile("Tercera línea"))).to_contain_text("(1)")
    page.get_by_role("link", name="Evaluar").click()
    expect(page.get_by_role("link", name="Evidencia de Revisión del supervisor")).to_be_visible()
    page.get_by_label("Diseño: ¿el control está presente?").select_option("1")
    page.get_by_label("Ejecución: ¿el control está funcionando?").select_option("0")
    page.get_by_label("Evaluación:", exact=True).fill("Faltan los registros de la revisión de marzo.")
    page.get_by_role("button", name="Registrar evaluación").click()
    expect(page.get_by_text("se abrió un hallazgo en el plan de mejoramiento")).to_be_visible()
    page.get_by_role("link", name="Plan de mejoramiento de control interno 2026").click()
    expect(page.get_by_text("no está funcionando")).to_be_visible()
    assert Finding.objects.get().origin == "seguimiento_riesgos"
    sign_out(page)

    # the other entity's planner does not see the risk
    sign_in("child_planner")
    page.goto("/control-interno/riesgos/?vigencia=2026")
    expect(page.get_by_text("pagos duplicados")).to_have_count(0)


def test_audit_plan_and_signed_evaluation_pdf(page, sign_in, ctl):  # noqa: F811
    from tests.control.conftest import control_committee_decision

    control_committee_decision(ctl.world.head)
    sign_in("control")
    # the Plan Anual de Auditoría with one audit, approved by the control-interno committee
    page.goto("/control-interno/auditoria/?vigencia=2026")
    page.get_by_role("button", name="Crear el plan").click()
    page.get_by_role("link", name="Programar auditoría").click()
    page.get_by_label("Proceso auditado").select_option(label="GF Gestión financiera")
    page.get_by_label("Auditoría:", exact=True).fill("Auditoría a los pagos")
    page.get_by_label("Objetivo").fill("Verificar los soportes de pago.")
    page.get_by_label("Alcance").fill("Primer trimestre.")
    page.get_by_label("Inicio").fill("2026-02-01")
    page.get_by_label("Fin", exact=False).last.fill("2026-03-31")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_role("heading", name="Auditoría a los pagos")).to_be_visible()
    page.get_by_label("Tipo de hallazgo").select_option("no_conformidad")
    page.get_by_label("Hallazgo:", exact=True).fill("Pagos sin soporte completo.")
    page.get_by_role("button", name="Registrar hallazgo").click()
    expect(page.get_by_text("se abrió en el plan de mejoramiento")).to_be_visible()
    page.goto("/control-interno/auditoria/?vigencia=2026")
    page.get_by_role("link", name="Vincular la aprobación del comité").click()
    page.get_by_label("Decisión del Comité").select_option(index=1)
    page.get_by_role("button", name="Vincular").click()
    expect(page.get_by_text("quedó aprobado por el comité")).to_be_visible()
    expect(page.get_by_text("0.0 %").or_(page.get_by_text("0,0 %"))).to_be_visible()

    # the semiannual evaluation: rate every requirement, conclude, sign, download the numbered PDF
    page.get_by_role("link", name="Evaluación del SCI").click()
    page.get_by_label("Vigencia").fill("2026")
    page.get_by_role("button", name="Iniciar evaluación").click()
    for select in page.locator("select[name^=present-]").all():
        select.select_option("1")
    for select in page.locator("select[name^=functioning-]").all():
        select.select_option("1")
    for area in page.locator("textarea[name^=conclusion-]").all():
        area.fill("Presente y funcionando.")
    page.get_by_label("Conclusión general").fill("El sistema está presente y funcionando.")
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Se guardó la evaluación.")).to_be_visible()
    page.get_by_role("button", name="Firmar como Jefe de Control Interno").click()
    expect(page.get_by_text("ya no se puede modificar")).to_be_visible()
    href = page.get_by_role("link", name="Informe en PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.ok and response.body().startswith(b"%PDF")
    assert "evaluacion-sci-EI-2026-01.pdf" in response.headers["content-disposition"]
    sha = page.locator("code").inner_text()
    assert hashlib.sha256(response.body()).hexdigest() == sha
    # each requirement is an answer of the engine's campaign, closed once signed: no more changes there
    page.get_by_role("link", name="0 evidencias").first.click()
    expect(page.get_by_text("MECI-AC1").first).to_be_visible()
    expect(page.get_by_role("button", name="Guardar respuesta")).to_have_count(0)
    expect(page.get_by_role("button", name="Marcar como revisada")).to_have_count(0)
