"""Who may do what with official results, recommendations and improvement plans."""

from mipg.organizations.roles import Role, is_system_admin, role_assignments, user_has_role


def can_import_results(user) -> bool:
    """Official results are national data: a system admin or a planning office (of any entity) imports."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_system_admin(user) or any(a.role == Role.PLANNING for a in role_assignments(user))


def can_manage_plans(user, entity) -> bool:
    """Planning offices and policy leaders write plans, findings, actions and progress."""
    return user_has_role(user, entity, {Role.PLANNING, Role.POLICY_LEADER})


def can_import_recommendations(user, entity) -> bool:
    return user_has_role(user, entity, Role.managers())


def can_verify(user, entity) -> bool:
    """Only control interno verifies the effectiveness of improvement actions (admins too)."""
    return user_has_role(user, entity, {Role.INTERNAL_CONTROL})
