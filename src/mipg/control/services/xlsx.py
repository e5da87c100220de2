"""The risk map as an Excel workbook in the matrix layout entities already use (one row per control, the
risk's columns repeated) and its all-or-nothing import."""

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.core.imports import ImportRejected, ProblemCollector
from mipg.core.xlsx import open_workbook, sheet_rows
from mipg.organizations.models import Person

from .. import scoring
from ..libraries import corruption_questions
from ..models import Control, Process, Risk, RiskPolicy
from .common import require_manager
from .risks import control_save, risk_save, risk_set_treatment

SHEET = "Mapa de riesgos"
HEADERS = [
    "Proceso",
    "Código del riesgo",
    "Clase de riesgo",
    "Impacto (qué pasaría)",
    "Causa inmediata",
    "Causa raíz",
    "Causas",
    "Consecuencias",
    "Activos de información",
    "Preguntas de corrupción con «sí»",
    "Probabilidad inherente",
    "Impacto inherente",
    "Zona inherente",
    "Control",
    "Tipo de control",
    "Implementación",
    "Responsable del control",
    "Probabilidad residual",
    "Impacto residual",
    "Zona residual",
    "Tratamiento",
]
REQUIRED = {
    "Proceso",
    "Código del riesgo",
    "Clase de riesgo",
    "Impacto (qué pasaría)",
    "Causa inmediata",
    "Causa raíz",
}


def _norm(value) -> str:
    text = "" if value is None else str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("_", " ").strip()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _lookup(choices: list[tuple[str, str]]) -> dict[str, str]:
    """code and label (normalised) → code."""
    table = {}
    for code, label in choices:
        table[_norm(code)] = code
        table[_norm(label)] = code
    return table


def export_rows(policy: RiskPolicy, risks) -> list[list]:
    tables = policy.tables
    names = {
        "probability": {lvl["code"]: lvl["name"] for lvl in tables["probability"]},
        "impact": {lvl["code"]: lvl["name"] for lvl in tables["impact"]},
        "zone": {z["code"]: z["name"] for z in tables["zones"]},
    }
    rows = []
    for risk in risks:
        base = [
            f"{risk.process.code} {risk.process.name}",
            risk.code,
            risk.get_risk_class_display(),
            risk.impact_text,
            risk.immediate_cause,
            risk.root_cause,
            risk.causes,
            risk.consequences,
            risk.assets,
            ", ".join(risk.corruption_answers or []),
            names["probability"].get(risk.inherent_probability, risk.inherent_probability),
            names["impact"].get(risk.inherent_impact, risk.inherent_impact),
            names["zone"].get(risk.inherent_zone, risk.inherent_zone),
        ]
        tail = [
            names["probability"].get(risk.residual_probability, risk.residual_probability),
            names["impact"].get(risk.residual_impact, risk.residual_impact),
            names["zone"].get(risk.residual_zone, risk.residual_zone),
            risk.get_treatment_display() if risk.treatment else "",
        ]
        controls = list(risk.controls.all())
        if not controls:
            rows.append(base + ["", "", "", ""] + tail)
        for control in controls:
            rows.append(
                base
                + [
                    control.name,
                    control.get_control_type_display(),
                    control.get_implementation_display(),
                    control.owner.full_name if control.owner_id else "",
                ]
                + tail
            )
    return rows


