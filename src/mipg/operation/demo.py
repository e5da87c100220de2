"""Demo data of Operación (idempotent): the UGG's policy leadership for every MIPG policy, its Decreto 612
plans, an action plan for the current vigencia with progress for past quarters (some late) and indicators;
a smaller plan for the Hospital Militar Central. People are fictitious and marked "(demo)".

Creates the demo user `lider` (policy leader of the UGG, same demo password) who reports progress."""

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mipg.catalog.selectors import current_policies
from mipg.organizations.demo import demo_password
from mipg.organizations.models import Dependencia, Entity, Person
from mipg.organizations.roles import Role, forget_roles
from mipg.organizations.services import role_grant

from . import services
from .libraries import decree_612_plans
from .models import ActionPlan, Indicator, Instrument, ProgressReport
from .progress import expected_progress
from .selectors import current_vigencia

# Leading dependencia of the UGG by MIPG dimension code (the policies come from the catalogue).
UGG_LEAD_BY_DIMENSION = {
    "D1": "Dirección de Desarrollo del Talento Humano",
    "D2": "Dirección de Planeación y Presupuestación",
    "D3": "Secretaría General",
    "D4": "Dirección de Planeación y Presupuestación",
    "D5": "Dirección de Tecnologías de la Información y las Comunicaciones",
    "D6": "Viceministerio para la Estrategia y Planeación",
    "D7": "Oficina de Control Interno Sectorial",
}
UGG_LEADERS = {
    "Dirección de Desarrollo del Talento Humano": "Patricia Gómez (demo)",
    "Dirección de Planeación y Presupuestación": "María Torres (demo)",
    "Secretaría General": "Felipe Arango (demo)",
    "Dirección de Tecnologías de la Información y las Comunicaciones": "Diego Salazar (demo)",
    "Viceministerio para la Estrategia y Planeación": "Juliana Ortiz (demo)",
    "Oficina de Control Interno Sectorial": "Jorge Castillo (demo)",
}
GOALS = [
    ("M1", "Fortalecer el talento humano y la integridad del Ministerio"),
    ("M2", "Consolidar la planeación, el presupuesto y la contratación"),
    ("M3", "Modernizar procesos, servicios digitales y seguridad de la información"),
    ("M4", "Mejorar la atención, los trámites y la participación ciudadana"),
    ("M5", "Evaluar el desempeño y asegurar la transparencia y la información"),
    ("M6", "Gestionar el conocimiento y fortalecer el control interno"),
    ("M7", "Cumplir los planes institucionales del Decreto 612 de 2018"),
    ("M8", "Ejecutar la estrategia sectorial de defensa"),
]
ACTIVITY_VERBS = [
    "Formular y socializar",
    "Implementar",
    "Hacer seguimiento trimestral a",
    "Evaluar y documentar lecciones de",
]
# Factor applied to the expected progress of each activity (cycled): some on time, some at risk, some late.
PACE = [Decimal("1.0"), Decimal("1.05"), Decimal("0.8"), Decimal("1.0"), Decimal("0.45"), Decimal("0.95")]


def load(stdout=None) -> None:
    ugg = Entity.objects.filter(acronym="MDN-UGG").first()
    homic = Entity.objects.filter(acronym="HOMIC").first()
    if ugg is None or not current_policies().exists():
        if stdout:
            stdout.write("Operación: falta el demo de organizaciones o el catálogo; no se cargó nada.")
        return
    with transaction.atomic():
        admin = get_user_model().objects.get(username="admin")
        vigencia = current_vigencia()
        leader_user = _leader_user(admin, ugg)
        people = _ugg_people(ugg, leader_user)
        _leadership(admin, ugg, vigencia, people)
        _decree_plans(admin, ugg, vigencia)
        indicators = _indicators(admin, ugg, vigencia)
        plan = _ugg_plan(admin, ugg, vigencia, people, indicators, leader_user)
        if homic is not None:
            _homic_plan(admin, homic, vigencia)
    if stdout:
        stdout.write(
            f"Operación: plan de acción {vigencia} de la UGG con {plan.goals.count()} metas; "
            "usuario líder de política: lider."
        )


def _leader_user(admin, ugg):
    User = get_user_model()
    user, _created = User.objects.get_or_create(
        username="lider",
        defaults={"email": "lider@demo.invalid", "first_name": "María", "last_name": "Torres (demo)"},
    )
    user.set_password(demo_password())
    user.save()
    role_grant(user=admin, grantee=user, entity=ugg, role=Role.POLICY_LEADER, include_subtree=False)
    forget_roles(user)
    return user


def _ugg_people(ugg, leader_user) -> dict:
    people = {}
    for dep_name, full_name in UGG_LEADERS.items():
        dependencia = Dependencia.objects.get(entity=ugg, name=dep_name)
        person = Person.objects.filter(entity=ugg, full_name=full_name).first()
        if person is None:
            person = Person.objects.create(
                entity=ugg, full_name=full_name, position="Líder de política (demo)", dependencia=dependencia
            )
        people[dep_name] = person
    leader = people["Dirección de Planeación y Presupuestación"]
    if leader.user_id != leader_user.pk:
        Person.objects.filter(user=leader_user).exclude(pk=leader.pk).update(user=None)
        leader.user = leader_user
        leader.save()
    return people


