import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from mipg.catalog.models import SubIndex
from mipg.core.imports import ImportRejected
from mipg.core.models import DomainEvent
from mipg.measurement.results import samples
from mipg.measurement.results.codes import clean_header, parse_code
from mipg.measurement.results.models import ResultImport, ResultSubject, Score
from mipg.measurement.results.services import results_import

from .conftest import make_rows


def workbook(rows_before_header, header, rows):
    book = Workbook()
    sheet = book.active
    sheet.title = "Resultados"
    for row in rows_before_header:
        sheet.append(row)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = [
    "Código Sigep",
    "Entidad",
    "Grupo par",
    "Índice de Desempeño Institucional",
    "POL05 Compras",
    "I03 Algo",
]


def snapshot():
    return (
        Score.objects.count(),
        ResultImport.objects.count(),
        ResultSubject.objects.count(),
        list(Score.objects.order_by("pk").values_list("value", flat=True)[:50]),
    )


@pytest.mark.parametrize(
    ("header", "code", "rest"),
    [
        ("i23 Nombre", "I23", "Nombre"),
        ("I1  Calidad", "I01", "Calidad"),
        ("POL1", "POL01", ""),
        ("pol 05 -  Compras", "POL05", "Compras"),
        ("D 3\nGestión", "D3", "Gestión"),
        ("Índice de Desem-\npeño Institucional", "IDI", "Índice de Desempeño Institucional"),
        ("INDICE DE DESEMPEÑO INSTITUCIONAL", "IDI", "Índice de Desempeño Institucional"),
    ],
)
def test_codes_are_read_from_messy_headers(header, code, rest):
    assert parse_code(header) == (code, rest)


def test_non_code_headers_are_not_codes():
    assert parse_code("Departamento") is None
    assert parse_code("Índice general") is None
    assert clean_header("Talento  Hu-\nmano ") == "Talento Humano"


def test_official_layout_imports_with_title_rows_messy_headers_and_blank_cells(world, results_admin):
    rows = make_rows(
        40, extra=[{"sigep_code": "1002", "name": "Hospital de Prueba", "peer_group": "Fuerzas"}]
    )
    rows[0]["values"]["I05"] = None  # blank cell: "no aplica"
    data = samples.build_results_workbook(rows, vigencia=2024)
    record = results_import(user=results_admin, file=data, vigencia="2024", file_name="r.xlsx")

    assert record.row_count == 41
    assert record.column_count == len(samples.ALL_CODES)
    assert len(record.sha256) == 64 and record.imported_by == results_admin
    hospital = ResultSubject.objects.get(sigep_code="1002")
    assert hospital.entity == world.child
    assert ResultSubject.objects.filter(entity__isnull=True).count() == 40  # unknown entities kept as peers
    blank = Score.objects.get(vigencia=2024, subject=hospital, code="I05")
    assert blank.value is None  # never zero
    idi = Score.objects.get(vigencia=2024, subject=hospital, code="IDI")
    assert idi.value == Decimal(str(rows[0]["values"]["IDI"]))
    # sub-indices created from the headers, single-digit and lower-case codes normalised, linked to policies
    sub = SubIndex.objects.get(code="I01")
    assert sub.name.startswith("Calidad de la planeación")
    assert sub.policy.code == "POL01"
    assert SubIndex.objects.get(code="I70").policy.code == "POL19"
    assert DomainEvent.objects.filter(verb="resultados importados").count() == 1


def test_reimport_replaces_the_vigencia_only_when_asked_and_is_audited(world):
    first = make_rows(10, seed=1)
    results_import(user=world.admin, file=samples.build_results_workbook(first, vigencia=2023), vigencia=2023)
    second = samples.build_results_workbook(make_rows(5, seed=2), vigencia=2023)
    with pytest.raises(ImportRejected, match="ya tiene resultados"):
        results_import(user=world.admin, file=second, vigencia=2023)
    assert Score.objects.filter(vigencia=2023, code="IDI").count() == 10
    record = results_import(user=world.admin, file=second, vigencia=2023, replace=True)
    assert record.replaced_previous
    assert Score.objects.filter(vigencia=2023, code="IDI").count() == 5
    assert DomainEvent.objects.filter(verb="vigencia reimportada").count() == 1


def test_subindex_names_are_kept_and_policy_inferred_from_explicit_code(world):
    data = workbook([], HEADER[:3] + ["I80 Índice nuevo (POL07)"], [[1, "X", "G", 50]])
    results_import(user=world.admin, file=data, vigencia=2024)
    assert SubIndex.objects.get(code="I80").policy.code == "POL07"
    data = workbook([], HEADER[:3] + ["I80 Otro nombre"], [[1, "X", "G", 55]])
    results_import(user=world.admin, file=data, vigencia=2024, replace=True)
    assert SubIndex.objects.get(code="I80").name == "Índice nuevo (POL07)"