@service
def risk_map_import(*, user, policy: RiskPolicy, upload) -> dict:
    """Import risks and controls into the policy's vigencia. All or nothing: any unknown process, class,
    level or zone, a residual zone above the inherent one, or a code already used refuses the whole file,
    with every problem by row and column."""
    require_manager(user, policy.entity)
    workbook = open_workbook(upload)
    if SHEET not in workbook.sheet_names:
        raise ImportRejected.single(_("El libro no tiene la hoja «%(s)s».") % {"s": SHEET})
    rows = sheet_rows(workbook, SHEET)
    problems = ProblemCollector(SHEET)
    if not rows:
        problems.add(_("La hoja está vacía."))
        problems.raise_if_any()
    header = [_text(h) for h in rows[0]]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        problems.add(_("Faltan columnas: %(cols)s.") % {"cols": ", ".join(missing)}, row=1)
        problems.raise_if_any()
    index = {h: header.index(h) for h in HEADERS}
    tables = policy.tables
    entity = policy.entity
    processes = {}
    for process in Process.objects.filter(entity=entity, is_active=True):
        processes[_norm(process.code)] = process
        processes[_norm(process.name)] = process
        processes[_norm(f"{process.code} {process.name}")] = process
    classes = _lookup(Risk.RiskClass.choices)
    probabilities = _lookup([(lvl["code"], lvl["name"]) for lvl in tables["probability"]])
    impacts = _lookup([(lvl["code"], lvl["name"]) for lvl in tables["impact"]])
    zones = _lookup([(z["code"], z["name"]) for z in tables["zones"]])
    types = _lookup(Control.Type.choices)
    implementations = _lookup(Control.Implementation.choices)
    treatments = _lookup(Risk.Treatment.choices + [("reducir", "reducir"), ("compartir", "transferir")])
    people = {_norm(p.full_name): p for p in Person.objects.filter(entity=entity)}
    question_codes = {q["code"] for q in corruption_questions()}
    used_codes = set(policy.risks.values_list("code", flat=True))

    risks: dict[str, dict] = {}
    for offset, raw in enumerate(rows[1:], start=2):
        cells = {h: raw[i] if i < len(raw) else None for h, i in index.items()}
        if all(_text(v) == "" for v in cells.values()):
            continue

        def cell(name, cells=cells):
            return _text(cells[name])

        for name in REQUIRED:
            if not cell(name):
                problems.add(_("Falta el valor."), row=offset, column=name)
        code = cell("Código del riesgo")
        process = processes.get(_norm(cell("Proceso")))
        if cell("Proceso") and process is None:
            problems.add(
                _("El proceso «%(v)s» no existe en el mapa de procesos de la entidad.")
                % {"v": cell("Proceso")},
                row=offset,
                column="Proceso",
            )
        risk_class = classes.get(_norm(cell("Clase de riesgo")))
        if cell("Clase de riesgo") and risk_class is None:
            problems.add(
                _("Clase desconocida «%(v)s»: use gestión, corrupción, seguridad de la información o fiscal.")
                % {"v": cell("Clase de riesgo")},
                row=offset,
                column="Clase de riesgo",
            )
        probability = probabilities.get(_norm(cell("Probabilidad inherente")))
        if probability is None:
            problems.add(
                _("Probabilidad «%(v)s» fuera de la escala de la política.")
                % {"v": cell("Probabilidad inherente")},
                row=offset,
                column="Probabilidad inherente",
            )
        answers = [
            a.strip().upper() for a in cell("Preguntas de corrupción con «sí»").replace(";", ",").split(",")
        ]
        answers = [a for a in answers if a]
        bad_answers = [a for a in answers if a not in question_codes]
        if bad_answers:
            problems.add(
                _("Preguntas desconocidas: %(v)s (use C01 a C19).") % {"v": ", ".join(bad_answers)},
                row=offset,
                column="Preguntas de corrupción con «sí»",
            )
        impact = impacts.get(_norm(cell("Impacto inherente")))
        if risk_class == Risk.RiskClass.CORRUPTION:
            if not answers:
                problems.add(
                    _(
                        "Un riesgo de corrupción toma su impacto del cuestionario: "
                        "liste las preguntas con «sí»."
                    ),
                    row=offset,
                    column="Preguntas de corrupción con «sí»",
                )
        elif impact is None:
            problems.add(
                _("Impacto «%(v)s» fuera de la escala de la política.") % {"v": cell("Impacto inherente")},
                row=offset,
                column="Impacto inherente",
            )
        declared = {}
        for column in ("Zona inherente", "Zona residual"):
            if cell(column):
                declared[column] = zones.get(_norm(cell(column)))
                if declared[column] is None:
                    problems.add(
                        _("Zona desconocida «%(v)s»: use bajo, moderado, alto o extremo.")
                        % {"v": cell(column)},
                        row=offset,
                        column=column,
                    )
        if declared.get("Zona inherente") and declared.get("Zona residual"):
            if scoring.zone_rank(tables, declared["Zona residual"]) > scoring.zone_rank(
                tables, declared["Zona inherente"]
            ):
                problems.add(
                    _("La zona residual no puede estar por encima de la inherente."),
                    row=offset,
                    column="Zona residual",
                )
        if (
            probability
            and impact
            and declared.get("Zona inherente")
            and risk_class != Risk.RiskClass.CORRUPTION
        ):
            expected = scoring.zone(tables, probability, impact)
            if expected != declared["Zona inherente"]:
                problems.add(
                    _(
                        "La zona inherente no coincide con el mapa de calor de la política "
                        "(debería ser «%(z)s»)."
                    )
                    % {"z": scoring.zone_name(tables, expected)},
                    row=offset,
                    column="Zona inherente",
                )
        treatment = ""
        if cell("Tratamiento"):
            treatment = treatments.get(_norm(cell("Tratamiento")).split(" (")[0], "")
            if not treatment:
                problems.add(
                    _("Tratamiento desconocido «%(v)s».") % {"v": cell("Tratamiento")},
                    row=offset,
                    column="Tratamiento",
                )
            elif treatment == Risk.Treatment.ACCEPT and risk_class == Risk.RiskClass.CORRUPTION:
                problems.add(_("Un riesgo de corrupción nunca se acepta."), row=offset, column="Tratamiento")
        if code in used_codes:
            problems.add(
                _("El código «%(c)s» ya existe en la política de %(v)s.") % {"c": code, "v": policy.vigencia},
                row=offset,
                column="Código del riesgo",
            )
        entry = risks.setdefault(
            code,
            {
                "row": offset,
                "fields": {
                    "process": process,
                    "code": code,
                    "risk_class": risk_class,
                    "impact_text": cell("Impacto (qué pasaría)"),
                    "immediate_cause": cell("Causa inmediata"),
                    "root_cause": cell("Causa raíz"),
                    "causes": cell("Causas"),
                    "consequences": cell("Consecuencias"),
                    "assets": cell("Activos de información"),
                    "inherent_probability": probability or "",
                    "inherent_impact": impact or "",
                    "corruption_answers": answers,
                },
                "treatment": treatment,
                "controls": [],
            },
        )
        if cell("Control"):
            control_type = types.get(_norm(cell("Tipo de control")))
            implementation = implementations.get(_norm(cell("Implementación")))
            owner = people.get(_norm(cell("Responsable del control")))
            if control_type is None:
                problems.add(
                    _("Tipo de control desconocido: use preventivo, detectivo o correctivo."),
                    row=offset,
                    column="Tipo de control",
                )
            if implementation is None:
                problems.add(
                    _("Implementación desconocida: use manual o automático."),
                    row=offset,
                    column="Implementación",
                )
            if owner is None:
                problems.add(
                    _("«%(v)s» no está registrado como persona de la entidad.")
                    % {"v": cell("Responsable del control")},
                    row=offset,
                    column="Responsable del control",
                )
            entry["controls"].append(
                {
                    "row": offset,
                    "name": cell("Control"),
                    "control_type": control_type,
                    "implementation": implementation,
                    "owner": owner,
                }
            )
    if not risks and not problems:
        problems.add(_("La hoja no tiene riesgos."), row=2)
    problems.raise_if_any()

    pending_reduce = 0
    for entry in risks.values():
        try:
            risk = risk_save(user=user, policy=policy, **entry["fields"])
            for control in entry["controls"]:
                control_save(
                    user=user,
                    risk=risk,
                    name=control["name"],
                    control_type=control["control_type"],
                    implementation=control["implementation"],
                    owner=control["owner"],
                )
            if entry["treatment"] == Risk.Treatment.REDUCE:
                pending_reduce += 1
            elif entry["treatment"]:
                risk_set_treatment(user=user, risk=risk, treatment=entry["treatment"])
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                problems.add(message, row=entry["row"])
    problems.raise_if_any()
    record_event(
        user=user,
        obj=policy,
        verb="mapa de riesgos importado",
        data={"risks": len(risks), "controls": sum(len(e["controls"]) for e in risks.values())},
    )
    return {"risks": len(risks), "pending_reduce": pending_reduce}
