"""The sector report PDF answers within its budget or refuses in Spanish (issue 9 item 8)."""

from django.test import override_settings

from .test_dashboards import load_results


@override_settings(MIPG_PDF_MAX_HTML_CHARS=2_000)
def test_a_sector_report_above_its_budget_is_refused_in_spanish(world, login):
    load_results(world, 10, [2023, 2024])
    response = login(world.sector_planner).get(f"/tableros/sector/{world.sector.pk}/informe.pdf")
    assert response.status_code == 422
    assert "demasiado extenso para generarlo en PDF" in response.content.decode()