BAD_CASES = [
    (
        workbook([["Título"]], ["Sigep", "Entidad", "IDI"], [[1, "X", 50]]),
        2024,
        "No se encontró la fila de encabezados",
    ),
    (
        workbook([], HEADER, [[1, "X", "G", 50, 50, 50], [1, "Y", "G", 60, 60, 60]]),
        2024,
        "está repetido (ya aparece en la fila 2)",
    ),
    (workbook([], HEADER, [[1, "X", "G", 50, 150, 50]]), 2024, "está fuera del rango 0 a 100"),
    (workbook([], HEADER, [[1, "X", "G", 50, 50, "alto"]]), 2024, "no es un número"),
    (workbook([], HEADER, [[1, "X", "G", 50, 50, -1]]), 2024, "está fuera del rango 0 a 100"),
    (workbook([], HEADER, [[1, "X", "G", 50, 50, 50]]), 1999, "no es un año válido"),
    (workbook([], HEADER, [[1, "X", "G", 50, 50, 50]]), "dos mil", "no es un año válido"),
    (workbook([], HEADER, [[1, "X", "G", 50, 50, 50]]), 2999, "no es un año válido"),
    (
        workbook([], [*HEADER, "POL25 Inventada"], [[1, "X", "G", 50, 50, 50, 1]]),
        2024,
        "no existe en el catálogo",
    ),
    (workbook([], [*HEADER, "i3 Repetido"], [[1, "X", "G", 50, 50, 50, 1]]), 2024, "está repetida"),
    (b"esto no es un libro de Excel", 2024, "no es un libro de Excel"),
]


@pytest.mark.parametrize(("data", "vigencia", "message"), BAD_CASES)
def test_bad_results_files_are_rejected_in_spanish_and_change_nothing(
    world, imported, data, vigencia, message
):
    before = snapshot()
    with pytest.raises(ImportRejected) as error:
        results_import(user=world.admin, file=data, vigencia=vigencia)
    assert message in str(error.value)
    assert snapshot() == before


def test_problems_carry_row_and_column(world):
    data = workbook([["Título"], []], HEADER, [[1, "X", "G", 50, 50, 50], [2, "Y", "G", 50, 101, 50]])
    with pytest.raises(ImportRejected) as error:
        results_import(user=world.admin, file=data, vigencia=2024)
    problem = error.value.problems[0]
    assert problem.row == 5 and problem.column.startswith("E (POL05)") and problem.sheet == "Resultados"


@pytest.mark.parametrize("who", ["reader", "child_planner", "head_planner", "sector_planner", "control"])
def test_no_entity_role_imports_official_results(world, who):
    """Official results are national: a planning office (of one entity or of the whole sector) is refused."""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        results_import(
            user=getattr(world, who), file=workbook([], HEADER, [[1, "X", "G", 1, 1, 1]]), vigencia=2024
        )
    assert Score.objects.count() == 0


def test_command_imports_and_reports_problems(world, tmp_path):
    good = tmp_path / "ok.xlsx"
    good.write_bytes(samples.build_results_workbook(make_rows(5), vigencia=2024))
    out = io.StringIO()
    call_command("import-results", str(good), "--vigencia", "2024", stdout=out)
    assert "Vigencia 2024: 5 entidades" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([], HEADER, [[1, "X", "G", 50, 500, 50]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="no se cambió nada"):
        call_command("import-results", str(bad), "--vigencia", "2024", stderr=err)
    assert "fuera del rango" in err.getvalue()
    assert Score.objects.filter(code="IDI").count() == 5


def test_upload_page_stages_and_shows_problems(world, login, results_admin):
    client = login(results_admin)
    data = workbook([], HEADER, [[1, "X", "G", 50, 50, 500]])
    response = client.post(
        "/medicion/resultados/importar/",
        {"file": io.BytesIO(data), "vigencia": "2024"},
        format="multipart",
    )
    assert response.status_code == 200
    assert "no se importó nada" in response.content.decode()
    assert "fuera del rango 0 a 100" in response.content.decode()
    assert Score.objects.count() == 0
    good = io.BytesIO(samples.build_results_workbook(make_rows(3), vigencia=2024))
    good.name = "resultados.xlsx"
    response = client.post("/medicion/resultados/importar/", {"file": good, "vigencia": "2024"})
    assert response.status_code == 302
    assert Score.objects.count() == 0  # staged: nothing changes before the confirmation
    response = client.post(response["Location"] + "confirmar/")
    assert response.status_code == 302 and response["Location"].startswith("/trabajos/")
    assert ResultImport.objects.get().file_name == "resultados.xlsx"


@pytest.mark.parametrize("who", ["reader", "child_planner", "sector_planner", "control"])
def test_upload_page_is_forbidden_to_entity_roles(world, login, who):
    assert login(getattr(world, who)).get("/medicion/resultados/importar/").status_code == 403


def test_national_scale_file_imports_fast_enough(world):
    """A reduced stand-in for the benchmark: 600 rows x 97 columns must import well under 10 s."""
    import time

    data = samples.build_results_workbook(make_rows(600), vigencia=2024)
    started = time.perf_counter()
    record = results_import(user=world.admin, file=data, vigencia=2024)
    assert time.perf_counter() - started < 10
    assert record.score_count == 600 * len(samples.ALL_CODES)
