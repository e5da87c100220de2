"""Acceptance of issue 13 item 6: a 420-question FURAG workbook with two matrix questions (rows and their own
columns) imports, and exports back identical: the same sheets, cells and types, byte for byte in every part of
the file except the moment it was saved. (The answers in the browser: tests/e2e/test_matrix_journey.py.)"""

import io

import pytest
from python_calamine import CalamineWorkbook

from mipg.measurement.questionnaires.exporter import questionnaire_workbook
from mipg.measurement.questionnaires.models import Question
from mipg.measurement.questionnaires.services import questionnaire_import
from mipg.measurement.questionnaires.synthetic import MATRICES_WITH_COLUMNS, furag_workbook

from ..workbooks import workbook_parts
from .conftest import as_file

pytestmark = pytest.mark.django_db


def typed_cells(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def test_a_420_question_workbook_with_two_matrices_exports_back_identical(world):
    original = furag_workbook(420, 19, with_meta=True)
    questionnaire = questionnaire_import(user=world.admin, file=as_file(original), name="", version="")
    assert questionnaire.question_count == 420
    matrices = Question.objects.filter(questionnaire=questionnaire, qtype="matricial").exclude(columns=[])
    assert [(m.code, [c.label for c in m.matrix_columns()]) for m in matrices.order_by("order")] == [
        ("Q0006", MATRICES_WITH_COLUMNS[0][1]),
        ("Q0013", MATRICES_WITH_COLUMNS[1][1]),
    ]

    exported = questionnaire_workbook(questionnaire)
    assert typed_cells(exported) == typed_cells(original)  # every sheet, header, cell and cell type
    assert workbook_parts(exported) == workbook_parts(original)  # and every byte of every part


def test_the_byte_comparison_sees_a_single_changed_cell(world):
    """The comparison above is not vacuous: one option text changed is one part that differs."""
    original = furag_workbook(420, 19, with_meta=True)
    questionnaire = questionnaire_import(user=world.admin, file=as_file(original), name="", version="")
    option = Question.objects.get(questionnaire=questionnaire, code="Q0013").options.order_by("order").first()
    option.text = "Sede principal (cambiada)"
    option.save(update_fields=["text"])
    changed = workbook_parts(questionnaire_workbook(questionnaire))
    same = workbook_parts(original)
    assert [name for name in same if same[name] != changed[name]] == ["xl/worksheets/sheet1.xml"]
