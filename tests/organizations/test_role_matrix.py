"""The role matrix is computed from the predicates the code calls, so it changes when a rule does."""

from mipg.organizations.permissions import PERMISSIONS, role_matrix
from mipg.organizations.roles import Role


def cell(matrix, code, role, subtree=False):
    column = [(value, sub) for value, _label, sub in matrix["roles"]].index((role, subtree))
    row = next(cells for permission, cells in matrix["rows"] if permission.code == code)
    return row[column]


def test_matrix_reflects_the_rules():
    matrix = role_matrix()
    assert cell(matrix, "actions_verify", Role.INTERNAL_CONTROL)
    assert not cell(matrix, "actions_verify", Role.PLANNING)
    assert cell(matrix, "operation_manage", Role.PLANNING)
    assert not cell(matrix, "operation_manage", Role.READ_ONLY)
    assert cell(matrix, "administer", Role.ENTITY_ADMIN)
    assert not cell(matrix, "administer_subtree", Role.ENTITY_ADMIN)
    assert cell(matrix, "administer_subtree", Role.ENTITY_ADMIN, subtree=True)
    assert all(cell(matrix, p.code, Role.ADMIN) for p in PERMISSIONS)


def test_matrix_changes_when_a_rule_changes(monkeypatch):
    import mipg.measurement.results.permissions as results_permissions
    from mipg.organizations import roles

    assert not cell(role_matrix(), "operation_manage", Role.READ_ONLY)
    # Widen "managers" (used by several rules) and narrow verification: the matrix follows both.
    monkeypatch.setattr(
        roles.Role, "managers", classmethod(lambda cls: {cls.ADMIN, cls.PLANNING, cls.READ_ONLY})
    )
    monkeypatch.setattr(results_permissions, "can_verify", lambda user, entity: False)
    matrix = role_matrix()
    assert cell(matrix, "operation_manage", Role.READ_ONLY)
    assert not cell(matrix, "actions_verify", Role.INTERNAL_CONTROL)


def test_matrix_page_is_for_every_signed_in_user(world, login, client):
    page = login(world.reader).get("/entidades/roles/").content.decode()
    assert "Administrador de la entidad" in page and "Verificar la efectividad" in page
    client.logout()
    assert client.get("/entidades/roles/").status_code == 302
