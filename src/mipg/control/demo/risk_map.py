"""Demo: risk policy, process map and risk map (first and second lines), and the monitoring periods worked
by the three lines of defence."""

from datetime import date

from mipg.catalog.selectors import current_policies
from mipg.measurement.results.models import ImprovementAction
from mipg.operation.models import Activity, Indicator

from .. import services
from ..models import ControlAssessment, MonitoringPeriod, Process, RiskPolicy


def ensure_risk_map(planner, leader_user, entity, vigencia, decision, processes, risks, people) -> tuple:
    policy = RiskPolicy.objects.filter(entity=entity, vigencia=vigencia).first() or services.policy_create(
        user=planner,
        entity=entity,
        vigencia=vigencia,
        objective="Gestionar los riesgos que afectan el logro de los objetivos institucionales (demo).",
    )
    if decision is not None and policy.approval_decision_id is None:
        services.policy_approve(user=planner, policy=policy, decision=decision)
    by_code = {}
    for code, name, kind, objective, leader in processes:
        process = Process.objects.filter(entity=entity, code=code).first()
        if process is None:
            process = services.process_save(
                user=planner,
                entity=entity,
                code=code,
                name=name,
                kind=kind,
                objective=objective,
                leader_dependencia=people[leader].dependencia,
                leader=people[leader],
            )
        by_code[code] = process
    if policy.risks.exists():
        return policy, False
    activities = list(
        Activity.objects.filter(goal__plan__entity=entity, goal__plan__vigencia=vigencia).order_by("pk")[:8]
    )
    actions = list(ImprovementAction.objects.filter(finding__plan__entity=entity).order_by("pk")[:4])
    indicators = list(Indicator.objects.filter(entity=entity, vigencia=vigencia).order_by("pk")[:3])
    mipg_policies = {p.code: p for p in current_policies()}
    links = {
        "corrupcion": ["POL03", "POL11"],
        "seguridad_informacion": ["POL07", "POL08"],
        "fiscal": ["POL02", "POL18"],
        "gestion": ["POL01", "POL18"],
    }
    for index, (
        process,
        risk_class,
        impact,
        immediate,
        root,
        probability,
        level,
        assets,
        controls,
        treatment,
    ) in enumerate(risks):
        fields = dict(
            process=by_code[process],
            risk_class=risk_class,
            impact_text=impact,
            immediate_cause=immediate,
            root_cause=root,
            inherent_probability=probability,
            assets=assets,
            causes=f"{immediate.capitalize()}.\n{root.capitalize()}.",
            consequences="Sanciones de los órganos de control.\nPérdida de confianza ciudadana.",
        )
        if isinstance(level, list):
            fields.update(inherent_impact="moderado", corruption_answers=level)
        else:
            fields["inherent_impact"] = level
        risk = services.risk_save(
            user=planner,
            policy=policy,
            policies=[mipg_policies[c] for c in links[risk_class] if c in mipg_policies],
            **fields,
        )
        for name, control_type, implementation, owner in controls:
            services.control_save(
                user=planner,
                risk=risk,
                name=name,
                control_type=control_type,
                implementation=implementation,
                owner=people[owner],
                description=f"{people[owner].position} {name.lower()}; deja registro de cada ejecución.",
            )
        if treatment == "reducir" and not (activities or actions):
            treatment = "evitar"
        if treatment == "reducir":
            chosen = activities[index % len(activities)] if activities else None
            services.risk_set_treatment(
                user=planner,
                risk=risk,
                treatment=treatment,
                note="Acciones del plan de acción de la vigencia.",
                activities=[chosen] if chosen else [],
                improvement_actions=[] if chosen else actions[:1],
            )
        else:
            services.risk_set_treatment(
                user=planner, risk=risk, treatment=treatment, note="Decisión de la línea estratégica (demo)."
            )
        if indicators and index % 4 == 0:
            services.risk_set_indicators(
                user=planner, risk=risk, indicators=[indicators[index % len(indicators)]]
            )
    return policy, True


def work_monitoring(planner, leader_user, control_user, ugg, vigencia) -> None:
    periods = []
    for name, start, end in (
        (f"{vigencia} – primer cuatrimestre", date(vigencia, 1, 1), date(vigencia, 4, 30)),
        (f"{vigencia} – segundo cuatrimestre", date(vigencia, 5, 1), date(vigencia, 8, 31)),
    ):
        period = MonitoringPeriod.objects.filter(entity=ugg, name=name).first() or services.period_create(
            user=planner, entity=ugg, vigencia=vigencia, name=name, start=start, end=end
        )
        periods.append(period)
    first, second = periods
    led = (
        services.risks.Control.objects.filter(risk__entity=ugg, risk__policy__vigencia=vigencia)
        .filter(risk__process__leader__user=leader_user)
        .select_related("risk__process__leader", "risk__process__entity", "risk__entity", "owner")
        .order_by("risk__code", "order")
    )
    led = list(led)
    for index, control in enumerate(led):
        for period, evaluate in ((first, True), (second, index % 2 == 0)):
            if period == second and index >= len(led) - 2:
                continue  # left for `lider` to self-assess in the demo
            assessment = ControlAssessment.objects.filter(control=control, period=period).first()
            if assessment is not None and assessment.self_assessed_at is not None:
                continue
            assessment = services.self_assess(
                user=leader_user,
                control=control,
                period=period,
                executed=True,
                note=f"El control se ejecutó en {period.name}; se adjunta el registro (demo).",
                links=[f"https://intranet.mindefensa.demo.invalid/evidencias/{control.pk}/{period.pk}"],
            )
            if not evaluate:
                continue
            services.review(user=planner, assessment=assessment, result="conforme")
            failing = period == first and index == 1
            services.evaluate(
                user=control_user,
                assessment=assessment,
                design_present=True,
                operating=not failing,
                note="En la muestra revisada faltan registros de febrero y marzo (demo)."
                if failing
                else "Muestra de registros verificada (demo).",
            )
