"""FURAG fidelity: matrix questions with columns, numeric ranges, applicability over the entity's profile,
and the questionnaire's own data (sheet «Cuestionario») in the round trip."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mipg.core.imports import ImportRejected
from mipg.core.xlsx import build_workbook, open_workbook, sheet_rows
from mipg.measurement.questionnaires import applicability
from mipg.measurement.questionnaires.exporter import answer_text, questionnaire_rows, questionnaire_workbook
from mipg.measurement.questionnaires.importer import ALL_COLUMNS, META_COLUMNS, META_SHEET, SHEET
from mipg.measurement.questionnaires.models import Answer, Question, Questionnaire
from mipg.measurement.questionnaires.services import answer_save, campaign_create, questionnaire_import
from mipg.measurement.questionnaires.synthetic import MATRICES_WITH_COLUMNS, furag_rows, furag_workbook

from .conftest import as_file

pytestmark = pytest.mark.django_db


def row(code="A1", qtype="Selección única", options="Sí\nNo", **extra):
    values = {
        "Código": code,
        "Módulo": "Módulo 1",
        "Política": "POL01",
        "Pregunta": f"¿Pregunta {code}?",
        "Tipo": qtype,
        "Opciones": options,
        "Evidencia": "No",
    }
    values.update({k.replace("_", " "): v for k, v in extra.items()})
    return [values.get(name, "") for name in ALL_COLUMNS]


def workbook(rows, meta=None):
    sheets = [(SHEET, list(ALL_COLUMNS), rows)]
    if meta is not None:
        sheets.append((META_SHEET, list(META_COLUMNS), [meta]))
    return build_workbook(sheets)


def problems_of(data):
    with pytest.raises(ImportRejected) as caught:
        _import(data)
    return [(p.row, p.column, str(p.message)) for p in caught.value.problems]


_admin = {}


def _import(data, **kwargs):
    return questionnaire_import(user=_admin["user"], file=as_file(data), **kwargs)


@pytest.fixture(autouse=True)
def admin_user(world):
    _admin["user"] = world.admin
    return world.admin


MATRIX = row(
    "M1",
    "Matricial",
    "Funcionamiento\nInversión",
    Columnas="Menos de 100\nDe 100 a 500\nMás de 500\nNo aplica",
    Puntos_por_columna="1\n2\n4\n0",
)


# ---------------------------------------------------------------- import


def test_matrix_columns_and_points_are_imported():
    q = _import(workbook([MATRIX]), name="Matriz")
    question = Question.objects.get(questionnaire=q, code="M1")
    assert list(question.options.values_list("text", flat=True)) == ["Funcionamiento", "Inversión"]
    assert question.columns == ["Menos de 100", "De 100 a 500", "Más de 500", "No aplica"]
    columns = question.matrix_columns()
    assert [c.points for c in columns] == [Decimal(1), Decimal(2), Decimal(4), None]
    assert columns[-1].not_applicable


def test_matrix_without_columns_takes_si_no_no_aplica():
    q = _import(workbook([row("M2", "Matricial", "Fila A\nFila B")]), name="Matriz")
    question = Question.objects.get(questionnaire=q, code="M2")
    assert question.columns == []
    assert [c.label for c in question.matrix_columns()] == ["Sí", "No", "No aplica"]


def test_older_layout_with_repeated_matrix_choices_explains_the_columnas_column():
    old = row("M3", "Matricial", "Sí\nNo\nNo aplica\nSí\nNo\nNo aplica")
    problems = problems_of(workbook([old]))
    assert len(problems) == 1
    row_number, column, message = problems[0]
    assert (row_number, column) == (2, "Opciones")
    assert "«Columnas»" in message and "formato anterior" in message
    assert "está repetida" not in message


def test_repeated_options_outside_a_matrix_are_still_duplicates():
    problems = problems_of(workbook([row("S1", options="Sí\nNo\nSí")]))
    assert problems == [(2, "Opciones", "La opción «Sí» está repetida.")]


@pytest.mark.parametrize(
    "extra, column, fragment",
    [
        ({"Columnas": "Única"}, "Columnas", "al menos dos columnas"),
        ({"Columnas": "A\nB", "Puntos_por_columna": "1"}, "Puntos por columna", "uno por columna"),
        ({"Puntos_por_columna": "1\n0"}, "Puntos por columna", "Escriba también las «Columnas»"),
        ({"Columnas": "A\nA"}, "Columnas", "está repetida"),
    ],
)
def test_bad_matrix_columns_are_reported_by_row_and_column(extra, column, fragment):
    problems = problems_of(workbook([row("M4", "Matricial", "Fila", **extra)]))
    assert any(c == column and fragment in m for _r, c, m in problems), problems


def test_columns_on_a_question_that_is_not_a_matrix_are_refused():
    problems = problems_of(workbook([row("S2", Columnas="A\nB")]))
    assert problems == [(2, "Columnas", "Solo las preguntas matriciales llevan columnas.")]


def test_ranges_are_imported_and_validated():
    q = _import(
        workbook(
            [
                row("N1", "Abierta numérica", "", Mínimo="0", Máximo="1.000,5", Decimales="1"),
                row("N2", "Selección múltiple numérica", "Hombres\nMujeres", Decimales="0"),
            ]
        ),
        name="Rangos",
    )
    n1 = Question.objects.get(questionnaire=q, code="N1")
    assert (n1.minimum, n1.maximum, n1.decimals) == (Decimal(0), Decimal("1000.5"), 1)
    n2 = Question.objects.get(questionnaire=q, code="N2")
    assert n2.decimals == 0 and n2.whole_number
    problems = problems_of(
        workbook(
            [
                row("N3", "Abierta numérica", "", Mínimo="10", Máximo="5"),
                row("N4", "Abierta numérica", "", Decimales="1,5"),
                row("N5", "Abierta numérica", "", Mínimo="-3"),
                row("S3", Máximo="4"),
                row("E1", "Escala 0-100", "", Máximo="120"),
            ]
        )
    )
    by_row = {r: c for r, c, _m in problems}
    assert by_row == {2: "Mínimo", 3: "Decimales", 4: "Mínimo", 5: "Máximo", 6: "Máximo"}


def test_applicability_rules_are_validated_at_import_with_spanish_messages():
    problems = problems_of(
        workbook(
            [
                row("R1", Aplica_si="orden = departamental"),
                row("R2", Aplica_si="color = rojo"),
                row("R3", Aplica_si="naturaleza en (Municipio, Gobernación"),
                row("R4", Aplica_si="orden = territorial y naturaleza en (Municipio, Gobernación)"),
            ]
        )
    )
    assert [(r, c) for r, c, _m in problems] == [(2, "Aplica si"), (3, "Aplica si"), (4, "Aplica si")]
    messages = [m for _r, _c, m in problems]
    assert "solo toma nacional o territorial" in messages[0]
    assert "Atributo «color» desconocido" in messages[1]
    assert "paréntesis de cierre" in messages[2]


# ---------------------------------------------------------------- applicability rules


class Profile:
    def __init__(self, order="nacional", legal_nature="", peer_group="", reports_meci_only=False):
        self.order, self.legal_nature, self.peer_group = order, legal_nature, peer_group
        self.reports_meci_only = reports_meci_only


@pytest.mark.parametrize(
    "rule, profile, expected",
    [
        (
            "orden = territorial y naturaleza en (Municipio, Gobernación)",
            Profile("territorial", "Gobernacion"),
            True,
        ),
        (
            "orden = territorial y naturaleza en (Municipio, Gobernación)",
            Profile("territorial", "Hospital"),
            False,
        ),
        (
            "orden = territorial y naturaleza en (Municipio, Gobernación)",
            Profile("nacional", "Municipio"),
            False,
        ),
        (
            "naturaleza en (Empresa industrial y comercial del Estado)",
            Profile(legal_nature="Empresa Industrial y Comercial del Estado"),
            True,
        ),
        (
            'naturaleza = "Empresa industrial y comercial del Estado" o meci = sí',
            Profile(reports_meci_only=True),
            True,
        ),
        ("grupo par no en (Grupo 1, Grupo 2)", Profile(peer_group="Grupo 2"), False),
        ("grupo != Grupo 1", Profile(peer_group="Grupo 3"), True),
        ("meci = no", Profile(reports_meci_only=True), False),
        ("orden = nacional o orden = territorial y grupo = A", Profile("territorial", peer_group="B"), False),
        ("", Profile(), True),
    ],
)
def test_rules_over_the_entity_profile(rule, profile, expected):
    assert applicability.applies(rule, profile) is expected


def test_rules_are_never_evaluated_as_code():
    with pytest.raises(applicability.RuleError):
        applicability.parse("__import__('os').system('true')")


def test_a_campaign_opens_only_the_questions_that_apply(world):
    q = _import(
        workbook(
            [
                row("G1"),
                row("G2", Aplica_si="orden = territorial"),
                row("G3", Aplica_si="meci = sí"),
                row("G4", Aplica_si="naturaleza en (Ministerio, Departamento administrativo)"),
                row("G5", Condición="G2 = Sí"),
            ]
        ),
        name="Aplicabilidad",
    )
    world.head.legal_nature = "Ministerio"
    world.head.save()
    campaign = campaign_create(
        user=world.head_planner, questionnaire=q, entity=world.head, vigencia=2025, deadline=date(2025, 12, 1)
    )
    codes = set(Answer.objects.filter(campaign=campaign).values_list("question__code", flat=True))
    assert codes == {"G1", "G4"}  # G5 depends on G2, which does not apply
    world.head.reports_meci_only = True
    world.head.save()
    again = campaign_create(
        user=world.head_planner, questionnaire=q, entity=world.head, vigencia=2026, deadline=date(2026, 12, 1)
    )
    codes = set(Answer.objects.filter(campaign=again).values_list("question__code", flat=True))
    assert codes == {"G1", "G3", "G4"}
    assert again.aggregates.get(key="total").applicable_count == 3


# ---------------------------------------------------------------- answers


@pytest.fixture
def ranged(world):
    q = _import(
        workbook(
            [
                MATRIX,
                row("MD", "Matricial", "Fila A\nFila B", Puntos="1\n3"),
                row("P1", "Abierta numérica", "", Mínimo="1", Máximo="500", Decimales="0"),
                row("V1", "Selección múltiple numérica", "Hombres\nMujeres", Máximo="1.000", Decimales="1"),
            ]
        ),
        name="Respuestas",
    )
    return campaign_create(
        user=world.head_planner, questionnaire=q, entity=world.head, vigencia=2025, deadline=date(2025, 12, 1)
    )


def answer(campaign, code):
    return Answer.objects.select_related("campaign__entity", "question__module__policy").get(
        campaign=campaign, question__code=code
    )


def test_matrix_rows_take_one_column_and_score_by_column_points(world, ranged):
    a = answer(ranged, "M1")
    rows = {o.text: o.pk for o in a.question.options.all()}
    cols = {c.label: c.key for c in a.question.matrix_columns()}
    answer_save(
        user=world.head_planner,
        answer=a,
        values={rows["Funcionamiento"]: cols["De 100 a 500"], rows["Inversión"]: cols["Más de 500"]},
    )
    a = answer(ranged, "M1")
    assert a.score == Decimal("75.0")  # (2/4 + 4/4) / 2
    assert answer_text(a) == "Funcionamiento: De 100 a 500\nInversión: Más de 500"
    answer_save(
        user=world.head_planner,
        answer=a,
        values={rows["Funcionamiento"]: cols["No aplica"], rows["Inversión"]: cols["Menos de 100"]},
    )
    assert answer(ranged, "M1").score == Decimal("25.0")  # the «No aplica» row leaves the estimate
    with pytest.raises(ValidationError, match="elija una de las columnas"):
        answer_save(user=world.head_planner, answer=answer(ranged, "M1"), values={rows["Inversión"]: "si"})


def test_default_matrix_keeps_si_no_scoring_with_row_points(world, ranged):
    a = answer(ranged, "MD")
    rows = {o.text: o.pk for o in a.question.options.all()}
    answer_save(user=world.head_planner, answer=a, values={rows["Fila A"]: "si", rows["Fila B"]: "no"})
    assert answer(ranged, "MD").score == Decimal("25.0")  # 1 of 4 points


@pytest.mark.parametrize("typed", ["0", "501", "2,5", "-3"])
def test_open_numeric_answer_outside_the_questionnaire_range_is_refused(world, ranged, typed):
    a = answer(ranged, "P1")
    with pytest.raises(ValidationError):
        answer_save(user=world.head_planner, answer=a, number=typed)
    assert not answer(ranged, "P1").is_answered


def test_numeric_answers_inside_the_range_are_read_in_es_co(world, ranged):
    answer_save(user=world.head_planner, answer=answer(ranged, "P1"), number="250")
    assert answer(ranged, "P1").number == Decimal(250)
    v = answer(ranged, "V1")
    o = list(v.question.options.all())
    answer_save(user=world.head_planner, answer=v, values={o[0].pk: "1.000", o[1].pk: "12,5"})
    assert answer(ranged, "V1").values == {str(o[0].pk): "1000", str(o[1].pk): "12.5"}
    with pytest.raises(ValidationError):
        answer_save(user=world.head_planner, answer=answer(ranged, "V1"), values={o[0].pk: "1.000,5"})
    with pytest.raises(ValidationError):
        answer_save(user=world.head_planner, answer=answer(ranged, "V1"), values={o[0].pk: "1,25"})


def test_answer_page_shows_a_grid_with_one_radio_group_per_row(world, ranged, client):
    a = answer(ranged, "M1")
    client.force_login(world.head_planner)
    url = reverse("questionnaires:answer_detail", args=[a.pk])
    body = client.get(url).content.decode()
    for o in a.question.options.all():
        assert f'role="radiogroup" aria-labelledby="row-label-{o.pk}"' in body
        assert f'id="row-label-{o.pk}">{o.text}</th>' in body
    assert body.count('type="radio"') == 8
    assert '<th scope="col">Más de 500</th>' in body
    rows = {o.text: o.pk for o in a.question.options.all()}
    response = client.post(url, {"action": "save", f"row_{rows['Inversión']}": "3"})
    assert response.status_code == 302
    assert answer(ranged, "M1").values == {str(rows["Inversión"]): "3"}
    # another entity's planner sees nothing
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_numeric_answer_page_states_the_range(world, ranged, client):
    client.force_login(world.head_planner)
    body = client.get(
        reverse("questionnaires:answer_detail", args=[answer(ranged, "P1").pk])
    ).content.decode()
    assert "Entre 1 y 500. Un número entero, por ejemplo 1.250." in body
    assert 'inputmode="numeric"' in body


# ---------------------------------------------------------------- round trip


def test_round_trip_keeps_rows_columns_ranges_rules_class_and_description(world):
    data = furag_workbook(420, 19, with_meta=True)
    first = _import(data)
    assert (first.name, first.version, first.kind) == ("FURAG sintético", "2025", Questionnaire.Kind.FURAG)
    assert first.description.startswith("Cuestionario sintético")
    assert first.question_count == 420
    matrices = Question.objects.filter(questionnaire=first, qtype="matricial").exclude(columns=[])
    assert matrices.count() == len(MATRICES_WITH_COLUMNS) == 2
    exported = questionnaire_workbook(first)
    book = open_workbook(as_file(exported))
    assert sheet_rows(book, SHEET)[1:] == [[str(c) for c in r] for r in furag_rows(420, 19)]
    assert sheet_rows(book, META_SHEET)[1][:3] == ["FURAG sintético", "2025", "FURAG"]
    second = _import(exported, version="2025-b")
    assert questionnaire_rows(second) == questionnaire_rows(first)
    assert (second.kind, second.description) == (first.kind, first.description)


def test_self_assessment_class_survives_the_round_trip(world):
    data = workbook(
        [row("A1")], meta=["Autodiagnóstico X", "1", "Autodiagnóstico", "Mide la gestión documental."]
    )
    first = _import(data)
    assert (
        first.kind == Questionnaire.Kind.SELF_ASSESSMENT
        and first.description == "Mide la gestión documental."
    )
    second = _import(questionnaire_workbook(first), version="2")
    assert (second.name, second.kind, second.description) == (first.name, first.kind, first.description)


def test_unknown_class_in_the_cuestionario_sheet_is_reported():
    problems = problems_of(workbook([row("A1")], meta=["X", "1", "Encuesta", ""]))
    assert problems[0][:2] == (2, "Clase")


def test_committed_example_workbook_is_the_generated_one_and_imports(world):
    path = Path(__file__).resolve().parents[2] / "docs" / "examples" / "cuestionario-ejemplo.xlsx"
    book = open_workbook(as_file(path.read_bytes()))
    assert sheet_rows(book, SHEET)[1:] == [[str(c) for c in r] for r in furag_rows(420, 19)]
    questionnaire = _import(path.read_bytes())
    assert (questionnaire.name, questionnaire.kind) == ("FURAG sintético", Questionnaire.Kind.FURAG)
    assert questionnaire.question_count == 420
    assert (
        Question.objects.filter(questionnaire=questionnaire, qtype="matricial").exclude(columns=[]).count()
        == 2
    )


def test_api_shows_the_new_attributes_and_answers_a_matrix_by_column(world, ranged, api):
    client = api(world.head_planner)
    detail = client.get(f"/api/v1/questionnaires/{ranged.questionnaire_id}/").json()
    by_code = {q["code"]: q for q in detail["questions"]}
    assert by_code["M1"]["columns"] == ["Menos de 100", "De 100 a 500", "Más de 500", "No aplica"]
    assert by_code["M1"]["column_points"] == ["1", "2", "4", "0"]
    assert (by_code["P1"]["minimum"], by_code["P1"]["maximum"], by_code["P1"]["decimals"]) == (
        "1.0000",
        "500.0000",
        0,
    )
    assert by_code["P1"]["applicability"] == ""
    a = answer(ranged, "M1")
    rows = {o.text: o.pk for o in a.question.options.all()}
    response = client.patch(
        f"/api/v1/answers/{a.pk}/", {"values": {str(rows["Inversión"]): "3"}}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert answer(ranged, "M1").score == Decimal("100.0")
    bad = client.patch(f"/api/v1/answers/{a.pk}/", {"values": {str(rows["Inversión"]): "si"}}, format="json")
    assert bad.status_code == 400
    p = answer(ranged, "P1")
    assert client.patch(f"/api/v1/answers/{p.pk}/", {"number": 600}, format="json").status_code == 400
    assert (
        api(world.outsider).patch(f"/api/v1/answers/{p.pk}/", {"number": 6}, format="json").status_code == 404
    )
