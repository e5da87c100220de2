"""A password change, from any path (the account page, a reset link, the admin, `changepassword`),
revokes the user's API tokens and leaves a readable event "clave cambiada" with its actor. The hash
itself is never audited (see apps.py)."""

from django.contrib.auth import get_user_model
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
