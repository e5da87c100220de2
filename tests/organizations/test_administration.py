"""Entity administrators manage entities, dependencias, people, accounts and role grants on pages,
within their scope only; every change is audited with its actor."""

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mipg.core.models import DomainEvent
from mipg.organizations.models import Dependencia, Entity, Invitation, Person, RoleAssignment
from mipg.organizations.roles import Role, can_grant, roles_over
from tests.factories import UserFactory


def post_login(client, username, password):
    return client.post("/cuenta/ingresar/", {"username": username, "password": password})


# ---------------------------------------------------------------- entity tree


def test_subtree_admin_creates_moves_and_deactivates_entities(world, admins, login):
    client = login(admins.head_admin)
    response = client.post(
        "/entidades/nueva/",
        {
            "name": "Unidad Nueva",
            "acronym": "UN",
            "sigep_code": "7777",
            "nit": "900123456-1",
            "order": "territorial",
            "parent": world.child.pk,
            "peer_group": "Grupo A",
        },
    )
    created = Entity.objects.get(sigep_code="7777")
    assert response.status_code == 302
    assert created.path == f"{world.child.path}{created.pk}/"
    assert created.sector == world.child.sector and created.order == "territorial"
    assert roles_over(admins.head_admin, created) == {Role.ENTITY_ADMIN}

    # Move it under the head: its path follows.
    data = {"name": "Unidad Nueva", "acronym": "UN", "sigep_code": "7777", "order": "territorial"}
    response = client.post(f"/entidades/{created.pk}/editar/", {**data, "parent": world.head.pk})
    created.refresh_from_db()
    assert response.status_code == 302 and created.parent == world.head
    assert created.path == f"{world.head.path}{created.pk}/"
    assert DomainEvent.objects.filter(verb="entidad movida", actor=admins.head_admin).exists()

    client.post(f"/entidades/{created.pk}/estado/", {"active": "0"})
    created.refresh_from_db()
    assert not created.is_active
    assert "desactivada" in client.get("/entidades/?estado=inactivas").content.decode()


def test_single_entity_admin_cannot_create_or_move_entities_nor_touch_others(world, admins, login):
    client = login(admins.child_admin)
    response = client.post(
        "/entidades/nueva/",
        {"name": "X", "sigep_code": "8888", "order": "nacional", "parent": world.child.pk},
    )
    assert response.status_code == 400  # the parent is not among the choices: nothing created
    assert not Entity.objects.filter(sigep_code="8888").exists()
    # Its own entity: data yes, moving no.
    data = {"name": "Hospital Renombrado", "sigep_code": "1002", "order": "nacional"}
    assert (
        client.post(f"/entidades/{world.child.pk}/editar/", {**data, "parent": world.head.pk}).status_code
        == 302
    )
    world.child.refresh_from_db()
    assert world.child.name == "Hospital Renombrado"
    assert client.post(f"/entidades/{world.child.pk}/editar/", {**data, "parent": ""}).status_code == 403
    # Another entity: not visible (404); the head is not administered (403 on a visible one would apply).
    assert client.get(f"/entidades/{world.other.pk}/editar/").status_code == 404
    assert client.post(f"/entidades/{world.other.pk}/estado/", {"active": "0"}).status_code == 404
    # Planning of the head sees the entity but administers nothing.
    planner = login(world.head_planner)
    assert planner.get(f"/entidades/{world.head.pk}/editar/").status_code == 403
    assert planner.get("/entidades/personas/nueva/").status_code == 403


# ---------------------------------------------------------------- dependencias and people


