"""Reading the sheets: the workbook (`Preguntas` and the optional «Cuestionario») and YAML libraries."""

from decimal import Decimal

from django.utils.translation import gettext as _

from mipg.core.imports import ImportRejected, ProblemCollector
from mipg.core.limits import LONG_TEXT
from mipg.core.xlsx import open_workbook, sheet_rows

from ..models import Questionnaire
from .layout import ALL_COLUMNS, KIND_NAMES, META_SHEET, SHEET, QuestionSpec, _key, cell_text, format_number
from .questions import parse_rows


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
