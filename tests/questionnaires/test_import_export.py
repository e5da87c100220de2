import pytest
from django.core.management import call_command

from mipg.core.imports import ImportRejected
from mipg.core.xlsx import build_workbook
from mipg.measurement.questionnaires.exporter import questionnaire_rows, questionnaire_workbook
from mipg.measurement.questionnaires.importer import ALL_COLUMNS, SHEET
from mipg.measurement.questionnaires.models import Option, Question, Questionnaire
from mipg.measurement.questionnaires.services import questionnaire_import
from mipg.measurement.questionnaires.synthetic import furag_rows, furag_workbook

from .conftest import as_file

pytestmark = pytest.mark.django_db


def workbook(rows, headers=None, sheet=SHEET):
    return build_workbook([(sheet, list(headers or ALL_COLUMNS), rows)])


def row(
    code="A1",
    module="Módulo 1",
    policy="POL01",
    text="¿Pregunta?",
    qtype="Selección única",
    options="Sí\nNo",
    evidence="No",
    applies="",
    condition="",
    points="",
    component="",
    category="",
):
    return [
        code,
        module,
        policy,
        text,
        qtype,
        options,
        evidence,
        applies,
        condition,
        points,
        component,
        category,
    ]


def test_furag_size_workbook_round_trips_identically(world):
    data = furag_workbook(420, 19)
    first = questionnaire_import(user=world.admin, file=as_file(data), name="FURAG sintético")
    assert first.question_count == 420
    assert first.modules.count() == 19
    exported = questionnaire_workbook(first)
    second = questionnaire_import(
        user=world.admin, file=as_file(exported), name="FURAG sintético", version="2"
    )
    assert questionnaire_rows(first) == questionnaire_rows(second)
    assert questionnaire_rows(first) == [[str(c) for c in r] for r in furag_rows(420, 19)]
    # conditions, applicability and option flags survived
    q = Question.objects.get(questionnaire=second, code="Q0002")
    assert q.condition_question.code == "Q0001" and q.condition_options == ["Sí", "Parcialmente"]
    assert Option.objects.get(question=q, text="Ninguna de las anteriores").is_exclusive
    assert Option.objects.get(question=q, text="Otros. ¿Cuáles?").asks_free_text


def test_yaml_library_exports_and_reimports_identically(world, furag):
    exported = questionnaire_workbook(furag)
    # the export carries its version (sheet «Cuestionario»): the same version is never replaced
    with pytest.raises(ImportRejected, match="una versión importada no se reemplaza"):
        questionnaire_import(user=world.admin, file=as_file(exported))
    again = questionnaire_import(user=world.admin, file=as_file(exported), version="2025 - revisada")
    assert questionnaire_rows(again) == questionnaire_rows(furag)
    assert (again.name, again.kind, again.description) == (furag.name, furag.kind, furag.description)
    types = set(Question.objects.filter(questionnaire=furag).values_list("qtype", flat=True))
    assert len(types) == 7


def test_forced_flags_are_kept_with_markers(world):
    data = workbook(
        [
            row(
                qtype="Selección múltiple",
                options="A\nSolo esta [excluyente]\nNo [no excluyente]\nOtra cosa [texto libre]",
            )
        ]
    )
    q = questionnaire_import(user=world.admin, file=as_file(data))
    options = list(Option.objects.filter(question__questionnaire=q).order_by("order"))
    assert [(o.text, o.is_exclusive, o.asks_free_text) for o in options] == [
        ("A", False, False),
        ("Solo esta", True, False),
        ("No", False, False),
        ("Otra cosa", False, True),
    ]
    rows = questionnaire_rows(q)
    assert rows[0][5] == "A\nSolo esta [excluyente]\nNo [no excluyente]\nOtra cosa [texto libre]"


def test_command_prints_the_id_last(world, tmp_path, capsys):
    path = tmp_path / "f.xlsx"
    path.write_bytes(workbook([row()]))
    call_command("import-questionnaire", str(path), "--name", "Prueba CLI")
    out = capsys.readouterr().out.split()
    q = Questionnaire.objects.get(pk=int(out[-1]))
    assert q.name == "Prueba CLI"


def _rejected(world, data):
    before = (Questionnaire.objects.count(), Question.objects.count(), Option.objects.count())
    with pytest.raises(ImportRejected) as info:
        questionnaire_import(user=world.admin, file=as_file(data))
    assert (Questionnaire.objects.count(), Question.objects.count(), Option.objects.count()) == before
    return [str(p) for p in info.value.problems]


