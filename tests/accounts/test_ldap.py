"""Sign-in against a real OpenLDAP server (tests/accounts/ldap_server.py) through the app's sign-in
page: attributes copied, groups mapped to roles over entities (with subtree), roles withdrawn when the
person leaves the group, roles granted in the app left alone, failures counted by django-axes."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from mipg.accounts.ldap import django_auth_ldap_settings, parse_group_roles
from mipg.accounts.models import DirectoryGrant
from mipg.organizations.models import Person, RoleAssignment
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant

from .ldap_server import BIND_DN, BIND_PASSWORD, GROUPS, PEOPLE, USER_PASSWORD

MAPPING = (
    f"cn=planeacion,{GROUPS}:planeacion@1001;"
    f" CN=Planeacion-Sector, OU=grupos,DC=mipg,DC=test :planeacion@1001/*;\n"
    f"cn=control-interno,{GROUPS}:control_interno@1001,consulta@1002"
)


def ldap_conf(uri: str, group_roles: str = MAPPING) -> dict:
    return {
        "SERVER_URI": uri,
        "BIND_DN": BIND_DN,
        "BIND_PASSWORD": BIND_PASSWORD,
        "START_TLS": False,
        "CA_FILE": "",
        "USER_SEARCH_BASE": PEOPLE,
        "USER_SEARCH_FILTER": "(uid=%(user)s)",
        "USER_ATTR_MAP": "first_name=givenName,last_name=sn,email=mail",
        "GROUP_SEARCH_BASE": GROUPS,
        "GROUP_SEARCH_FILTER": "",
        "GROUP_TYPE": "groupOfNames",
        "REQUIRE_GROUP": "",
        "GROUP_ROLES": group_roles,
    }


def configure(settings, conf: dict) -> None:
    """What settings.py does when MIPG_LDAP_SERVER_URI is set."""
    settings.MIPG_LDAP = conf
    for name, value in django_auth_ldap_settings(conf).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "mipg.accounts.ldap.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


@pytest.fixture
def ldap_on(settings, slapd, world):
    configure(settings, ldap_conf(slapd.uri))
    return slapd


def sign_in(client, username, password=USER_PASSWORD, ip="10.8.0.1"):
    return client.post("/cuenta/ingresar/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def roles_of(username) -> set[tuple[str, str, bool]]:
    return set(
        RoleAssignment.objects.filter(user__username=username).values_list(
            "role", "entity__sigep_code", "include_subtree"
        )
    )


def test_directory_user_signs_in_on_the_login_page_and_gets_the_roles_of_their_groups(ldap_on, client, world):
    response = sign_in(client, "jperez")
    assert response.status_code == 302 and response.url == "/"
    user = RoleAssignment.objects.filter(user__username="jperez").first().user
    assert (user.first_name, user.last_name, user.email) == ("Juana", "Pérez", "juana.perez@mipg.test")
    assert not user.has_usable_password()  # the password stays in the directory
    assert roles_of("jperez") == {
        (Role.PLANNING, "1001", False),
        (Role.INTERNAL_CONTROL, "1001", False),
        (Role.READ_ONLY, "1002", False),
    }
    assert DirectoryGrant.objects.filter(assignment__user=user).count() == 3
    # the roles work: the ministry's page opens, the other sector's entity does not
    assert client.get(f"/entidades/{world.head.pk}/").status_code == 200
    assert client.get(f"/entidades/{world.other.pk}/").status_code == 404


def test_a_deactivated_account_cannot_sign_in_with_the_directory(ldap_on, client, world):
    assert sign_in(client, "jperez").status_code == 302
    account = RoleAssignment.objects.filter(user__username="jperez").first().user
    assert client.get("/pendientes/").status_code == 200
    account.is_active = False
    account.save(update_fields=["is_active"])
    assert client.get("/pendientes/").status_code == 302  # the open session no longer counts
    client.logout()
    response = sign_in(client, "jperez")  # the directory still knows the password
    assert response.status_code == 200 and "incorrectos" in response.content.decode()
    account.refresh_from_db()
    assert not account.is_active


def test_a_group_mapped_with_subtree_covers_the_entities_below(ldap_on, client, world):
    assert sign_in(client, "mgomez").status_code == 302
    assert (Role.PLANNING, "1001", True) in roles_of("mgomez")
    assert client.get(f"/entidades/{world.child.pk}/").status_code == 200


def test_leaving_a_group_withdraws_its_role_at_the_next_sign_in(ldap_on, client):
    assert sign_in(client, "jperez").status_code == 302
    assert (Role.INTERNAL_CONTROL, "1001", False) in roles_of("jperez")
    client.post("/cuenta/salir/")
    ldap_on.remove_member("control-interno", "jperez")
    try:
        assert sign_in(client, "jperez").status_code == 302
        assert roles_of("jperez") == {(Role.PLANNING, "1001", False)}
    finally:
        ldap_on.add_member("control-interno", "jperez")
    client.post("/cuenta/salir/")
    assert sign_in(client, "jperez").status_code == 302
    assert (Role.INTERNAL_CONTROL, "1001", False) in roles_of("jperez")


def test_roles_granted_in_the_app_are_not_the_directorys_to_withdraw(ldap_on, client, world):
    lrios = UserFactory(username="lrios", email="luisa.rios@mipg.test")
    grant(lrios, world.head, Role.POLICY_LEADER)
    # the same pair as a group's mapping, granted by hand: it stays when she is in no group
    grant(lrios, world.head, Role.INTERNAL_CONTROL)
    assert sign_in(client, "lrios").status_code == 302
    assert roles_of("lrios") == {(Role.POLICY_LEADER, "1001", False), (Role.INTERNAL_CONTROL, "1001", False)}
    assert not DirectoryGrant.objects.filter(assignment__user=lrios).exists()


def test_wrong_directory_password_fails_and_django_axes_counts_it(ldap_on, client):
    response = sign_in(client, "mgomez", "no-es-la-clave")
    assert response.status_code == 200 and "Usuario o contraseña incorrectos" in response.content.decode()
    for n in range(4):
        sign_in(client, "mgomez", f"mala-{n}", ip=f"10.8.1.{n}")
    locked = sign_in(client, "mgomez", ip="10.8.2.2")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


def test_unknown_directory_user_is_refused(ldap_on, client):
    assert sign_in(client, "nadie").status_code == 200
    assert "_auth_user_id" not in client.session


def test_first_sign_in_links_the_person_with_the_same_email(ldap_on, client, world):
    person = Person.objects.create(entity=world.head, full_name="Juana Pérez", email="Juana.Perez@mipg.test")
    sign_in(client, "jperez")
    person.refresh_from_db()
    assert person.user.username == "jperez"


def test_local_accounts_still_sign_in_when_the_directory_is_down(settings, world, client):
    configure(settings, ldap_conf("ldap://127.0.0.1:9/"))
    assert sign_in(client, "reader", "clave-de-prueba-123").status_code == 302


def test_mapping_syntax():
    mapping = parse_group_roles(
        "CN=Planeacion, OU=Grupos,DC=x:planeacion@1001/*,consulta@1002;\n; cn=ci,dc=x:control_interno@1001"
    )
    assert [(m.group_dn, m.role, m.sigep_code, m.include_subtree) for m in mapping] == [
        ("cn=planeacion,ou=grupos,dc=x", "planeacion", "1001", True),
        ("cn=planeacion,ou=grupos,dc=x", "consulta", "1002", False),
        ("cn=ci,dc=x", "control_interno", "1001", False),
    ]
    assert parse_group_roles("") == []


@pytest.mark.parametrize(
    "text",
    ["cn=a,dc=x", "cn=a,dc=x:planeacion", "cn=a,dc=x:@1001", "cn=a,dc=x:planeacion@", "no-es-un-dn:rol@1"],
)
def test_malformed_mapping_is_refused_at_start_up(text):
    with pytest.raises(ImproperlyConfigured, match="MIPG_LDAP_GROUP_ROLES"):
        parse_group_roles(text)


def test_mapping_without_group_search_is_refused():
    conf = ldap_conf("ldap://127.0.0.1:9/")
    conf["GROUP_SEARCH_BASE"] = ""
    with pytest.raises(ImproperlyConfigured, match="MIPG_LDAP_GROUP_SEARCH_BASE"):
        django_auth_ldap_settings(conf)


def test_check_warns_about_a_role_that_does_not_exist(settings):
    from mipg.accounts.checks import ldap_group_roles

    settings.MIPG_LDAP = ldap_conf("ldap://127.0.0.1:9/", f"cn=x,{GROUPS}:planeacion@1001,jefe_supremo@1001")
    warnings = ldap_group_roles(None)
    assert [w.id for w in warnings] == ["mipg.accounts.W001"] and "jefe_supremo" in warnings[0].msg
    settings.MIPG_LDAP = ldap_conf("", "")
    assert ldap_group_roles(None) == []


def test_ldap_check_command_shows_groups_and_roles_without_changing_anything(ldap_on, world):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("ldap-check", "mgomez", stdout=out)
    text = out.getvalue()
    assert f"DN: uid=mgomez,{PEOPLE}" in text and "email: mario.gomez@mipg.test" in text
    assert "Rol: planeacion sobre 1001 y subordinadas" in text
    assert "Rol: consulta sobre 1002" in text
    assert not RoleAssignment.objects.filter(user__username="mgomez").exists()
