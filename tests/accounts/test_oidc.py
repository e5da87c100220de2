"""Sign-in with OpenID Connect against a real provider (django-oidc-provider in a subprocess, see
tests/accounts/oidc_server.py), through the authorization-code flow: users are matched by e-mail to
their account or person and keep their roles; an unknown e-mail gets an account without privileges."""

import pytest
from django.contrib.auth import get_user_model

from mipg.core.models import DomainEvent
from mipg.organizations.models import Person, RoleAssignment
from mipg.organizations.roles import Role
from tests.factories import UserFactory, grant


@pytest.fixture
def oidc_on(settings, oidc_provider, world):
    for name, value in oidc_provider.settings_for_app().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "mipg.accounts.oidc.OidcBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    settings.MIPG_OIDC_PROVIDER_NAME = "Entra ID de prueba"
    return oidc_provider


def signed_in_user(client):
    from django.contrib.auth import get_user

    user = get_user(client)
    return user if user.is_authenticated else None


def test_login_page_offers_the_institutional_sign_in(oidc_on, client):
    body = client.get("/cuenta/ingresar/").content.decode()
    assert "Ingresar con Entra ID de prueba" in body and 'href="/cuenta/oidc/ingresar/' in body


def test_known_email_signs_in_as_that_user_with_its_roles(oidc_on, client, world):
    response = oidc_on.sign_in(client, "control.ci")
    assert response.status_code == 302 and response.url == "/"
    assert signed_in_user(client) == world.control  # e-mail matched ignoring case
    assert client.get(f"/entidades/{world.head.pk}/").status_code == 200
    assert get_user_model().objects.count() == 7  # nobody was created


def test_a_deactivated_account_is_refused_and_no_new_one_is_made(oidc_on, client, world):
    world.control.is_active = False
    world.control.save(update_fields=["is_active"])
    count = get_user_model().objects.count()
    oidc_on.sign_in(client, "control.ci")
    assert signed_in_user(client) is None
    assert get_user_model().objects.count() == count  # not a fresh account with the same e-mail


def test_unknown_email_gets_an_account_without_any_privilege(oidc_on, client, world):
    response = oidc_on.sign_in(client, "nueva")
    assert response.status_code == 302
    user = signed_in_user(client)
    assert user.email == "nueva.persona@example.gov.co" and (user.first_name, user.last_name) == (
        "Nora",
        "Nueva",
    )
    assert not user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert not RoleAssignment.objects.filter(user=user).exists()
    home = client.get("/", follow=True).content.decode()
    assert "Un administrador de su entidad debe otorgarle acceso" in home
    assert client.get(f"/entidades/{world.head.pk}/").status_code == 404
    assert DomainEvent.objects.filter(verb="usuario creado al ingresar", object_id=str(user.pk)).exists()
    # the second time it is the same account
    client.post("/cuenta/salir/")
    oidc_on.sign_in(client, "nueva")
    assert signed_in_user(client) == user


def test_email_of_a_person_signs_in_as_that_persons_user(oidc_on, client, world):
    leader = UserFactory(username="lider_app", email="")
    grant(leader, world.head, Role.POLICY_LEADER)
    Person.objects.create(
        entity=world.head, full_name="Lía Líder", email="lider.persona@example.gov.co", user=leader
    )
    oidc_on.sign_in(client, "lider.p")
    assert signed_in_user(client) == leader
    leader.refresh_from_db()
    assert leader.email == "lider.persona@example.gov.co"


def test_unknown_email_is_linked_to_the_person_without_user(oidc_on, client, world):
    person = Person.objects.create(
        entity=world.head, full_name="Nora Nueva", email="Nueva.Persona@example.gov.co"
    )
    oidc_on.sign_in(client, "nueva")
    person.refresh_from_db()
    assert person.user == signed_in_user(client)
    # a person gives no privilege: still no role
    assert not RoleAssignment.objects.filter(user=person.user).exists()


def test_unverified_email_is_refused(oidc_on, client, world):
    response = oidc_on.sign_in(client, "dudosa")
    assert response.status_code == 302 and response.url == "/cuenta/ingresar/?oidc=error"
    assert signed_in_user(client) is None
    page = client.get(response.url).content.decode()
    assert "No fue posible ingresar con Entra ID de prueba" in page


def test_required_role_still_owes_the_second_factor(oidc_on, client, world, settings):
    settings.MIPG_2FA_ENFORCE = True
    response = oidc_on.sign_in(client, "control.ci")
    assert signed_in_user(client) == world.control
    assert client.get(response.url).url.startswith("/cuenta/dos-factores/activar/")


def test_oidc_pages_do_not_exist_when_it_is_not_configured(client, db):
    assert client.get("/cuenta/oidc/ingresar/").status_code == 404
    assert client.get("/cuenta/oidc/callback/?code=x&state=y").status_code == 404
    assert "oidc/ingresar" not in client.get("/cuenta/ingresar/").content.decode()


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "otro-cliente", "exp": 4102444800},
        {"aud": ["otro"], "exp": 4102444800},
        {"aud": "c", "exp": 1},
    ],
)
def test_id_token_for_another_client_or_expired_is_refused(settings, monkeypatch, claims):
    from django.core.exceptions import SuspiciousOperation
    from mozilla_django_oidc.auth import OIDCAuthenticationBackend

    from mipg.accounts.oidc import OidcBackend

    settings.OIDC_RP_CLIENT_ID = "c"
    settings.OIDC_OP_TOKEN_ENDPOINT = settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:9/"
    monkeypatch.setattr(OIDCAuthenticationBackend, "verify_token", lambda self, token, **kw: dict(claims))
    with pytest.raises(SuspiciousOperation):
        OidcBackend().verify_token("x", nonce="n")
    assert OidcBackend().verify_token("x")["aud"] == claims["aud"]  # signed user-info: no such checks
    settings.OIDC_RP_CLIENT_ID = claims["aud"][0] if isinstance(claims["aud"], list) else claims["aud"]
    if claims["exp"] > 2:
        assert OidcBackend().verify_token("x", nonce="n") == claims


def test_configured_issuer_must_match_the_id_token(oidc_on, client, settings):
    settings.MIPG_OIDC_ISSUER = "https://login.otro-proveedor.example/v2.0"
    response = oidc_on.sign_in(client, "control.ci")
    assert response.status_code == 302 and response.url == "/cuenta/ingresar/?oidc=error"
    assert signed_in_user(client) is None
    settings.MIPG_OIDC_ISSUER = f"{oidc_on.url}/openid"
    assert oidc_on.sign_in(client, "control.ci").status_code == 302
    assert signed_in_user(client) is not None