def test_admin_manages_dependencias_and_people_with_search_and_filters(world, admins, login):
    client = login(admins.child_admin)
    response = client.post(f"/entidades/{world.child.pk}/dependencias/nueva/", {"name": "Talento Humano"})
    assert response.status_code == 302
    talent = Dependencia.objects.get(entity=world.child, name="Talento Humano")
    response = client.post(
        "/entidades/personas/nueva/",
        {
            "entity": world.child.pk,
            "full_name": "Diego Prueba",
            "position": "Profesional",
            "dependencia": talent.pk,
            "email": "Diego@Example.gov.co",
        },
    )
    diego = Person.objects.get(full_name="Diego Prueba")
    assert response.status_code == 302 and diego.email == "diego@example.gov.co"
    # The same e-mail twice in an entity is refused in Spanish, nothing changes.
    response = client.post(
        "/entidades/personas/nueva/",
        {"entity": world.child.pk, "full_name": "Otro", "email": "diego@example.gov.co"},
    )
    assert response.status_code == 400 and "Ya hay una persona con este correo" in response.content.decode()
    # A dependencia of another entity is not accepted.
    head_dep = Dependencia.objects.create(entity=world.head, name="Despacho")
    response = client.post(
        f"/entidades/personas/{diego.pk}/editar/",
        {"entity": world.child.pk, "full_name": "Diego Prueba", "dependencia": head_dep.pk},
    )
    assert response.status_code == 400
    page = client.get("/entidades/personas/", {"q": "diego"}).content.decode()
    assert "Diego Prueba" in page and "Beatriz Nueva" not in page
    page = client.get("/entidades/personas/", {"entidad": world.child.pk, "cuenta": "sin"}).content.decode()
    assert "Beatriz Nueva" in page and "Carlos Admin" not in page
    # The filtered list exports to Excel with the same rows.
    from mipg.core.xlsx import open_workbook, sheet_rows

    export = client.get(
        "/entidades/personas/", {"entidad": world.child.pk, "cuenta": "sin", "format": "xlsx"}
    )
    rows = sheet_rows(open_workbook(export.content), "Personas")
    assert sorted(r[0] for r in rows[1:]) == ["Beatriz Nueva", "Diego Prueba"]
    # LogEntry (auditlog) records the actor of the page's write.
    entry = LogEntry.objects.get_for_object(diego).first()
    assert entry.actor == admins.child_admin


def test_people_of_other_entities_are_404_and_non_admins_cannot_edit(world, admins, login):
    outsider_person = Person.objects.create(entity=world.other, full_name="Ajena", email="a@x.gov.co")
    client = login(admins.child_admin)
    assert client.get(f"/entidades/personas/{outsider_person.pk}/").status_code == 404
    assert client.post(f"/entidades/personas/{outsider_person.pk}/invitar/").status_code == 404
    reader = login(world.reader)
    head_person = Person.objects.get(user=admins.head_admin)
    assert reader.get(f"/entidades/personas/{head_person.pk}/").status_code == 200
    assert reader.get(f"/entidades/personas/{head_person.pk}/editar/").status_code == 403
    assert reader.post(f"/entidades/personas/{head_person.pk}/cuenta/", {"active": "0"}).status_code == 403


# ---------------------------------------------------------------- invitations and accounts


def invitation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/entidades/invitacion/[^/\s]+/)", message.body).group(1)


