"""Issue 9, item 2: hostile workbooks fed to every importer through its real page, API or command are
refused in Spanish, change nothing and leave the worker alive; the guard and the child process are also
tested on their own, and a subprocess measures the worker's peak memory."""

import html
import io
import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from mipg.core import xlsx, xlsx_guard
from mipg.core.imports import ImportRejected
from mipg.core.xlsx import XLSX_CONTENT_TYPE, build_workbook
from mipg.institutional.models import Seat, SeatHolding
from mipg.measurement.questionnaires.models import Questionnaire
from mipg.measurement.results.models import Recommendation, ResultImport, Score
from mipg.operation.models import ActionPlan
from mipg.organizations.models import Person
from tests.core import bombs
from tests.institutional.conftest import cw  # noqa: F401  (fixture)

LIMIT = 2 * 1024 * 1024  # the upload limit in these tests (20 MB in production): a quick oversize bomb

EXPECTED = {
    "far_corner": "La hoja declara un rango de 1.048.576 filas por 16.384 columnas",
    "far_corner_lying": "La hoja tiene celdas hasta la fila 1.048.576 y la columna 16.384",
    "far_corner_no_dimension": "La hoja tiene celdas hasta la fila 1.048.576 y la columna 16.384",
    "huge_shared_string": "El libro se descomprime en más de",
    "high_ratio": "tasa de compresión anormal",
    "too_many_entries": "tiene demasiadas partes internas",
    "lying_size": "tasa de compresión anormal",
    "oversize": "máximo",
}


@pytest.fixture(scope="module")
def hostile():
    return bombs.all_bombs(LIMIT)


@pytest.fixture(autouse=True)
def _small_upload_limit(settings):
    settings.MIPG_MAX_UPLOAD_BYTES = LIMIT


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("bomba.xlsx", data, content_type=XLSX_CONTENT_TYPE)


def _page_text(response) -> str:
    return html.unescape(response.content.decode())


# ---------------------------------------------------------------- every importer, every bomb


def _members_page(ctx, data):
    url = reverse("institutional:members_import", args=[ctx.cw.committee.pk])
    client = ctx.login(ctx.cw.secretary_user)
    response = client.post(url, {"file": _upload(data)})
    assert response.status_code == 200
    assert client.get(url).status_code == 200  # the worker still answers
    return _page_text(response)


def _questionnaire_page(ctx, data):
    url = reverse("questionnaires:questionnaire_import")
    client = ctx.login(ctx.world.admin)
    response = client.post(url, {"file": _upload(data), "name": "Bomba", "version": "1"})
    assert response.status_code == 400
    assert client.get(url).status_code == 200
    return _page_text(response)


def _questionnaire_api(ctx, data):
    response = ctx.api(ctx.world.admin).post(
        "/api/v1/questionnaires/import/", {"file": _upload(data), "name": "Bomba"}, format="multipart"
    )
    assert response.status_code == 400
    return json.dumps(response.json(), ensure_ascii=False)


def _questionnaire_command(ctx, data):
    path = ctx.tmp_path / "bomba.xlsx"
    path.write_bytes(data)
    stderr = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import-questionnaire", str(path), "--user", ctx.world.admin.username, stderr=stderr)
    return f"{stderr.getvalue()} {error.value}"


def _results_page(ctx, data):
    client = ctx.login(ctx.world.admin)
    response = client.post(reverse("results:upload"), {"file": _upload(data), "vigencia": 2024, "sheet": ""})
    assert response.status_code == 200
    assert client.get(reverse("results:upload")).status_code == 200
    return _page_text(response)


def _results_command(ctx, data):
    path = ctx.tmp_path / "bomba.xlsx"
    path.write_bytes(data)
    stderr = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import-results", str(path), "--vigencia", "2024", stderr=stderr)
    return f"{stderr.getvalue()} {error.value}"


def _recommendations_page(ctx, data):
    # Recommendations are national data: only the results administrator (here the system admin) loads them.
    client = ctx.login(ctx.world.admin)
    url = reverse("results:recommendation_upload") + f"?entidad={ctx.world.head.pk}"
    response = client.post(url, {"file": _upload(data), "vigencia": 2024, "entity": ctx.world.head.pk})
    assert response.status_code == 200
    assert client.get(url).status_code == 200
    return _page_text(response)


def _plan_page(ctx, data):
    client = ctx.login(ctx.world.head_planner)
    url = reverse("operation:plan_import")
    response = client.post(url, {"file": _upload(data), "vigencia": 2026})
    assert response.status_code == 200
    assert client.get(url).status_code == 200
    return _page_text(response)


ROUTES = {
    "members_page": _members_page,
    "questionnaire_page": _questionnaire_page,
    "questionnaire_api": _questionnaire_api,
    "questionnaire_command": _questionnaire_command,
    "results_page": _results_page,
    "results_command": _results_command,
    "recommendations_page": _recommendations_page,
    "plan_page": _plan_page,
}


def _state():
    return (
        Seat.objects.count(),
        Person.objects.count(),
        SeatHolding.objects.count(),
        Questionnaire.objects.count(),
        Score.objects.count(),
        ResultImport.objects.count(),
        Recommendation.objects.count(),
        ActionPlan.objects.count(),
    )


class Ctx:
    def __init__(self, **kwargs):
        self.__dict__.update(kwargs)


@pytest.mark.parametrize("bomb", list(EXPECTED))
@pytest.mark.parametrize("route", list(ROUTES))
def test_every_importer_refuses_every_bomb_in_spanish(route, bomb, hostile, cw, world, login, api, tmp_path):  # noqa: F811
    ctx = Ctx(cw=cw, world=world, login=login, api=api, tmp_path=tmp_path)
    before = _state()
    started = time.monotonic()
    text = ROUTES[route](ctx, hostile[bomb])
    assert EXPECTED[bomb] in text
    assert _state() == before
    assert time.monotonic() - started < 30
    assert os.getpid() == pytest.worker_pid  # still the same process: nothing killed it


