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
    # The owner's expired tokens go now (the per-request check only looks at the token it is given).
    ApiToken.objects.filter(user=owner, expiry__lt=timezone.now()).delete()
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


# --- Two-factor authentication (django-otp): enrol a TOTP device, recovery codes ---------------------


def two_factor_pending_device(*, user):
    """The user's unconfirmed TOTP device being enrolled (the same one on every reload of the page)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplicación autenticadora", confirmed=False)
    return device


@service
def two_factor_confirm(*, user, device, token: str) -> list[str] | None:
    """Confirm an enrolment with the first code from the app; returns the new recovery codes (shown
    once), or None when the code is wrong (nothing changes then)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if device.user_id != user.pk or device.confirmed or not device.verify_token((token or "").strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = _new_recovery_codes(user)
    record_event(
        user=user,
        obj=user,
        verb="segundo factor activado",
        description=_("Segundo factor (aplicación autenticadora) activado, con códigos de recuperación."),
        data={"recovery_codes": len(codes)},
    )
    return codes


def _new_recovery_codes(user) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Códigos de recuperación", confirmed=True)
    codes = [StaticToken.random_token() for _n in range(settings.MIPG_2FA_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@service
def two_factor_recovery_regenerate(*, user) -> list[str]:
    """Replace every recovery code of the user (the old ones stop working)."""
    codes = _new_recovery_codes(user)
    record_event(
        user=user,
        obj=user,
        verb="códigos de recuperación regenerados",
        description=_("Códigos de recuperación del segundo factor regenerados; los anteriores ya no sirven."),
        data={"recovery_codes": len(codes)},
    )
    return codes


def two_factor_check(*, user, token: str):
    """The confirmed device that accepts `token` (six digits: the app; otherwise a recovery code, which
    is used up), or None. django-otp throttles repeated failures per device."""
    from django_otp import devices_for_user, verify_token
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    token = "".join((token or "").split()).lower()
    if not token:
        return None
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, kind):
            verified = verify_token(user, device.persistent_id, token)
            if verified is not None:
                if kind is StaticDevice:
                    record_event(
                        user=user,
                        obj=user,
                        verb="código de recuperación usado",
                        description=_("Ingreso con un código de recuperación (queda inservible)."),
                        data={"remaining": verified.token_set.count()},
                    )
                return verified
    return None


@service
def two_factor_disable(*, user, owner, reason: str = "") -> None:
    """Remove every second-factor device of `owner` (by an administrator, e.g. a lost phone)."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=owner).delete()
    StaticDevice.objects.filter(user=owner).delete()
    record_event(
        user=_actor(user),
        obj=owner,
        verb="segundo factor retirado",
        description=_("Segundo factor retirado: %(reason)s.") % {"reason": reason or _("sin motivo")},
        data={"reason": reason},
    )


# --- Sign-in with the entity's directory (LDAP) or OpenID Connect ---------------------------------


@service
def person_link_by_email(*, user=None, owner, source: str):
    """Link `owner` to the one person of the same e-mail that has no user yet (nothing else: a person
    gives no privilege, roles do)."""
    from mipg.organizations.models import Person

    if not owner.email or Person.objects.filter(user=owner).exists():
        return None
    people = list(Person.objects.filter(email__iexact=owner.email, user__isnull=True)[:2])
    if len(people) != 1:
        return None
    person = people[0]
    person.user = owner
    person.save(update_fields=["user"])
    record_event(
        user=_actor(user),
        obj=person,
        verb="usuario vinculado",
        description=_("Persona vinculada al usuario %(username)s por su correo (ingreso por %(source)s).")
        % {"username": owner.get_username(), "source": source},
        data={"user": owner.pk, "source": source},
    )
    return person


@service
def directory_user_created(*, user, source: str):
    """A first sign-in through the directory created `user`: no role; linked to their person if any."""
    record_event(
        user=None,
        obj=user,
        verb="usuario creado al ingresar",
        description=_("Usuario creado en su primer ingreso por %(source)s, sin ningún rol.")
        % {"source": source},
        data={"source": source},
    )
    person_link_by_email(owner=user, source=source)


@service
def directory_roles_sync(*, user=None, owner, source: str, wanted: set[tuple[str, str, bool, str]]) -> dict:
    """Bring `owner`'s directory roles in line with their groups. `wanted` holds (role, SIGEP code,
    include_subtree, group DN) from the mapping. Roles granted in the app are left as they are; unknown
    roles or SIGEP codes are logged and skipped. Returns {"granted": [...], "withdrawn": [...]}."""
    import logging

    from mipg.organizations.models import Entity, RoleAssignment
    from mipg.organizations.roles import Role, forget_roles

    from .models import DirectoryGrant

    logger = logging.getLogger("mipg.accounts.ldap")
    entities = {e.sigep_code: e for e in Entity.objects.filter(sigep_code__in={w[1] for w in wanted})}
    desired: dict[tuple[str, int], tuple[bool, str, Entity]] = {}
    for role, code, subtree, group in sorted(wanted):
        if role not in Role.values:
            logger.error("MIPG_LDAP_GROUP_ROLES: unknown role %r (group %s)", role, group)
            continue
        if code not in entities:
            logger.error("MIPG_LDAP_GROUP_ROLES: no entity with SIGEP code %r (group %s)", code, group)
            continue
        key = (role, entities[code].pk)
        previous = desired.get(key)
        desired[key] = (subtree or bool(previous and previous[0]), group, entities[code])
    managed = {
        (grant.assignment.role, grant.assignment.entity_id): grant
        for grant in DirectoryGrant.objects.filter(assignment__user=owner, source=source).select_related(
            "assignment__entity"
        )
    }
    existing = set(RoleAssignment.objects.filter(user=owner).values_list("role", "entity_id"))
    granted, withdrawn = [], []
    for key, (subtree, group, entity) in desired.items():
        grant = managed.get(key)
        if grant is not None:
            if grant.assignment.include_subtree != subtree:
                grant.assignment.include_subtree = subtree
                grant.assignment.full_clean()
                grant.assignment.save(update_fields=["include_subtree"])
            grant.group_dn = group
            grant.save()
            continue
        if key in existing:
            continue  # granted in the app: not the directory's to manage
        assignment = RoleAssignment(user=owner, entity=entity, role=key[0], include_subtree=subtree)
        assignment.full_clean()
        assignment.save()
        DirectoryGrant.objects.create(assignment=assignment, source=source, group_dn=group)
        granted.append(str(assignment))
        record_event(
            user=None,
            obj=assignment,
            verb="rol otorgado por el directorio",
            description=_("Rol %(role)s sobre %(entity)s otorgado por pertenecer al grupo %(group)s.")
            % {"role": assignment.get_role_display(), "entity": entity, "group": group},
            data={"source": source, "group": group, "role": key[0], "user": owner.pk},
        )
    for key, grant in managed.items():
        if key in desired:
            continue
        assignment = grant.assignment
        withdrawn.append(str(assignment))
        record_event(
            user=None,
            obj=assignment,
            verb="rol retirado por el directorio",
            description=_("Rol %(role)s sobre %(entity)s retirado: ya no pertenece al grupo %(group)s.")
            % {"role": assignment.get_role_display(), "entity": assignment.entity, "group": grant.group_dn},
            data={"source": source, "group": grant.group_dn, "role": assignment.role, "user": owner.pk},
        )
        assignment.delete()
    forget_roles(owner)
    return {"granted": granted, "withdrawn": withdrawn}
