"""Settings, part 3: logging, browser security headers, PDF budget, object storage, read replica and
shared cache, the entity's identity, and background jobs."""

from .people import *

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
# --- Background jobs (issue 14 item 5): django-tasks, its database backend and a worker (mipg/jobs) --------
# `mipg db_worker` runs what the pages enqueue (docs/operations.md); tests use the immediate backend.
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "mipg.jobs"]
TASKS = {"default": {"BACKEND": env.str("MIPG_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# An acta draft whose HTML is longer than this (about 2 s of rendering) is turned into PDF by a job.
MIPG_PDF_JOB_HTML_CHARS = env.int("MIPG_PDF_JOB_HTML_CHARS", default=60_000)
# Finished jobs (and their result files) are deleted after this many days; 0 keeps them (jobs.services).
MIPG_JOB_RETENTION_DAYS = env.int("MIPG_JOB_RETENTION_DAYS", default=30)
# --- end of background jobs --------------------------------------------------------------------------------
