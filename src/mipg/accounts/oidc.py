"""Sign-in with OpenID Connect (Microsoft Entra ID, Keycloak, the state's identity services) through
mozilla-django-oidc: authorization-code flow with PKCE, state and nonce, and the ID token's signature
checked against the provider's keys.

Who is who: the provider's e-mail claim is matched (ignoring case) with a user's e-mail, or else with a
person's e-mail whose person already has a user. That user keeps exactly the roles granted in the app.
An unknown e-mail gets a new user without any role (and the person with that e-mail, if there is one
and it has no user yet, is linked to it): an administrator must grant access. A provider that says the
e-mail is not verified (`email_verified: false`) is refused.
"""

import logging
import time

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.utils.text import slugify
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

REQUIRED_SETTINGS = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
)


def oidc_enabled() -> bool:
    return all(getattr(settings, name, "") for name in REQUIRED_SETTINGS) and (
        "mipg.accounts.oidc.OidcBackend" in settings.AUTHENTICATION_BACKENDS
    )


def _email(claims) -> str:
    return (claims.get("email") or "").strip()


class OidcBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        """A token that fails a check is a failed sign-in (back to our page with a message), not a 400."""
        try:
            return super().authenticate(request, **kwargs)
        except SuspiciousOperation as error:
            logger.warning("OIDC sign-in refused: %s", error)
            return None

    def verify_token(self, token, **kwargs):
        """mozilla-django-oidc checks the signature and the nonce; an ID token must also be meant for us
        (`aud`), still valid (`exp`, one minute of clock skew allowed) and, with MIPG_OIDC_ISSUER, come
        from that issuer (`iss`)."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:  # the ID token (a signed user-info answer carries no such claims)
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID token audience is not this client")
            if not isinstance(payload.get("exp"), int | float) or payload["exp"] < time.time() - 60:
                raise SuspiciousOperation("ID token expired")
            issuer = getattr(settings, "MIPG_OIDC_ISSUER", "")
            if issuer and payload.get("iss") != issuer:
                raise SuspiciousOperation("ID token issuer is not the configured one")
        return payload

    def verify_claims(self, claims):
        if not _email(claims):
            logger.warning("OIDC sign-in refused: the provider sent no e-mail claim")
            return False
        if claims.get("email_verified") is False:
            logger.warning("OIDC sign-in refused: the provider says %s is not verified", _email(claims))
            return False
        return True

    def filter_users_by_claims(self, claims):
        email = _email(claims)
        users = self.UserModel.objects.filter(email__iexact=email)
        if users.exists():
            return users
        return self.UserModel.objects.filter(person__email__iexact=email)

    def get_username(self, claims):
        base = slugify(_email(claims).split("@")[0]).replace("-", ".")[:120] or "usuario"
        username, n = base, 1
        while self.UserModel.objects.filter(username=username).exists():
            n += 1
            username = f"{base}{n}"
        return username

    def create_user(self, claims):
        from .services import directory_user_created

        user = self.UserModel.objects.create_user(
            username=self.get_username(claims),
            email=_email(claims),
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )
        directory_user_created(user=user, source="OpenID Connect")
        return user

    def update_user(self, user, claims):
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = (claims.get(claim) or "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if not user.email:
            user.email = _email(claims)
            changed.append("email")
        if changed:
            user.save(update_fields=changed)
        return user


def oidc_start(request):
    """Redirects to the provider's sign-in page (state, nonce and PKCE verifier kept in the session)."""
    if not oidc_enabled():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


def oidc_callback(request):
    """The provider sends the browser back here with the code: the user is signed in, then owes the
    second factor if their roles require it (TwoFactorMiddleware)."""
    if not oidc_enabled():
        raise Http404
    return OIDCAuthenticationCallbackView.as_view()(request)
