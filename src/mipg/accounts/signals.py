"""A password change, from any path (the account page, a reset link, the admin, `changepassword`),
revokes the user's API tokens and leaves a readable event "clave cambiada" with its actor. The hash
itself is never audited (see apps.py)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from mipg.core.audit import current_actor, record_event


@receiver(post_save, sender=get_user_model(), dispatch_uid="mipg-accounts-password-changed")
def password_changed(sender, instance, created, update_fields=None, raw=False, **kwargs):
    # `set_password` keeps the raw password in `_password` until the save that follows it completes;
    # Django's hash upgrade on login clears it first, so a mere re-hash is not a change.
    if created or raw or getattr(instance, "_password", None) is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    from .services import tokens_revoke_all

    actor = current_actor()
    revoked = tokens_revoke_all(user=actor, owner=instance, reason=_("cambio de clave"))
    record_event(
        user=actor,
        obj=instance,
        verb="clave cambiada",
        description=_("Clave cambiada por %(who)s.")
        % {"who": (actor.get_username() if actor else _("el sistema"))},
        data={"tokens_revoked": revoked, "by_self": actor is not None and actor.pk == instance.pk},
    )


@receiver(user_logged_in, dispatch_uid="mipg-accounts-signed-in")
def signed_in(sender, request, user, **kwargs):
    """Every sign-in (password, LDAP, OpenID Connect, admin): decide afresh whether a second factor is
    owed (kept in the session, so pages do not ask again on every request), and tell a user without
    any role why they see nothing yet."""
    if request is None:
        return
    from mipg.organizations.roles import forget_roles, role_assignments

    from .twofactor import remember_decision

    forget_roles(user)
    remember_decision(request, user)
    if not user.is_superuser and not role_assignments(user) and hasattr(request, "_messages"):
        messages.warning(
            request,
            _(
                "Su cuenta aún no tiene permisos en el Gestor MIPG. Un administrador de su entidad debe "
                "otorgarle acceso (un rol sobre su entidad)."
            ),
        )
