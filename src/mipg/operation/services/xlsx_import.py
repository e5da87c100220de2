"""Excel round trip of the action plan: the template's columns and the all-or-nothing import."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mipg.catalog.selectors import current_policies
from mipg.core.audit import record_event, service
from mipg.core.imports import ImportRejected, ProblemCollector
from mipg.core.numbers import format_number, parse_decimal
from mipg.core.validators import reasonable_date, year_range
from mipg.core.xlsx import open_workbook, sheet_rows
from mipg.organizations.models import Dependencia, Person

from ..models import ActionPlan, Activity, Goal, Indicator
from .common import bulk_log_created, require_manager

SHEET = "Plan de acción"
INSTRUCTIONS_SHEET = "Instrucciones"
# (header, required value)
COLUMNS = [
    ("Código meta", True),
    ("Meta", True),
    ("Indicador de la meta", False),
    ("Código actividad", True),
    ("Actividad", True),
    ("Dependencia responsable", True),
    ("Persona responsable", False),
    ("Fecha de inicio", True),
    ("Fecha de fin", True),
    ("Peso (%)", True),
    ("Entregable", False),
    ("Código política", True),
]
HEADERS = [header for header, _required in COLUMNS]
INSTRUCTIONS = [
    gettext_lazy(
        "Llene una fila por actividad en la hoja «Plan de acción»; no cambie los títulos de las columnas."
    ),
    gettext_lazy("Las actividades de una misma meta repiten el código y el nombre de la meta."),
    gettext_lazy("Los pesos (%) de las actividades de cada meta deben sumar 100."),
    gettext_lazy("Las fechas van como fecha de Excel o con el formato dd/mm/aaaa."),
    gettext_lazy("La dependencia responsable debe existir en la entidad (nombre o código)."),
    gettext_lazy("La persona responsable es opcional; si la escribe, debe estar registrada en la entidad."),
    gettext_lazy(
        "El código de política es el del catálogo MIPG (POL01 a POL19); la dimensión se deduce de él."
    ),
    gettext_lazy("El indicador de la meta es opcional; si lo escribe, debe existir en la vigencia."),
    gettext_lazy("La importación es todo o nada: si hay un error no se importa ninguna fila."),
]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value):
    """A date cell or dd/mm/aaaa text; a date outside the app's range of years counts as no date."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text, value = _text(value), None
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                value = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
    try:
        reasonable_date(value)
    except ValidationError:
        return None
    return value


def _decimal(value):
    """A numeric cell is a number already; text is read with the app's es-CO parser ("12,5")."""
    try:
        if isinstance(value, (int, float)):
            return parse_decimal(value)
        return parse_decimal(_text(value), decimals=2)
    except ValidationError:
        return None


