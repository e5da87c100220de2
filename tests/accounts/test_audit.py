"""Audit coverage of accounts: users, groups and role assignments appear in the history with their
actor and what changed; a password change is an event "clave cambiada", never a logged hash."""

from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from mipg.core.models import DomainEvent
from mipg.organizations.models import RoleAssignment
from mipg.organizations.roles import Role
from mipg.organizations.services import role_grant


def _user_form(user, **changes):
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def test_user_changes_in_the_admin_are_logged_with_their_actor(world, login):
    group = Group.objects.create(name="Lectores")
    client = login(world.admin)
    response = client.post(
        f"/admin/auth/user/{world.reader.pk}/change/",
        _user_form(world.reader, email="nuevo@example.gov.co", is_staff="on", groups=[group.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entries = LogEntry.objects.get_for_object(world.reader).filter(actor=world.admin)
    changes = {}
    for entry in entries:
        changes.update(entry.changes_dict)
    assert changes["email"] == ["reader@example.gov.co", "nuevo@example.gov.co"]
    assert changes["is_staff"] == ["False", "True"]
    assert changes["groups"]["objects"] == ["Lectores"] and changes["groups"]["operation"] == "add"
    assert "password" not in changes


def test_password_set_by_an_administrator_is_an_event_and_no_hash_is_logged(world, login):
    client = login(world.admin)
    new = "Clave-Asignada-2026"
    response = client.post(
        f"/admin/auth/user/{world.reader.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    world.reader.refresh_from_db()
    assert world.reader.check_password(new)
    event = DomainEvent.objects.get(verb="clave cambiada", object_id=str(world.reader.pk))
    assert event.actor == world.admin and event.data["by_self"] is False
    for entry in LogEntry.objects.get_for_object(world.reader):
        assert "password" not in entry.changes_dict
        assert world.reader.password not in str(entry.changes)


def test_groups_and_their_permissions_are_logged_with_their_actor(world, login):
    permission = Permission.objects.get(codename="view_entity")
    client = login(world.admin)
    response = client.post("/admin/auth/group/add/", {"name": "Consulta", "permissions": [permission.pk]})
    assert response.status_code == 302
    group = Group.objects.get(name="Consulta")
    entries = LogEntry.objects.get_for_object(group)
    created = entries.get(action=LogEntry.Action.CREATE)
    assert created.actor == world.admin and created.changes_dict["name"] == ["None", "Consulta"]
    m2m = entries.get(action=LogEntry.Action.UPDATE)
    assert m2m.actor == world.admin and m2m.changes_dict["permissions"]["operation"] == "add"


def test_role_assignments_are_logged_with_their_actor(world, login):
    assignment = role_grant(
        user=world.admin, grantee=world.reader, entity=world.child, role=Role.PLANNING, include_subtree=True
    )
    created = LogEntry.objects.get_for_object(assignment).get(action=LogEntry.Action.CREATE)
    assert created.actor == world.admin
    assert created.changes_dict["role"][1] == Role.PLANNING
    assert created.changes_dict["include_subtree"][1] == "True"

    response = login(world.admin).post(
        f"/admin/organizations/roleassignment/{assignment.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302 and not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    deleted = LogEntry.objects.filter(
        content_type__model="roleassignment", object_pk=str(assignment.pk), action=LogEntry.Action.DELETE
    ).get()
    assert deleted.actor == world.admin


def test_own_password_change_is_an_event_by_the_person(world, login):
    response = login(world.control).post(
        "/cuenta/clave/",
        {
            "old_password": "clave-de-prueba-123",
            "new_password1": "Mi-clave-nueva-2026",
            "new_password2": "Mi-clave-nueva-2026",
        },
    )
    assert response.status_code == 302
    event = DomainEvent.objects.get(verb="clave cambiada", object_id=str(world.control.pk))
    assert event.actor == world.control and event.data["by_self"] is True


def test_a_rehash_on_login_is_not_a_password_change(world, client, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    response = client.post("/cuenta/ingresar/", {"username": "reader", "password": "clave-de-prueba-123"})
    assert response.status_code == 302
    world.reader.refresh_from_db()
    assert world.reader.password.startswith("pbkdf2_")
    assert not DomainEvent.objects.filter(verb="clave cambiada").exists()
