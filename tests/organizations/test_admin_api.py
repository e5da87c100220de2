"""/api/v1/people/, /api/v1/users/ and /api/v1/role-assignments/: entity administrators read and write
through the same services as the pages; everyone else gets 403, other entities' objects 404."""

from django.core import mail

from mipg.core.models import DomainEvent
from mipg.organizations.models import Person, RoleAssignment
from mipg.organizations.roles import Role
from tests.factories import UserFactory


def test_non_administrators_are_refused(world, admins, api):
    for user in (world.head_planner, world.reader, world.control):
        for url in ("/api/v1/people/", "/api/v1/users/", "/api/v1/role-assignments/"):
            response = api(user).get(url)
            assert response.status_code == 403, (user, url)
            assert response.json()["error"]["code"] == "permission_denied"
    assert api().get("/api/v1/people/").status_code in (401, 403)
    # One object of their own entity: 404 (as any object outside one's scope), and nothing changes.
    head_person = Person.objects.get(user=admins.head_admin)
    assert api(world.head_planner).get(f"/api/v1/people/{head_person.pk}/").status_code == 404
    response = api(world.head_planner).patch(f"/api/v1/users/{admins.head_admin.pk}/", {"is_active": False})
    assert response.status_code == 404
    admins.head_admin.refresh_from_db()
    assert admins.head_admin.is_active


def test_people_are_listed_and_written_within_scope(world, admins, api):
    client = api(admins.child_admin)
    names = {p["full_name"] for p in client.get("/api/v1/people/").json()["results"]}
    assert names == {"Carlos Admin", "Beatriz Nueva"}
    head_person = Person.objects.get(user=admins.head_admin)
    assert client.get(f"/api/v1/people/{head_person.pk}/").status_code == 404
    response = client.post(
        "/api/v1/people/",
        {"entity": world.child.pk, "full_name": "Api Persona", "email": "api@example.gov.co"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = Person.objects.get(email="api@example.gov.co")
    assert DomainEvent.objects.filter(
        verb="persona creada", actor=admins.child_admin, object_id=str(created.pk)
    )
    response = client.post("/api/v1/people/", {"entity": world.head.pk, "full_name": "Fuera"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"
    response = client.post(
        "/api/v1/people/",
        {"entity": world.child.pk, "full_name": "Doble", "email": "api@example.gov.co"},
        format="json",
    )
    assert response.status_code == 400
    response = client.patch(f"/api/v1/people/{created.pk}/", {"position": "Asesor"}, format="json")
    assert response.status_code == 200 and response.json()["position"] == "Asesor"
    # The head's subtree administrator sees both entities' people.
    names = {p["full_name"] for p in api(admins.head_admin).get("/api/v1/people/").json()["results"]}
    assert {"Ana Administradora", "Carlos Admin", "Api Persona"} <= names


def test_invite_deactivate_and_grant_through_the_api(world, admins, api, django_capture_on_commit_callbacks):
    client = api(admins.child_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/people/{admins.person.pk}/invite/")
    assert response.status_code == 202 and mail.outbox[-1].to == ["beatriz@example.gov.co"]
    admins.person.refresh_from_db()
    account = admins.person.user
    response = client.post(
        "/api/v1/role-assignments/",
        {"user": account.pk, "entity": world.child.pk, "role": Role.PLANNING},
        format="json",
    )
    assert response.status_code == 201, response.json()
    # Escalation: system role 403, over the head (not administered) 400, to itself 403.
    response = client.post(
        "/api/v1/role-assignments/",
        {"user": account.pk, "entity": world.child.pk, "role": Role.ADMIN},
        format="json",
    )
    assert response.status_code == 403
    response = client.post(
        "/api/v1/role-assignments/",
        {"user": account.pk, "entity": world.head.pk, "role": Role.PLANNING},
        format="json",
    )
    assert response.status_code == 400
    response = client.post(
        "/api/v1/role-assignments/",
        {"user": admins.child_admin.pk, "entity": world.child.pk, "role": Role.PLANNING},
        format="json",
    )
    assert response.status_code == 403
    assert set(RoleAssignment.objects.filter(user=account).values_list("role", flat=True)) == {Role.PLANNING}

    users = {u["username"]: u for u in client.get("/api/v1/users/").json()["results"]}
    # child_planner has no person record but holds a role over the hospital: the administrator manages it
    assert set(users) == {"child_admin", "beatriz@example.gov.co", "child_planner"}
    assert users["child_planner"]["person"] is None
    response = client.patch(f"/api/v1/users/{world.child_planner.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200 and not type(account).objects.get(pk=world.child_planner.pk).is_active
    response = client.post(
        "/api/v1/role-assignments/",
        {"user": world.child_planner.pk, "entity": world.child.pk, "role": Role.READ_ONLY},
        format="json",
    )
    assert response.status_code == 201
    response = client.post(
        "/api/v1/role-assignments/",
        {"user": world.outsider.pk, "entity": world.child.pk, "role": Role.READ_ONLY},
        format="json",
    )
    assert response.status_code == 400  # another entity's account is not a choice
    assert users["beatriz@example.gov.co"]["has_password"] is False
    response = client.patch(f"/api/v1/users/{account.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200
    account.refresh_from_db()
    assert not account.is_active
    assert (
        client.patch(
            f"/api/v1/users/{admins.child_admin.pk}/", {"is_active": False}, format="json"
        ).status_code
        == 403
    )
    outsider = UserFactory(username="far")
    assert client.get(f"/api/v1/users/{outsider.pk}/").status_code == 404

    grant = RoleAssignment.objects.get(user=account, role=Role.PLANNING)
    assert client.delete(f"/api/v1/role-assignments/{grant.pk}/").status_code == 204
    assert not RoleAssignment.objects.filter(pk=grant.pk).exists()
