"""The job page in a browser (issue 14 item 5): its static script polls the JSON status and moves the bar
and the log while the job runs, then shows the result once it ends; without JavaScript the refresh link
shows the same."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mipg.jobs.models import Job
from mipg.jobs.services import job_log

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _running_job(world) -> Job:
    return Job.objects.create(
        kind=Job.Kind.VIGENCIA_EXPORT,
        title="Exportación de la vigencia 2024 (CSV)",
        created_by=world.head_planner,
        status=Job.Status.RUNNING,
        progress=30,
        log="08:00:00 Trabajo iniciado.\n",
        started_at=timezone.now(),
    )


def test_the_bar_follows_the_job_until_it_ends(world, page, sign_in):
    job = _running_job(world)
    sign_in("head_planner")
    page.goto(f"/trabajos/{job.pk}/")
    bar = page.get_by_label("Avance")
    expect(bar).to_have_attribute("value", "30")
    job_log(job, "500 de 1000 entidades escritas.", progress=70)
    expect(page.locator("#job-progress-text")).to_have_text("70 %", timeout=15000)
    expect(page.locator("#job-log")).to_contain_text("500 de 1000 entidades escritas.")
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.SUCCEEDED, progress=100, result_summary="Vigencia 2024: 1000 entidades."
    )
    expect(page.get_by_role("heading", name="Resultado")).to_be_visible(timeout=15000)  # reloaded once
    expect(page.get_by_text("Vigencia 2024: 1000 entidades.")).to_be_visible()


def test_without_javascript_the_refresh_link_shows_progress(world, browser, live_server):
    job = _running_job(world)
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="es-CO")
    try:
        page = context.new_page()
        page.goto("/cuenta/ingresar/")
        page.get_by_label("Usuario").fill("head_planner")
        page.get_by_label("Contraseña").fill("clave-de-prueba-123")
        page.get_by_role("button", name="Ingresar").click()
        page.wait_for_url("**/")
        page.goto(f"/trabajos/{job.pk}/")
        expect(page.get_by_label("Avance")).to_have_attribute("value", "30")
        job_log(job, "Casi listo.", progress=90)
        page.get_by_role("link", name="Actualizar el estado").click()
        expect(page.get_by_label("Avance")).to_have_attribute("value", "90")
        expect(page.locator("#job-log")).to_contain_text("Casi listo.")
    finally:
        context.close()