def _leadership(admin, ugg, vigencia, people) -> None:
    deps = {d.name: d for d in Dependencia.objects.filter(entity=ugg)}
    co = [deps["Secretaría General"], deps["Oficina Asesora Jurídica"]]
    for policy in current_policies():
        lead_name = UGG_LEAD_BY_DIMENSION.get(
            policy.dimension.code, "Dirección de Planeación y Presupuestación"
        )
        # The leader user leads every policy of dimensions D2 and D4 in the demo and co-leads the rest.
        services.leadership_save(
            user=admin,
            entity=ugg,
            vigencia=vigencia,
            policy=policy,
            leading_dependencia=deps[lead_name],
            leader=people[lead_name],
            co_responsible=[d for d in co if d.name != lead_name],
            norms=f"Resolución interna de adopción de MIPG (demo) · {policy.legal_basis[:120]}".strip(" ·"),
        )


def _decree_plans(admin, ugg, vigencia) -> None:
    deps = {d.name: d for d in Dependencia.objects.filter(entity=ugg)}
    for position, plan in enumerate(decree_612_plans()):
        if Instrument.objects.filter(entity=ugg, vigencia=vigencia, decree_plan=plan["code"]).exists():
            continue
        if position == 11:
            continue  # one plan missing, to show the gap
        published = position < 10
        services.instrument_save(
            user=admin,
            entity=ugg,
            vigencia=vigencia,
            kind=Instrument.Kind.PLAN,
            decree_plan=plan["code"],
            name=f"{plan['name']} {vigencia}",
            objective="Plan institucional integrado al plan de acción (demo).",
            responsible_dependencia=deps["Secretaría General"],
            start_date=date(vigencia, 1, 1),
            end_date=date(vigencia, 12, 31),
            status=Instrument.Status.PUBLISHED if published else Instrument.Status.APPROVED,
            published_on=date(vigencia, 1, 30) if published else None,
            published_url="https://www.mindefensa.gov.co/transparencia" if published else "",
            policies=list(current_policies().filter(code__in=["POL03", "POL15"])),
        )
    if not Instrument.objects.filter(entity=ugg, vigencia=vigencia, kind=Instrument.Kind.STRATEGY).exists():
        services.instrument_save(
            user=admin,
            entity=ugg,
            vigencia=vigencia,
            kind=Instrument.Kind.STRATEGY,
            name="Estrategia de rendición de cuentas del sector (demo)",
            objective="Diálogos ciudadanos y rendición de cuentas permanente.",
            responsible_dependencia=deps["Secretaría de Gabinete"],
            status=Instrument.Status.APPROVED,
            policies=list(current_policies().filter(code__in=["POL13", "POL15"])),
        )


def _indicators(admin, ugg, vigencia) -> list:
    specs = [
        (
            "Cumplimiento del plan de acción",
            "Avance ponderado ejecutado",
            "Avance ponderado programado",
            "POL14",
            [Decimal("20"), Decimal("45"), Decimal("70"), Decimal("100")],
            [Decimal("18"), Decimal("40"), Decimal("61")],
        ),
        (
            "Ejecución presupuestal de inversión",
            "Compromisos de inversión",
            "Apropiación de inversión",
            "POL04",
            [Decimal("25"), Decimal("50"), Decimal("75"), Decimal("95")],
            [Decimal("22"), Decimal("51"), Decimal("68")],
        ),
        (
            "Peticiones respondidas a tiempo",
            "PQRSD respondidas dentro del término",
            "PQRSD recibidas",
            "POL11",
            [Decimal("95")] * 4,
            [Decimal("92"), Decimal("96"), Decimal("97")],
        ),
    ]
    indicators = []
    for name, numerator, denominator, code, targets, values in specs:
        indicator = Indicator.objects.filter(entity=ugg, vigencia=vigencia, name=name).first()
        if indicator is None:
            indicator = services.indicator_save(
                user=admin,
                entity=ugg,
                vigencia=vigencia,
                name=name,
                numerator=numerator,
                denominator=denominator,
                unit="%",
                frequency=Indicator.Frequency.QUARTERLY,
                baseline=values[0] - 5,
                direction=Indicator.Direction.HIGHER,
                policy=current_policies().get(code=code),
            )
            for quarter, target in enumerate(targets, start=1):
                services.indicator_target_set(
                    user=admin, indicator=indicator, period=f"{vigencia}-T{quarter}", value=target
                )
            for quarter, value in enumerate(values, start=1):
                services.indicator_measurement_record(
                    user=admin,
                    indicator=indicator,
                    period=f"{vigencia}-T{quarter}",
                    value=value,
                    links=["https://www.mindefensa.gov.co/transparencia"],
                )
        indicators.append(indicator)
    return indicators


