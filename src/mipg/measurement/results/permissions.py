"""Who may do what with official results, recommendations and improvement plans."""

from mipg.organizations.roles import Role, holds_national_role, user_has_role


def can_administer_results(user) -> bool:
    """Official results and Función Pública's recommendations are national reference data: only a system
    administrator or an «administrador de resultados oficiales» imports, replaces or restores them."""
    return holds_national_role(user, Role.RESULTS_ADMIN)


def can_import_results(user) -> bool:
    return can_administer_results(user)


def can_manage_plans(user, entity) -> bool:
    """Planning offices and policy leaders write plans, findings, actions and progress."""
    return user_has_role(user, entity, {Role.PLANNING, Role.POLICY_LEADER})


def can_import_recommendations(user, entity=None) -> bool:
    """Recommendations come from Función Pública: the results administrator loads them for any entity."""
    return can_administer_results(user)


def can_verify(user, entity) -> bool:
    """Only control interno verifies the effectiveness of improvement actions (admins too)."""
    return user_has_role(user, entity, {Role.INTERNAL_CONTROL})
