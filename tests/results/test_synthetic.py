"""Issue 11 item 7: a results workbook whose title rows say "DATOS SINTÉTICOS" is flagged as synthetic on
its import, and every place that shows its figures says so (pages, PDF report, exports, API, home)."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from mipg.measurement.results import samples
from mipg.measurement.results.models import ResultImport
from mipg.measurement.results.selectors import synthetic_vigencias
from mipg.measurement.results.services import results_import
from tests.dashboards.test_dashboards import WORLD_ROWS
from tests.results.conftest import make_rows

pytestmark = pytest.mark.django_db

FLAG = "DATOS SINTÉTICOS"


def _import(world, vigencia: int, *, synthetic: bool, replace: bool = False):
    rows = make_rows(6, seed=vigencia, groups=("Fuerzas", "Rama"), extra=[dict(r) for r in WORLD_ROWS])
    data = samples.build_results_workbook(rows, vigencia=vigencia, title_rows=synthetic)
    return results_import(user=world.admin, file=data, vigencia=vigencia, replace=replace)


def test_the_title_rows_mark_the_import_and_the_vigencia_in_force(world):
    assert _import(world, 2023, synthetic=False).synthetic is False
    assert _import(world, 2024, synthetic=True).synthetic is True
    assert synthetic_vigencias() == {2024}
    # a real workbook replacing the synthetic one clears the flag of the vigencia
    _import(world, 2024, synthetic=False, replace=True)
    assert synthetic_vigencias() == set()
    assert ResultImport.objects.filter(vigencia=2024, synthetic=True).count() == 1  # history kept


def _pages(world):
    return [
        f"/tableros/entidad/{world.child.pk}/",
        f"/tableros/entidad/{world.child.pk}/dimension/D3/",
        f"/tableros/entidad/{world.child.pk}/politica/POL07/",
        f"/tableros/sector/{world.sector.pk}/",
        "/medicion/resultados/ranking/?vigencia=2024",
        "/",
    ]


def test_every_page_with_synthetic_figures_says_so(world, login):
    _import(world, 2024, synthetic=True)
    client = login(world.sector_planner)
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
        assert FLAG in response.content.decode(), url


def test_pages_with_real_figures_carry_no_flag(world, login):
    _import(world, 2024, synthetic=False)
    client = login(world.sector_planner)
    for url in _pages(world)[:-1]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert FLAG not in response.content.decode(), url


def test_home_panel_flags_the_synthetic_idi(world, login):
    from django.test import RequestFactory

    from mipg.measurement.results.home import home_panels

    _import(world, 2024, synthetic=True)
    request = RequestFactory().get("/")
    request.user = world.child_planner
    request.session = {}
    panels = home_panels(request)
    assert panels and FLAG in str(panels[0]["html"])


def test_exports_and_api_carry_the_flag(world, login, api):
    _import(world, 2023, synthetic=False)
    _import(world, 2024, synthetic=True)
    client = login(world.sector_planner)

    sheet = load_workbook(
        io.BytesIO(client.get(f"/tableros/sector/{world.sector.pk}/excel/").content)
    ).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Datos sintéticos" and {row[-1] for row in rows[1:]} == {"Sí"}

    ranking = load_workbook(
        io.BytesIO(client.get("/medicion/resultados/ranking/?vigencia=2023&export=xlsx").content)
    ).worksheets[0]
    rows = list(ranking.iter_rows(values_only=True))
    assert rows[0][-1] == "Datos sintéticos" and {row[-1] for row in rows[1:]} == {"No"}

    token = api(world.child_planner)
    listing = token.get("/api/v1/results/", {"code": "IDI"}).json()
    items = listing["results"] if isinstance(listing, dict) else listing
    assert {(item["vigencia"], item["synthetic"]) for item in items} == {(2023, False), (2024, True)}
    exported = json.loads(
        b"".join(token.get("/api/v1/results/export/", {"vigencia": 2024, "fmt": "json"}).streaming_content)
    )
    assert exported["synthetic"] is True
    text = b"".join(token.get("/api/v1/results/export/", {"vigencia": 2023}).streaming_content).decode(
        "utf-8-sig"
    )
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][-1] == "datos_sinteticos" and {row[-1] for row in table[1:]} == {"no"}


def test_the_committee_pdf_report_prints_the_flag(world, login):
    _import(world, 2024, synthetic=True)
    from tests.jobs.helpers import run_page_job

    _job, pdf = run_page_job(login(world.sector_planner), f"/tableros/sector/{world.sector.pk}/informe.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert FLAG in text


def test_the_preview_warns_before_a_synthetic_workbook_is_confirmed(world, results_admin):
    from mipg.measurement.results.services import results_stage, staged_import_confirm

    rows = make_rows(4, seed=3, extra=[dict(r) for r in WORLD_ROWS])
    staged = results_stage(
        user=results_admin, file=samples.build_results_workbook(rows, vigencia=2024), vigencia=2024
    )
    assert staged.preview["synthetic"] is True
    staged_import_confirm(user=results_admin, staged=staged)
    assert ResultImport.objects.get(vigencia=2024).synthetic is True
