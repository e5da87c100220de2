"""Acceptance: the results administrator imports a real-layout workbook of thousands of entities after
reviewing its preview; the sector planning office opens the sector dashboard, sees its entities against
their peer groups, drills into a weak policy of the Hospital Militar Central, creates improvement actions
from its recommendations and exports the PDF for the committee."""

import pytest
from playwright.sync_api import expect

from mipg.measurement.results import samples
from mipg.measurement.results.samples import recommendations_workbook
from mipg.measurement.results.services import recommendations_import, results_import
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant, make_entity
from tests.results.conftest import make_rows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _rows(seed, hospital_pol07):
    own = [
        {
            "sigep_code": "1001",
            "name": "Ministerio de Prueba",
            "peer_group": "Rama ejecutiva orden nacional",
            "level": 75,
        },
        {
            "sigep_code": "99015",
            "name": "Hospital Militar Central",
            "peer_group": "Rama ejecutiva orden nacional",
            "level": 72,
        },
    ]
    rows = make_rows(2500, seed=seed, groups=samples.PEER_GROUPS + samples.TERRITORIAL_GROUPS, extra=own)
    rows[1]["values"]["POL07"] = hospital_pol07
    return rows


def test_sector_office_from_official_results_to_committee_report(world, page, sign_in, tmp_path):
    hospital = make_entity(
        "Hospital Militar Central",
        parent=world.head,
        sector=world.sector,
        acronym="HOMIC",
        sigep_code="99015",
    )
    results_import(
        user=world.admin, file=samples.build_results_workbook(_rows(1, 30.5), vigencia=2023), vigencia=2023
    )
    results_admin = UserFactory(username="resultados")
    grant(results_admin, world.other, Role.RESULTS_ADMIN)
    recommendations_import(
        user=results_admin,
        entity=hospital,
        vigencia=2024,
        file=recommendations_workbook(
            [
                ("POL07", "Implementar el plan de transformación digital con metas medibles.", ""),
                ("POL07", "Publicar los datos abiertos priorizados.", ""),
                ("POL05", "Publicar el plan anual de adquisiciones.", ""),
            ]
        ),
    )
    workbook = tmp_path / "resultados-furag-2024.xlsx"
    workbook.write_bytes(samples.build_results_workbook(_rows(2, 34.2), vigencia=2024))

    sign_in("resultados")
    page.goto("/medicion/")
    page.get_by_role("link", name="Resultados oficiales").click()
    page.get_by_role("link", name="Importar resultados de una vigencia").click()
    page.get_by_label("Libro de resultados (.xlsx)").set_input_files(str(workbook))
    page.get_by_label("Vigencia medida (año)").fill("2024")
    page.get_by_role("button", name="Revisar cambios").click()
    expect(page.get_by_text("La vigencia 2024 no tiene resultados: todo se agrega.")).to_be_visible(
        timeout=60000
    )
    expect(page.locator("[data-total=entities_added]").first).to_have_text("2502")
    page.get_by_role("button", name="Confirmar la importación").click()
    expect(page.get_by_text("Vigencia 2024 importada: 2502 entidades")).to_be_visible(timeout=60000)
    page.context.clear_cookies()

    sign_in("sector_planner")

    page.goto("/tableros/")
    page.get_by_role("link", name="Tablero del Sector de prueba").click()
    expect(page.get_by_role("heading", name="Ranking del sector y posición en el grupo par")).to_be_visible()
    ranking = page.locator("#ranking").locator("..")
    hospital_row = ranking.get_by_role("row").filter(has_text="Hospital Militar Central")
    expect(hospital_row).to_contain_text("Rama ejecutiva orden nacional")
    expect(hospital_row).to_contain_text("/")  # rank in its peer group, e.g. 412/1252
    expect(page.get_by_role("heading", name="Mapa de calor: entidades × políticas")).to_be_visible()

    # drill into the weak policy from the heat map
    page.get_by_role("link", name="HOMIC POL07").click()
    expect(page.get_by_role("heading", name="POL07 Gobierno Digital – HOMIC")).to_be_visible()
    expect(page.get_by_role("cell", name="34,2").first).to_be_visible()
    expect(page.get_by_role("cell", name="3,7").first).to_be_visible()  # change 2023 -> 2024
    expect(
        page.get_by_text("Implementar el plan de transformación digital con metas medibles.")
    ).to_be_visible()

    page.get_by_role("link", name="Ir a las recomendaciones para crear acciones de mejora").click()
    expect(
        page.get_by_role("heading", name="Recomendaciones FURAG – Hospital Militar Central")
    ).to_be_visible()
    page.get_by_label("Seleccionar: Implementar el plan de transformación digital").check()
    page.get_by_label("Seleccionar: Publicar los datos abiertos priorizados.").check()
    page.get_by_label("o cree un plan nuevo con este nombre").fill("Plan de mejoramiento MIPG 2025")
    page.get_by_label("Responsable", exact=True).fill("Oficina Asesora de Planeación")
    page.get_by_label("Fecha de inicio").fill("2025-02-01")
    page.get_by_label("Fecha de terminación").fill("2025-11-30")
    page.get_by_role("button", name="Crear acciones de mejora").click()
    expect(page.get_by_text("2 acciones de mejora creadas.")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan de mejoramiento MIPG 2025")).to_be_visible()
    expect(
        page.get_by_role("link", name="Atender la recomendación: Publicar los datos abiertos priorizados.")
    ).to_be_visible()

    # the policy page now shows the actions taken
    page.goto(f"/tableros/entidad/{hospital.pk}/politica/POL07/")
    expect(page.get_by_role("link", name="Atender la recomendación: Implementar el plan")).to_be_visible()

    page.goto(f"/tableros/sector/{world.sector.pk}/")
    # the report is a background job: its page offers the PDF once done
    page.get_by_role("button", name="Informe PDF para el Comité Sectorial").click()
    expect(page.get_by_text("Terminado").first).to_be_visible(timeout=60000)
    link = page.get_by_role("link", name="Descargar informe-comite-sectorial")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