def test_missing_sheet(world):
    problems = _rejected(world, workbook([row()], sheet="Hoja1"))
    assert "no tiene la hoja «Preguntas»" in problems[0]


def test_missing_required_column(world):
    headers = [h for h in ALL_COLUMNS if h != "Tipo"]
    data = workbook([[c for i, c in enumerate(row()) if ALL_COLUMNS[i] != "Tipo"]], headers=headers)
    problems = _rejected(world, data)
    assert problems == ["hoja «Preguntas», fila 1, columna «Tipo»: Falta la columna obligatoria «Tipo»."]


def test_every_problem_is_reported_with_sheet_row_and_column(world):
    data = workbook(
        [
            row(code="A1"),
            row(code="A1"),
            row(code="A3", qtype="Selección rara"),
            row(code="A4", policy="POL99"),
            row(code="A5", options=""),
            row(code="A6", points="1\n2\n3"),
            row(code="A7", evidence="Tal vez"),
        ]
    )
    problems = _rejected(world, data)
    assert (
        "hoja «Preguntas», fila 3, columna «Código»: El código «A1» está repetido (ya aparece en la fila 2)."
        in problems
    )
    assert any(
        p.startswith("hoja «Preguntas», fila 4, columna «Tipo»: Tipo «Selección rara» desconocido")
        for p in problems
    )
    assert (
        "hoja «Preguntas», fila 5, columna «Política»: La política «POL99» no existe en el catálogo vigente."
        in problems
    )
    assert (
        "hoja «Preguntas», fila 6, columna «Opciones»: Una pregunta de este tipo necesita opciones."
        in problems
    )
    assert any("fila 7, columna «Puntos»: Hay 3 puntajes para 2 opciones" in p for p in problems)
    assert any("fila 8, columna «Evidencia»" in p for p in problems)
    assert len(problems) == 6


def test_condition_must_name_an_earlier_question_and_option(world):
    data = workbook(
        [row(code="A1"), row(code="A2", condition="A9 = Sí"), row(code="A3", condition="A1 = Tal vez")]
    )
    problems = _rejected(world, data)
    assert any("fila 3, columna «Condición»" in p and "«A9»" in p for p in problems)
    assert any("fila 4, columna «Condición»" in p and "no tiene la opción «Tal vez»" in p for p in problems)


def test_a_file_that_is_not_xlsx(world):
    problems = _rejected(world, b"%PDF-1.4 esto no es excel")
    assert problems == ["El archivo no es un libro de Excel (.xlsx) válido."]


@pytest.mark.parametrize(
    "who", ["reader", "control", "head_planner", "child_planner", "sector_planner", "outsider"]
)
def test_only_a_question_bank_administrator_imports(world, who):
    """Question banks are shared by every entity: no planning office (entity or sector) imports them."""
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        questionnaire_import(user=getattr(world, who), file=as_file(workbook([row()])))
    assert Questionnaire.objects.count() == 0


def test_question_bank_administrator_imports_and_a_version_is_never_replaced(world):
    from mipg.organizations.roles import Role, can_view
    from tests.factories import UserFactory, grant

    bank_admin = UserFactory(username="bancos")
    grant(bank_admin, world.head, Role.QUESTION_BANK_ADMIN)
    assert not can_view(bank_admin, world.head)  # a national role opens no entity
    first = questionnaire_import(user=bank_admin, file=as_file(workbook([row()])), name="Banco", version="1")
    with pytest.raises(ImportRejected, match="una versión importada no se reemplaza"):
        questionnaire_import(
            user=bank_admin, file=as_file(workbook([row(), row(code="A2")])), name="Banco", version="1"
        )
    assert list(Questionnaire.objects.all()) == [first] and first.questions.count() == 1
    second = questionnaire_import(user=bank_admin, file=as_file(workbook([row()])), name="Banco", version="2")
    assert second.pk != first.pk


def test_command_reports_problems_and_imports_nothing(world, tmp_path, capsys):
    from django.core.management.base import CommandError

    path = tmp_path / "malo.xlsx"
    path.write_bytes(workbook([row(code="A1"), row(code="A1", qtype="Otra")]))
    with pytest.raises(CommandError, match="No se importó nada: 2 problema"):
        call_command("import-questionnaire", str(path))
    err = capsys.readouterr().err
    assert "fila 3, columna «Código»" in err and "fila 3, columna «Tipo»" in err
    assert Questionnaire.objects.count() == 0
    with pytest.raises(CommandError, match="No se puede leer el archivo"):
        call_command("import-questionnaire", str(tmp_path / "no-existe.xlsx"))
