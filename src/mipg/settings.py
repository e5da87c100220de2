"""Settings of Gestor MIPG, read from the environment (12-factor).

Development: `MIPG_DEBUG=1` (set by `make run`). Production (wsgi) refuses to start without
`MIPG_SECRET_KEY`. See docs/operations.md and .env.example.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
env = environ.Env()
environ.Env.read_env(Path.cwd() / ".env")

DEBUG = env.bool("MIPG_DEBUG", default=False)
DATA_DIR = Path(env.str("MIPG_DATA_DIR", default=str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("MIPG_SECRET_KEY", default="")
# Without a key, tooling (makemigrations, check, shell) still runs on a throwaway key, but production
# refuses: wsgi.py will not serve and `mipg check --deploy` fails (mipg/core/checks.py).
MIPG_SECRET_KEY_MISSING = not SECRET_KEY
if MIPG_SECRET_KEY_MISSING:
    SECRET_KEY = "insecure-development-key-only-for-make-run" if DEBUG else get_random_secret_key()

ALLOWED_HOSTS = env.list("MIPG_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("MIPG_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",  # declared API filters (issue 13)
    "auditlog",
    "mipg.core",
    "mipg.catalog",
    "mipg.organizations",
    "mipg.institutional",
    "mipg.operation",
    "mipg.measurement.questionnaires",
    "mipg.measurement.results",
    "mipg.dashboards",
    "mipg.control",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy headers (see the block at the end of this file).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "mipg.urls"
WSGI_APPLICATION = "mipg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mipg.organizations.context_processors.current_entity",
            ],
        },
    },
]

# SQLite (WAL) in MIPG_DATA_DIR by default; PostgreSQL with DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'mipg.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("MIPG_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Tests use a fast hasher (MIPG_PASSWORD_HASHERS); production keeps Django's default.
if env.list("MIPG_PASSWORD_HASHERS", default=[]):
    PASSWORD_HASHERS = env.list("MIPG_PASSWORD_HASHERS")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", _("Español (Colombia)"))]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# --- es-CO numbers and reasonable dates (issue 11.1/11.2, 9.11; docs/decisions/0080) ---------------------
# Numbers are parsed and shown by mipg.core.numbers and the `cifras` template filters, not by Django's
# thousands-separator setting (which would also write years and ids as "2.026"). Dates and years the app
# accepts (sessions, commitments, deadlines, vigencias): anything outside is a typing mistake.
USE_THOUSAND_SEPARATOR = False
MIPG_YEAR_RANGE = (env.int("MIPG_MIN_YEAR", default=2000), env.int("MIPG_MAX_YEAR", default=2100))
# --- end es-CO numbers -------------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("MIPG_STATIC_ROOT", default=str(DATA_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("MIPG_MANIFEST_STATIC", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded evidence and acts: refuse anything larger (checked again in services).
MIPG_MAX_UPLOAD_BYTES = env.int("MIPG_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# results-guard: hours a staged import of shared data (results, recommendations) waits for confirmation.
MIPG_STAGED_IMPORT_HOURS = env.int("MIPG_STAGED_IMPORT_HOURS", default=24)
DATA_UPLOAD_MAX_MEMORY_SIZE = MIPG_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# --- Hostile uploads (issue 9, item 2): the upload stops being stored past MIPG_MAX_UPLOAD_BYTES, and
# every workbook is checked and then parsed in a child process within these limits (mipg/core/xlsx_guard).
FILE_UPLOAD_HANDLERS = [
    "mipg.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MIPG_XLSX_MAX_ENTRIES = env.int("MIPG_XLSX_MAX_ENTRIES", default=1000)
MIPG_XLSX_MAX_UNCOMPRESSED_BYTES = env.int("MIPG_XLSX_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
MIPG_XLSX_MAX_RATIO = env.int("MIPG_XLSX_MAX_RATIO", default=100)
MIPG_XLSX_MAX_ROWS = env.int("MIPG_XLSX_MAX_ROWS", default=100_000)
MIPG_XLSX_MAX_COLUMNS = env.int("MIPG_XLSX_MAX_COLUMNS", default=1_000)
MIPG_XLSX_MAX_CELLS = env.int("MIPG_XLSX_MAX_CELLS", default=2_000_000)
MIPG_XLSX_PARSE_MEMORY_BYTES = env.int("MIPG_XLSX_PARSE_MEMORY_BYTES", default=768 * 1024 * 1024)
MIPG_XLSX_PARSE_TIMEOUT = env.int("MIPG_XLSX_PARSE_TIMEOUT", default=60)
# --- end hostile uploads

EMAIL_BACKEND = env.str(
    "MIPG_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("MIPG_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("MIPG_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("MIPG_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("MIPG_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("MIPG_EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("MIPG_DEFAULT_FROM_EMAIL", default="gestor-mipg@localhost")

# Security: strict by default outside development (`mipg check --deploy` is clean).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("MIPG_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("MIPG_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("MIPG_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("MIPG_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 8 * 3600

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "mipg.core.openapi.AutoSchema",  # documents 400/401/403/404/409
    "DEFAULT_PAGINATION_CLASS": "mipg.core.api.StandardPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "mipg.core.api.exception_handler",
    # Declared filters (django-filter) and ?ordering=; unknown query parameters answer 400 (issue 13).
    "DEFAULT_FILTER_BACKENDS": ["mipg.core.api.StrictFilterBackend", "mipg.core.api.StrictOrderingFilter"],
}
# An unknown query parameter on an API list answers 400 listing the accepted ones (issue 13); 0 ignores it.
MIPG_API_STRICT_PARAMS = env.bool("MIPG_API_STRICT_PARAMS", default=True)
SPECTACULAR_SETTINGS = {
    "TITLE": "Gestor MIPG API",
    "DESCRIPTION": "API del Gestor MIPG (Modelo Integrado de Planeación y Gestión).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",  # Redoc from drf-spectacular-sidecar: no CDN (issue 13 item 4)
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind`; give each choice set its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "RuleKindEnum": "mipg.institutional.models.RuleKind",
        "CommitteeKindEnum": "mipg.institutional.models.Committee.Kind",
        "SessionKindEnum": "mipg.institutional.models.Session.Kind",
        "InstrumentKindEnum": "mipg.operation.models.instruments.Instrument.Kind",
        "QuestionnaireKindEnum": "mipg.measurement.questionnaires.models.Questionnaire.Kind",
        "ScoreLevelEnum": "mipg.measurement.questionnaires.models.ScoreAggregate.Kind",
        "StagedImportKindEnum": "mipg.measurement.results.models.StagedImport.Kind",  # results-guard
        "EvidenceKindEnum": "mipg.core.models.Evidence.Kind",
        # Several models have a `status` or a `frequency`: each choice set gets its own name.
        "ImprovementActionStatusEnum": "mipg.measurement.results.models.ImprovementAction.Status",
        "InstrumentStatusEnum": "mipg.operation.models.instruments.Instrument.Status",
        "ActionPlanStatusEnum": "mipg.operation.models.plans.ActionPlan.Status",
        "IndicatorFrequencyEnum": "mipg.operation.models.indicators.Indicator.Frequency",
        # --- API writes (issue 13 item 2) ---
        "AttendanceStatusEnum": "mipg.institutional.models.Attendance.Status",
        "ActaStatusEnum": "mipg.institutional.models.Acta.Status",
        "EvidenceStatusEnum": "mipg.core.models.Evidence.Status",
        "SeatRoleEnum": "mipg.institutional.models.Seat.Role",
        "AgendaMoveDirectionEnum": "mipg.institutional.api.agenda.MOVE_DIRECTIONS",
        "IndicatorDirectionEnum": "mipg.operation.models.indicators.Indicator.Direction",
        # --- end API writes ---
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
# Backup/restore: loading fixtures (raw saves) writes no audit entries; `mipg restore` keeps the originals.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# Modules whose `load(stdout)` builds the demo, in this order (see core/management/commands/demo.py).
MIPG_DEMO_LOADERS = [
    "mipg.organizations.demo",
    "mipg.institutional.demo",
    "mipg.operation.demo",
    "mipg.measurement.questionnaires.demo",
    "mipg.measurement.results.demo",
    "mipg.control.demo",
]
# Modules whose `home_panels(request)` add panels to the home page.
MIPG_HOME_PANELS = [
    "mipg.institutional.home",
    "mipg.operation.home",
    "mipg.measurement.questionnaires.home",
    "mipg.measurement.results.home",
    "mipg.control.home",
]

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
    "knox.auth.TokenAuthentication",
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("MIPG_LOG_LEVEL", default="INFO")},
}

# --- Browser security headers: Content-Security-Policy, Permissions-Policy, Referrer-Policy -------------
# No inline script or style: every script and style sheet is a static file of ours, and values reach
# JavaScript through `json_script` or data- attributes (docs/security.md section 3,
# docs/decisions/0020-content-security-policy.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_REFERRER_POLICY = "same-origin"
# Swagger UI: no call to the public validator (it would be an off-site image the policy refuses).
# deepLinking off: it puts a link inside each operation's toggle button (WCAG nested-interactive).
SPECTACULAR_SETTINGS["SWAGGER_UI_SETTINGS"] = {"deepLinking": False, "validatorUrl": None}
# --- end of browser security headers -----------------------------------------------------------------------

# --- expensive requests (issue 9 item 8): PDF budget and cache (see mipg/core/pdf.py) ---
# HTML above this many characters is refused rather than rendered (about 3 s per 100,000 characters).
MIPG_PDF_MAX_HTML_CHARS = env.int("MIPG_PDF_MAX_HTML_CHARS", default=250_000)
# Rendered PDFs stay this long in the default cache, keyed by the SHA-256 of their HTML.
MIPG_PDF_CACHE_SECONDS = env.int("MIPG_PDF_CACHE_SECONDS", default=24 * 3600)
# --- end expensive requests ---

# --- People administration (issue 10 items 1-4): invitations to set a password -------------------------
# An invitation link lasts MIPG_INVITATION_TTL_HOURS (72 by default) and works once.
MIPG_INVITATION_TTL_HOURS = env.int("MIPG_INVITATION_TTL_HOURS", default=72)
MIPG_HOME_PANELS.append("mipg.organizations.home")  # people without an account, pending invitations
# --- end of people administration ----------------------------------------------------------------------

# --- Beyond one machine (issue 14 items 7-9; docs/operations.md "Varios servidores") --------------------
# 7. Object storage: evidence, signed reports and every other upload go to an S3-compatible bucket when
# MIPG_S3_BUCKET is set (django-storages, docs/decisions/0160-object-storage.md). Objects are private and
# are only ever served through the gated download views (mipg.core.files.upload_response), never by URL.
MIPG_S3_BUCKET = env.str("MIPG_S3_BUCKET", default="")
if MIPG_S3_BUCKET:
    from mipg.core.storage import s3_storage_config

    STORAGES["default"] = s3_storage_config(
        bucket=MIPG_S3_BUCKET,
        endpoint_url=env.str("MIPG_S3_ENDPOINT_URL", default=""),
        access_key=env.str("MIPG_S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("MIPG_S3_SECRET_ACCESS_KEY", default=""),
        region=env.str("MIPG_S3_REGION", default=""),
        location=env.str("MIPG_S3_PREFIX", default=""),
    )
# 8. Read replica: with DATABASE_REPLICA_URL, the views wrapped in mipg.core.db_router.reading_from_replica
# (dashboards, ranking, open data, exports) read from it; writes and transactions stay on the primary.
# MIPG_REPLICA_READS=0 keeps the alias but reads everything from the primary (e.g. while the replica lags).
MIPG_DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if MIPG_DATABASE_REPLICA_URL:
    DATABASES["replica"] = env.db_url_config(MIPG_DATABASE_REPLICA_URL)
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests: the same database under a second alias
    DATABASE_ROUTERS = ["mipg.core.db_router.ReplicaRouter"]
MIPG_REPLICA_READS = env.bool("MIPG_REPLICA_READS", default=bool(MIPG_DATABASE_REPLICA_URL))
# 9. Several app servers: a cache all of them share (MIPG_CACHE_URL: "db://" for the database cache,
# "redis://host:6379/0" for Redis), and then sessions in the database behind that cache. Without it the
# cache is local to each process (fine for one server; `mipg check --deploy` warns when
# MIPG_APP_SERVERS or WEB_CONCURRENCY says there are several).
MIPG_CACHE_URL = env.str("MIPG_CACHE_URL", default="")
if MIPG_CACHE_URL:
    from mipg.core.storage import cache_config

    CACHES = {"default": cache_config(MIPG_CACHE_URL)}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
MIPG_APP_SERVERS = env.int("MIPG_APP_SERVERS", default=1)
MIPG_WEB_CONCURRENCY = env.int("WEB_CONCURRENCY", default=1)
# --- end of beyond one machine ---------------------------------------------------------------------------
# --- Entity identity (GOV.CO look, issue 11 item 18): name, logo, contact and policy links shown in every
# page's header and footer (mipg.core.context_processors.site). Defaults are the demo's.
MIPG_ENTITY_NAME = env.str("MIPG_ENTITY_NAME", default="Ministerio de Defensa Nacional")
# A path under the static files (core/entity-logo.svg); the CSP (img-src 'self') admits no other site.
MIPG_ENTITY_LOGO = env.str("MIPG_ENTITY_LOGO", default="core/entity-logo.svg")
MIPG_ENTITY_ADDRESS = env.str("MIPG_ENTITY_ADDRESS", default="Bogotá D.C., Colombia")
MIPG_ENTITY_PHONE = env.str("MIPG_ENTITY_PHONE", default="")
MIPG_ENTITY_EMAIL = env.str("MIPG_ENTITY_EMAIL", default="")
MIPG_ENTITY_HOURS = env.str("MIPG_ENTITY_HOURS", default="Lunes a viernes, 8:00 a. m. a 5:00 p. m.")
MIPG_ENTITY_WEBSITE = env.str("MIPG_ENTITY_WEBSITE", default="https://www.mindefensa.gov.co")
# Footer policy links, "Etiqueta|URL" items separated by ";".
MIPG_POLICY_LINKS = [
    tuple(item.split("|", 1))
    for item in env.str(
        "MIPG_POLICY_LINKS",
        default="Políticas de privacidad y tratamiento de datos personales|https://www.mindefensa.gov.co;"
        "Portal del Estado colombiano|https://www.gov.co",
    ).split(";")
    if "|" in item
]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("mipg.core.context_processors.site")
# --- end of entity identity --------------------------------------------------------------------------------
