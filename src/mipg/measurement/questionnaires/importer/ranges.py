"""«Mínimo», «Máximo» and «Decimales» of numeric questions."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mipg.core.numbers import parse_decimal

from ..models import QuestionType
from .layout import NUMERIC_TYPES, cell_text


def _read_ranges(problems, index, qtype, get) -> tuple[Decimal | None, Decimal | None, int | None]:
    """«Mínimo», «Máximo» and «Decimales» of a numeric question."""
    values = {}
    for name in ("Mínimo", "Máximo", "Decimales"):
        raw = get(name)
        if cell_text(raw) == "":
            values[name] = None
            continue
        if qtype is not None and qtype not in NUMERIC_TYPES:
            problems.add(
                _(
                    "Solo las preguntas numéricas (abierta numérica, selección múltiple numérica, escala) "
                    "llevan «%(column)s»."
                )
                % {"column": name},
                row=index,
                column=name,
            )
            values[name] = None
            continue
        try:
            if name == "Decimales":
                values[name] = int(parse_decimal(raw, decimals=0, minimum=0, maximum=4, label=name))
            else:
                values[name] = parse_decimal(raw, decimals=4, minimum=0, maximum=10**13, label=name)
        except ValidationError as error:
            problems.add(" ".join(error.messages), row=index, column=name)
            values[name] = None
    minimum, maximum = values["Mínimo"], values["Máximo"]
    if minimum is not None and maximum is not None and minimum > maximum:
        problems.add(_("El mínimo es mayor que el máximo."), row=index, column="Mínimo")
    if qtype == QuestionType.SCALE and maximum is not None and maximum > 100:
        problems.add(
            _("Una escala va de 0 a 100: el máximo no puede pasar de 100."), row=index, column="Máximo"
        )
    return minimum, maximum, values["Decimales"]
