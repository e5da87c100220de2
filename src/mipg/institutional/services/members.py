"""Import of a committee's seats and their holders from the xlsx template (all or nothing)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.core.files import validate_upload
from mipg.core.validators import reasonable_date

from ..models import (
    Committee,
    Seat,
)
from .committees import seat_assign, seat_create
from .common import _fmt, _require_writer

MEMBERS_SHEET = "Miembros"
MEMBERS_COLUMNS = ["Cargo del puesto", "Rol", "Persona", "Entidad (sigla o código SIGEP)", "Desde"]
MEMBERS_INSTRUCTIONS = [
    "Una fila por puesto en la hoja «Miembros»; no cambie los títulos de las columnas.",
    "Cargo del puesto: por ejemplo «Comandante del Ejército Nacional». Si el puesto no existe se crea.",
    "Rol: Presidencia, Secretaría técnica, Miembro con voto o Invitado permanente sin voto.",
    "Persona: nombre completo de quien ocupa el puesto. Si no está registrada en la entidad, se crea.",
    "Entidad: sigla o código SIGEP de la entidad de la persona; debe ser la dueña del comité o una de "
    "sus entidades adscritas o vinculadas.",
    "Desde: fecha en que la persona empieza a ocupar el puesto (fecha de Excel o dd/mm/aaaa). Quien lo "
    "ocupaba lo deja el día anterior.",
    "La importación es todo o nada: si hay un error no se importa ninguna fila.",
]
ROLE_ALIASES = {
    "presidencia": Seat.Role.PRESIDENCY,
    "presidente": Seat.Role.PRESIDENCY,
    "secretaria tecnica": Seat.Role.SECRETARY,
    "secretaría técnica": Seat.Role.SECRETARY,
    "secretaria": Seat.Role.SECRETARY,
    "miembro con voto": Seat.Role.MEMBER,
    "miembro": Seat.Role.MEMBER,
    "invitado permanente sin voto": Seat.Role.GUEST,
    "invitado permanente": Seat.Role.GUEST,
    "invitado": Seat.Role.GUEST,
}


def members_template() -> list:
    """Sheets of the members template: the columns with one example row, and the instructions."""
    return [
        (
            MEMBERS_SHEET,
            MEMBERS_COLUMNS,
            [["Director de Planeación", "Secretaría técnica", "Nombre Apellido", "MDN", "01/02/2026"]],
        ),
        ("Instrucciones", ["Instrucciones"], [[text] for text in MEMBERS_INSTRUCTIONS]),
    ]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _cell_date(value):
    """A date cell or dd/mm/aaaa text; a date outside the app's range of years counts as no date."""
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text, value = _cell_text(value), None
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


