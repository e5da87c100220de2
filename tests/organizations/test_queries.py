"""Administration lists (people, users) run the same bounded number of queries at 5 and at 40 people."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mipg.organizations.models import Person
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant

PAGES = [
    "/entidades/personas/",
    "/entidades/personas/?q=Persona&cuenta=activa",
    "/entidades/personas/?entidad={entity}",
    "/entidades/",
    "/entidades/{entity}/",
    "/entidades/personas/{person}/",
    "/entidades/usuarios/",
    "/entidades/usuarios/?persona=sin&q=a",
    "/entidades/usuarios/{account}/",
    "/api/v1/people/",
    "/api/v1/users/",
    "/api/v1/role-assignments/",
]


def add_people(world, start, count):
    for n in range(start, start + count):
        user = UserFactory(username=f"persona{n}")
        grant(user, world.child, Role.READ_ONLY)
        grant(user, world.child, Role.POLICY_LEADER)
        Person.objects.create(entity=world.child, full_name=f"Persona {n}", user=user, email=f"p{n}@x.gov.co")
        grant(UserFactory(username=f"cuenta{n}"), world.child, Role.READ_ONLY)  # an account without a person


def count_queries(client, api_client, world, person):
    counts = {}
    for page in PAGES:
        url = page.format(entity=world.child.pk, person=person.pk, account=person.user_id)
        target = api_client if url.startswith("/api/") else client
        with CaptureQueriesContext(connection) as queries:
            response = target.get(url)
        assert response.status_code == 200, url
        counts[page] = len(queries)
    return counts


def test_administration_pages_do_not_grow_with_the_number_of_people(world, admins, login, api):
    client, api_client = login(admins.child_admin), api(admins.child_admin)
    add_people(world, 0, 5)
    person = Person.objects.get(full_name="Persona 0")
    small = count_queries(client, api_client, world, person)
    add_people(world, 5, 35)
    large = count_queries(client, api_client, world, person)
    assert small == large
    assert max(large.values()) <= 30, large
