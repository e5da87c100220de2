"""A small OpenID Connect provider (django-oidc-provider) that the tests run in a subprocess on
127.0.0.1, so that the app signs in through the real authorization-code flow (see serve.py)."""

import os
from pathlib import Path

DATA_DIR = Path(os.environ["OIDC_TEST_PROVIDER_DIR"])
SECRET_KEY = "test-oidc-provider-not-for-production-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "provider.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/accounts/login/"
USE_TZ = True
SITE_URL = os.environ.get("OIDC_TEST_PROVIDER_URL", "")
OIDC_USERINFO = "tests.oidc_provider.settings.userinfo"


def userinfo(claims, user):
    """The claims the provider tells about a user (e-mail verified unless the test says otherwise)."""
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = not user.last_name.endswith("(sin verificar)")
    return claims
