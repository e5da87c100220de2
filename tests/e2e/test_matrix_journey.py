"""A FURAG-size workbook (420 questions, two matrix questions with their own columns) is imported through
the page, exported back identical (byte for byte), and both matrix questions are answered on their grids in
the browser; the campaign's bulk export carries both answers."""

import io
from datetime import date

import pytest
from playwright.sync_api import expect

from mipg.core.xlsx import open_workbook, sheet_rows
from mipg.measurement.questionnaires.importer import META_SHEET, SHEET
from mipg.measurement.questionnaires.models import Answer, Questionnaire
from mipg.measurement.questionnaires.services import campaign_create
from mipg.measurement.questionnaires.synthetic import furag_rows, furag_workbook

from ..workbooks import workbook_parts

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_export_and_answer_a_matrix_grid(world, page, sign_in, tmp_path):
    workbook = tmp_path / "furag-sintetico.xlsx"
    workbook.write_bytes(furag_workbook(420, 19, with_meta=True))
    sign_in("root")
    page.goto("/medicion/cuestionarios/importar/")
    page.get_by_label("Libro de Excel (.xlsx) con la hoja «Preguntas»").set_input_files(str(workbook))
    page.get_by_role("button", name="Importar").click()
    expect(page.get_by_text("Cuestionario importado: 420 preguntas.")).to_be_visible()
    questionnaire = Questionnaire.objects.get(name="FURAG sintético", version="2025")
    assert questionnaire.kind == Questionnaire.Kind.FURAG

    # the export is the same workbook, with the questionnaire's own data
    response = page.request.get(f"/medicion/cuestionarios/cuestionario/{questionnaire.pk}/exportar.xlsx")
    assert response.ok
    buffer = io.BytesIO(response.body())
    buffer.name = "export.xlsx"
    book = open_workbook(buffer)
    assert sheet_rows(book, SHEET)[1:] == [[str(c) for c in r] for r in furag_rows(420, 19)]
    assert sheet_rows(book, META_SHEET)[1][:3] == ["FURAG sintético", "2025", "FURAG"]
    # byte for byte: every part of the downloaded file is the uploaded one's (but the moment it was saved)
    assert workbook_parts(response.body()) == workbook_parts(workbook.read_bytes())

    campaign = campaign_create(
        user=world.head_planner,
        questionnaire=questionnaire,
        entity=world.head,
        vigencia=2025,
        deadline=date(2099, 12, 1),
    )
    answer = Answer.objects.get(campaign=campaign, question__code="Q0006")
    page.get_by_role("button", name="Salir").click()
    sign_in("head_planner")
    page.goto(f"/medicion/cuestionarios/respuestas/{answer.pk}/")
    expect(page.get_by_role("heading", name="Q0006")).to_be_visible()
    grid = page.get_by_role("table")
    expect(grid.get_by_role("columnheader", name="Entre 100 y 500 millones")).to_be_visible()
    funcionamiento = page.get_by_role("radiogroup", name="Recursos de funcionamiento")
    inversion = page.get_by_role("radiogroup", name="Recursos de inversión")
    cooperacion = page.get_by_role("radiogroup", name="Recursos de cooperación")
    expect(funcionamiento.get_by_role("radio")).to_have_count(4)
    funcionamiento.get_by_role("radio", name="Menos de 100 millones").check()
    # one choice per row, moved with the keyboard like any radio group
    funcionamiento.get_by_role("radio", name="Menos de 100 millones").press("ArrowRight")
    expect(funcionamiento.get_by_role("radio", name="Entre 100 y 500 millones")).to_be_checked()
    expect(funcionamiento.get_by_role("radio", name="Menos de 100 millones")).not_to_be_checked()
    inversion.get_by_role("radio", name="Más de 500 millones").check()
    cooperacion.get_by_role("radio", name="No aplica").check()
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.get_by_text("Respuesta guardada.")).to_be_visible()
    # (2/3 + 3/3) / 2 rows; the «No aplica» row leaves the estimate
    expect(page.locator("#answer-score")).to_have_text("83,3")
    expect(
        page.get_by_role("radiogroup", name="Recursos de inversión").get_by_role(
            "radio", name="Más de 500 millones"
        )
    ).to_be_checked()

    # the second matrix, with its own columns and points (2, 1, 0, 0)
    second = Answer.objects.get(campaign=campaign, question__code="Q0013")
    page.goto(f"/medicion/cuestionarios/respuestas/{second.pk}/")
    expect(page.get_by_role("table").get_by_role("columnheader", name="Sí, totalmente")).to_be_visible()
    page.get_by_role("radiogroup", name="Sede principal").get_by_role("radio", name="Sí, totalmente").check()
    page.get_by_role("radiogroup", name="Sedes regionales").get_by_role("radio", name="Parcialmente").check()
    page.get_by_role("radiogroup", name="Canales virtuales").get_by_role(
        "radio", name="No", exact=True
    ).check()
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.get_by_text("Respuesta guardada.")).to_be_visible()
    expect(page.locator("#answer-score")).to_have_text("50,0")  # (2/2 + 1/2 + 0/2) / 3 rows

    # both matrices' answers, as saved, in the campaign's bulk export (issue 13 item 5)
    bulk = page.request.get(f"/api/v1/campaigns/{campaign.pk}/answers/export/?format=json&status=respondida")
    assert bulk.ok and bulk.headers["content-type"] == "application/json"
    rows = {row["question_code"]: row for row in bulk.json()}
    assert set(rows) == {"Q0006", "Q0013"}
    for code, estimate in (("Q0006", 83.3), ("Q0013", 50.0)):
        saved = Answer.objects.get(campaign=campaign, question__code=code)
        assert rows[code]["values"] == saved.values and len(saved.values) == 3
        assert rows[code]["internal_estimate"] == estimate

    # on a phone the grid scrolls inside its region; the page itself does not scroll sideways
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})

    # a count with a range refuses a fraction, with the questionnaire's rule on the page
    count = Answer.objects.get(campaign=campaign, question__code="Q0003")
    page.goto(f"/medicion/cuestionarios/respuestas/{count.pk}/")
    expect(page.locator("#values-help")).to_contain_text("Un número entero")
    page.get_by_label("Hombres").fill("12,5")
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.get_by_role("alert")).to_contain_text("Hombres")
    page.get_by_label("Hombres").fill("1.250")
    page.get_by_role("button", name="Guardar respuesta").click()
    expect(page.get_by_text("Respuesta guardada.")).to_be_visible()
    count.refresh_from_db()
    assert next(iter(count.values.values())) == "1250"
