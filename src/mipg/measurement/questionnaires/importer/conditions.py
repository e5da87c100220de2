"""When a question applies: «Condición» (an earlier question's options) and «Aplica si» (a rule)."""

import re

from django.utils.translation import gettext as _

from .. import applicability
from ..models import QuestionType
from .layout import (
    _key,
    cell_text,
)


def _read_rule(problems, index, get) -> str:
    """«Aplica si»: the applicability rule, whitespace collapsed, checked by the rule parser."""
    rule_text = re.sub(r"\s+", " ", cell_text(get("Aplica si")))
    if rule_text:
        if len(rule_text) > 500:
            problems.add(_("La regla supera 500 caracteres."), row=index, column="Aplica si")
        else:
            try:
                applicability.parse(rule_text)
            except applicability.RuleError as error:
                problems.add(
                    _("Regla «%(rule)s» inválida: %(reason)s") % {"rule": rule_text, "reason": error},
                    row=index,
                    column="Aplica si",
                )
    return rule_text


def _read_condition(problems, index, get, specs) -> tuple[str, list[str]]:
    """«Condición»: «CÓDIGO = opción | opción» on an earlier single or multiple choice question."""
    condition_code, condition_options = "", []
    condition = cell_text(get("Condición"))
    if condition:
        left, sep, right = condition.partition("=")
        condition_code = left.strip()
        condition_options = [part.strip() for part in right.split("|") if part.strip()]
        earlier = next((s for s in specs if s.code.upper() == condition_code.upper()), None)
        if not sep or not condition_code or not condition_options:
            problems.add(
                _("Escriba la condición como «CÓDIGO = opción» (varias opciones separadas por «|»)."),
                row=index,
                column="Condición",
            )
        elif earlier is None:
            problems.add(
                _("La condición se refiere a «%(code)s», que no es una pregunta anterior.")
                % {"code": condition_code},
                row=index,
                column="Condición",
            )
        elif earlier.qtype not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            problems.add(
                _("La condición solo puede depender de una pregunta de selección única o múltiple."),
                row=index,
                column="Condición",
            )
        else:
            condition_code = earlier.code
            known = {_key(o.text): o.text for o in earlier.options}
            resolved = []
            for option_text in condition_options:
                if _key(option_text) not in known:
                    problems.add(
                        _("La pregunta «%(code)s» no tiene la opción «%(option)s».")
                        % {"code": earlier.code, "option": option_text},
                        row=index,
                        column="Condición",
                    )
                else:
                    resolved.append(known[_key(option_text)])
            condition_options = resolved
    return condition_code, condition_options
