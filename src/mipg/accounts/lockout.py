"""What a locked-out client sees (django-axes' AXES_LOCKOUT_CALLABLE): our Spanish page for the login
forms (the app's and the admin's), the API's one error shape for API paths."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from mipg.core.api import error_body

STATUS = 429


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with MIPG_PROXY_COUNT trusted proxies in front, the
    address the outermost of them saw (counted from the right of X-Forwarded-For, never spoofable)."""
    count = settings.MIPG_PROXY_COUNT
    if count > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def _minutes(request) -> int | None:
    cool_off = get_cool_off(request)
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else None


def lockout_response(request, original_response=None, credentials=None):
    minutes = _minutes(request)
    if minutes:
        message = _(
            "Demasiados intentos fallidos de ingreso. Por seguridad, el ingreso queda bloqueado durante "
            "%(minutes)s minutos. Si no recuerda su clave, restablézcala o pida ayuda al administrador."
        ) % {"minutes": minutes}
    else:
        message = _(
            "Demasiados intentos fallidos de ingreso. El ingreso queda bloqueado hasta que un "
            "administrador lo desbloquee."
        )
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("locked_out", message), status=STATUS)
    return render(
        request,
        "accounts/locked_out.html",
        {"message": message, "minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=STATUS,
    )
