"""Demo of Control interno (idempotent): the Comité Institucional de Coordinación de Control Interno of the
UGG and of the Hospital Militar Central with a session whose decision approves the risk policy; the UGG's
risk policy (Guía v6 tables), process map and a risk map of 13 risks across 7 processes (corruption,
information security, fiscal and management risks) with controls, treatment linked to the action plan,
key risk indicators, two monitoring periods worked by the three lines of defence (one control found «no
funcionando», which opened an improvement plan), a materialised risk and the corruption map follow-up;
and a smaller map for the HMC. People are fictitious and marked "(demo)".

Users: `lider` leads the processes «Direccionamiento estratégico» and «Gestión financiera» (first line),
`ugg` is planeación (second line), `control` is control interno (third line)."""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mipg.catalog.selectors import current_policies
from mipg.institutional import services as institutional
from mipg.institutional.models import Committee, Seat
from mipg.institutional.selectors import session_quorum
from mipg.measurement.results.models import ImprovementAction
from mipg.operation.models import Activity, Indicator
from mipg.organizations.models import Dependencia, Entity, Person

from . import services
from .models import AuditPlan, CIEvaluation, ControlAssessment, MonitoringPeriod, Process, RiskPolicy

UGG_COMMITTEE = "Comité Institucional de Coordinación de Control Interno de la Unidad de Gestión General"
HMC_COMMITTEE = "Comité Institucional de Coordinación de Control Interno del Hospital Militar Central"

