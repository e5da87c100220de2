"""Settings, part 2: Mis pendientes and reminders, accounts (throttling, tokens, passwords), sign-in with
the entity's directory or OpenID Connect, two-factor, and people administration."""

from datetime import timedelta

from .base import *

# --- Inbox (issue 10 items 9-11): "Mis pendientes", reminder digests, calendars (mipg/inbox) -----------
INSTALLED_APPS += ["mipg.inbox"]
MIPG_HOME_PANELS.insert(0, "mipg.inbox.home")
# Modules whose `pending_items(user)` list what waits for the user (merged on /pendientes/ and
# /api/v1/me/pending/, and mailed by `mipg send-reminders`).
MIPG_PENDING_SOURCES = [
    "mipg.institutional.pending",
    "mipg.operation.pending",
    "mipg.measurement.questionnaires.pending",
    "mipg.measurement.results.pending",
    "mipg.core.pending",
    "mipg.control.pending",
]
# Absolute links in e-mails and calendars (the commands have no request to take the host from).
MIPG_BASE_URL = env.str("MIPG_BASE_URL", default="http://localhost:8000").rstrip("/")
# The digest mentions dated items due within this many days (and every overdue or undated one).
MIPG_REMINDER_DAYS = env.int("MIPG_REMINDER_DAYS", default=7)
# A weekly digest goes out at most once in this many days.
MIPG_WEEKLY_DIGEST_DAYS = 7
# --- end of inbox ---------------------------------------------------------------------------------

# --- Accounts (issue 9 items 5, 9, 10): login throttling, API tokens, password policy, reset -------
# django-axes locks out after MIPG_LOGIN_FAILURE_LIMIT failures for MIPG_LOGIN_COOLOFF_MINUTES.
# MIPG_LOGIN_LOCKOUT_PARAMETERS: comma-separated; each item locks on its own, and "username+ip_address"
# locks only that pair (default: by user name and, separately, by client address).
INSTALLED_APPS += ["axes", "knox", "mipg.accounts"]
INSTALLED_APPS.remove("rest_framework.authtoken")  # replaced by knox: expiring, digest-only tokens
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes requires
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS.append({"NAME": "mipg.accounts.validators.NotLikeUsernameValidator"})
AXES_FAILURE_LIMIT = env.int("MIPG_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("MIPG_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [
    item.split("+") if "+" in item else item
    for item in env.list("MIPG_LOGIN_LOCKOUT_PARAMETERS", default=["username", "ip_address"])
]
# A success must not wipe failures: axes would clear every attempt from that address, so an attacker
# with an account of their own could reset the count on someone else's between guesses.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "mipg.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False  # mipg.accounts.admin shows attempts read-only; unlocks are audited actions
# Behind the entity's reverse proxies, MIPG_PROXY_COUNT says how many add to X-Forwarded-For.
MIPG_PROXY_COUNT = env.int("MIPG_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "mipg.accounts.lockout.client_ip"
# API tokens: django-rest-knox (docs/decisions/0030-accounts-axes-knox.md), header `Token <key>`.
MIPG_TOKEN_TTL_DAYS = env.int("MIPG_TOKEN_TTL_DAYS", default=90)
KNOX_TOKEN_MODEL = "accounts.ApiToken"
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": timedelta(days=MIPG_TOKEN_TTL_DAYS) if MIPG_TOKEN_TTL_DAYS > 0 else None,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "mipg_",
    "AUTO_REFRESH": False,
}
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "mipg.accounts.auth.TokenAuthentication",  # knox's, in one query (issue 14 item 2)
    "rest_framework.authentication.SessionAuthentication",
]
# Password reset by e-mail: links last MIPG_PASSWORD_RESET_TIMEOUT_MINUTES; requests are throttled per
# e-mail (silently) and per client address (refused) within a window.
PASSWORD_RESET_TIMEOUT = 60 * env.int("MIPG_PASSWORD_RESET_TIMEOUT_MINUTES", default=120)
MIPG_PASSWORD_RESET_WINDOW_MINUTES = env.int("MIPG_PASSWORD_RESET_WINDOW_MINUTES", default=60)
MIPG_PASSWORD_RESET_PER_EMAIL = env.int("MIPG_PASSWORD_RESET_PER_EMAIL", default=3)
MIPG_PASSWORD_RESET_PER_IP = env.int("MIPG_PASSWORD_RESET_PER_IP", default=10)
# --- end of accounts -------------------------------------------------------------------------------

