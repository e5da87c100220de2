"""Deployment checks of our own (run by `mipg check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if getattr(settings, "MIPG_SECRET_KEY_MISSING", False):
        return [
            Error(
                "MIPG_SECRET_KEY no está definida: en producción es obligatoria.",
                hint="Defina una clave larga y aleatoria (ver docs/operations.md).",
                id="mipg.E001",
            )
        ]
    return []
