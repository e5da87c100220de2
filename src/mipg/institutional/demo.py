"""Demo of Institucionalidad for the Sector Defensa: the Comité Sectorial de Gestión y Desempeño
(presided by the Minister) and the UGG's Comité Institucional de Gestión y Desempeño, with their acts,
members by seat, past sessions with approved actas, decisions and commitments (some overdue) and an
upcoming session. People are fictitious and marked "(demo)". Idempotent: run it as often as you like."""

import logging
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from mipg.organizations.demo import demo_password
from mipg.organizations.models import Dependencia, Entity, Person
from mipg.organizations.roles import Role
from mipg.organizations.services import role_grant

from . import services
from .models import Committee, CommitteeAct, Seat

SECTOR_COMMITTEE = "Comité Sectorial de Gestión y Desempeño del Sector Defensa"
UGG_COMMITTEE = "Comité Institucional de Gestión y Desempeño de la Unidad de Gestión General"

# key -> (entity acronym, full name, position, UGG dependencia or "")
PEOPLE = {
    "minister": (
        "MDN-UGG",
        "Ricardo Álvarez (demo)",
        "Ministro de Defensa Nacional",
        "Despacho del Ministro de Defensa Nacional",
    ),
    "vice_strategy": (
        "MDN-UGG",
        "Mónica Salazar (demo)",
        "Viceministra para la Estrategia y Planeación",
        "Viceministerio para la Estrategia y Planeación",
    ),
    "vice_policy": (
        "MDN-UGG",
        "Felipe Ortega (demo)",
        "Viceministro para las Políticas de Defensa y Seguridad",
        "Viceministerio para las Políticas de Defensa y Seguridad",
    ),
    "vice_gsed": (
        "MDN-UGG",
        "Adriana Cárdenas (demo)",
        "Viceministra del Grupo Social y Empresarial de la Defensa y Bienestar",
        "Viceministerio del Grupo Social y Empresarial de la Defensa y Bienestar",
    ),
    "secretary_general": ("MDN-UGG", "Hernán Quintero (demo)", "Secretario General", "Secretaría General"),
    "cabinet": ("MDN-UGG", "Lucía Bermúdez (demo)", "Secretaria de Gabinete", "Secretaría de Gabinete"),
    "planning": (
        "MDN-UGG",
        "Camilo Restrepo (demo)",
        "Director de Planeación y Presupuestación",
        "Dirección de Planeación y Presupuestación",
    ),
    "legal": (
        "MDN-UGG",
        "Natalia Gómez (demo)",
        "Jefe de la Oficina Asesora Jurídica",
        "Oficina Asesora Jurídica",
    ),
    "admin_dir": ("MDN-UGG", "Óscar Villamil (demo)", "Director Administrativo", "Dirección Administrativa"),
    "finance": ("MDN-UGG", "Patricia Rincón (demo)", "Directora de Finanzas", "Dirección de Finanzas"),
    "tic": (
        "MDN-UGG",
        "Diego Herrera (demo)",
        "Director de Tecnologías de la Información y las Comunicaciones",
        "Dirección de Tecnologías de la Información y las Comunicaciones",
    ),
    "talent": (
        "MDN-UGG",
        "Sandra Molina (demo)",
        "Directora de Desarrollo del Talento Humano",
        "Dirección de Desarrollo del Talento Humano",
    ),
    "cgfm": ("CGFM", "Gral. Alberto Ramírez (demo)", "Comandante General de las Fuerzas Militares", ""),
    "ejc": ("EJC", "Gral. Mauricio Peña (demo)", "Comandante del Ejército Nacional", ""),
    "arc": ("ARC", "Alm. Germán Torres (demo)", "Comandante de la Armada de Colombia", ""),
    "fac": ("FAC", "Gral. Andrea Lozano (demo)", "Comandante de la Fuerza Aérea Colombiana", ""),
    "ponal": ("PONAL", "Gral. Javier Mora (demo)", "Director General de la Policía Nacional", ""),
}
GSED = [
    "DIMAR",
    "SUPERVIGILANCIA",
    "CREMIL",
    "CASUR",
    "ALFM",
    "DCC",
    "CLUB MILITAR",
    "FORPO",
    "HOMIC",
    "ICFE",
    "CAJA HONOR",
    "INDUMIL",
    "SATENA",
    "COTECMAR",
    "CIAC",
    "HOTEL TEQUENDAMA",
]
GSED_NAMES = [
    "Eduardo Fajardo",
    "Marcela Ibáñez",
    "Rodrigo Silva",
    "Claudia Vargas",
    "Julián Pardo",
    "Teresa Ospina",
    "Arturo Medina",
    "Liliana Castro",
    "Fernando Mejía",
    "Gloria Rozo",
    "Santiago Uribe",
    "Paula Acosta",
    "Manuel Rojas",
    "Beatriz León",
    "Tomás Cabrera",
    "Elena Duarte",
]