# --- Sign-in with the entity's directory and two-factor (issue 10 items 5-7; docs/sign-in.md) ----------
# Each of LDAP and OpenID Connect is off unless its variables are set. Local passwords keep working.
# Two-factor: TOTP (django-otp) with single-use recovery codes; required for MIPG_2FA_REQUIRED_ROLES
# (role codes, plus "presidente_comite" for holders of a committee's presidency seat) when
# MIPG_2FA_ENFORCE is on (default: on, off with MIPG_DEBUG=1). A user who enrolled is always asked.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, "mipg.accounts.twofactor.TwoFactorMiddleware"
)
MIPG_2FA_ENFORCE = env.bool("MIPG_2FA_ENFORCE", default=not DEBUG)
MIPG_2FA_REQUIRED_ROLES = env.list(
    "MIPG_2FA_REQUIRED_ROLES",
    default=[
        "admin",
        "control_interno",
        "admin_entidad",
        "admin_resultados",
        "admin_bancos_preguntas",
        "presidente_comite",
    ],
)
MIPG_2FA_RECOVERY_CODES = env.int("MIPG_2FA_RECOVERY_CODES", default=10)
OTP_TOTP_ISSUER = env.str("MIPG_2FA_ISSUER", default="Gestor MIPG")
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "mipg.accounts.twofactor.VerifiedSessionAuthentication"
    if name.endswith(".SessionAuthentication")
    else name
    for name in REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
]
# LDAP / Active Directory (django-auth-ldap), on when MIPG_LDAP_SERVER_URI is set.
MIPG_LDAP = {
    "SERVER_URI": env.str("MIPG_LDAP_SERVER_URI", default=""),
    "BIND_DN": env.str("MIPG_LDAP_BIND_DN", default=""),
    "BIND_PASSWORD": env.str("MIPG_LDAP_BIND_PASSWORD", default=""),
    "START_TLS": env.bool("MIPG_LDAP_START_TLS", default=False),
    "CA_FILE": env.str("MIPG_LDAP_CA_FILE", default=""),
    "USER_SEARCH_BASE": env.str("MIPG_LDAP_USER_SEARCH_BASE", default=""),
    "USER_SEARCH_FILTER": env.str("MIPG_LDAP_USER_SEARCH_FILTER", default="(uid=%(user)s)"),
    "USER_ATTR_MAP": env.str(
        "MIPG_LDAP_USER_ATTR_MAP", default="first_name=givenName,last_name=sn,email=mail"
    ),
    "GROUP_SEARCH_BASE": env.str("MIPG_LDAP_GROUP_SEARCH_BASE", default=""),
    "GROUP_SEARCH_FILTER": env.str("MIPG_LDAP_GROUP_SEARCH_FILTER", default=""),
    "GROUP_TYPE": env.str("MIPG_LDAP_GROUP_TYPE", default="groupOfNames"),
    "REQUIRE_GROUP": env.str("MIPG_LDAP_REQUIRE_GROUP", default=""),
    "GROUP_ROLES": env.str("MIPG_LDAP_GROUP_ROLES", default=""),
}
if MIPG_LDAP["SERVER_URI"]:
    from mipg.accounts.ldap import django_auth_ldap_settings

    globals().update(django_auth_ldap_settings(MIPG_LDAP))
    AUTHENTICATION_BACKENDS.insert(1, "mipg.accounts.ldap.DirectoryBackend")
# OpenID Connect (mozilla-django-oidc), on when MIPG_OIDC_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env.str("MIPG_OIDC_CLIENT_ID", default="")
MIPG_OIDC_ISSUER = env.str("MIPG_OIDC_ISSUER", default="")  # when set, the ID token's `iss` must match
OIDC_RP_CLIENT_SECRET = env.str("MIPG_OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env.str("MIPG_OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("MIPG_OIDC_SIGN_ALGO", default="RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("MIPG_OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("MIPG_OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("MIPG_OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("MIPG_OIDC_JWKS_ENDPOINT", default="")
OIDC_USE_PKCE = env.bool("MIPG_OIDC_USE_PKCE", default=True)
OIDC_CREATE_USER = True  # an unknown e-mail gets an account without any role (see accounts/oidc.py)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/cuenta/ingresar/?oidc=error"
MIPG_OIDC_PROVIDER_NAME = env.str("MIPG_OIDC_PROVIDER_NAME", default="el directorio institucional")
if OIDC_RP_CLIENT_ID:
    # The sign-in page links (never posts) to the provider, so the CSP's form-action stays 'self'.
    AUTHENTICATION_BACKENDS.insert(1, "mipg.accounts.oidc.OidcBackend")
# --- end of sign-in ----------------------------------------------------------------------------------

# --- People administration (issue 10 items 1-4): invitations to set a password -------------------------
# An invitation link lasts MIPG_INVITATION_TTL_HOURS (72 by default) and works once.
MIPG_INVITATION_TTL_HOURS = env.int("MIPG_INVITATION_TTL_HOURS", default=72)
MIPG_HOME_PANELS.append("mipg.organizations.home")  # people without an account, pending invitations
# --- end of people administration ----------------------------------------------------------------------
