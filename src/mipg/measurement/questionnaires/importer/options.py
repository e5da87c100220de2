"""«Opciones» and «Puntos»: option lines with their markers and points."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mipg.core.numbers import parse_decimal

from .. import scoring
from ..models import QuestionType
from .layout import (
    MARK_EXCLUSIVE,
    MARK_FREE_TEXT,
    MARK_NO_FREE_TEXT,
    MARK_NOT_EXCLUSIVE,
    MARKS,
    TYPE_NAMES,
    OptionSpec,
    _key,
    split_lines,
)


def parse_option_line(line: str) -> tuple[str, bool, bool]:
    text = line
    forced = set()
    changed = True
    while changed:
        changed = False
        for mark in MARKS:
            if text.lower().endswith(mark):
                text = text[: -len(mark)].rstrip()
                forced.add(mark)
                changed = True
    exclusive = scoring.looks_exclusive(text)
    free_text = scoring.looks_free_text(text)
    if MARK_EXCLUSIVE in forced:
        exclusive = True
    if MARK_NOT_EXCLUSIVE in forced:
        exclusive = False
    if MARK_FREE_TEXT in forced:
        free_text = True
    if MARK_NO_FREE_TEXT in forced:
        free_text = False
    return text, exclusive, free_text


def option_line(option) -> str:
    """The option as written in the `Opciones` cell; a marker only where the text alone would be
    read differently, so the export round-trips."""
    line = option.text
    if option.is_exclusive != scoring.looks_exclusive(option.text):
        line += " " + (MARK_EXCLUSIVE if option.is_exclusive else MARK_NOT_EXCLUSIVE)
    if option.asks_free_text != scoring.looks_free_text(option.text):
        line += " " + (MARK_FREE_TEXT if option.asks_free_text else MARK_NO_FREE_TEXT)
    return line


def _read_options(problems, index, qtype, get) -> list[OptionSpec]:
    """«Opciones» and «Puntos» of one question: one option per line, one score per option."""
    option_lines = split_lines(get("Opciones"))
    if qtype in QuestionType.with_options() and not option_lines:
        problems.add(_("Una pregunta de este tipo necesita opciones."), row=index, column="Opciones")
    if qtype is not None and qtype not in QuestionType.with_options() and option_lines:
        problems.add(
            _("Las preguntas de tipo «%(type)s» no llevan opciones.") % {"type": TYPE_NAMES[qtype]},
            row=index,
            column="Opciones",
        )
    raw_points = get("Puntos")
    # A numeric cell is a number already; text lines are read with the app's es-CO parser.
    is_number = isinstance(raw_points, (int, float)) and not isinstance(raw_points, bool)
    point_lines = [raw_points] if is_number else split_lines(raw_points)
    points: list[Decimal | None] = [None] * len(option_lines)
    if point_lines:
        if len(point_lines) != len(option_lines):
            problems.add(
                _("Hay %(points)s puntajes para %(options)s opciones: debe haber uno por opción.")
                % {"points": len(point_lines), "options": len(option_lines)},
                row=index,
                column="Puntos",
            )
        else:
            for position, line in enumerate(point_lines):
                try:
                    points[position] = parse_decimal(line, decimals=2, minimum=-(10**6), maximum=10**6)
                except ValidationError as error:
                    problems.add(
                        _("El puntaje «%(value)s» no es un número: %(reason)s")
                        % {"value": line, "reason": " ".join(error.messages)},
                        row=index,
                        column="Puntos",
                    )
    options = []
    option_texts = set()
    repeated = []
    for position, line in enumerate(option_lines):
        option_text, exclusive, free_text = parse_option_line(line)
        if _key(option_text) in option_texts:
            repeated.append(option_text)
        option_texts.add(_key(option_text))
        if len(option_text) > 500:
            problems.add(_("Una opción supera 500 caracteres."), row=index, column="Opciones")
        options.append(
            OptionSpec(
                text=option_text,
                points=points[position] if position < len(points) else None,
                is_exclusive=exclusive,
                asks_free_text=free_text,
                is_not_applicable=scoring.looks_not_applicable(option_text),
            )
        )
    if repeated and qtype == QuestionType.MATRIX:
        problems.add(
            _(
                "Esta pregunta matricial repite «%(option)s» en «Opciones»: parece del formato anterior, "
                "que ponía las opciones de cada fila en «Opciones». Ahora «Opciones» lleva las filas de "
                "la matriz (una por línea) y la columna «Columnas» lleva las opciones que toma cada "
                "fila (una por línea; si se deja vacía: Sí, No, No aplica). Deje cada fila una sola vez "
                "y escriba sus opciones en «Columnas»."
            )
            % {"option": repeated[0]},
            row=index,
            column="Opciones",
        )
    else:
        for option_text in dict.fromkeys(repeated):
            problems.add(
                _("La opción «%(option)s» está repetida.") % {"option": option_text},
                row=index,
                column="Opciones",
            )
    return options