# key -> (full name, position, dependencia)
UGG_PEOPLE = {
    "minister": (
        "Ricardo Álvarez (demo)",
        "Ministro de Defensa Nacional",
        "Despacho del Ministro de Defensa Nacional",
    ),
    "secretary_general": ("Hernán Quintero (demo)", "Secretario General", "Secretaría General"),
    "planning": (
        "María Torres (demo)",
        "Líder de política (demo)",
        "Dirección de Planeación y Presupuestación",
    ),
    "admin_dir": ("Óscar Villamil (demo)", "Director Administrativo", "Dirección Administrativa"),
    "finance": ("Patricia Rincón (demo)", "Directora de Finanzas", "Dirección de Finanzas"),
    "contracts": (
        "Andrea Vélez (demo)",
        "Directora de Contratación Estatal",
        "Dirección de Contratación Estatal",
    ),
    "tic": (
        "Diego Herrera (demo)",
        "Director de Tecnologías de la Información y las Comunicaciones",
        "Dirección de Tecnologías de la Información y las Comunicaciones",
    ),
    "talent": (
        "Sandra Molina (demo)",
        "Directora de Desarrollo del Talento Humano",
        "Dirección de Desarrollo del Talento Humano",
    ),
    "policy": (
        "Felipe Ortega (demo)",
        "Viceministro para las Políticas de Defensa y Seguridad",
        "Viceministerio para las Políticas de Defensa y Seguridad",
    ),
    "control": (
        "Jorge Castillo (demo)",
        "Jefe de la Oficina de Control Interno Sectorial",
        "Oficina de Control Interno Sectorial",
    ),
}
# code, name, kind, objective, leader key
UGG_PROCESSES = [
    (
        "DE",
        "Direccionamiento estratégico y planeación",
        "estrategico",
        "Definir y hacer seguimiento a la planeación estratégica, el presupuesto y el plan de acción.",
        "planning",
    ),
    (
        "PD",
        "Formulación de políticas de defensa y seguridad",
        "misional",
        "Formular, adoptar y evaluar las políticas sectoriales de defensa y seguridad.",
        "policy",
    ),
    (
        "GC",
        "Gestión contractual",
        "apoyo",
        "Adquirir bienes y servicios con transparencia, oportunidad y economía.",
        "contracts",
    ),
    (
        "GF",
        "Gestión financiera",
        "apoyo",
        "Administrar los recursos financieros con oportunidad y confiabilidad de la información.",
        "planning",
    ),
    (
        "GT",
        "Gestión de tecnologías de la información",
        "apoyo",
        "Proveer servicios tecnológicos seguros y disponibles.",
        "tic",
    ),
    (
        "GH",
        "Gestión del talento humano",
        "apoyo",
        "Vincular, desarrollar y retirar el talento humano conforme a la ley.",
        "talent",
    ),
    (
        "EC",
        "Evaluación independiente y control",
        "evaluacion",
        "Evaluar de manera independiente el Sistema de Control Interno.",
        "control",
    ),
]
# process, class, impact, immediate cause, root cause, probability, impact or corruption answers,
# assets, controls [(name, type, implementation, owner key)], treatment
UGG_RISKS = [
    (
        "DE",
        "gestion",
        "incumplimiento de las metas del plan de acción",
        "reportes de avance extemporáneos",
        "falta de seguimiento periódico de las dependencias",
        "media",
        "moderado",
        "",
        [
            ("Revisión trimestral de avances por planeación", "detectivo", "manual", "planning"),
            ("Alertas automáticas de vencimiento en el Gestor MIPG", "preventivo", "automatico", "planning"),
        ],
        "reducir",
    ),
    (
        "DE",
        "fiscal",
        "pérdida de apropiación presupuestal",
        "baja ejecución de los recursos asignados",
        "programación presupuestal sin soporte en el plan de adquisiciones",
        "alta",
        "mayor",
        "",
        [("Comité de seguimiento a la ejecución presupuestal", "preventivo", "manual", "finance")],
        "reducir",
    ),
    (
        "PD",
        "gestion",
        "afectación reputacional por políticas desactualizadas",
        "documentos de política sin revisión",
        "ausencia de un cronograma de actualización normativa",
        "baja",
        "mayor",
        "",
        [("Agenda anual de revisión de políticas", "preventivo", "manual", "policy")],
        "reducir",
    ),
    (
        "GC",
        "corrupcion",
        "beneficio a un tercero en la adjudicación de un contrato",
        "pliegos de condiciones direccionados",
        "concentración de funciones en la estructuración del proceso",
        "media",
        ["C01", "C02", "C05", "C06", "C10", "C11", "C12", "C14"],
        "",
        [
            ("Revisión de pliegos por un comité evaluador plural", "preventivo", "manual", "contracts"),
            ("Publicación en SECOP II con trazabilidad", "detectivo", "automatico", "contracts"),
        ],
        "reducir",
    ),
    (
        "GC",
        "gestion",
        "pérdida económica por sobrecostos",
        "estudios de mercado insuficientes",
        "falta de bases de precios de referencia",
        "alta",
        "moderado",
        "",
        [("Consulta de precios del Acuerdo Marco", "preventivo", "manual", "contracts")],
        "reducir",
    ),
    (
        "GF",
        "corrupcion",
        "desvío de recursos públicos en beneficio privado",
        "pagos sin el lleno de requisitos",
        "controles de pago dependientes de una sola persona",
        "baja",
        ["C01", "C03", "C05", "C06", "C08", "C10", "C11", "C12", "C13", "C14", "C15", "C18"],
        "",
        [
            ("Doble firma en órdenes de pago", "preventivo", "manual", "finance"),
            ("Conciliación bancaria diaria automática", "detectivo", "automatico", "finance"),
            ("Procedimiento de recuperación de pagos indebidos", "correctivo", "manual", "finance"),
        ],
        "reducir",
    ),
    (
        "GF",
        "gestion",
        "estados financieros no razonables",
        "registros contables extemporáneos",
        "integración incompleta entre SIIF y los sistemas internos",
        "media",
        "mayor",
        "",
        [("Conciliación mensual entre contabilidad y presupuesto", "detectivo", "manual", "finance")],
        "reducir",
    ),
    (
        "GT",
        "seguridad_informacion",
        "pérdida de confidencialidad de información reservada",
        "acceso no autorizado a los sistemas",
        "gestión de usuarios y privilegios sin revisión periódica",
        "media",
        "catastrofico",
        "Sistema de información de defensa\nDirectorio activo\nCorreo institucional",
        [
            ("Autenticación de dos factores", "preventivo", "automatico", "tic"),
            ("Revisión semestral de usuarios y privilegios", "detectivo", "manual", "tic"),
        ],
        "reducir",
    ),
    (
        "GT",
        "seguridad_informacion",
        "pérdida de disponibilidad de los servicios tecnológicos",
        "falla del centro de datos",
        "infraestructura sin redundancia",
        "baja",
        "mayor",
        "Centro de datos principal\nServicios en línea del Ministerio",
        [("Copias de respaldo diarias verificadas", "correctivo", "automatico", "tic")],
        "compartir",
    ),
    (
        "GH",
        "gestion",
        "afectación de la prestación del servicio por vacantes sin proveer",
        "demoras en los procesos de vinculación",
        "planeación de personal desactualizada",
        "media",
        "menor",
        "",
        [("Seguimiento mensual al plan anual de vacantes", "detectivo", "manual", "talent")],
        "aceptar",
    ),
    (
        "GH",
        "corrupcion",
        "vinculación de personal sin el cumplimiento de requisitos a cambio de un beneficio",
        "verificación documental incompleta",
        "presiones externas sobre el proceso de selección",
        "baja",
        ["C01", "C05", "C11", "C12"],
        "",
        [("Verificación de títulos ante las instituciones", "preventivo", "manual", "talent")],
        "evitar",
    ),
    (
        "EC",
        "gestion",
        "incumplimiento del Plan Anual de Auditoría",
        "auditorías reprogramadas",
        "equipo auditor insuficiente",
        "baja",
        "moderado",
        "",
        [("Seguimiento mensual del comité al plan de auditoría", "detectivo", "manual", "control")],
        "aceptar",
    ),
    (
        "EC",
        "gestion",
        "informes de evaluación independiente sin publicar a tiempo",
        "consolidación tardía de la información",
        "dependencia de reportes manuales de las áreas",
        "media",
        "menor",
        "",
        [],
        "aceptar",
    ),
]

