"""Who must use a second factor, and where it is enforced.

A user must verify a TOTP code (or a recovery code) after their password when either
- MIPG_2FA_ENFORCE is on and they hold one of MIPG_2FA_REQUIRED_ROLES (role codes over any entity; a
  superuser counts as "admin"; the pseudo-role "presidente_comite" means holding a committee's
  presidency seat today), or
- they enrolled a device of their own accord (then it protects their account whatever their roles).

Enforcement: `TwoFactorMiddleware` sends such a user, signed in but not yet verified, to enrol or verify
before any page; `VerifiedSessionAuthentication` refuses their session on the API with 403. API tokens
are not affected: a token is only issued from the tokens page (behind the middleware, so after a
verified session) or by a server administrator with `mipg token`.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication

PRESIDENT = "presidente_comite"
SESSION_KEY = "mipg_2fa"
# A cached decision is trusted this long; roles granted meanwhile are seen at the next check.
RECHECK_SECONDS = 300

# Paths an unverified user may still reach: the second-factor pages, signing out, static files and the
# API (which answers for itself, see VerifiedSessionAuthentication).
EXEMPT_PREFIXES = ("/cuenta/dos-factores/", "/cuenta/salir/", "/static/", "/api/", "/favicon")


def presides_a_committee(user) -> bool:
    """Whether the user's person holds today the presidency seat of a committee (institutional data)."""
    from mipg.institutional.models import Seat, SeatHolding

    today = timezone.localdate()
    return (
        SeatHolding.objects.filter(person__user=user, seat__role=Seat.Role.PRESIDENCY, start__lte=today)
        .exclude(end__lt=today)
        .exists()
    )


def required_by_role(user) -> bool:
    """Whether the user's roles make a second factor compulsory (MIPG_2FA_REQUIRED_ROLES)."""
    from mipg.organizations.roles import role_assignments

    if not settings.MIPG_2FA_ENFORCE or not getattr(user, "is_authenticated", False):
        return False
    required = set(settings.MIPG_2FA_REQUIRED_ROLES)
    if user.is_superuser and "admin" in required:
        return True
    if any(assignment.role in required for assignment in role_assignments(user)):
        return True
    return PRESIDENT in required and presides_a_committee(user)


def has_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def _decide(user) -> dict:
    enrolled = has_device(user)
    return {
        "uid": user.pk,
        "at": time.time(),
        "must": enrolled or required_by_role(user),
        "enrolled": enrolled,
    }


def status(request, refresh: bool = False) -> dict:
    """{"must": bool, "enrolled": bool} for the signed-in user, cached in the session for a few minutes."""
    user = request.user
    cached = request.session.get(SESSION_KEY)
    if (
        refresh
        or not isinstance(cached, dict)
        or cached.get("uid") != user.pk
        or time.time() - cached.get("at", 0) > RECHECK_SECONDS
    ):
        cached = _decide(user)
        request.session[SESSION_KEY] = cached
    return cached


def remember_decision(request, user) -> None:
    """Decide at sign-in (the user is not on the request yet when Django's test client signs in)."""
    request.session[SESSION_KEY] = _decide(user)


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def pending(request) -> bool:
    """The signed-in user must still pass the second factor in this session."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_verified(user):
        return False
    return status(request)["must"]


def next_step_url(request, next_url: str = "") -> str:
    """Where a user who still owes the second factor goes: enrolment, or verification."""
    name = "two_factor_verify" if status(request)["enrolled"] else "two_factor_enrol"
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: pages stay closed to a user who owes the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(EXEMPT_PREFIXES) and pending(request):
            next_url = request.get_full_path() if request.method == "GET" else ""
            return HttpResponseRedirect(next_step_url(request, next_url))
        return self.get_response(request)


class VerifiedSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, refusing (403) a session that still owes the second factor."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and pending(request._request):
            raise exceptions.PermissionDenied(
                _(
                    "Su cuenta exige un segundo factor: verifique su código en /cuenta/dos-factores/ "
                    "antes de usar la API con la sesión."
                ),
                code="two_factor_required",
            )
        return result


class VerifiedSessionScheme(SessionScheme):
    """OpenAPI: the same cookie scheme as DRF's session authentication."""

    target_class = "mipg.accounts.twofactor.VerifiedSessionAuthentication"
    priority = 0
