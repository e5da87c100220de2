"""The Guía v6 arithmetic, free of the database: levels from percentages, zones from the heat map, the
control weights and the residual computation applied control after control. Every step is returned so
the risk page can show it as a worksheet that a control officer checks by hand.

`tables` is a risk policy's copy of the tables (see libraries/guia_riesgos_v6.yaml)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PREVENTIVE = "preventivo"
DETECTIVE = "detectivo"
CORRECTIVE = "correctivo"
ON_PROBABILITY = (PREVENTIVE, DETECTIVE)
CORRUPTION_IMPACT_FLOOR = "moderado"
HUNDRED = Decimal("100")


def _d(value) -> Decimal:
    return Decimal(str(value))


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def level_codes(tables: dict, scale: str) -> list[str]:
    return [level["code"] for level in tables[scale]]


def level(tables: dict, scale: str, code: str) -> dict:
    for item in tables[scale]:
        if item["code"] == code:
            return item
    raise ValidationError(
        {
            scale: _("«%(code)s» no está en la escala de %(scale)s de la política de riesgos.")
            % {"code": code, "scale": _("probabilidad") if scale == "probability" else _("impacto")}
        }
    )


def level_for_percent(tables: dict, scale: str, percent: Decimal) -> dict:
    """The lowest level whose percentage is at least `percent` (36 % probability is «baja», 40 %)."""
    for item in tables[scale]:
        if percent <= _d(item["percent"]):
            return item
    return tables[scale][-1]


def zone(tables: dict, probability: str, impact: str) -> str:
    impacts = level_codes(tables, "impact")
    return tables["heat_map"][probability][impacts.index(impact)]


def zone_rank(tables: dict, code: str) -> int:
    return [z["code"] for z in tables["zones"]].index(code)


def zone_name(tables: dict, code: str) -> str:
    for item in tables["zones"]:
        if item["code"] == code:
            return item["name"]
    return code


def control_weight(tables: dict, control_type: str, implementation: str) -> Decimal:
    """Tabla «Atributos para el diseño del control»: type weight + implementation weight (in %)."""
    weights = tables["control_weights"]
    if control_type not in weights["type"]:
        raise ValidationError({"control_type": _("Indique el tipo del control.")})
    if implementation not in weights["implementation"]:
        raise ValidationError({"implementation": _("Indique la implementación del control.")})
    return _d(weights["type"][control_type]) + _d(weights["implementation"][implementation])


@dataclass
class Step:
    order: int
    name: str
    control_type: str
    implementation: str
    weight: Decimal
    target: str  # "probability" or "impact"
    before: Decimal
    after: Decimal
    level_after: dict
    probability_after: Decimal
    impact_after: Decimal
    type_label: str = ""
    implementation_label: str = ""


@dataclass
class Worksheet:
    inherent_probability: dict
    inherent_impact: dict
    inherent_zone: str
    steps: list[Step] = field(default_factory=list)
    residual_probability_percent: Decimal = Decimal("0")
    residual_impact_percent: Decimal = Decimal("0")
    residual_probability: dict | None = None
    residual_impact: dict | None = None
    residual_zone: str = ""
    impact_floor_applied: bool = False


def worksheet(
    tables: dict, *, probability: str, impact: str, controls: list[dict], corruption: bool = False
) -> Worksheet:
    """Apply `controls` (dicts with name, control_type, implementation, in order) to the inherent levels.

    Preventive and detective controls lower the probability, corrective ones the impact; each applies its
    weight to the percentage left by the previous control of the same target. Percentages are kept with
    two decimals. The residual level is the lowest level whose percentage reaches the result. For
    corruption risks the residual impact never goes below «moderado» (their scale has no lower level)."""
    inherent_p = level(tables, "probability", probability)
    inherent_i = level(tables, "impact", impact)
    sheet = Worksheet(
        inherent_probability=inherent_p,
        inherent_impact=inherent_i,
        inherent_zone=zone(tables, probability, impact),
    )
    p_value = _d(inherent_p["percent"])
    i_value = _d(inherent_i["percent"])
    for order, control in enumerate(controls, start=1):
        weight = control_weight(tables, control.get("control_type", ""), control.get("implementation", ""))
        factor = (HUNDRED - weight) / HUNDRED
        if control["control_type"] in ON_PROBABILITY:
            before, p_value = p_value, _q(p_value * factor)
            after, target = p_value, "probability"
        else:
            before, i_value = i_value, _q(i_value * factor)
            after, target = i_value, "impact"
        sheet.steps.append(
            Step(
                order=order,
                name=control.get("name", ""),
                control_type=control["control_type"],
                implementation=control["implementation"],
                weight=weight,
                target=target,
                before=before,
                after=after,
                level_after=level_for_percent(tables, target, after),
                probability_after=p_value,
                impact_after=i_value,
                type_label=control.get("type_label", control["control_type"]),
                implementation_label=control.get("implementation_label", control["implementation"]),
            )
        )
    sheet.residual_probability_percent = p_value
    sheet.residual_impact_percent = i_value
    sheet.residual_probability = level_for_percent(tables, "probability", p_value)
    residual_impact = level_for_percent(tables, "impact", i_value)
    if corruption:
        codes = level_codes(tables, "impact")
        if codes.index(residual_impact["code"]) < codes.index(CORRUPTION_IMPACT_FLOOR):
            residual_impact = level(tables, "impact", CORRUPTION_IMPACT_FLOOR)
            sheet.impact_floor_applied = True
    sheet.residual_impact = residual_impact
    sheet.residual_zone = zone(tables, sheet.residual_probability["code"], residual_impact["code"])
    check_not_above(tables, sheet.inherent_zone, sheet.residual_zone, inherent_p, inherent_i, sheet)
    return sheet


def check_not_above(tables, inherent_zone, residual_zone, inherent_p, inherent_i, sheet=None) -> None:
    """The residual risk can never be above the inherent one (in zone, probability or impact)."""
    above = zone_rank(tables, residual_zone) > zone_rank(tables, inherent_zone)
    if sheet is not None:
        above = (
            above
            or sheet.residual_probability_percent > _d(inherent_p["percent"])
            or sheet.residual_impact_percent > _d(inherent_i["percent"])
        )
    if above:
        raise ValidationError(
            _(
                "El riesgo residual (%(res)s) no puede quedar por encima del inherente (%(inh)s): revise los "
                "pesos de los controles en la política."
            )
            % {"res": zone_name(tables, residual_zone), "inh": zone_name(tables, inherent_zone)}
        )


def corruption_impact(tables: dict, yes_codes: list[str], questions: list[dict], bands: list[dict]) -> str:
    """Tabla «Criterios para calificar el impacto en riesgos de corrupción»: count the yes answers."""
    known = {q["code"]: q for q in questions}
    unknown = [code for code in yes_codes if code not in known]
    if unknown:
        raise ValidationError(
            {"corruption_answers": _("Preguntas desconocidas: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    yes = len(set(yes_codes))
    if yes == 0:
        raise ValidationError(
            {
                "corruption_answers": _(
                    "Responda el cuestionario de impacto de corrupción: al menos una respuesta debe ser «sí»."
                )
            }
        )
    if any(known[code].get("catastrophic") for code in yes_codes):
        return "catastrofico"
    for band in bands:
        if band["min_yes"] <= yes <= band["max_yes"]:
            return band["impact"]
    return bands[-1]["impact"]


def validate_tables(tables: dict) -> None:
    """An adapted copy must keep the Guía's shape: ordered scales with percentages in (0, 100], a full
    heat map over known zones, and weights that keep every control between 0 % and 100 %."""
    errors = []
    try:
        for scale in ("probability", "impact"):
            levels = tables[scale]
            if not levels:
                errors.append(_("La escala de %(s)s está vacía.") % {"s": scale})
            values = [_d(item["percent"]) for item in levels]
            if any(v <= 0 or v > HUNDRED for v in values) or values != sorted(set(values)):
                errors.append(
                    _("Los porcentajes de la escala «%(s)s» deben crecer entre 1 y 100.") % {"s": scale}
                )
            for item in levels:
                if not item.get("code") or not item.get("name"):
                    errors.append(_("Cada nivel necesita código y nombre."))
        zones = [z["code"] for z in tables["zones"]]
        impacts = level_codes(tables, "impact")
        for p_code in level_codes(tables, "probability"):
            row = tables["heat_map"].get(p_code)
            if row is None or len(row) != len(impacts):
                errors.append(_("Falta la fila «%(p)s» del mapa de calor o está incompleta.") % {"p": p_code})
            elif any(cell not in zones for cell in row):
                errors.append(
                    _("La fila «%(p)s» del mapa de calor usa una zona desconocida.") % {"p": p_code}
                )
        weights = tables["control_weights"]
        for group in ("type", "implementation"):
            for key, value in weights[group].items():
                if _d(value) < 0:
                    errors.append(_("El peso «%(k)s» no puede ser negativo.") % {"k": key})
        for kind in (PREVENTIVE, DETECTIVE, CORRECTIVE):
            if kind not in weights["type"]:
                errors.append(_("Falta el peso del tipo de control «%(k)s».") % {"k": kind})
        top = max(_d(v) for v in weights["type"].values()) + max(
            _d(v) for v in weights["implementation"].values()
        )
        if top >= HUNDRED:
            errors.append(_("Un control no puede pesar 100 % o más (tipo + implementación)."))
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as error:
        errors.append(_("Las tablas no tienen la forma de la Guía (falta o sobra %(e)s).") % {"e": error})
    if errors:
        raise ValidationError({"tables": errors})
