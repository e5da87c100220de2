"""The registry of permission rules behind the role matrix.

Each entry names a predicate that the code actually calls to decide (by its dotted path, so the matrix
reads the live function: change a rule and the matrix changes with it). The matrix evaluates every
predicate against a synthetic user holding exactly one role over a synthetic entity; a person's page
evaluates the same predicates against their real assignments."""

from dataclasses import dataclass

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .roles import Role


@dataclass(frozen=True)
class Permission:
    code: str
    label: str
    area: str
    predicate: str  # dotted path; called as predicate(user, entity), or predicate(user) if not per entity
    per_entity: bool = True

    def check(self, user, entity) -> bool:
        function = import_string(self.predicate)
        return bool(function(user, entity) if self.per_entity else function(user))


PERMISSIONS: list[Permission] = [
    Permission("view", _("Ver los datos de la entidad"), _("General"), "mipg.organizations.roles.can_view"),
    Permission(
        "administer",
        _("Administrar personas, dependencias, usuarios y roles"),
        _("Administración"),
        "mipg.organizations.roles.can_administer",
    ),
    Permission(
        "administer_subtree",
        _("Crear y mover entidades subordinadas"),
        _("Administración"),
        "mipg.organizations.roles.can_administer_subtree",
    ),
    Permission(
        "committee_write",
        _("Crear comités, sesiones y actas"),
        _("Institucionalidad"),
        "mipg.institutional.services.common.can_write",
    ),
    Permission(
        "operation_manage",
        _("Gestionar liderazgo, instrumentos, planes e indicadores"),
        _("Operación"),
        "mipg.operation.permissions.can_manage_operation",
    ),
    Permission(
        "operation_read",
        _("Consultar la operación"),
        _("Operación"),
        "mipg.operation.permissions.can_read",
    ),
    Permission(
        "questionnaire_import",
        _("Importar cuestionarios (FURAG, autodiagnósticos)"),
        _("Medición"),
        "mipg.measurement.questionnaires.services.library.can_import",
        per_entity=False,
    ),
    Permission(
        "results_import",
        _("Importar resultados oficiales del FURAG"),
        _("Medición"),
        "mipg.measurement.results.permissions.can_import_results",
        per_entity=False,
    ),
    Permission(
        "recommendations_import",
        _("Importar recomendaciones"),
        _("Medición"),
        "mipg.measurement.results.permissions.can_import_recommendations",
    ),
    Permission(
        "plans_manage",
        _("Gestionar planes de mejoramiento"),
        _("Medición"),
        "mipg.measurement.results.permissions.can_manage_plans",
    ),
    Permission(
        "actions_verify",
        _("Verificar la efectividad de acciones de mejora"),
        _("Medición"),
        "mipg.measurement.results.permissions.can_verify",
    ),
]


class SyntheticUser:
    """A signed-in user that exists only in memory, holding the given role assignments."""

    is_authenticated = True
    is_active = True
    is_superuser = False
    is_staff = False
    pk = id = None

    def __init__(self, assignments):
        self._mipg_role_assignments = list(assignments)

    def get_username(self) -> str:
        return "(sintético)"


def _synthetic(role: str, subtree: bool = False):
    from .models import Entity, RoleAssignment

    entity = Entity(pk=-1, name="(entidad)", path="/-1/")
    return SyntheticUser([RoleAssignment(role=role, entity=entity, include_subtree=subtree)]), entity


def role_matrix() -> dict:
    """{"roles": [(value, label)], "rows": [(permission, [bool per role])]} from the live predicates.
    Each role is granted over the entity alone; the entity administrator also with its subordinates."""
    roles = [(value, label, False) for value, label in Role.choices]
    index = [value for value, _label, _subtree in roles].index(Role.ENTITY_ADMIN) + 1
    roles.insert(index, (Role.ENTITY_ADMIN, _("Administrador de la entidad y sus subordinadas"), True))
    columns = [_synthetic(value, subtree) for value, _label, subtree in roles]
    rows = [
        (permission, [permission.check(user, entity) for user, entity in columns])
        for permission in PERMISSIONS
    ]
    return {"roles": roles, "rows": rows}


def effective_permissions(user, entity) -> list[tuple[Permission, bool]]:
    """What `user` may do over `entity` under the same rules (empty for no user or no entity)."""
    if user is None or entity is None:
        return []
    return [(permission, permission.check(user, entity)) for permission in PERMISSIONS]