@service
def members_import(*, user, committee: Committee, upload) -> dict:
    """Import the committee's seats and who holds them from the xlsx template (all or nothing). Missing
    seats and people are created; people belong to the entity given in the row, which must be the
    committee's owner or one below it. Returns counts of what changed."""
    from mipg.core.imports import ImportRejected, ProblemCollector
    from mipg.core.xlsx import open_workbook, sheet_rows
    from mipg.organizations.models import Entity, Person

    _require_writer(user, committee)
    if getattr(upload, "name", None):
        try:
            validate_upload(upload, allowed=(".xlsx",))
        except ValidationError as error:
            raise ImportRejected.single(" ".join(error.messages)) from error
    workbook = open_workbook(upload)
    if MEMBERS_SHEET not in workbook.sheet_names:
        raise ImportRejected.single(_("El libro no tiene la hoja «%(sheet)s».") % {"sheet": MEMBERS_SHEET})
    rows = sheet_rows(workbook, MEMBERS_SHEET)
    problems = ProblemCollector(sheet=MEMBERS_SHEET)
    header = [_cell_text(cell) for cell in (rows[0] if rows else [])]
    for name in MEMBERS_COLUMNS:
        if name not in header:
            problems.add(_("Falta la columna «%(col)s».") % {"col": name}, row=1, column=name)
    problems.raise_if_any()
    index = {name: header.index(name) for name in MEMBERS_COLUMNS}

    seats = {seat.title.casefold(): seat for seat in committee.seats.all()}
    owner = committee.entity
    entities = {}
    for entity in Entity.objects.all():
        inside = entity.path.startswith(owner.path)
        for key in (entity.acronym, entity.sigep_code):
            if key:
                entities.setdefault(key.casefold(), (entity, inside))
    role_labels = ", ".join(str(label) for label in Seat.Role.labels)
    for value, label in Seat.Role.choices:
        ROLE_ALIASES.setdefault(str(label).casefold(), value)

    plan = []
    titles_seen: dict[str, int] = {}
    unique_roles: dict[str, int] = {}
    for number, raw in enumerate(rows[1:], start=2):
        cells = {name: (raw[index[name]] if index[name] < len(raw) else None) for name in MEMBERS_COLUMNS}
        if all(_cell_text(value) == "" for value in cells.values()):
            continue

        def bad(message, column, row=number):
            problems.add(message, row=row, column=column)

        for name in MEMBERS_COLUMNS:
            if _cell_text(cells[name]) == "":
                bad(_("Este dato es obligatorio."), name)
        title = _cell_text(cells["Cargo del puesto"])
        if len(title) > 250:
            bad(_("El cargo no puede superar 250 caracteres."), "Cargo del puesto")
        if title:
            first = titles_seen.get(title.casefold())
            if first is not None:
                bad(
                    _("El puesto «%(t)s» ya aparece en la fila %(r)s; escriba un puesto por fila.")
                    % {"t": title, "r": first},
                    "Cargo del puesto",
                )
            titles_seen.setdefault(title.casefold(), number)
        role_text = _cell_text(cells["Rol"])
        role = ROLE_ALIASES.get(role_text.casefold()) if role_text else None
        if role_text and role is None:
            bad(
                _("«%(v)s» no es un rol válido. Use: %(labels)s.") % {"v": role_text, "labels": role_labels},
                "Rol",
            )
        seat = seats.get(title.casefold()) if title else None
        if seat is not None and role is not None and seat.role != role:
            bad(
                _("El puesto «%(t)s» ya existe con el rol %(r)s.")
                % {"t": seat.title, "r": seat.get_role_display().lower()},
                "Rol",
            )
        if role in (Seat.Role.PRESIDENCY, Seat.Role.SECRETARY):
            previous = unique_roles.get(role)
            existing = next(
                (s for s in seats.values() if s.role == role and s.title.casefold() != title.casefold()), None
            )
            if previous is not None:
                bad(
                    _("El comité tiene un solo puesto de %(r)s; ya está en la fila %(n)s.")
                    % {"r": Seat.Role(role).label.lower(), "n": previous},
                    "Rol",
                )
            elif existing is not None:
                bad(
                    _("El comité ya tiene el puesto de %(r)s «%(t)s».")
                    % {"r": Seat.Role(role).label.lower(), "t": existing.title},
                    "Rol",
                )
            unique_roles.setdefault(role, number)
        person_name = _cell_text(cells["Persona"])
        if len(person_name) > 200:
            bad(_("El nombre no puede superar 200 caracteres."), "Persona")
        entity_key = _cell_text(cells["Entidad (sigla o código SIGEP)"])
        entity = None
        if entity_key:
            found = entities.get(entity_key.casefold())
            if found is None:
                bad(
                    _("No hay una entidad con la sigla o el código SIGEP «%(v)s».") % {"v": entity_key},
                    "Entidad (sigla o código SIGEP)",
                )
            elif not found[1]:
                bad(
                    _(
                        "«%(e)s» no es %(owner)s ni una de sus entidades adscritas o vinculadas; sus "
                        "personas no pueden ser miembros de este comité."
                    )
                    % {"e": found[0].name, "owner": owner.name},
                    "Entidad (sigla o código SIGEP)",
                )
            else:
                entity = found[0]
        raw_start = cells["Desde"]
        start = _cell_date(raw_start)
        if _cell_text(raw_start) and start is None:
            bad(_("«%(v)s» no es una fecha (use dd/mm/aaaa).") % {"v": _cell_text(raw_start)}, "Desde")
        if seat is not None and start is not None and person_name:
            last_ended = (
                seat.holdings.filter(end__gte=start).select_related("person").order_by("-end").first()
            )
            if last_ended is not None:
                bad(
                    _("%(person)s ocupó el puesto hasta el %(d)s; la fecha debe ser posterior.")
                    % {"person": last_ended.person.full_name, "d": _fmt(last_ended.end)},
                    "Desde",
                )
            current = seat.holdings.filter(end__isnull=True).select_related("person").first()
            if (
                last_ended is None
                and current is not None
                and current.person.full_name.casefold() != person_name.casefold()
                and start <= current.start
            ):
                bad(
                    _(
                        "%(person)s ocupa el puesto desde el %(d)s; la fecha debe ser posterior para "
                        "asignar a otra persona."
                    )
                    % {"person": current.person.full_name, "d": _fmt(current.start)},
                    "Desde",
                )
        plan.append(
            {
                "title": title,
                "role": role,
                "seat": seat,
                "person": person_name,
                "entity": entity,
                "start": start,
            }
        )
    if not plan and not problems:
        problems.add(_("La hoja no tiene filas para importar."), row=2)
    problems.raise_if_any()

    counts = {"seats": 0, "people": 0, "assigned": 0, "unchanged": 0}
    for row in plan:
        seat = row["seat"]
        if seat is None:
            seat = seat_create(user=user, committee=committee, role=row["role"], title=row["title"])
            counts["seats"] += 1
        person = (
            Person.objects.filter(entity=row["entity"], full_name__iexact=row["person"])
            .order_by("pk")
            .first()
        )
        if person is None:
            person = Person(entity=row["entity"], full_name=row["person"], position=row["title"][:200])
            person.full_clean()
            person.save()
            counts["people"] += 1
        current = seat.holdings.filter(end__isnull=True).first()
        if current is not None and current.person_id == person.pk:
            counts["unchanged"] += 1
            continue
        seat_assign(user=user, seat=seat, person=person, start=row["start"])
        counts["assigned"] += 1
    record_event(
        user=user,
        obj=committee,
        verb="miembros importados",
        description=_("%(s)s puestos creados, %(p)s personas creadas, %(a)s asignaciones, %(u)s sin cambios.")
        % {"s": counts["seats"], "p": counts["people"], "a": counts["assigned"], "u": counts["unchanged"]},
        data=counts,
    )
    return counts
