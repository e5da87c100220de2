"""Roles granted to a user over an entity (optionally its whole subtree) and the questions the rest
of the code asks of them. Role assignments are read once per request and cached on the user."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mipg.core.precompiled import PrecompiledQuery


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrador del sistema")
    ENTITY_ADMIN = "admin_entidad", _("Administrador de la entidad")
    PLANNING = "planeacion", _("Planeación")
    POLICY_LEADER = "lider_politica", _("Líder de política")
    COMMITTEE_SECRETARY = "secretaria_tecnica", _("Secretaría técnica de comité")
    COMMITTEE_MEMBER = "miembro_comite", _("Miembro de comité")
    INTERNAL_CONTROL = "control_interno", _("Control interno")
    READ_ONLY = "consulta", _("Consulta")
    # National roles: they govern data shared by every entity, not an entity's own data. The assignment's
    # entity (and subtree flag) is only where the grant is filed: they give no access to any entity.
    RESULTS_ADMIN = "admin_resultados", _("Administrador de resultados oficiales")
    QUESTION_BANK_ADMIN = "admin_bancos_preguntas", _("Administrador de bancos de preguntas")

    @classmethod
    def writers(cls) -> set[str]:
        """Roles that produce content (everyone but read-only and the third line of defense)."""
        return {cls.ADMIN, cls.PLANNING, cls.POLICY_LEADER, cls.COMMITTEE_SECRETARY, cls.COMMITTEE_MEMBER}

    @classmethod
    def managers(cls) -> set[str]:
        """Roles that administer MIPG in an entity."""
        return {cls.ADMIN, cls.PLANNING}

    @classmethod
    def national(cls) -> set[str]:
        """Roles over shared national data (official results, recommendations, question banks)."""
        return {cls.RESULTS_ADMIN, cls.QUESTION_BANK_ADMIN}


def role_assignments(user) -> list:
    """The user's role assignments (with their entity), read once per request and cached on the user."""
    cached = getattr(user, "_mipg_role_assignments", None)
    if cached is None:
        cached = _ASSIGNMENTS_OF_USER.fetch(user.pk) if user.pk is not None else []
        user._mipg_role_assignments = cached
    return cached


def _assignments_of_user(user_id):
    from .models import RoleAssignment

    return (
        RoleAssignment.objects.filter(user_id=user_id)
        .select_related("entity")
        .only("role", "include_subtree", "entity__id", "entity__path")
    )


# Read on nearly every request: compiled to SQL once per process (mipg.core.precompiled).
_ASSIGNMENTS_OF_USER = PrecompiledQuery(_assignments_of_user)


def is_system_admin(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(a.role == Role.ADMIN for a in role_assignments(user))


def holds_national_role(user, role: str) -> bool:
    """A system administrator, or a user granted the national `role` (over any entity: the entity of a
    national role assignment only records where it was filed)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_system_admin(user) or any(a.role == role for a in role_assignments(user))


def entity_role_assignments(user) -> list:
    """The assignments that give access to entities (national roles give none)."""
    national = Role.national()
    return [a for a in role_assignments(user) if a.role not in national]


def roles_over(user, entity) -> set[str]:
    """Roles the user holds over `entity`, directly or through an ancestor granted with its subtree."""
    if not getattr(user, "is_authenticated", False) or entity is None:
        return set()
    if user.is_superuser:
        return {Role.ADMIN}
    roles = set()
    for assignment in entity_role_assignments(user):
        if assignment.role == Role.ADMIN:
            roles.add(Role.ADMIN)
        elif assignment.entity_id == entity.pk:
            roles.add(assignment.role)
        elif assignment.include_subtree and entity.path.startswith(assignment.entity.path):
            roles.add(assignment.role)
    return roles


def user_has_role(user, entity, roles) -> bool:
    held = roles_over(user, entity)
    return Role.ADMIN in held or bool(held & set(roles))


def can_view(user, entity) -> bool:
    return bool(roles_over(user, entity))


def can_manage(user, entity) -> bool:
    return user_has_role(user, entity, Role.managers())


def forget_roles(user) -> None:
    """Drop the per-request cache (after granting or revoking roles)."""
    if hasattr(user, "_mipg_role_assignments"):
        del user._mipg_role_assignments


# --- Entity administration (issue 10): who manages entities, people, users and role grants ---------


def _admin_grants(user) -> list:
    return [a for a in role_assignments(user) if a.role == Role.ENTITY_ADMIN]


def can_administer(user, entity) -> bool:
    """Manage the entity's people, dependencias, users and role grants (entity admin or system admin)."""
    return user_has_role(user, entity, {Role.ENTITY_ADMIN})


def can_administer_subtree(user, entity) -> bool:
    """Everything under `entity` is also in the user's administration scope (so the user may create
    entities below it, move entities there, or grant roles over its whole subtree)."""
    if not getattr(user, "is_authenticated", False) or entity is None:
        return False
    if is_system_admin(user):
        return True
    return any(
        a.include_subtree and (a.entity_id == entity.pk or entity.path.startswith(a.entity.path))
        for a in _admin_grants(user)
    )


def administers_any(user) -> bool:
    """The user administers at least one entity (shows the "Administración" menu)."""
    return is_system_admin(user) or bool(_admin_grants(user))


def grantable_roles(user) -> list[tuple[str, str]]:
    """Roles the user may grant to others: never the system administrator's, unless they are one."""
    return [(value, label) for value, label in Role.choices if value != Role.ADMIN or is_system_admin(user)]


def can_grant(user, *, grantee, entity, role: str, include_subtree: bool = False) -> bool:
    """A role grant (or revocation) the user may make: over an entity they administer (its whole
    subtree if the grant includes it), never the system administrator's role, never to themselves."""
    if not getattr(user, "is_authenticated", False) or entity is None:
        return False
    if is_system_admin(user):
        return True
    if grantee is not None and grantee.pk == user.pk:
        return False
    if role == Role.ADMIN or role not in Role.values:
        return False
    if grantee is not None and is_system_admin(grantee):
        return False
    if include_subtree:
        return can_administer_subtree(user, entity)
    return can_administer(user, entity)
