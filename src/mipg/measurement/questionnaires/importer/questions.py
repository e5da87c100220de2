"""The row parser of `Preguntas`: every rule of a question row, every problem by row and column."""

from django.utils.translation import gettext as _

from mipg.catalog.selectors import current_policies
from mipg.core.imports import ProblemCollector

from .conditions import _read_condition, _read_rule
from .layout import (
    ALL_COLUMNS,
    APPLIES_BY_KEY,
    REQUIRED_COLUMNS,
    SHEET,
    TYPE_NAMES,
    TYPES_BY_KEY,
    QuestionSpec,
    _key,
    cell_text,
)
from .matrices import _read_columns
from .options import _read_options
from .ranges import _read_ranges


def parse_rows(rows: list[list], *, sheet: str = SHEET) -> list[QuestionSpec]:
    """Validate the rows of `Preguntas` (first row = headers); raise ImportRejected with every problem."""
    problems = ProblemCollector(sheet=sheet)
    if not rows:
        problems.add(_("La hoja está vacía: falta la fila de encabezados."), row=1)
        problems.raise_if_any()
    header_keys = [_key(h) for h in rows[0]]
    columns = {}
    for name in ALL_COLUMNS:
        if _key(name) in header_keys:
            columns[name] = header_keys.index(_key(name))
        elif name in REQUIRED_COLUMNS:
            problems.add(
                _("Falta la columna obligatoria «%(column)s».") % {"column": name}, row=1, column=name
            )
    problems.raise_if_any()

    policies = {p.code.upper(): p for p in current_policies()}
    specs: list[QuestionSpec] = []
    seen_codes: dict[str, int] = {}
    for index, raw in enumerate(rows[1:], start=2):

        def get(name, raw=raw):
            position = columns.get(name)
            if position is None or position >= len(raw):
                return ""
            return raw[position]

        if not any(cell_text(v) for v in raw):
            continue
        code = cell_text(get("Código"))
        module = cell_text(get("Módulo"))
        text = cell_text(get("Pregunta"))
        type_text = cell_text(get("Tipo"))
        before = len(problems.problems)
        if not code:
            problems.add(_("Falta el código de la pregunta."), row=index, column="Código")
        elif code.upper() in seen_codes:
            problems.add(
                _("El código «%(code)s» está repetido (ya aparece en la fila %(first)s).")
                % {"code": code, "first": seen_codes[code.upper()]},
                row=index,
                column="Código",
            )
        else:
            seen_codes[code.upper()] = index
        if not module:
            problems.add(_("Falta el módulo."), row=index, column="Módulo")
        if not text:
            problems.add(_("Falta el texto de la pregunta."), row=index, column="Pregunta")
        qtype = TYPES_BY_KEY.get(_key(type_text))
        if qtype is None:
            problems.add(
                _("Tipo «%(value)s» desconocido; use uno de: %(names)s.")
                % {"value": type_text, "names": ", ".join(TYPE_NAMES.values())},
                row=index,
                column="Tipo",
            )
        policy_code = cell_text(get("Política")).upper()
        policy = None
        if policy_code:
            policy = policies.get(policy_code)
            if policy is None:
                problems.add(
                    _("La política «%(code)s» no existe en el catálogo vigente.") % {"code": policy_code},
                    row=index,
                    column="Política",
                )
        options = _read_options(problems, index, qtype, get)
        columns_list, column_points = _read_columns(problems, index, qtype, get)
        minimum, maximum, decimals = _read_ranges(problems, index, qtype, get)
        rule_text = _read_rule(problems, index, get)
        evidence_text = _key(get("Evidencia"))
        if evidence_text not in {"si", "no", ""}:
            problems.add(
                _("Escriba «Sí» o «No» (se leyó «%(value)s»).") % {"value": cell_text(get("Evidencia"))},
                row=index,
                column="Evidencia",
            )
        applies_text = _key(get("Aplica a"))
        applies_to = APPLIES_BY_KEY.get(applies_text)
        if applies_to is None:
            problems.add(
                _("Escriba «Nacional», «Territorial» o deje vacío para todas (se leyó «%(value)s»).")
                % {"value": cell_text(get("Aplica a"))},
                row=index,
                column="Aplica a",
            )
        condition_code, condition_options = _read_condition(problems, index, get, specs)
        component = cell_text(get("Componente"))
        category = cell_text(get("Categoría"))
        for name, value, limit in (
            ("Código", code, 40),
            ("Componente", component, 200),
            ("Categoría", category, 200),
            ("Módulo", module, 250),
        ):
            if len(value) > limit:
                problems.add(
                    _("El valor supera %(limit)s caracteres.") % {"limit": limit}, row=index, column=name
                )
        if len(problems.problems) == before:
            specs.append(
                QuestionSpec(
                    row=index,
                    code=code,
                    module=module,
                    policy=policy,
                    text=text,
                    qtype=qtype,
                    options=options,
                    evidence_required=evidence_text == "si",
                    applies_to=applies_to,
                    condition_code=condition_code,
                    condition_options=condition_options,
                    component=component,
                    category=category,
                    columns=columns_list,
                    column_points=column_points,
                    minimum=minimum,
                    maximum=maximum,
                    decimals=decimals,
                    applicability=rule_text,
                )
            )
    if not specs and not problems:
        problems.add(_("La hoja no tiene preguntas."), row=2)
    problems.raise_if_any()
    return specs