@pytest.fixture(autouse=True, scope="module")
def _remember_pid():
    pytest.worker_pid = os.getpid()


# ---------------------------------------------------------------- the guard and the child on their own


def test_the_guard_refuses_every_bomb_before_the_parser_runs(hostile, monkeypatch):
    def no_parser(*args, **kwargs):
        raise AssertionError("the parser ran")

    monkeypatch.setattr(xlsx_guard, "run_isolated", no_parser)
    for name, data in hostile.items():
        with pytest.raises(ImportRejected) as rejected:
            xlsx.open_workbook(data)
        assert EXPECTED[name] in str(rejected.value), name


def test_an_entry_larger_than_declared_is_refused():
    data = bombs.workbook(bombs.sheet('<row r="1"><c r="A1"><v>1</v></c></row>', "A1"))
    with pytest.raises(ImportRejected, match="el tamaño real de una de sus partes no es el declarado"):
        xlsx.open_workbook(bombs._patch_declared_size(data, "xl/worksheets/sheet1.xml", 10))


def test_cells_without_references_are_placed_as_a_reader_places_them():
    cells = "<row>" + "<c><v>1</v></c>" * 3 + "</row><row><c><v>2</v></c></row>"
    data = bombs.workbook(bombs.sheet(cells, None))
    plan = xlsx_guard.inspect_workbook(data, xlsx_guard.limits())
    extent = plan.extents["xl/worksheets/sheet1.xml"]
    assert (extent.rows, extent.columns) == (2, 3)
    assert xlsx.sheet_rows(xlsx.open_workbook(data), "Miembros") == [[1.0, 1.0, 1.0], [2.0, "", ""]]
    wide = "<row>" + "<c/>" * 1500 + "</row>"
    with pytest.raises(ImportRejected, match="hasta la fila 1 y la columna 1.500"):
        xlsx.open_workbook(bombs.workbook(bombs.sheet(wide, "A1")))


def test_a_sheet_over_the_configured_limits_is_refused(settings):
    settings.MIPG_XLSX_MAX_ROWS = 10
    data = build_workbook([("Datos", ["a"], [[n] for n in range(20)])])
    with pytest.raises(ImportRejected, match="el máximo es 10 filas"):
        xlsx.open_workbook(data)


def test_a_crash_inside_the_parser_is_contained_in_the_child_process(hostile):
    """Second line of defence: calamine fed the far-corner sheet directly (the guard bypassed) aborts
    the child, never the worker."""
    limits = xlsx_guard.limits()
    with pytest.raises(ImportRejected, match="límites de memoria y tiempo del servidor"):
        xlsx_guard.run_isolated(
            xlsx._read_sheet, hostile["far_corner"], "Miembros", False, limits, lim=limits
        )


def test_a_parse_that_takes_too_long_is_stopped():
    limits = replace(xlsx_guard.limits(), timeout=1)
    started = time.monotonic()
    with pytest.raises(ImportRejected, match="tardó más de 1 segundos"):
        xlsx_guard.run_isolated(time.sleep, 30, lim=limits)
    assert time.monotonic() - started < 5


def test_guarded_reading_returns_what_calamine_reads():
    rows = [[f"Entidad {n}", n, n / 3, None, "=SUMA(A1)"] for n in range(300)]
    data = build_workbook([("Datos", ["Nombre", "Código", "Puntaje", "Vacía", "Texto"], rows)])
    book = xlsx.open_workbook(data)
    read = xlsx.sheet_rows(book, "Datos")
    assert read[1][:3] == ["Entidad 0", 0, 0.0]
    assert read[1][4] == "=SUMA(A1)"  # our export neutralised it; reading it back restores the text
    assert len(read) == 301


def test_an_oversize_upload_reaches_the_view_empty_with_its_real_size(client, world, settings):
    client.force_login(world.admin)
    response = client.post(
        reverse("questionnaires:questionnaire_import"),
        {"file": _upload(bombs.oversize(LIMIT * 3)), "name": "x"},
    )
    assert response.status_code == 400
    assert "El archivo pesa 6,00 MB y el máximo permitido es 2,0 MB." in _page_text(response)


# ---------------------------------------------------------------- the worker's memory

PROBE = Path(__file__).with_name("hostile_memory_probe.py")


def test_the_worker_stays_under_300_mb_for_every_bomb_and_a_120_mib_upload():
    """A fresh process (default limits: 20 MB uploads) opens every bomb, and receives a 120 MiB upload
    through Django's multipart parser; its peak resident memory stays under 300 MB."""
    env = {**os.environ, "MIPG_SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "mipg.settings"}
    result = subprocess.run(
        [sys.executable, str(PROBE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=PROBE.parents[2],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["refused"] == sorted([*EXPECTED, "upload_120_mib"])
    assert report["peak_rss_mb"] < 300, report


def test_a_child_answer_too_large_for_the_worker_is_refused(monkeypatch):
    """Many cells repeating a long shared string stay small on disk but not as rows: the worker refuses
    an answer over the limit instead of receiving it."""
    monkeypatch.setattr(xlsx_guard, "RESULT_LIMIT", 200_000)
    data = build_workbook([("Datos", ["Texto"], [["x" * 1000] for _ in range(400)])])
    book = xlsx.open_workbook(data)
    with pytest.raises(ImportRejected, match="más contenido del que el servidor puede recibir"):
        xlsx.sheet_rows(book, "Datos")
