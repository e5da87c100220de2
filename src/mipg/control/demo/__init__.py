"""Demo of Control interno (idempotent): the Comité Institucional de Coordinación de Control Interno of the
UGG and of the Hospital Militar Central with a session whose decision approves the risk policy; the UGG's
risk policy (Guía v6 tables), process map and a risk map of 13 risks across 7 processes (corruption,
information security, fiscal and management risks) with controls, treatment linked to the action plan,
key risk indicators, two monitoring periods worked by the three lines of defence (one control found «no
funcionando», which opened an improvement plan), a materialised risk and the corruption map follow-up;
and a smaller map for the HMC. People are fictitious and marked "(demo)".

Users: `lider` leads the processes «Direccionamiento estratégico» and «Gestión financiera» (first line),
`ugg` is planeación (second line), `control` is control interno (third line)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mipg.catalog.selectors import current_policies
from mipg.institutional.models import Seat
from mipg.organizations.models import Entity, Person

from .. import services
from .audit import ensure_audit_plan
from .committees import ensure_committee, ensure_people
from .data import (
    HMC_COMMITTEE,
    HMC_PEOPLE,
    HMC_PROCESSES,
    HMC_RISKS,
    UGG_COMMITTEE,
    UGG_PEOPLE,
    UGG_PROCESSES,
    UGG_RISKS,
)
from .evaluation import ensure_evaluation
from .risk_map import ensure_risk_map, work_monitoring


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
        people = ensure_people(ugg, UGG_PEOPLE)
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
        decision = ensure_committee(users["ugg"], ugg, UGG_COMMITTEE, seats, people, day)
        policy, created = ensure_risk_map(
            users["ugg"], lider, ugg, vigencia, decision, UGG_PROCESSES, UGG_RISKS, people
        )
        work_monitoring(users["ugg"], lider, users["control"], ugg, vigencia)
        audit_decision = decision.session.decisions.filter(text__startswith="Aprobar el Plan Anual").first()
        ensure_audit_plan(users["control"], ugg, vigencia, audit_decision, people)
        ensure_evaluation(users["control"], ugg, vigencia)
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
            hmc_people = ensure_people(homic, HMC_PEOPLE)
            hmc_seats = [
                ("director", Seat.Role.PRESIDENCY, "Director General (representante legal)"),
                ("planning", Seat.Role.MEMBER, "Jefe Oficina Asesora de Planeación"),
                ("admin", Seat.Role.MEMBER, "Subdirector Administrativo"),
                ("control", Seat.Role.SECRETARY, "Jefe de la Oficina de Control Interno (voz sin voto)"),
            ]
            hmc_decision = ensure_committee(users["hmc"], homic, HMC_COMMITTEE, hmc_seats, hmc_people, day)
            ensure_risk_map(
                users["hmc"], None, homic, vigencia, hmc_decision, HMC_PROCESSES, HMC_RISKS, hmc_people
            )
    if stdout:
        stdout.write(
            f"Control interno: política y mapa de riesgos {vigencia} de la UGG "
            f"({policy.risks.count()} riesgos) y del HMC; comités de coordinación de control interno."
        )
