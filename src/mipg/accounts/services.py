"""Writes on accounts: API tokens, login unlocks and the password-reset throttle. Every action is
recorded as a domain event on the user it concerns, with its actor."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service

from .models import ApiToken, PasswordResetRequest


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


@service
def token_create(*, user, owner=None, name: str, via: str = "") -> tuple[ApiToken, str]:
    """Issue a token for `owner` (default: `user` itself); the clear key is returned only here."""
    owner = owner or user
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Dé un nombre al token, por ejemplo el programa que lo usará.")})
    token = ApiToken(name=name, user=owner)
    token.full_clean(exclude=["digest", "token_key", "created"])
    token, key = ApiToken.objects.create(user=owner, name=name)
    record_event(
        user=_actor(user),
        obj=owner,
        verb="token creado",
        description=_("Token de API «%(name)s» creado; vence %(expiry)s.")
        % {"name": name, "expiry": f"{timezone.localtime(token.expiry):%Y-%m-%d}" if token.expiry else "—"},
        data={"name": name, "token_key": token.token_key, "via": via},
    )
    return token, key


@service
def token_revoke(*, user, token: ApiToken, via: str = "") -> None:
    owner = token.user
    data = {"name": token.name, "token_key": token.token_key, "via": via}
    token.delete()
    record_event(
        user=_actor(user),
        obj=owner,
        verb="token revocado",
        description=_("Token de API «%(name)s» revocado.") % {"name": data["name"]},
        data=data,
    )


@service
def tokens_revoke_all(*, user, owner, reason: str) -> int:
    tokens = list(ApiToken.objects.filter(user=owner).values_list("name", "token_key"))
    if not tokens:
        return 0
    ApiToken.objects.filter(user=owner).delete()
    record_event(
        user=_actor(user),
        obj=owner,
        verb="tokens revocados",
        description=_("%(count)s token(s) de API revocados: %(reason)s.")
        % {"count": len(tokens), "reason": reason},
        data={"tokens": [{"name": name, "token_key": key} for name, key in tokens], "reason": reason},
    )
    return len(tokens)


@service
def token_rotate(*, user, owner, name: str, via: str = "") -> tuple[ApiToken, str]:
    """Revoke every token of `owner` and issue a new one."""
    tokens_revoke_all(user=user, owner=owner, reason=_("rotación"))
    return token_create(user=user, owner=owner, name=name, via=via)


@service
def login_unlock(*, user, username: str = "", ip_address: str = "", via: str = "") -> int:
    """Clear the failed-login record that locks out a user name and/or an IP address (django-axes)."""
    from axes.utils import reset

    username, ip_address = (username or "").strip(), (ip_address or "").strip()
    if not username and not ip_address:
        raise ValidationError(_("Indique el usuario o la dirección IP que desea desbloquear."))
    removed = 0
    if username:
        removed += reset(username=username)
    if ip_address:
        removed += reset(ip=ip_address)
    target = get_user_model().objects.filter(username=username).first() if username else None
    description = _("Ingreso desbloqueado para %(who)s por un administrador.") % {
        "who": " / ".join(filter(None, [username, ip_address]))
    }
    data = {"username": username, "ip_address": ip_address, "attempts_removed": removed, "via": via}
    if target is not None:
        record_event(
            user=_actor(user), obj=target, verb="ingreso desbloqueado", description=description, data=data
        )
    else:
        # No account by that name (or an IP alone): the event hangs on axes' attempt record type.
        from axes.models import AccessAttempt
        from django.contrib.contenttypes.models import ContentType

        from mipg.core.models import DomainEvent

        DomainEvent.objects.create(
            actor=_actor(user),
            content_type=ContentType.objects.get_for_model(AccessAttempt),
            object_id=(username or ip_address)[:64],
            object_repr=(username or ip_address)[:250],
            verb="ingreso desbloqueado",
            description=description,
            data=data,
        )
    return removed


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def password_reset_allowed(*, email: str, ip_address: str | None) -> str:
    """Record one reset request and say whether it may go on: "ok", "email" (too many for this
    address: send nothing, say nothing) or "ip" (too many from this client: refuse)."""
    window = timezone.now() - timedelta(minutes=settings.MIPG_PASSWORD_RESET_WINDOW_MINUTES)
    PasswordResetRequest.objects.filter(created_at__lt=timezone.now() - timedelta(days=1)).delete()
    digest = _email_digest(email)
    recent = PasswordResetRequest.objects.filter(created_at__gte=window)
    by_ip = recent.filter(ip_address=ip_address).count() if ip_address else 0
    by_email = recent.filter(email_digest=digest).count()
    PasswordResetRequest.objects.create(email_digest=digest, ip_address=ip_address or None)
    if ip_address and by_ip >= settings.MIPG_PASSWORD_RESET_PER_IP:
        return "ip"
    if by_email >= settings.MIPG_PASSWORD_RESET_PER_EMAIL:
        return "email"
    return "ok"
