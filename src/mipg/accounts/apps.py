from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mipg.accounts"
    label = "accounts"
    verbose_name = _("Cuentas")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from . import checks, signals  # noqa: F401  (registers the LDAP check; connects the receivers)

        # Users and groups are audited like domain data. The password hash is never logged: a change
        # of password is a readable domain event instead ("clave cambiada", see signals.py).
        auditlog.register(
            get_user_model(),
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups", "user_permissions"},
        )
        auditlog.register(Group, m2m_fields={"permissions"})
