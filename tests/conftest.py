"""Shared fixtures: the MIPG catalogue and a small sector with users of every kind.

head (sector head) ─┬─ child (adscrita)
                    └─ (other sector) other
"""

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from mipg.catalog.loader import load_all
from mipg.organizations.roles import Role

from .factories import SectorFactory, UserFactory, grant, make_entity


@pytest.fixture(autouse=True)
def _forget_process_copies():
    """Process-wide copies of immutable rows (a question's options) outlive a test's rolled-back rows, whose
    ids the next test's rows take again: each test starts without them."""
    from mipg.measurement.questionnaires.services.answers import OPTIONS_SEEN

    OPTIONS_SEEN.clear()
    yield
    OPTIONS_SEEN.clear()


@pytest.fixture
def catalog(db):
    return load_all()[0]


@dataclass
class World:
    sector: object
    head: object
    child: object
    other: object
    admin: object
    sector_planner: object
    head_planner: object
    child_planner: object
    control: object
    reader: object
    outsider: object


@pytest.fixture
def world(db, catalog) -> World:
    sector = SectorFactory(code="defensa-test", name="Sector de prueba")
    head = make_entity("Ministerio de Prueba", sector=sector, acronym="MIN", sigep_code="1001")
    child = make_entity("Hospital de Prueba", parent=head, sector=sector, acronym="HOSP", sigep_code="1002")
    other = make_entity("Entidad Ajena", acronym="AJENA", sigep_code="2001")
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    sector_planner = UserFactory(username="sector_planner")
    grant(sector_planner, head, Role.PLANNING, subtree=True)
    head_planner = UserFactory(username="head_planner")
    grant(head_planner, head, Role.PLANNING)
    child_planner = UserFactory(username="child_planner")
    grant(child_planner, child, Role.PLANNING)
    control = UserFactory(username="control")
    grant(control, head, Role.INTERNAL_CONTROL)
    reader = UserFactory(username="reader")
    grant(reader, head, Role.READ_ONLY)
    outsider = UserFactory(username="outsider")
    grant(outsider, other, Role.PLANNING)
    return World(
        sector,
        head,
        child,
        other,
        admin,
        sector_planner,
        head_planner,
        child_planner,
        control,
        reader,
        outsider,
    )


@pytest.fixture
def api():
    """api(user) -> an APIClient authenticated with a token of that user (django-rest-knox, header
    `Authorization: Token <key>`), as clients of the API are. One token per user per test."""
    from mipg.accounts.models import ApiToken

    keys = {}

    def build(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            if user.pk not in keys:
                _token, keys[user.pk] = ApiToken.objects.create(user=user, name="pruebas")
            client.credentials(HTTP_AUTHORIZATION=f"Token {keys[user.pk]}")
        return client

    return build


@pytest.fixture
def login(client):
    """login(user) -> the Django test client with that user's session."""

    def build(user):
        client.force_login(user)
        return client

    return build


# --- People administration (issue 10): entity administrators over the world above -----------------
@dataclass
class Admins:
    head_admin: object  # administers the head entity and its subtree
    child_admin: object  # administers the child entity alone
    dependencia: object
    person: object  # a person of the child entity, without an account yet


@pytest.fixture
def admins(world) -> Admins:
    from .factories import DependenciaFactory, PersonFactory

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
