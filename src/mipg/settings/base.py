"""Settings of Gestor MIPG, read from the environment (12-factor): the core of Django, the database,
language and time, files and uploads, e-mail, the API and the audit log.

Development: `MIPG_DEBUG=1` (set by `make run`). Production (wsgi) refuses to start without
`MIPG_SECRET_KEY`. See docs/operations.md and .env.example. The package's `__init__` adds the other parts
in order: `people` (inbox, accounts, sign-in, administration) and `platform` (browser security headers,
PDFs, several machines, identity, background jobs).
"""

from pathlib import Path

import environ
from django.core.management.utils import get_random_secret_key
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
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
