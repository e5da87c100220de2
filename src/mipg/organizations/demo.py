"""Demo sector: Sector Defensa with the Ministry's Unidad de Gestión General at its head.
Entity names are real; SIGEP codes, NITs and people are fictitious (marked as demo data)."""

import os

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Dependencia, Entity, Person, Sector
from .roles import Role
from .services import entity_save, role_grant

DEMO_PASSWORD_DEFAULT = "demo-mipg-2026"

SECTOR = {"code": "defensa", "name": "Sector Defensa"}
UGG = ("Ministerio de Defensa Nacional – Unidad de Gestión General", "MDN-UGG", "99001")
# (name, acronym, demo sigep code, parent acronym or None for the UGG, legal nature, peer group)
ENTITIES = [
    ("Comando General de las Fuerzas Militares", "CGFM", "99002", "MDN-UGG", "Unidad ejecutora", "Fuerzas"),
    ("Ejército Nacional", "EJC", "99003", "CGFM", "Unidad ejecutora", "Fuerzas"),
    ("Armada de Colombia", "ARC", "99004", "CGFM", "Unidad ejecutora", "Fuerzas"),
    ("Fuerza Aérea Colombiana", "FAC", "99005", "CGFM", "Unidad ejecutora", "Fuerzas"),
    ("Policía Nacional", "PONAL", "99006", "MDN-UGG", "Unidad ejecutora", "Fuerzas"),
    (
        "Dirección General Marítima",
        "DIMAR",
        "99007",
        "MDN-UGG",
        "Unidad administrativa especial",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Superintendencia de Vigilancia y Seguridad Privada",
        "SUPERVIGILANCIA",
        "99008",
        "MDN-UGG",
        "Superintendencia",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Caja de Retiro de las Fuerzas Militares",
        "CREMIL",
        "99009",
        "MDN-UGG",
        "Establecimiento público",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Caja de Sueldos de Retiro de la Policía Nacional",
        "CASUR",
        "99010",
        "MDN-UGG",
        "Establecimiento público",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Agencia Logística de las Fuerzas Militares",
        "ALFM",
        "99011",
        "MDN-UGG",
        "Establecimiento público",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Defensa Civil Colombiana",
        "DCC",
        "99012",
        "MDN-UGG",
        "Establecimiento público",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Club Militar",
        "CLUB MILITAR",
        "99013",
        "MDN-UGG",
        "Establecimiento público",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Fondo Rotatorio de la Policía Nacional",
        "FORPO",
        "99014",
        "MDN-UGG",
        "Establecimiento público",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Hospital Militar Central",
        "HOMIC",
        "99015",
        "MDN-UGG",
        "Establecimiento público",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Instituto de Casas Fiscales del Ejército",
        "ICFE",
        "99016",
        "MDN-UGG",
        "Establecimiento público",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Caja Promotora de Vivienda Militar y de Policía",
        "CAJA HONOR",
        "99017",
        "MDN-UGG",
        "Empresa industrial y comercial del Estado",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Industria Militar",
        "INDUMIL",
        "99018",
        "MDN-UGG",
        "Empresa industrial y comercial del Estado",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Servicio Aéreo a Territorios Nacionales",
        "SATENA",
        "99019",
        "MDN-UGG",
        "Sociedad de economía mixta",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Corporación de Ciencia y Tecnología para el Desarrollo de la Industria Naval, Marítima y Fluvial",
        "COTECMAR",
        "99020",
        "MDN-UGG",
        "Corporación de ciencia y tecnología",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Corporación de la Industria Aeronáutica Colombiana",
        "CIAC",
        "99021",
        "MDN-UGG",
        "Sociedad de economía mixta",
        "Rama ejecutiva orden nacional",
    ),
    (
        "Hotel Tequendama",
        "HOTEL TEQUENDAMA",
        "99022",
        "MDN-UGG",
        "Empresa industrial y comercial del Estado",
        "Rama ejecutiva orden nacional",
    ),
]
UGG_DEPENDENCIAS = [
    "Despacho del Ministro de Defensa Nacional",
    "Viceministerio para la Estrategia y Planeación",
    "Viceministerio para las Políticas de Defensa y Seguridad",
    "Viceministerio del Grupo Social y Empresarial de la Defensa y Bienestar",
    "Secretaría General",
    "Secretaría de Gabinete",
    "Dirección de Planeación y Presupuestación",
    "Oficina de Control Interno Sectorial",
    "Oficina Asesora Jurídica",
    "Dirección Administrativa",
    "Dirección de Finanzas",
    "Dirección de Contratación Estatal",
    "Dirección de Tecnologías de la Información y las Comunicaciones",
    "Dirección de Desarrollo del Talento Humano",
]
HMC_DEPENDENCIAS = [
    "Dirección General",
    "Oficina Asesora de Planeación",
    "Oficina de Control Interno",
    "Subdirección Administrativa",
]

