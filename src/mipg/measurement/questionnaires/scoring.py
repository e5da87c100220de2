"""Internal estimate ("estimación interna", 0-100). Never the official FURAG index: see docs/scoring.md.

Per question, from the options' points:
- selección única: points of the chosen option / highest points of the question's options.
- selección múltiple: points of the chosen options / points of every non-exclusive option (capped at 100).
- selección múltiple numérica: points of the options with a value above zero / points of every
  non-exclusive option.
- matricial: each row takes one column. Row score = points of its column / highest column points;
  question score = rows' scores weighted by the rows' points, over the rows not answered in a «No aplica»
  column. Default columns Sí (1) / No (0) / No aplica; other columns need «Puntos por columna» to be
  scored (without them the question is not scored).
- escala 0-100: the value itself.
- abierta numérica and abierta texto: not scored.
An exclusive option ("Ninguna de las anteriores", "No", "La entidad no ...") scores 0; a "No aplica"
answer takes the question out of the estimate. Missing points count 1 (0 for exclusive options).
Module, policy, dimension and total estimates are the mean of the scores of their scored questions.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)

MATRIX_YES = "si"
MATRIX_NO = "no"
MATRIX_NA = "na"
MATRIX_VALUES = (MATRIX_YES, MATRIX_NO, MATRIX_NA)
DEFAULT_COLUMNS = ("Sí", "No", "No aplica")


@dataclass(frozen=True)
class MatrixColumn:
    key: str
    label: str
    points: Decimal | None
    not_applicable: bool


def matrix_columns(labels, points=None) -> list[MatrixColumn]:
    """The columns of a matrix question. Without labels: Sí / No / No aplica with the keys si/no/na
    (answers stored before columns existed keep their meaning); otherwise keys "1", "2", … by position.
    Column points come from «Puntos por columna»; without them "Sí" is 1, "No" is 0 and other columns
    have none (the question is then not scored)."""
    labels = list(labels or [])
    points = list(points or [])
    if not labels:
        return [
            MatrixColumn(MATRIX_YES, "Sí", Decimal(1), False),
            MatrixColumn(MATRIX_NO, "No", Decimal(0), False),
            MatrixColumn(MATRIX_NA, "No aplica", None, True),
        ]
    columns = []
    for position, label in enumerate(labels, start=1):
        not_applicable = looks_not_applicable(label)
        if points and position <= len(points) and points[position - 1] not in (None, ""):
            value = Decimal(str(points[position - 1]))
        elif _plain(label) == "si":
            value = Decimal(1)
        elif _plain(label) == "no":
            value = Decimal(0)
        else:
            value = None
        columns.append(MatrixColumn(str(position), label, None if not_applicable else value, not_applicable))
    return columns


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text).strip().lower()


def looks_not_applicable(text: str) -> bool:
    return _plain(text).rstrip(".") in {"no aplica", "n/a", "na"}


def looks_exclusive(text: str) -> bool:
    plain = _plain(text).rstrip(".")
    return (
        plain == "no"
        or plain.startswith("ninguna de las anteriores")
        or plain.startswith("ninguno de los anteriores")
        or plain.startswith("la entidad no ")
        or looks_not_applicable(text)
    )


def looks_count(text: str) -> bool:
    """A numeric question that counts things ("¿Cuántos servidores…?", "Indique el número de…") takes
    whole numbers only; one about a percentage, an average or an amount of money keeps decimals."""
    plain = _plain(text)
    if any(
        word in plain for word in ("porcentaje", "%", "promedio", "valor", "monto", "presupuesto", "tasa")
    ):
        return False
    return bool(re.search(r"\b(cuantos|cuantas|numero de|cantidad de)\b", plain))


def looks_free_text(text: str) -> bool:
    plain = _plain(text)
    return bool(re.match(r"^otros?\b", plain)) and ("cual" in plain or plain.endswith("?") or ":" in plain)


def quantize(value) -> Decimal:
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def mean(total, count):
    if not count:
        return None
    return quantize(Decimal(total) / Decimal(count))


def option_points(option) -> Decimal:
    if option.is_exclusive:
        return Decimal(0)
    if option.points is None:
        return Decimal(1)
    return Decimal(option.points)


def question_score(
    qtype: str, options: list, *, choices, values, number, columns=None
) -> tuple[Decimal | None, bool]:
    """Return (score or None when not scored, answered "no aplica")."""
    from .models import QuestionType

    by_id = {option.pk: option for option in options}
    if qtype == QuestionType.SINGLE:
        chosen = [by_id[c] for c in choices if c in by_id]
        if not chosen:
            return None, False
        if chosen[0].is_not_applicable:
            return None, True
        best = max((option_points(o) for o in options if not o.is_not_applicable), default=Decimal(0))
        return (quantize(HUNDRED * option_points(chosen[0]) / best) if best > 0 else None), False
    if qtype in (QuestionType.MULTIPLE, QuestionType.MULTIPLE_NUMERIC):
        if qtype == QuestionType.MULTIPLE:
            chosen = [by_id[c] for c in choices if c in by_id]
        else:
            chosen = [by_id[int(k)] for k, v in (values or {}).items() if int(k) in by_id and Decimal(v) > 0]
        if any(o.is_not_applicable for o in chosen):
            return None, True
        possible = sum((option_points(o) for o in options if not o.is_exclusive), Decimal(0))
        if possible <= 0:
            return None, False
        earned = sum((option_points(o) for o in chosen), Decimal(0))
        return quantize(min(HUNDRED, HUNDRED * earned / possible)), False
    if qtype == QuestionType.MATRIX:
        by_key = {c.key: c for c in (columns if columns is not None else matrix_columns([]))}
        rows = [
            (by_id[int(k)], by_key[v]) for k, v in (values or {}).items() if int(k) in by_id and v in by_key
        ]
        counted = [(o, c) for o, c in rows if not c.not_applicable]
        if rows and not counted:
            return None, True
        if any(c.points is None for _o, c in counted):
            return None, False
        best = max((c.points for c in by_key.values() if c.points is not None), default=Decimal(0))
        possible = sum((option_points(o) for o, _c in counted), Decimal(0))
        if possible <= 0 or best <= 0:
            return None, False
        earned = sum((option_points(o) * c.points / best for o, c in counted), Decimal(0))
        return quantize(HUNDRED * earned / possible), False
    if qtype == QuestionType.SCALE:
        return (quantize(number) if number is not None else None), False
    return None, False
