"""«Columnas» and «Puntos por columna» of matrix questions."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mipg.core.numbers import parse_decimal

from ..models import QuestionType
from .layout import _key, split_lines


def _read_columns(problems, index, qtype, get) -> tuple[list[str], list[str]]:
    """«Columnas» and «Puntos por columna» of a matrix question (points kept as plain decimal text)."""
    columns = split_lines(get("Columnas"))
    raw_points = get("Puntos por columna")
    is_number = isinstance(raw_points, (int, float)) and not isinstance(raw_points, bool)
    point_lines = [raw_points] if is_number else split_lines(raw_points)
    if qtype != QuestionType.MATRIX:
        for name, given in (("Columnas", columns), ("Puntos por columna", point_lines)):
            if given:
                problems.add(_("Solo las preguntas matriciales llevan columnas."), row=index, column=name)
        return [], []
    seen = set()
    for column in columns:
        if _key(column) in seen:
            problems.add(
                _("La columna «%(column)s» está repetida.") % {"column": column}, row=index, column="Columnas"
            )
        seen.add(_key(column))
        if len(column) > 200:
            problems.add(_("Una columna supera 200 caracteres."), row=index, column="Columnas")
    if len(columns) == 1:
        problems.add(
            _("Una matriz necesita al menos dos columnas (o ninguna: Sí, No, No aplica)."),
            row=index,
            column="Columnas",
        )
    points = []
    if point_lines:
        if not columns:
            problems.add(
                _("Escriba también las «Columnas» a las que corresponden estos puntos."),
                row=index,
                column="Puntos por columna",
            )
        elif len(point_lines) != len(columns):
            problems.add(
                _("Hay %(points)s puntajes para %(columns)s columnas: debe haber uno por columna.")
                % {"points": len(point_lines), "columns": len(columns)},
                row=index,
                column="Puntos por columna",
            )
        else:
            for line in point_lines:
                try:
                    value = parse_decimal(line, decimals=2, minimum=0, maximum=10**6)
                    points.append(format(value.normalize(), "f"))
                except ValidationError as error:
                    problems.add(
                        _("El puntaje «%(value)s» no es un número: %(reason)s")
                        % {"value": line, "reason": " ".join(error.messages)},
                        row=index,
                        column="Puntos por columna",
                    )
    return columns, points
