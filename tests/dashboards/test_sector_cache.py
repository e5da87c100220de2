"""The sector dashboard's figures and the sector report are served from the cache until the data they
show changes (issue 14 items 1 and 4): an older vigencia costs what the latest does, a second report of
the same data is not rendered again, and an import or a renamed entity gives new figures."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mipg.core import pdf
from tests.dashboards.test_dashboards import WORLD_ROWS, load_results
from tests.results.conftest import make_rows


def _queries(client, url) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_older_vigencia_sector_figures_come_from_the_cache_until_results_change(
    world, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load_results(world, 6, [2022, 2023, 2024])
    cache.clear()
    client = login(world.sector_planner)
    url = f"/tableros/sector/{world.sector.pk}/?vigencia=2023"
    cold, first = _queries(client, url)
    warm, second = _queries(client, url)
    assert warm < cold  # the results queries are skipped
    assert first.context["rows"][0]["heat_cells"] == second.context["rows"][0]["heat_cells"]
    assert [r["idi"] for r in first.context["rows"]] == [r["idi"] for r in second.context["rows"]]

    # a renamed entity shows at once (its name is part of the key)
    world.child.acronym = "HOSP-NUEVO"
    world.child.save()
    renamed = client.get(url).context
    assert "HOSP-NUEVO" in {r["entity"].acronym for r in renamed["rows"] if r["entity"]}

    # a new import of the vigencia gives new figures
    rows = make_rows(6, seed=2023, groups=("Fuerzas", "Rama"), extra=[dict(r) for r in WORLD_ROWS])
    for row in rows:
        row["values"] = {code: 99.0 if code == "IDI" else value for code, value in row["values"].items()}
    from mipg.measurement.results import samples
    from mipg.measurement.results.services import results_import

    with django_capture_on_commit_callbacks(execute=True):
        workbook = samples.build_results_workbook(rows, vigencia=2023)
        results_import(user=world.admin, file=workbook, vigencia=2023, replace=True)
    after = client.get(url).context
    assert {r["idi"] for r in after["rows"]} == {Decimal("99.0")}


def test_the_sector_report_is_rendered_once_per_data_version(world, login, monkeypatch):
    """The report runs as a background job (issue 14 item 5); the job serves the same data from the cache."""
    from mipg.jobs.runners import documents
    from tests.jobs.helpers import run_page_job

    load_results(world, 6, [2023, 2024])
    cache.clear()
    renders = []
    real_write = pdf._write_pdf
    monkeypatch.setattr(pdf, "_write_pdf", lambda html: renders.append(html) or real_write(html))
    client = login(world.sector_planner)
    url = f"/tableros/sector/{world.sector.pk}/informe.pdf"
    _job, first = run_page_job(client, url)
    assert first is not None and first.startswith(b"%PDF") and len(renders) == 1

    later = timezone.localtime() + timedelta(hours=3)  # another minute on the "generado el" line
    monkeypatch.setattr(documents, "timezone", SimpleNamespace(localtime=lambda: later))
    _job, second = run_page_job(client, url)
    assert second == first and len(renders) == 1  # served from the cache

    world.child.acronym = "HOSP-NUEVO"  # the data shown changes: rendered again
    world.child.save()
    _job, third = run_page_job(client, url)
    assert len(renders) == 2 and "HOSP-NUEVO" in renders[-1] and third.startswith(b"%PDF")
