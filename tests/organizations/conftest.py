from dataclasses import dataclass

import pytest

from mipg.organizations.roles import Role
from tests.factories import DependenciaFactory, PersonFactory, UserFactory, grant


@dataclass
class Admins:
    head_admin: object  # administers the head entity and its subtree
    child_admin: object  # administers the child entity alone
    dependencia: object
    person: object  # a person of the child entity, without an account yet


@pytest.fixture
def admins(world) -> Admins:
    head_admin = UserFactory(username="head_admin")
    grant(head_admin, world.head, Role.ENTITY_ADMIN, subtree=True)
    PersonFactory(
        entity=world.head, full_name="Ana Administradora", user=head_admin, email="ana@example.gov.co"
    )
    child_admin = UserFactory(username="child_admin")
    grant(child_admin, world.child, Role.ENTITY_ADMIN)
    PersonFactory(
        entity=world.child, full_name="Carlos Admin", user=child_admin, email="carlos@example.gov.co"
    )
    dependencia = DependenciaFactory(entity=world.child, name="Oficina de Planeación")
    person = PersonFactory(
        entity=world.child, full_name="Beatriz Nueva", email="beatriz@example.gov.co", dependencia=dependencia
    )
    return Admins(head_admin, child_admin, dependencia, person)