def test_invitation_sets_a_password_once_and_the_person_signs_in(
    world, admins, client, django_capture_on_commit_callbacks
):
    client.force_login(admins.child_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/entidades/personas/{admins.person.pk}/invitar/")
    assert response.status_code == 302
    admins.person.refresh_from_db()
    account = admins.person.user
    assert account.username == "beatriz@example.gov.co" and not account.has_usable_password()
    message = mail.outbox[-1]
    assert message.to == ["beatriz@example.gov.co"] and message.alternatives
    link = invitation_link(message)
    invitation = Invitation.objects.get(person=admins.person)
    assert link.split("/")[-2] not in invitation.token_digest  # only a digest is stored
    client.logout()

    # Password validators apply: a weak password is refused and the link still works.
    response = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 400
    response = client.post(
        link, {"new_password1": "Clave-Invitada-2026", "new_password2": "Clave-Invitada-2026"}
    )
    assert response.status_code == 302
    assert client.get(link).status_code == 404  # single use
    assert post_login(client, "beatriz@example.gov.co", "Clave-Invitada-2026").status_code == 302
    event = DomainEvent.objects.get(verb="invitación aceptada")
    assert event.actor == account
    assert DomainEvent.objects.get(verb="persona invitada").actor == admins.child_admin


def test_expired_and_superseded_invitations_do_not_work(world, admins, settings, client):
    from mipg.organizations.services import person_invite

    settings.MIPG_INVITATION_TTL_HOURS = 1
    _inv, first = person_invite(user=admins.child_admin, person=admins.person, base_url="http://t")
    _inv, second = person_invite(user=admins.child_admin, person=admins.person, base_url="http://t")
    assert client.get(f"/entidades/invitacion/{first}/").status_code == 404  # annulled by the new one
    assert client.get(f"/entidades/invitacion/{second}/").status_code == 200
    Invitation.objects.filter(revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(
        f"/entidades/invitacion/{second}/",
        {"new_password1": "Clave-Tarde-2026", "new_password2": "Clave-Tarde-2026"},
    )
    assert response.status_code == 404
    admins.person.user.refresh_from_db()
    assert not admins.person.user.has_usable_password()


def test_deactivated_user_cannot_sign_in_keeps_history_and_can_be_reactivated(world, admins, client):
    from mipg.organizations.services import account_set_active, role_grant

    user = UserFactory(username="dora")
    Person.objects.create(entity=world.child, full_name="Dora", user=user, email="dora@example.gov.co")
    role_grant(user=admins.child_admin, grantee=user, entity=world.child, role=Role.PLANNING)
    client.force_login(admins.child_admin)
    person = Person.objects.get(user=user)
    client.post(f"/entidades/personas/{person.pk}/cuenta/", {"active": "0"})
    user.refresh_from_db()
    assert not user.is_active
    assert RoleAssignment.objects.filter(user=user).exists()  # history and grants kept
    client.logout()
    assert post_login(client, "dora", "clave-de-prueba-123").status_code == 200  # refused
    client.force_login(admins.child_admin)
    client.post(f"/entidades/personas/{person.pk}/cuenta/", {"active": "1"})
    client.logout()
    assert post_login(client, "dora", "clave-de-prueba-123").status_code == 302
    verbs = list(DomainEvent.objects.filter(object_id=str(person.pk)).values_list("verb", "actor__username"))
    assert ("cuenta desactivada", "child_admin") in verbs and ("cuenta reactivada", "child_admin") in verbs
    # Nobody deactivates themselves or a system administrator.
    with pytest.raises(PermissionDenied):
        account_set_active(user=admins.child_admin, account=admins.child_admin, active=False)


# ---------------------------------------------------------------- role grants


def test_grants_stay_within_the_administrators_scope(world, admins):
    child, head = world.child, world.head
    someone = UserFactory(username="someone")
    assert can_grant(admins.child_admin, grantee=someone, entity=child, role=Role.PLANNING)
    assert not can_grant(admins.child_admin, grantee=someone, entity=head, role=Role.PLANNING)
    assert not can_grant(
        admins.child_admin, grantee=someone, entity=child, role=Role.PLANNING, include_subtree=True
    )
    assert not can_grant(admins.child_admin, grantee=someone, entity=child, role=Role.ADMIN)
    assert not can_grant(admins.child_admin, grantee=admins.child_admin, entity=child, role=Role.ENTITY_ADMIN)
    assert not can_grant(admins.child_admin, grantee=world.admin, entity=child, role=Role.READ_ONLY)
    assert can_grant(
        admins.head_admin, grantee=someone, entity=head, role=Role.ENTITY_ADMIN, include_subtree=True
    )
    assert not can_grant(admins.head_admin, grantee=someone, entity=world.other, role=Role.PLANNING)


def test_grant_and_revoke_on_the_person_page(world, admins, login):
    account = UserFactory(username="eva")
    person = Person.objects.create(entity=world.child, full_name="Eva", user=account)
    client = login(admins.child_admin)
    client.post(
        f"/entidades/personas/{person.pk}/roles/", {"entity": world.child.pk, "role": Role.POLICY_LEADER}
    )
    assignment = RoleAssignment.objects.get(user=account)
    assert assignment.role == Role.POLICY_LEADER
    # Escalation attempts change nothing: system role, another entity, subtree.
    for data in (
        {"entity": world.child.pk, "role": Role.ADMIN},
        {"entity": world.head.pk, "role": Role.PLANNING},
        {"entity": world.child.pk, "role": Role.PLANNING, "include_subtree": "on"},
    ):
        client.post(f"/entidades/personas/{person.pk}/roles/", data)
    assert list(RoleAssignment.objects.filter(user=account).values_list("role", flat=True)) == [
        Role.POLICY_LEADER
    ]
    # Granting itself more: its own page offers nothing, and the service refuses.
    own = Person.objects.get(user=admins.child_admin)
    client.post(f"/entidades/personas/{own.pk}/roles/", {"entity": world.child.pk, "role": Role.PLANNING})
    assert not RoleAssignment.objects.filter(user=admins.child_admin, role=Role.PLANNING).exists()
    client.post(f"/entidades/roles/{assignment.pk}/retirar/")
    assert not RoleAssignment.objects.filter(user=account).exists()
    assert DomainEvent.objects.filter(verb="rol retirado", actor=admins.child_admin).exists()
    # A grant by the head's subtree administrator cannot be revoked by the child's administrator.
    head_grant = RoleAssignment.objects.create(user=account, entity=world.head, role=Role.READ_ONLY)
    assert client.post(f"/entidades/roles/{head_grant.pk}/retirar/").status_code == 404


def test_person_page_shows_effective_permissions(world, admins, login):
    from tests.factories import grant

    account = UserFactory(username="fabio")
    person = Person.objects.create(entity=world.child, full_name="Fabio", user=account)
    grant(account, world.child, Role.INTERNAL_CONTROL)
    page = login(admins.child_admin).get(f"/entidades/personas/{person.pk}/").content.decode()
    items = page.split("Permisos efectivos")[1].split("<li>")
    verify = next(item for item in items if "Verificar la efectividad" in item)
    manage = next(item for item in items if "Gestionar liderazgo" in item)
    assert ">sí<" in verify and ">no<" in manage


def test_invitations_and_grants_are_in_the_audit_log_with_their_actor(world, admins):
    from mipg.organizations.services import person_invite, role_grant

    invitation, token = person_invite(user=admins.child_admin, person=admins.person, base_url="http://t")
    entry = LogEntry.objects.get_for_object(invitation).get()
    assert entry.actor == admins.child_admin
    assert "token_digest" not in entry.changes_dict and token not in str(entry.changes_dict)
    admins.person.refresh_from_db()
    grant = role_grant(
        user=admins.child_admin, grantee=admins.person.user, entity=world.child, role=Role.READ_ONLY
    )
    assert LogEntry.objects.get_for_object(grant).get().actor == admins.child_admin
    account_entry = LogEntry.objects.get_for_object(admins.person.user).first()
    assert account_entry.actor == admins.child_admin  # the invited account's creation


def test_home_panel_counts_people_without_account_for_administrators_only(world, admins, login):
    from mipg.organizations.services import person_invite

    page = login(admins.child_admin).get("/").content.decode()
    assert "Administración de la entidad" in page and "1 personas sin cuenta" in page
    person_invite(user=admins.child_admin, person=admins.person, base_url="http://t")
    page = login(admins.child_admin).get("/").content.decode()
    assert "0 personas sin cuenta" in page and "1 invitaciones pendientes" in page
    assert "personas sin cuenta" not in login(world.head_planner).get("/").content.decode()