HMC_PEOPLE = {
    "director": ("Gral. Clara Núñez (demo)", "Directora General", "Dirección General"),
    "planning": (
        "Carolina Pérez (demo)",
        "Jefe Oficina Asesora de Planeación",
        "Oficina Asesora de Planeación",
    ),
    "admin": ("Luis Fajardo (demo)", "Subdirector Administrativo", "Subdirección Administrativa"),
    "control": ("Marta Ríos (demo)", "Jefe de la Oficina de Control Interno", "Oficina de Control Interno"),
}
HMC_PROCESSES = [
    ("PE", "Planeación estratégica", "estrategico", "Orientar la gestión del hospital.", "planning"),
    ("GA", "Gestión administrativa", "apoyo", "Proveer bienes y servicios al hospital.", "admin"),
]
HMC_RISKS = [
    (
        "GA",
        "corrupcion",
        "favorecimiento a un proveedor de medicamentos",
        "compras sin pluralidad de oferentes",
        "urgencias manifiestas sin soporte",
        "media",
        ["C01", "C03", "C06", "C08", "C10", "C12", "C16"],
        "",
        [("Verificación de pluralidad de ofertas", "preventivo", "manual", "admin")],
        "reducir",
    ),
    (
        "GA",
        "gestion",
        "desabastecimiento de insumos",
        "inventarios desactualizados",
        "registro manual de consumos",
        "alta",
        "mayor",
        "",
        [("Inventario cíclico semanal", "detectivo", "manual", "admin")],
        "reducir",
    ),
    (
        "PE",
        "gestion",
        "incumplimiento de metas del plan de desarrollo",
        "seguimiento irregular",
        "indicadores sin responsable",
        "media",
        "moderado",
        "",
        [],
        "aceptar",
    ),
]