@service
def plan_import(*, user, entity, vigencia: int, upload) -> ActionPlan:
    """Import the whole action plan of `entity` for `vigencia` from the template (all or nothing). An existing
    plan still in formulación is replaced; one in execution is not touched."""
    require_manager(user, entity)
    plan = ActionPlan.objects.filter(entity=entity, vigencia=vigencia).first()
    if plan is not None and plan.status != ActionPlan.Status.DRAFT:
        raise ImportRejected.single(
            _("El plan de acción %(v)s ya está en ejecución; no se puede reemplazar con una importación.")
            % {"v": vigencia}
        )
    workbook = open_workbook(upload)
    if SHEET not in workbook.sheet_names:
        raise ImportRejected.single(_("El libro no tiene la hoja «%(sheet)s».") % {"sheet": SHEET})
    rows = sheet_rows(workbook, SHEET)
    problems = ProblemCollector(sheet=SHEET)
    header = [_text(cell) for cell in (rows[0] if rows else [])]
    missing = [name for name in HEADERS if name not in header]
    for name in missing:
        problems.add(_("Falta la columna «%(col)s».") % {"col": name}, row=1, column=name)
    problems.raise_if_any()
    index = {name: header.index(name) for name in HEADERS}

    policies = {p.code.upper(): p for p in current_policies()}
    dependencias = {}
    for dep in Dependencia.objects.filter(entity=entity):
        dependencias[dep.name.casefold()] = dep
        if dep.code:
            dependencias[dep.code.casefold()] = dep
    people = {p.full_name.casefold(): p for p in Person.objects.filter(entity=entity)}
    indicators = {i.name.casefold(): i for i in Indicator.objects.filter(entity=entity, vigencia=vigencia)}

    goals: dict[str, dict] = {}
    activity_codes: set[tuple[str, str]] = set()
    parsed = 0
    for number, raw in enumerate(rows[1:], start=2):
        cells = {name: (raw[index[name]] if index[name] < len(raw) else None) for name in HEADERS}
        if all(_text(value) == "" for value in cells.values()):
            continue
        parsed += 1

        def bad(message, column, row=number):
            problems.add(message, row=row, column=column)

        for name, required in COLUMNS:
            if required and _text(cells[name]) == "":
                bad(_("Este dato es obligatorio."), name)
        goal_code, activity_code = _text(cells["Código meta"]), _text(cells["Código actividad"])
        policy_code = _text(cells["Código política"]).upper()
        policy = policies.get(policy_code)
        if policy_code and policy is None:
            bad(
                _("«%(code)s» no es un código de política del catálogo MIPG.") % {"code": policy_code},
                "Código política",
            )
        dep_name = _text(cells["Dependencia responsable"])
        dependencia = dependencias.get(dep_name.casefold())
        if dep_name and dependencia is None:
            bad(
                _("La dependencia «%(name)s» no existe en la entidad.") % {"name": dep_name},
                "Dependencia responsable",
            )
        person_name = _text(cells["Persona responsable"])
        person = people.get(person_name.casefold()) if person_name else None
        if person_name and person is None:
            bad(
                _("La persona «%(name)s» no está registrada en la entidad.") % {"name": person_name},
                "Persona responsable",
            )
        indicator_name = _text(cells["Indicador de la meta"])
        indicator = indicators.get(indicator_name.casefold()) if indicator_name else None
        if indicator_name and indicator is None:
            bad(
                _("El indicador «%(name)s» no existe en la vigencia %(v)s.")
                % {"name": indicator_name, "v": vigencia},
                "Indicador de la meta",
            )
        start, end = _date(cells["Fecha de inicio"]), _date(cells["Fecha de fin"])
        for column, raw_value, value in (
            ("Fecha de inicio", cells["Fecha de inicio"], start),
            ("Fecha de fin", cells["Fecha de fin"], end),
        ):
            if _text(raw_value) and value is None:
                bad(
                    _("«%(value)s» no es una fecha válida (dd/mm/aaaa, entre los años %(low)s y %(high)s).")
                    % {"value": _text(raw_value), "low": year_range()[0], "high": year_range()[1]},
                    column,
                )
        if start and end and end < start:
            bad(_("La fecha de fin es anterior a la fecha de inicio."), "Fecha de fin")
        weight = _decimal(cells["Peso (%)"])
        if _text(cells["Peso (%)"]) and (weight is None or weight <= 0 or weight > 100):
            bad(
                _("El peso debe ser un número mayor que 0 y hasta 100 (por ejemplo 12,5), no «%(v)s».")
                % {"v": _text(cells["Peso (%)"])},
                "Peso (%)",
            )
            weight = None
        if goal_code and activity_code:
            if (goal_code, activity_code) in activity_codes:
                bad(
                    _("El código de actividad «%(code)s» está repetido en la meta.")
                    % {"code": activity_code},
                    "Código actividad",
                )
            activity_codes.add((goal_code, activity_code))
        if not goal_code:
            continue
        goal = goals.setdefault(
            goal_code,
            {
                "name": _text(cells["Meta"]),
                "indicator": indicator,
                "first_row": number,
                "total": Decimal("0"),
                "activities": [],
            },
        )
        if weight is not None:
            goal["total"] += weight
        goal["activities"].append(
            {
                "code": activity_code,
                "name": _text(cells["Actividad"]),
                "responsible_dependencia": dependencia,
                "responsible_person": person,
                "start_date": start,
                "end_date": end,
                "weight": weight,
                "deliverable": _text(cells["Entregable"]),
                "policy": policy,
            }
        )
    if parsed == 0:
        problems.add(_("La hoja no tiene actividades."), row=2)
    for code, goal in goals.items():
        if goal["total"] != Decimal("100"):
            problems.add(
                _("Los pesos de las actividades de la meta %(goal)s suman %(total)s y deben sumar 100.")
                % {"goal": code, "total": format_number(goal["total"])},
                row=goal["first_row"],
                column="Peso (%)",
            )
    problems.raise_if_any()

    if plan is None:
        plan = ActionPlan(entity=entity, vigencia=vigencia, name=_("Plan de Acción %(v)s") % {"v": vigencia})
        plan.full_clean()
        plan.save()
    else:
        plan.goals.all().delete()
    activities = []
    for order, (code, data) in enumerate(goals.items(), start=1):
        goal = Goal(plan=plan, code=code, name=data["name"], indicator=data["indicator"], order=order)
        goal.full_clean(exclude=["plan"])
        goal.save()
        for position, values in enumerate(data["activities"], start=1):
            activity = Activity(goal=goal, order=position, **values)
            activity.full_clean(exclude=["goal"])
            activities.append(activity)
    # bulk_create sends no signals: the per-row audit entries are written in bulk too (primary keys are
    # returned by PostgreSQL and SQLite >= 3.35).
    Activity.objects.bulk_create(activities, batch_size=500)
    bulk_log_created(user=user, objects=activities)
    record_event(
        user=user,
        obj=plan,
        verb=_("plan de acción importado"),
        description=_("%(g)s metas, %(a)s actividades") % {"g": len(goals), "a": len(activities)},
        data={"goals": len(goals), "activities": len(activities)},
    )
    return plan