def _pdf(title: str) -> SimpleUploadedFile:
    from weasyprint import HTML

    html = (
        "<html><body style='font-family: sans-serif'><h1 style='font-size:14pt'>"
        f"{title}</h1><p>Documento de demostración generado por el Gestor MIPG; "
        "no es la copia oficial del acto administrativo.</p></body></html>"
    )
    return SimpleUploadedFile("acto.pdf", HTML(string=html).write_pdf(), content_type="application/pdf")


def _aware(day: date, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@transaction.atomic
def load(stdout=None) -> None:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    User = get_user_model()
    entities = {e.acronym: e for e in Entity.objects.filter(is_demo=True)}
    ugg = entities.get("MDN-UGG")
    if ugg is None:
        return
    writer = User.objects.get(username="ugg")
    admin = User.objects.get(username="admin")
    role_grant(user=admin, grantee=writer, entity=ugg, role=Role.COMMITTEE_SECRETARY)

    people = {}
    for key, (acronym, name, position, dependencia) in PEOPLE.items():
        people[key] = _person(entities[acronym], name, position, dependencia)
    for acronym, name in zip(GSED, GSED_NAMES, strict=True):
        entity = entities[acronym]
        people[acronym] = _person(entity, f"{name} (demo)", f"Director(a) o gerente – {entity.name}", "")
    control = Person.objects.filter(user__username="control").first() or _person(
        ugg,
        "Jorge Castillo (demo)",
        "Jefe de la Oficina de Control Interno Sectorial",
        "Oficina de Control Interno Sectorial",
    )
    people["control"] = control

    president_user, created = User.objects.get_or_create(
        username="presidente",
        defaults={"email": "presidente@demo.invalid", "first_name": "Ricardo", "last_name": "Álvarez (demo)"},
    )
    if created:
        president_user.set_password(demo_password())
        president_user.save()
    Person.objects.filter(pk=people["minister"].pk).update(user=president_user)
    people["minister"].user = president_user
    role_grant(user=admin, grantee=president_user, entity=ugg, role=Role.COMMITTEE_MEMBER)

    sector = _committee(
        writer,
        ugg,
        SECTOR_COMMITTEE,
        Committee.Kind.SECTORIAL,
        "Orientar la implementación del MIPG en las entidades del Sector Defensa; hacer seguimiento a la "
        "gestión y el desempeño sectorial; aprobar los planes y estrategias sectoriales.",
        Committee.Frequency.QUARTERLY,
    )
    seats = [
        ("minister", Seat.Role.PRESIDENCY, "Ministro de Defensa Nacional"),
        ("planning", Seat.Role.SECRETARY, "Director de Planeación y Presupuestación"),
    ]
    seats += [
        (k, Seat.Role.MEMBER, PEOPLE[k][2])
        for k in (
            "vice_strategy",
            "vice_policy",
            "vice_gsed",
            "secretary_general",
            "cgfm",
            "ejc",
            "arc",
            "fac",
            "ponal",
        )
    ]
    seats += [(a, Seat.Role.MEMBER, f"Director(a) o gerente – {entities[a].name}") for a in GSED]
    seats += [("control", Seat.Role.GUEST, "Jefe de la Oficina de Control Interno Sectorial")]
    _seats(writer, sector, seats, people)

    institutional = _committee(
        writer,
        ugg,
        UGG_COMMITTEE,
        Committee.Kind.INSTITUTIONAL,
        "Orientar la implementación y operación del MIPG en la Unidad de Gestión General; aprobar y hacer "
        "seguimiento a las acciones y estrategias para su implementación.",
        Committee.Frequency.QUARTERLY,
    )
    ugg_seats = [
        ("vice_strategy", Seat.Role.PRESIDENCY, "Viceministro para la Estrategia y Planeación"),
        ("planning", Seat.Role.SECRETARY, "Director de Planeación y Presupuestación"),
    ]
    ugg_seats += [
        (k, Seat.Role.MEMBER, PEOPLE[k][2])
        for k in (
            "vice_policy",
            "vice_gsed",
            "secretary_general",
            "cabinet",
            "legal",
            "admin_dir",
            "finance",
            "tic",
            "talent",
        )
    ]
    ugg_seats += [("control", Seat.Role.GUEST, "Jefe de la Oficina de Control Interno Sectorial")]
    _seats(writer, institutional, ugg_seats, people)

    if not sector.acts.exists():
        old = services.committee_act_add(
            user=writer,
            committee=sector,
            act_type=CommitteeAct.ActType.RESOLUTION,
            number="4240",
            date=date(2018, 7, 20),
            issuer="Ministro de Defensa Nacional",
            effect=CommitteeAct.Effect.CREATES,
            summary="Crea el Comité Sectorial de Gestión y Desempeño del Sector Defensa (derogada).",
            file=_pdf("Resolución 4240 de 2018 (copia de demostración)"),
        )
        services.committee_act_add(
            user=writer,
            committee=sector,
            act_type=CommitteeAct.ActType.RESOLUTION,
            number="864",
            date=date(2021, 3, 1),
            issuer="Ministro de Defensa Nacional",
            effect=CommitteeAct.Effect.REPEALS,
            affects=old,
            summary=(
                "Reglamenta el Comité Sectorial de Gestión y Desempeño y deroga la Resolución 4240 de 2018."
            ),
            file=_pdf("Resolución 864 de 2021 (copia de demostración)"),
        )
    if not institutional.acts.exists():
        services.committee_act_add(
            user=writer,
            committee=institutional,
            act_type=CommitteeAct.ActType.RESOLUTION,
            number="S/N (demo)",
            date=date(2021, 3, 1),
            issuer="Ministro de Defensa Nacional",
            effect=CommitteeAct.Effect.CREATES,
            summary="Acto de demostración: registre aquí la resolución vigente del comité institucional.",
            file=_pdf("Acto de demostración del Comité Institucional de Gestión y Desempeño"),
        )

    today = timezone.localdate()
    if not sector.sessions.exists():
        _history(
            writer,
            president_user,
            sector,
            people,
            today,
            [
                (
                    today - timedelta(days=250),
                    ["Presentación de resultados FURAG de la vigencia anterior", "Plan de acción sectorial"],
                ),
                (
                    today - timedelta(days=160),
                    ["Avance del plan de acción sectorial", "Política de Gobierno Digital"],
                ),
                (today - timedelta(days=70), ["Seguimiento al plan de mejoramiento sectorial"]),
            ],
        )
        services.session_create(
            user=writer,
            committee=sector,
            starts_at=_aware(today + timedelta(days=20), 10),
            place="Ministerio de Defensa Nacional, sala de juntas del Despacho",
            agenda=["Cierre de la vigencia"],
        )
    if not institutional.sessions.exists():
        _history(
            writer,
            admin,
            institutional,
            people,
            today,
            [
                (today - timedelta(days=200), ["Autodiagnósticos de las políticas MIPG"]),
                (today - timedelta(days=40), ["Seguimiento al Programa de Transparencia y Ética Pública"]),
            ],
        )
    if stdout:
        stdout.write("Institucionalidad de demostración: 2 comités con sesiones, actas y compromisos.")


def _person(entity, name, position, dependencia) -> Person:
    dep = Dependencia.objects.filter(entity=entity, name=dependencia).first() if dependencia else None
    person, _created = Person.objects.update_or_create(
        entity=entity,
        full_name=name,
        defaults={
            "position": position,
            "dependencia": dep,
            "email": f"{name.split(' (')[0].lower().replace(' ', '.').replace('gral.', '').strip('.')}"
            "@demo.invalid",
        },
    )
    return person


def _committee(writer, entity, name, kind, functions, frequency) -> Committee:
    committee = Committee.objects.filter(entity=entity, name=name).first()
    if committee is None:
        committee = services.committee_save(
            user=writer,
            committee=Committee(
                entity=entity,
                name=name,
                kind=kind,
                functions=functions,
                sessions_per_year=frequency,
                is_demo=True,
            ),
        )
    return committee


def _seats(writer, committee, seats, people) -> None:
    start = date(2022, 8, 7)
    for key, role, title in seats:
        seat = committee.seats.filter(title=title).first() or services.seat_create(
            user=writer, committee=committee, role=role, title=title
        )
        if not seat.holdings.exists():
            services.seat_assign(user=writer, seat=seat, person=people[key], start=start)


def _history(writer, approver, committee, people, today, sessions) -> None:
    from .selectors import members_at

    for index, (day, agenda) in enumerate(sessions):
        session = services.session_create(
            user=writer,
            committee=committee,
            starts_at=_aware(day),
            agenda=agenda,
            place="Ministerio de Defensa Nacional, sala de juntas",
        )
        members = [m for m in members_at(committee, day) if m.person is not None]
        for position, member in enumerate(members):
            status = "presente" if position % 5 != 3 else ("excusado" if position % 2 else "delegado")
            services.attendance_record(
                user=writer,
                session=session,
                person=member.person,
                status=status,
                delegate="Asesor del despacho (demo)" if status == "delegado" else "",
            )
        for item in session.agenda.all():
            services.agenda_item_develop(
                user=writer,
                item=item,
                development="La secretaría técnica presentó el tema; los miembros deliberaron y formularon "
                "observaciones que quedan consignadas en esta acta.",
            )
        from .selectors import session_quorum

        present = session_quorum(session).present_voting
        services.decision_record(
            user=writer,
            session=session,
            text=f"Aprobar: {agenda[0]}.",
            votes_for=present,
        )
        services.decision_record(
            user=writer,
            session=session,
            text="Solicitar a las dependencias el reporte trimestral de avances.",
            votes_for=max(present - 2, 0),
            votes_against=1,
            abstentions=1,
        )
        due_days = [20, 45, 150]
        for number, (key, what) in enumerate(
            (
                ("planning", "Consolidar el informe de avance del plan de acción"),
                ("tic", "Presentar el plan de trabajo de Gobierno Digital"),
                ("finance", "Remitir el informe de ejecución presupuestal"),
            )
        ):
            commitment = services.commitment_create(
                user=writer,
                session=session,
                description=f"{what} (sesión {index + 1}).",
                responsible=people[key],
                due_date=day + timedelta(days=due_days[number]),
            )
            if number in (0, 2) and index < len(sessions) - 1:
                services.commitment_follow_up(user=writer, commitment=commitment, text="Informe en revisión.")
                services.commitment_close(
                    user=writer,
                    commitment=commitment,
                    note="Informe entregado y socializado.",
                    url="https://www.mindefensa.gov.co/",
                )
        acta = services.acta_generate(user=writer, session=session)
        services.acta_approve(user=approver, acta=acta)
