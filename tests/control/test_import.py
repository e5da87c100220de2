"""Import of an existing risk map (matrix layout: one row per control): all or nothing, every problem by
row and column."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mipg.control.models import Control, Risk
from mipg.control.services.xlsx import HEADERS, SHEET, risk_map_import
from mipg.core.imports import ImportRejected
from mipg.core.xlsx import build_workbook


def upload(rows, headers=HEADERS):
    return SimpleUploadedFile("mapa.xlsx", build_workbook([(SHEET, headers, rows)]))


def row(**values):
    base = {
        "Proceso": "GF",
        "Código del riesgo": "R10",
        "Clase de riesgo": "Gestión",
        "Impacto (qué pasaría)": "pérdida económica",
        "Causa inmediata": "pagos sin soporte",
        "Causa raíz": "falta de verificación",
        "Probabilidad inherente": "Media",
        "Impacto inherente": "Moderado",
        "Zona inherente": "Moderado",
        "Control": "Verificación de soportes",
        "Tipo de control": "Preventivo",
        "Implementación": "Manual",
        "Responsable del control": "Omar Dueño",
        "Zona residual": "Moderado",
        "Tratamiento": "Reducir",
    }
    base.update(values)
    return [base.get(header, "") for header in HEADERS]


def test_import_risks_with_controls_in_matrix_layout(ctl):
    rows = [
        row(),
        row(**{"Control": "Revisión del supervisor", "Tipo de control": "Detectivo"}),
        row(
            **{
                "Código del riesgo": "R11",
                "Clase de riesgo": "Corrupción",
                "Impacto inherente": "",
                "Zona inherente": "",
                "Preguntas de corrupción con «sí»": "C01, C05, C10, C11, C12, C13, C14",
                "Probabilidad inherente": "Alta",
                "Tratamiento": "Evitar",
            }
        ),
    ]
    result = risk_map_import(user=ctl.world.head_planner, policy=ctl.policy, upload=upload(rows))
    assert result == {"risks": 2, "pending_reduce": 1}
    r10 = Risk.objects.get(code="R10")
    assert r10.controls.count() == 2
    # preventivo manual then detectivo manual: 60 × 0.60 = 36; 36 × 0.70 = 25.2 → baja
    assert str(r10.residual_probability_percent) == "25.20"
    r11 = Risk.objects.get(code="R11")
    assert (r11.inherent_impact, r11.treatment) == ("mayor", "evitar")


def test_unknown_process_class_zone_refuse_the_whole_file(ctl):
    rows = [
        row(),
        row(**{"Código del riesgo": "R12", "Proceso": "Proceso fantasma"}),
        row(**{"Código del riesgo": "R13", "Clase de riesgo": "Ambiental"}),
        row(**{"Código del riesgo": "R14", "Zona residual": "Crítica"}),
        row(**{"Código del riesgo": "R15", "Zona inherente": "Bajo", "Zona residual": "Alto"}),
        row(**{"Código del riesgo": "R16", "Probabilidad inherente": "Altísima"}),
        row(**{"Código del riesgo": "R17", "Tipo de control": ""}),
    ]
    with pytest.raises(ImportRejected) as rejected:
        risk_map_import(user=ctl.world.head_planner, policy=ctl.policy, upload=upload(rows))
    where = {(p.row, p.column) for p in rejected.value.problems}
    assert (3, "Proceso") in where
    assert (4, "Clase de riesgo") in where
    assert (5, "Zona residual") in where
    assert (6, "Zona residual") in where  # residual above inherent
    assert (7, "Probabilidad inherente") in where
    assert (8, "Tipo de control") in where
    assert not Risk.objects.exists() and not Control.objects.exists()


def test_import_page_shows_problems_and_needs_planning(ctl, login):
    url = reverse("control:risk_map_import") + "?vigencia=2026"
    assert login(ctl.world.control).get(url).status_code == 403
    client = login(ctl.world.head_planner)
    response = client.post(url, {"file": upload([row(**{"Proceso": "Inexistente"})])})
    body = response.content.decode()
    assert "No se importó nada" in body and "fila 2" in body and "columna «Proceso»" in body
    response = client.post(url, {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert "no es un libro de Excel" in response.content.decode()
    assert not Risk.objects.exists()
    response = client.post(url, {"file": upload([row()])})
    assert response.status_code == 302 and Risk.objects.count() == 1
