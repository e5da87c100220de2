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


# --- Several app servers (issue 14 item 9) ---
@register(Tags.caches, deploy=True)
def cache_is_shared_when_there_are_several_processes(app_configs, **kwargs):
    """A per-process cache behind several workers or servers: PDF and chart caches are built once per
    process, cache invalidation reaches only one of them, and login throttling counts per process."""
    from django.core.checks import Warning

    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    processes = max(getattr(settings, "MIPG_APP_SERVERS", 1), 1) * max(
        getattr(settings, "MIPG_WEB_CONCURRENCY", 1), 1
    )
    if backend.endswith("LocMemCache") and processes > 1:
        return [
            Warning(
                f"La caché es local a cada proceso (LocMemCache) y hay {processes} procesos de aplicación.",
                hint="Defina MIPG_CACHE_URL=db:// (caché en la base de datos) o redis://… para que todos "
                "los servidores compartan caché y sesiones (ver docs/operations.md).",
                id="mipg.W160",
            )
        ]
    return []