def _quarter_end(vigencia: int, quarter: int) -> date:
    return date(vigencia, quarter * 3, 30 if quarter in (2, 3) else 31)


def _ugg_plan(admin, ugg, vigencia, people, indicators, leader_user) -> ActionPlan:
    plan = ActionPlan.objects.filter(entity=ugg, vigencia=vigencia).first()
    if plan is not None:
        return plan
    plan = services.plan_create(
        user=admin,
        entity=ugg,
        vigencia=vigencia,
        name=f"Plan de Acción Institucional {vigencia} – UGG (demo)",
    )
    policies = list(current_policies())
    deps = {d.name: d for d in Dependencia.objects.filter(entity=ugg)}
    leader_person = people["Dirección de Planeación y Presupuestación"]
    counter = 0
    activities = []
    for g, (code, name) in enumerate(GOALS):
        goal = services.goal_save(
            user=admin,
            plan=plan,
            code=code,
            name=name,
            indicator=indicators[g % len(indicators)] if g < 3 else None,
        )
        for a, verb in enumerate(ACTIVITY_VERBS, start=1):
            policy = policies[counter % len(policies)]
            lead_name = UGG_LEAD_BY_DIMENSION.get(
                policy.dimension.code, "Dirección de Planeación y Presupuestación"
            )
            start = date(vigencia, 1 + (a - 1) * 2, 1)
            end = date(vigencia, min(12, 3 + a * 2 + g % 3), 28)
            activity = services.activity_save(
                user=admin,
                goal=goal,
                code=f"{code}.{a}",
                name=f"{verb} la política {policy.code} {policy.name}",
                responsible_dependencia=deps[lead_name],
                responsible_person=leader_person
                if lead_name == "Dirección de Planeación y Presupuestación"
                else people.get(lead_name),
                start_date=start,
                end_date=end,
                weight=Decimal("25"),
                deliverable=f"Informe de {policy.name.lower()} (demo)",
                policy=policy,
            )
            activity.order = a
            activity.save(update_fields=["order"])
            activities.append(activity)
            counter += 1
    services.plan_set_status(user=admin, plan=plan, status=ActionPlan.Status.IN_EXECUTION)
    today = timezone.localdate()
    ugg_planner = get_user_model().objects.filter(username="ugg").first() or admin
    for index, activity in enumerate(activities):
        pace = PACE[index % len(PACE)]
        last = 0
        for quarter in range(1, 5):
            cut = _quarter_end(vigencia, quarter)
            if cut >= today:
                break
            percent = min(
                Decimal("100"), (expected_progress(activity.start_date, activity.end_date, cut) * pace)
            )
            percent = max(percent.quantize(Decimal("1")), Decimal(last))
            report = services.progress_report_submit(
                user=admin,
                activity=activity,
                period=f"T{quarter}",
                percent=percent,
                narrative=f"Avance del trimestre {quarter}: actividades ejecutadas según cronograma (demo).",
                links=["https://www.mindefensa.gov.co/transparencia"],
            )
            ProgressReport.objects.filter(pk=report.pk).update(reported_by=leader_user)
            pending = quarter == 3 and index % 5 == 0
            if not pending:
                services.progress_report_review(
                    user=ugg_planner, report=report, approve=True, comment="Revisado por planeación (demo)."
                )
            last = percent
    return plan


def _homic_plan(admin, homic, vigencia) -> None:
    if ActionPlan.objects.filter(entity=homic, vigencia=vigencia).exists():
        return
    deps = {d.name: d for d in Dependencia.objects.filter(entity=homic)}
    policies = {p.code: p for p in current_policies()}
    plan = services.plan_create(
        user=admin,
        entity=homic,
        vigencia=vigencia,
        name=f"Plan de Acción {vigencia} – Hospital Militar Central (demo)",
    )
    goal = services.goal_save(
        user=admin, plan=plan, code="M1", name="Mejorar la atención al usuario del hospital"
    )
    rows = [
        (
            "M1.1",
            "Actualizar el protocolo de atención al usuario",
            "Oficina Asesora de Planeación",
            "POL11",
            40,
        ),
        ("M1.2", "Racionalizar los trámites de citas médicas", "Subdirección Administrativa", "POL12", 35),
        ("M1.3", "Publicar el plan anticorrupción del hospital", "Dirección General", "POL15", 25),
    ]
    for position, (code, name, dep, policy, weight) in enumerate(rows, start=1):
        activity = services.activity_save(
            user=admin,
            goal=goal,
            code=code,
            name=name,
            responsible_dependencia=deps[dep],
            start_date=date(vigencia, 2, 1),
            end_date=date(vigencia, 11, 30),
            weight=Decimal(weight),
            deliverable="Documento aprobado (demo)",
            policy=policies[policy],
        )
        activity.order = position
        activity.save(update_fields=["order"])
    services.plan_set_status(user=admin, plan=plan, status=ActionPlan.Status.IN_EXECUTION)
