"""Questionnaire libraries in the workbook layout (sheet `Preguntas`) or as YAML; both go through the
same row parser, so every rule and every Spanish message is the same. All-or-nothing."""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mipg.catalog.selectors import current_policies
from mipg.core.imports import ImportRejected, ProblemCollector
from mipg.core.limits import LONG_TEXT
from mipg.core.numbers import format_number as core_format_number
from mipg.core.numbers import parse_decimal
from mipg.core.xlsx import open_workbook, sheet_rows

from . import applicability, scoring
from .models import Module, Option, Question, Questionnaire, QuestionType

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
        columns_list, column_points = _read_columns(problems, index, qtype, get)
        minimum, maximum, decimals = _read_ranges(problems, index, qtype, get)
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


def read_workbook(uploaded) -> list[QuestionSpec]:
    return read_workbook_with_meta(uploaded)[0]


def read_workbook_with_meta(uploaded) -> tuple[list[QuestionSpec], dict]:
    """The questions, and the questionnaire's own data from the optional sheet «Cuestionario»."""
    workbook = open_workbook(uploaded)
    if SHEET not in workbook.sheet_names:
        raise ImportRejected.single(
            _("El libro no tiene la hoja «%(sheet)s» (tiene: %(sheets)s).")
            % {"sheet": SHEET, "sheets": ", ".join(workbook.sheet_names) or "—"},
            sheet=SHEET,
        )
    meta = {}
    if META_SHEET in workbook.sheet_names:
        meta = parse_meta(sheet_rows(workbook, META_SHEET))
    return parse_rows(sheet_rows(workbook, SHEET)), meta


def parse_meta(rows: list[list]) -> dict:
    """Read «Cuestionario»: headers Nombre, Versión, Clase, Descripción and one row of values."""
    problems = ProblemCollector(sheet=META_SHEET)
    if not rows:
        return {}
    header_keys = [_key(h) for h in rows[0]]
    data = rows[1] if len(rows) > 1 else []

    def get(name):
        if _key(name) not in header_keys:
            return ""
        position = header_keys.index(_key(name))
        return cell_text(data[position]) if position < len(data) else ""

    meta = {"name": get("Nombre"), "version": get("Versión"), "description": get("Descripción")}
    kind_text = get("Clase")
    if kind_text:
        kinds = {_key(label): value for value, label in KIND_NAMES.items()}
        kinds.update({_key(value): value for value in KIND_NAMES})
        kinds[_key("autodiagnostico")] = Questionnaire.Kind.SELF_ASSESSMENT
        if _key(kind_text) not in kinds:
            problems.add(
                _("Clase «%(value)s» desconocida; escriba «FURAG» o «Autodiagnóstico».")
                % {"value": kind_text},
                row=2,
                column="Clase",
            )
        else:
            meta["kind"] = kinds[_key(kind_text)]
    for name, key, limit in (
        ("Nombre", "name", 200),
        ("Versión", "version", 40),
        ("Descripción", "description", LONG_TEXT),
    ):
        if len(meta[key]) > limit:
            problems.add(_("El valor supera %(limit)s caracteres.") % {"limit": limit}, row=2, column=name)
    problems.raise_if_any()
    return meta


