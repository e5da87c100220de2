"""Bulk onboarding: a workbook of people and their roles, imported all-or-nothing.

Sheet «Personas», one row per person: Nombre completo, Correo electrónico, Cargo, Dependencia,
Entidad (código SIGEP), Roles, Alcance. A person is matched by entity and e-mail, so importing the same
file again changes nothing. The preview is the import itself, run and rolled back: what it shows is
exactly what confirming does."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from mipg.core.audit import service
from mipg.core.imports import ImportRejected, ProblemCollector
from mipg.core.xlsx import build_workbook, open_workbook, sheet_rows

from .models import Dependencia, Entity, Person, RoleAssignment
from .roles import Role, can_administer, can_grant

SHEET = "Personas"
COL_NAME = "Nombre completo"
COL_EMAIL = "Correo electrónico"
COL_POSITION = "Cargo"
COL_DEPENDENCIA = "Dependencia"
COL_ENTITY = "Entidad (código SIGEP)"
COL_ROLES = "Roles"
COL_SCOPE = "Alcance"
COLUMNS = [COL_NAME, COL_EMAIL, COL_POSITION, COL_DEPENDENCIA, COL_ENTITY, COL_ROLES, COL_SCOPE]
REQUIRED = [COL_NAME, COL_EMAIL]
SCOPE_ENTITY = "entidad"
SCOPE_SUBTREE = "subordinadas"


@dataclass
class PlanRow:
    row: int
    full_name: str
    email: str
    entity: str
    action: str = "sin cambios"  # "crear", "actualizar" or "sin cambios"
    changes: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[PlanRow] = field(default_factory=list)
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count("crear")

    @property
    def updated(self) -> int:
        return self.count("actualizar")

    @property
    def unchanged(self) -> int:
        return self.count("sin cambios")


def template_workbook() -> bytes:
    example = [
        "María Gómez (ejemplo)",
        "maria.gomez@entidad.gov.co",
        "Profesional especializada",
        "Oficina Asesora de Planeación",
        "",
        "planeacion",
        SCOPE_ENTITY,
    ]
    roles = [(value, str(label)) for value, label in Role.choices if value != Role.ADMIN]
    return build_workbook(
        [
            (SHEET, COLUMNS, [example]),
            ("Roles", ["Código", "Rol"], roles),
            (
                "Instrucciones",
                ["Columna", "Qué escribir"],
                [
                    (COL_NAME, "Obligatorio."),
                    (COL_EMAIL, "Obligatorio; identifica a la persona en su entidad y es su usuario."),
                    (COL_POSITION, "Opcional."),
                    (COL_DEPENDENCIA, "Opcional; si no existe en la entidad, se crea."),
                    (COL_ENTITY, "Opcional; vacío = la entidad elegida al importar."),
                    (COL_ROLES, "Opcional; códigos o nombres de la hoja Roles separados por coma."),
                    (
                        COL_SCOPE,
                        f"«{SCOPE_ENTITY}» (por defecto) o «{SCOPE_SUBTREE}» (con sus subordinadas).",
                    ),
                ],
            ),
        ]
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _role_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in Role.choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    return lookup


@dataclass
class _Row:
    row: int
    full_name: str
    email: str
    position: str
    dependencia: str
    entity: Entity
    roles: list[str]
    subtree: bool


def _read(user, file, default_entity) -> list[_Row]:
    workbook = open_workbook(file)
    if SHEET not in workbook.sheet_names:
        raise ImportRejected.single(_("Falta la hoja «%(sheet)s» (use la plantilla).") % {"sheet": SHEET})
    rows = sheet_rows(workbook, SHEET)
    problems = ProblemCollector(SHEET)
    if not rows:
        raise ImportRejected.single(_("La hoja está vacía."), sheet=SHEET)
    header = [_text(cell) for cell in rows[0]]
    position = {name: header.index(name) for name in COLUMNS if name in header}
    for name in REQUIRED:
        if name not in position:
            problems.add(_("Falta la columna obligatoria."), row=1, column=name)
    problems.raise_if_any()

    def cell(values, name) -> str:
        index = position.get(name)
        return _text(values[index]) if index is not None and index < len(values) else ""

    entities = {
        e.sigep_code: e for e in Entity.objects.all().only("id", "sigep_code", "name", "path", "is_active")
    }
    roles_by_name = _role_lookup()
    seen: dict[tuple[int, str], int] = {}
    result = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(_text(v) for v in values):
            continue
        full_name, email = cell(values, COL_NAME), cell(values, COL_EMAIL).lower()
        if not full_name:
            problems.add(_("El nombre es obligatorio."), row=number, column=COL_NAME)
        if not email:
            problems.add(_("El correo es obligatorio."), row=number, column=COL_EMAIL)
        else:
            try:
                validate_email(email)
                if len(email) > 150:
                    raise ValidationError("too long for a user name")
            except ValidationError:
                problems.add(
                    _("«%(value)s» no es un correo válido.") % {"value": email}, row=number, column=COL_EMAIL
                )
        code = cell(values, COL_ENTITY)
        entity = default_entity
        if code:
            entity = entities.get(code)
            if entity is None:
                problems.add(
                    _("No hay una entidad con código SIGEP «%(code)s».") % {"code": code},
                    row=number,
                    column=COL_ENTITY,
                )
                continue
        if entity is None:
            problems.add(_("Indique la entidad (código SIGEP)."), row=number, column=COL_ENTITY)
            continue
        if not can_administer(user, entity):
            problems.add(
                _("Usted no administra la entidad «%(entity)s».") % {"entity": entity.name},
                row=number,
                column=COL_ENTITY,
            )
            continue
        if email:
            key = (entity.pk, email)
            if key in seen:
                problems.add(
                    _("El correo ya aparece en la fila %(row)s para la misma entidad.") % {"row": seen[key]},
                    row=number,
                    column=COL_EMAIL,
                )
            seen[key] = number
        scope = cell(values, COL_SCOPE).lower()
        if scope not in ("", SCOPE_ENTITY, SCOPE_SUBTREE, "entidad y subordinadas"):
            problems.add(
                _("Alcance «%(value)s» desconocido: use «%(a)s» o «%(b)s».")
                % {"value": scope, "a": SCOPE_ENTITY, "b": SCOPE_SUBTREE},
                row=number,
                column=COL_SCOPE,
            )
        subtree = scope in (SCOPE_SUBTREE, "entidad y subordinadas")
        roles = []
        for name in filter(
            None, (part.strip() for part in cell(values, COL_ROLES).replace(";", ",").split(","))
        ):
            role = roles_by_name.get(name.lower())
            if role is None:
                problems.add(
                    _("Rol «%(value)s» desconocido (vea la hoja Roles).") % {"value": name},
                    row=number,
                    column=COL_ROLES,
                )
            elif not can_grant(user, grantee=None, entity=entity, role=role, include_subtree=subtree):
                problems.add(
                    _("Usted no puede otorgar el rol «%(role)s» con ese alcance.")
                    % {"role": Role(role).label},
                    row=number,
                    column=COL_SCOPE
                    if subtree and can_grant(user, grantee=None, entity=entity, role=role)
                    else COL_ROLES,
                )
            else:
                roles.append(role)
        if subtree and not roles:
            problems.add(_("El alcance solo aplica a filas con roles."), row=number, column=COL_SCOPE)
        result.append(
            _Row(
                number,
                full_name,
                email,
                cell(values, COL_POSITION),
                cell(values, COL_DEPENDENCIA),
                entity,
                roles,
                subtree,
            )
        )
    if not result and not problems:
        problems.add(_("El libro no tiene filas de personas."), row=2)
    problems.raise_if_any()
    return result


@service
def people_import(
    *, user, file, default_entity=None, dry_run: bool = False, invite: bool = False, base_url: str = ""
) -> ImportPlan:
    """Import (or, with dry_run, preview) the workbook; all-or-nothing with every problem by row/column."""
    from . import services

    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Debe ingresar para importar personas."))
    rows = _read(user, file, default_entity)
    plan = ImportPlan()
    problems = ProblemCollector(SHEET)
    User = get_user_model()
    with transaction.atomic():
        for row in rows:
            line = PlanRow(row.row, row.full_name, row.email, row.entity.acronym or row.entity.name)
            plan.rows.append(line)
            dependencia = None
            if row.dependencia:
                dependencia = Dependencia.objects.filter(
                    entity=row.entity, name__iexact=row.dependencia
                ).first()
                if dependencia is None:
                    dependencia = services.dependencia_save(
                        user=user, dependencia=Dependencia(entity=row.entity, name=row.dependencia)
                    )
                    line.changes.append(_("dependencia nueva «%(name)s»") % {"name": row.dependencia})
            person = (
                Person.objects.filter(entity=row.entity, email__iexact=row.email)
                .select_related("user")
                .first()
            )
            if person is None:
                person = Person(entity=row.entity, email=row.email)
                line.action = "crear"
            changed = []
            for attribute, value, label in (
                ("full_name", row.full_name, _("nombre")),
                ("position", row.position, _("cargo")),
            ):
                if getattr(person, attribute) != value:
                    setattr(person, attribute, value)
                    changed.append(label)
            if row.dependencia and person.dependencia_id != dependencia.pk:
                person.dependencia = dependencia
                changed.append(_("dependencia"))
            if line.action == "crear" or changed:
                try:
                    services.person_save(user=user, person=person)
                except ValidationError as error:
                    for message in error.messages:
                        problems.add(message, row=row.row, column=COL_NAME)
                    continue
                if line.action != "crear":
                    line.action = "actualizar"
                    line.changes.append(_("cambia: %(fields)s") % {"fields": ", ".join(map(str, changed))})
            if not row.roles:
                continue
            account = person.user
            new_account = False
            if account is None:
                account = User.objects.filter(username__iexact=row.email).first()
                if account is not None and Person.objects.filter(user=account).exclude(pk=person.pk).exists():
                    problems.add(
                        _("El usuario %(username)s ya pertenece a otra persona.") % {"username": row.email},
                        row=row.row,
                        column=COL_EMAIL,
                    )
                    continue
                if account is None:
                    first, _sep, last = row.full_name.partition(" ")
                    account = User(
                        username=row.email, email=row.email, first_name=first[:150], last_name=last[:150]
                    )
                    account.set_unusable_password()
                    account.save()
                    new_account = True
                    line.changes.append(_("cuenta nueva %(username)s") % {"username": row.email})
                person.user = account
                person.save(update_fields=["user"])
                if line.action == "sin cambios":
                    line.action = "actualizar"
            for role in row.roles:
                existing = RoleAssignment.objects.filter(user=account, entity=row.entity, role=role).first()
                if existing is not None and existing.include_subtree == row.subtree:
                    continue
                try:
                    services.role_grant(
                        user=user, grantee=account, entity=row.entity, role=role, include_subtree=row.subtree
                    )
                except (PermissionDenied, ValidationError) as error:
                    problems.add(str(getattr(error, "message", error)), row=row.row, column=COL_ROLES)
                    continue
                line.changes.append(_("rol %(role)s") % {"role": Role(role).label})
                if line.action == "sin cambios":
                    line.action = "actualizar"
            if invite and new_account and not dry_run:
                services.person_invite(user=user, person=person, base_url=base_url)
        problems.raise_if_any()
        if dry_run:
            transaction.set_rollback(True)
    plan.applied = not dry_run
    return plan