# username -> (full name, position, entity acronym, dependencia, role, subtree)
USERS = {
    "sector": (
        "Laura Méndez (demo)",
        "Asesora de planeación sectorial",
        "MDN-UGG",
        "Dirección de Planeación y Presupuestación",
        Role.PLANNING,
        True,
    ),
    "ugg": (
        "Andrés Rojas (demo)",
        "Profesional de planeación",
        "MDN-UGG",
        "Dirección de Planeación y Presupuestación",
        Role.PLANNING,
        False,
    ),
    "hmc": (
        "Carolina Pérez (demo)",
        "Jefe Oficina Asesora de Planeación",
        "HOMIC",
        "Oficina Asesora de Planeación",
        Role.PLANNING,
        False,
    ),
    "admin-ugg": (
        "Patricia Silva (demo)",
        "Coordinadora del Grupo de Talento Humano",
        "MDN-UGG",
        "Dirección de Desarrollo del Talento Humano",
        Role.ENTITY_ADMIN,
        True,
    ),
    "control": (
        "Jorge Castillo (demo)",
        "Jefe de la Oficina de Control Interno Sectorial",
        "MDN-UGG",
        "Oficina de Control Interno Sectorial",
        Role.INTERNAL_CONTROL,
        False,
    ),
    # National role: it manages shared data (official results, recommendations); the entity only records
    # where the grant is filed and opens none of its data.
    "resultados": (
        "Diana Torres (demo)",
        "Administradora de resultados oficiales",
        "MDN-UGG",
        "Dirección de Planeación y Presupuestación",
        Role.RESULTS_ADMIN,
        False,
    ),
}


def demo_password() -> str:
    return os.environ.get("MIPG_ADMIN_PASSWORD") or DEMO_PASSWORD_DEFAULT


@transaction.atomic
def load(stdout=None) -> None:
    User = get_user_model()
    password = demo_password()
    admin, _created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@demo.invalid", "first_name": "Administrador", "last_name": "(demo)"},
    )
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()

    sector, _created = Sector.objects.update_or_create(
        code=SECTOR["code"], defaults={"name": SECTOR["name"], "is_demo": True}
    )
    by_acronym = {}
    ugg = _entity(admin, sector, None, UGG[0], UGG[1], UGG[2], "Ministerio", "Rama ejecutiva orden nacional")
    by_acronym[ugg.acronym] = ugg
    sector.head_entity = ugg
    sector.save()
    for name, acronym, code, parent, nature, peer_group in ENTITIES:
        by_acronym[acronym] = _entity(
            admin, sector, by_acronym[parent], name, acronym, code, nature, peer_group
        )

    for entity, names in ((ugg, UGG_DEPENDENCIAS), (by_acronym["HOMIC"], HMC_DEPENDENCIAS)):
        for name in names:
            Dependencia.objects.get_or_create(entity=entity, name=name)

    for username, (full_name, position, acronym, dependencia, role, subtree) in USERS.items():
        entity = by_acronym[acronym]
        first, _sep, last = full_name.partition(" ")
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.invalid", "first_name": first, "last_name": last},
        )
        user.set_password(password)
        user.save()
        Person.objects.update_or_create(
            user=user,
            defaults={
                "entity": entity,
                "full_name": full_name,
                "position": position,
                "email": user.email,
                "dependencia": Dependencia.objects.get(entity=entity, name=dependencia),
            },
        )
        role_grant(user=admin, grantee=user, entity=entity, role=role, include_subtree=subtree)
    role_grant(user=admin, grantee=admin, entity=ugg, role=Role.ADMIN, include_subtree=True)
    results_admin = User.objects.get(username="resultados")
    role_grant(user=admin, grantee=results_admin, entity=ugg, role=Role.QUESTION_BANK_ADMIN)
    if stdout:
        stdout.write(f"Sector de demostración: {sector.entities.count()} entidades.")


def _entity(user, sector, parent, name, acronym, code, nature, peer_group) -> Entity:
    entity = Entity.objects.filter(sigep_code=code).first() or Entity(sigep_code=code)
    entity.name, entity.acronym, entity.sector, entity.parent = name, acronym, sector, parent
    entity.legal_nature, entity.peer_group, entity.is_demo = nature, peer_group, True
    entity.order = Entity.Order.NATIONAL
    entity.nit = entity.nit or f"899{code}-0"
    return entity_save(user=user, entity=entity)
