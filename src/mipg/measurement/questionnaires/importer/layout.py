"""The import layout: sheet and column names, type and scope names, option markers, how cells are read
and the specs a valid row becomes."""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from mipg.core.numbers import format_number as core_format_number

from ..models import Question, Questionnaire, QuestionType

SHEET = "Preguntas"
REQUIRED_COLUMNS = ["Código", "Módulo", "Política", "Pregunta", "Tipo", "Opciones", "Evidencia"]
OPTIONAL_COLUMNS = [
    "Aplica a",
    "Condición",
    "Puntos",
    "Componente",
    "Categoría",
    "Columnas",
    "Puntos por columna",
    "Mínimo",
    "Máximo",
    "Decimales",
    "Aplica si",
]
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

TYPE_NAMES = {
    QuestionType.SINGLE: "Selección única",
    QuestionType.MULTIPLE: "Selección múltiple",
    QuestionType.MULTIPLE_NUMERIC: "Selección múltiple numérica",
    QuestionType.NUMBER: "Abierta numérica",
    QuestionType.TEXT: "Abierta texto",
    QuestionType.MATRIX: "Matricial",
    QuestionType.SCALE: "Escala 0-100",
}
APPLIES_NAMES = {
    Question.AppliesTo.ALL: "",
    Question.AppliesTo.NATIONAL: "Nacional",
    Question.AppliesTo.TERRITORIAL: "Territorial",
}
MARK_EXCLUSIVE = "[excluyente]"
MARK_NOT_EXCLUSIVE = "[no excluyente]"
MARK_FREE_TEXT = "[texto libre]"
MARK_NO_FREE_TEXT = "[sin texto libre]"
MARKS = (MARK_EXCLUSIVE, MARK_NOT_EXCLUSIVE, MARK_FREE_TEXT, MARK_NO_FREE_TEXT)


def _key(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().lower()


TYPES_BY_KEY = {_key(name): value for value, name in TYPE_NAMES.items()}
TYPES_BY_KEY[_key("Escala 0 - 100")] = QuestionType.SCALE
APPLIES_BY_KEY = {
    "": Question.AppliesTo.ALL,
    "todas": Question.AppliesTo.ALL,
    "todos": Question.AppliesTo.ALL,
    "nacional": Question.AppliesTo.NATIONAL,
    "territorial": Question.AppliesTo.TERRITORIAL,
}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def split_lines(value) -> list[str]:
    return [line.strip() for line in cell_text(value).split("\n") if line.strip()]


def format_number(value) -> str:
    """Numbers written into the workbook's text cells as Colombians write them ("0,5"; "1.250")."""
    if value is None:
        return ""
    return core_format_number(Decimal(str(value)))


@dataclass
class OptionSpec:
    text: str
    points: Decimal | None
    is_exclusive: bool
    asks_free_text: bool
    is_not_applicable: bool


@dataclass
class QuestionSpec:
    row: int
    code: str
    module: str
    policy: object
    text: str
    qtype: str
    options: list[OptionSpec]
    evidence_required: bool
    applies_to: str
    condition_code: str = ""
    condition_options: list[str] = field(default_factory=list)
    component: str = ""
    category: str = ""
    columns: list[str] = field(default_factory=list)
    column_points: list[str] = field(default_factory=list)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    decimals: int | None = None
    applicability: str = ""


# The optional sheet «Cuestionario»: one header row and one row with the questionnaire's own data.
META_SHEET = "Cuestionario"
META_COLUMNS = ["Nombre", "Versión", "Clase", "Descripción"]
KIND_NAMES = {Questionnaire.Kind.FURAG: "FURAG", Questionnaire.Kind.SELF_ASSESSMENT: "Autodiagnóstico"}
NUMERIC_TYPES = (QuestionType.NUMBER, QuestionType.MULTIPLE_NUMERIC, QuestionType.SCALE)