def _aware(day: date, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def _people(entity, spec: dict) -> dict:
    people = {}
    for key, (name, position, dependencia) in spec.items():
        dep = Dependencia.objects.filter(entity=entity, name=dependencia).first()
        if dep is None:
            dep = Dependencia.objects.create(entity=entity, name=dependencia)
        person = Person.objects.filter(entity=entity, full_name=name).first()
        if person is None:
            person = Person.objects.create(entity=entity, full_name=name, position=position, dependencia=dep)
        people[key] = person
    return people


def _committee(writer, entity, name, seats, people, day):
    """The committee with its seats and one held session whose approved decisions adopt the risk policy
    (and, when step 7 lands, the audit plan). Returns the approval decision."""
    committee = Committee.objects.filter(entity=entity, name=name).first()
    if committee is None:
        committee = institutional.committee_save(
            user=writer,
            committee=Committee(
                entity=entity,
                name=name,
                kind=Committee.Kind.INTERNAL_CONTROL,
                functions="Aprobar el Plan Anual de Auditoría, revisar la política de administración "
                "del riesgo antes de su adopción y evaluar el estado del Sistema de Control Interno "
                "(Decreto 648 de 2017).",
                sessions_per_year=Committee.Frequency.QUARTERLY,
                is_demo=True,
            ),
        )
    for key, role, title in seats:
        seat = committee.seats.filter(title=title).first() or institutional.seat_create(
            user=writer, committee=committee, role=role, title=title
        )
        if not seat.holdings.exists():
            institutional.seat_assign(user=writer, seat=seat, person=people[key], start=date(2022, 1, 1))
    text = f"Aprobar la política de administración del riesgo {day.year}."
    session = committee.sessions.filter(decisions__text=text).first()
    if session is not None:
        return session.decisions.get(text=text)
    session = institutional.session_create(
        user=writer,
        committee=committee,
        starts_at=_aware(day),
        agenda=["Política de administración del riesgo", "Plan Anual de Auditoría"],
        place="Sala de juntas (demo)",
    )
    from mipg.institutional.selectors import members_at

    for member in members_at(committee, session.day):
        if member.person is not None:
            institutional.attendance_record(
                user=writer, session=session, person=member.person, status="presente"
            )
    present = session_quorum(session).present_voting
    decision = institutional.decision_record(user=writer, session=session, text=text, votes_for=present)
    institutional.decision_record(
        user=writer,
        session=session,
        text=f"Aprobar el Plan Anual de Auditoría {day.year}.",
        votes_for=present,
    )
    return decision


def _map(planner, leader_user, entity, vigencia, decision, processes, risks, people) -> tuple:
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


def _monitoring(planner, leader_user, control_user, ugg, vigencia) -> None:
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


def _audit_plan(control_user, ugg, vigencia, decision, people) -> None:
    """Plan Anual de Auditoría approved by the committee: two audits, one executed with its checklist and
    findings (which open the improvement plan), one programmed."""
    if AuditPlan.objects.filter(entity=ugg, vigencia=vigencia).exists():
        return
    plan = services.audit_plan_create(
        user=control_user,
        entity=ugg,
        vigencia=vigencia,
        objective="Evaluar de forma independiente los procesos de mayor riesgo (demo).",
    )
    processes = {p.code: p for p in Process.objects.filter(entity=ugg)}
    today = timezone.localdate()
    first = services.audit_save(
        user=control_user,
        plan=plan,
        process=processes["GC"],
        title="Auditoría a la gestión contractual",
        objective="Verificar el cumplimiento del manual de contratación y los controles anticorrupción.",
        scope="Contratos suscritos entre enero y marzo.",
        start_date=date(vigencia, 2, 1),
        end_date=date(vigencia, 3, 15),
        status="programada",
        auditors=[people["control"]],
    )
    for criterion in (
        "Los estudios previos tienen análisis del sector y de precios.",
        "Los pliegos se publicaron en SECOP II dentro de los términos.",
        "El comité evaluador es plural y sin conflictos de interés declarados.",
    ):
        services.checklist_item_add(user=control_user, audit=first, criterion=criterion)
    items = list(first.checklist.all())
    services.checklist_item_rate(
        user=control_user, item=items[0], result="no_cumple", note="2 de 10 sin análisis de precios."
    )
    services.checklist_item_rate(user=control_user, item=items[1], result="cumple")
    services.checklist_item_rate(user=control_user, item=items[2], result="cumple")
    services.audit_finding_record(
        user=control_user,
        audit=first,
        kind="no_conformidad",
        description="Dos estudios previos no incluyen el análisis de precios del mercado (demo).",
        criterion="Decreto 1082 de 2015, art. 2.2.1.1.1.6.1",
        cause="Lista de chequeo de estudios previos desactualizada.",
    )
    services.audit_finding_record(
        user=control_user,
        audit=first,
        kind="oportunidad_mejora",
        description="Automatizar la verificación de publicación en SECOP II (demo).",
    )
    services.audit_save(
        user=control_user,
        plan=plan,
        audit=first,
        process=processes["GC"],
        title=first.title,
        objective=first.objective,
        scope=first.scope,
        start_date=first.start_date,
        end_date=first.end_date,
        status="ejecutada",
        report_summary="Se evidenció cumplimiento parcial; se formuló una no conformidad (demo).",
    )
    services.audit_save(
        user=control_user,
        plan=plan,
        process=processes["GT"],
        title="Auditoría a la seguridad de la información",
        objective="Evaluar los controles de acceso a los sistemas de información.",
        scope="Usuarios privilegiados y copias de respaldo.",
        start_date=date(vigencia, 9, 1) if today < date(vigencia, 9, 1) else date(vigencia, 10, 1),
        end_date=date(vigencia, 11, 30),
        status="programada",
        auditors=[people["control"]],
    )
    if decision is not None:
        services.audit_plan_approve(user=control_user, plan=plan, decision=decision)


def _evaluation(control_user, ugg, vigencia) -> None:
    """The first-semester independent evaluation of the SCI, signed (numbered PDF with SHA-256)."""
    if CIEvaluation.objects.filter(entity=ugg, vigencia=vigencia, semester=1).exists():
        return
    evaluation = services.evaluation_create(user=control_user, entity=ugg, vigencia=vigencia, semester=1)
    ratings = {}
    for index, rating in enumerate(evaluation.ratings.select_related("question").order_by("question__order")):
        functioning = index % 5 != 2
        ratings[rating.pk] = (True, functioning, "" if functioning else "Se evidenciaron debilidades (demo).")
    conclusions = {
        c.pk: f"El componente «{c.module.name}» está presente; ver observaciones (demo)."
        for c in evaluation.conclusions.select_related("module")
    }
    services.evaluation_save(
        user=control_user,
        evaluation=evaluation,
        ratings=ratings,
        conclusions=conclusions,
        overall_conclusion="El Sistema de Control Interno está presente y funcionando, con oportunidades de "
        "mejora en la evaluación del riesgo y el monitoreo (demo).",
    )
    services.evaluation_sign(user=control_user, evaluation=evaluation)


def load(stdout=None) -> None:
    User = get_user_model()
    ugg = Entity.objects.filter(acronym="MDN-UGG").first()
    homic = Entity.objects.filter(acronym="HOMIC").first()
    users = {u.username: u for u in User.objects.filter(username__in=["ugg", "hmc", "lider", "control"])}
    if ugg is None or len(users) < 4 or not current_policies().exists():
        if stdout:
            stdout.write("Control interno: faltan los demos de organizaciones u Operación; no se cargó nada.")
        return
    vigencia = timezone.localdate().year
    day = min(date(vigencia, 1, 25), timezone.localdate())
    with transaction.atomic():
        people = _people(ugg, UGG_PEOPLE)
        lider = users["lider"]
        if people["planning"].user_id not in (None, lider.pk):
            people["planning"] = Person.objects.filter(user=lider).first() or people["planning"]
        elif people["planning"].user_id is None and not Person.objects.filter(user=lider).exists():
            people["planning"].user = lider
            people["planning"].save()
        control_person = Person.objects.filter(user=users["control"]).first()
        if control_person is not None:
            people["control"] = control_person
        seats = [
            ("minister", Seat.Role.PRESIDENCY, "Ministro de Defensa Nacional (representante legal)"),
            ("secretary_general", Seat.Role.MEMBER, "Secretario General"),
            ("planning", Seat.Role.MEMBER, "Director de Planeación y Presupuestación"),
            ("admin_dir", Seat.Role.MEMBER, "Director Administrativo"),
            ("finance", Seat.Role.MEMBER, "Director de Finanzas"),
            ("control", Seat.Role.SECRETARY, "Jefe de la Oficina de Control Interno (voz sin voto)"),
        ]
        decision = _committee(users["ugg"], ugg, UGG_COMMITTEE, seats, people, day)
        policy, created = _map(users["ugg"], lider, ugg, vigencia, decision, UGG_PROCESSES, UGG_RISKS, people)
        _monitoring(users["ugg"], lider, users["control"], ugg, vigencia)
        audit_decision = decision.session.decisions.filter(text__startswith="Aprobar el Plan Anual").first()
        _audit_plan(users["control"], ugg, vigencia, audit_decision, people)
        _evaluation(users["control"], ugg, vigencia)
        if created:
            event_risk = policy.risks.filter(process__code="GF", risk_class="gestion").first()
            if event_risk is not None:
                services.risk_event_record(
                    user=lider,
                    risk=event_risk,
                    occurred_on=min(date(vigencia, 3, 15), timezone.localdate()),
                    description="Se registró un pago en el periodo contable equivocado (demo).",
                    effect="Reclasificación contable y observación de la Contaduría (demo).",
                )
            for row in services.follow_up_schedule(vigencia):
                if row["due_date"] < timezone.localdate():
                    services.follow_up_record(
                        user=users["control"],
                        entity=ugg,
                        vigencia=vigencia,
                        cut=row["cut"],
                        summary="Controles del mapa de corrupción ejecutados; sin materializaciones (demo).",
                        published_on=row["due_date"],
                        published_url="https://www.mindefensa.gov.co/",
                    )
        if homic is not None:
            hmc_people = _people(homic, HMC_PEOPLE)
            hmc_seats = [
                ("director", Seat.Role.PRESIDENCY, "Director General (representante legal)"),
                ("planning", Seat.Role.MEMBER, "Jefe Oficina Asesora de Planeación"),
                ("admin", Seat.Role.MEMBER, "Subdirector Administrativo"),
                ("control", Seat.Role.SECRETARY, "Jefe de la Oficina de Control Interno (voz sin voto)"),
            ]
            hmc_decision = _committee(users["hmc"], homic, HMC_COMMITTEE, hmc_seats, hmc_people, day)
            _map(users["hmc"], None, homic, vigencia, hmc_decision, HMC_PROCESSES, HMC_RISKS, hmc_people)
    if stdout:
        stdout.write(
            f"Control interno: política y mapa de riesgos {vigencia} de la UGG "
            f"({policy.risks.count()} riesgos) y del HMC; comités de coordinación de control interno."
        )
