"""The sector report PDF answers within its budget or refuses in Spanish (issue 9 item 8)."""

from django.test import override_settings

from tests.jobs.helpers import run_page_job

from .test_dashboards import load_results


@override_settings(MIPG_PDF_MAX_HTML_CHARS=2_000)
def test_a_sector_report_above_its_budget_is_refused_in_spanish(world, login):
    load_results(world, 10, [2023, 2024])
    job, pdf = run_page_job(login(world.sector_planner), f"/tableros/sector/{world.sector.pk}/informe.pdf")
    assert job.status == "fallido" and pdf is None  # rendered by a job: it fails with the reason
    assert "demasiado extenso para generarlo en PDF" in job.error
