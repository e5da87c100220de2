import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mipg.settings")
application = get_wsgi_application()

if settings.MIPG_SECRET_KEY_MISSING and not settings.DEBUG:
    raise ImproperlyConfigured(
        "MIPG_SECRET_KEY no está definida: en producción es obligatoria (ver docs/operations.md)."
    )