def build_questionnaire(
    specs: list[QuestionSpec],
    *,
    name: str,
    version: str = "",
    kind: str = Questionnaire.Kind.FURAG,
    description: str = "",
    builtin_code: str = "",
    source_file: str = "",
    user=None,
) -> Questionnaire:
    """Create the questionnaire and its rows in a handful of bulk inserts (inside the caller's
    transaction)."""
    questionnaire = Questionnaire(
        name=name[:200],
        version=version[:40],
        kind=kind,
        description=(description or "").strip(),
        builtin_code=builtin_code,
        source_file=source_file[:250],
        question_count=len(specs),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    questionnaire.full_clean()
    questionnaire.save()
    module_names: list[str] = []
    module_policies: dict[str, set] = {}
    for spec in specs:
        if spec.module not in module_policies:
            module_names.append(spec.module)
            module_policies[spec.module] = set()
        module_policies[spec.module].add(spec.policy.pk if spec.policy else None)
    policy_by_pk = {spec.policy.pk: spec.policy for spec in specs if spec.policy}
    modules = Module.objects.bulk_create(
        [
            Module(
                questionnaire=questionnaire,
                code=f"M{position:02d}",
                name=module_name,
                order=position,
                policy=policy_by_pk.get(next(iter(module_policies[module_name])))
                if len(module_policies[module_name]) == 1
                else None,
            )
            for position, module_name in enumerate(module_names, start=1)
        ]
    )
    module_by_name = {m.name: m for m in modules}
    dependents = {spec.condition_code.upper() for spec in specs if spec.condition_code}
    questions = Question.objects.bulk_create(
        [
            Question(
                questionnaire=questionnaire,
                module=module_by_name[spec.module],
                code=spec.code,
                text=spec.text,
                qtype=spec.qtype,
                order=position,
                evidence_required=spec.evidence_required,
                policy=spec.policy,
                applies_to=spec.applies_to,
                condition_options=spec.condition_options,
                has_dependents=spec.code.upper() in dependents,
                component=spec.component,
                category=spec.category,
                whole_number=spec.decimals == 0
                if spec.decimals is not None
                else spec.qtype in (QuestionType.NUMBER, QuestionType.MULTIPLE_NUMERIC)
                and scoring.looks_count(spec.text),
                columns=spec.columns,
                column_points=spec.column_points,
                minimum=spec.minimum,
                maximum=spec.maximum,
                decimals=spec.decimals,
                applicability=spec.applicability,
            )
            for position, spec in enumerate(specs, start=1)
        ]
    )
    by_code = {q.code.upper(): q for q in questions}
    conditioned = []
    for spec, question in zip(specs, questions, strict=True):
        if spec.condition_code:
            question.condition_question = by_code[spec.condition_code.upper()]
            conditioned.append(question)
    if conditioned:
        Question.objects.bulk_update(conditioned, ["condition_question"])
    Option.objects.bulk_create(
        [
            Option(
                question=question,
                order=position,
                text=option.text,
                points=option.points,
                is_exclusive=option.is_exclusive,
                asks_free_text=option.asks_free_text,
                is_not_applicable=option.is_not_applicable,
            )
            for spec, question in zip(specs, questions, strict=True)
            for position, option in enumerate(spec.options, start=1)
        ],
        batch_size=2000,
    )
    return questionnaire


def yaml_rows(library: dict) -> list[list]:
    """Turn a YAML library (modules -> questions) into the rows of the `Preguntas` sheet."""
    rows = [list(ALL_COLUMNS)]
    for module in library.get("modules", []):
        for question in module.get("questions", []):
            options = question.get("options") or []
            points = question.get("points") or []
            rows.append(
                [
                    question.get("code", ""),
                    module.get("name", ""),
                    question.get("policy", "") or "",
                    question.get("text", ""),
                    question.get("type", ""),
                    "\n".join(str(o) for o in options),
                    "Sí" if question.get("evidence") else "No",
                    question.get("applies_to", "") or "",
                    question.get("condition", "") or "",
                    "\n".join(format_number(Decimal(str(p))) for p in points),
                    question.get("component", "") or "",
                    question.get("category", "") or "",
                    "\n".join(str(c) for c in question.get("columns") or []),
                    "\n".join(format_number(Decimal(str(p))) for p in question.get("column_points") or []),
                    _yaml_number(question.get("minimum")),
                    _yaml_number(question.get("maximum")),
                    _yaml_number(question.get("decimals")),
                    question.get("applies_if", "") or "",
                ]
            )
    return rows


def _yaml_number(value) -> str:
    return "" if value is None or value == "" else format_number(Decimal(str(value)))
