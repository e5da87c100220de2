"""Questionnaire libraries in the workbook layout (sheet `Preguntas`) or as YAML; both go through the
same row parser, so every rule and every Spanish message is the same. All-or-nothing.

The package follows an import: `layout` (sheet and column names, cell reading, the specs),
`reading` (the workbook and YAML), `questions` (the row parser), which checks each question's
`options`, `matrices` (columns), `ranges` (numeric limits) and `conditions` («Condición», «Aplica si»);
`writing` creates the questionnaire. Every public name is re-exported here, so callers keep writing
`importer.read_workbook_with_meta(...)`."""

from .layout import (
    ALL_COLUMNS,
    APPLIES_BY_KEY,
    APPLIES_NAMES,
    KIND_NAMES,
    MARK_EXCLUSIVE,
    MARK_FREE_TEXT,
    MARK_NO_FREE_TEXT,
    MARK_NOT_EXCLUSIVE,
    MARKS,
    META_COLUMNS,
    META_SHEET,
    NUMERIC_TYPES,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    SHEET,
    TYPE_NAMES,
    TYPES_BY_KEY,
    OptionSpec,
    QuestionSpec,
    cell_text,
    format_number,
    split_lines,
)
from .options import option_line, parse_option_line
from .questions import parse_rows
from .reading import parse_meta, read_workbook, read_workbook_with_meta, yaml_rows
from .writing import build_questionnaire

__all__ = [
    "ALL_COLUMNS",
    "APPLIES_BY_KEY",
    "APPLIES_NAMES",
    "KIND_NAMES",
    "MARK_EXCLUSIVE",
    "MARK_FREE_TEXT",
    "MARK_NO_FREE_TEXT",
    "MARK_NOT_EXCLUSIVE",
    "MARKS",
    "META_COLUMNS",
    "META_SHEET",
    "NUMERIC_TYPES",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "SHEET",
    "TYPE_NAMES",
    "TYPES_BY_KEY",
    "OptionSpec",
    "QuestionSpec",
    "build_questionnaire",
    "cell_text",
    "format_number",
    "option_line",
    "parse_meta",
    "parse_option_line",
    "parse_rows",
    "read_workbook",
    "read_workbook_with_meta",
    "split_lines",
    "yaml_rows",
]
