from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mipg.core"
    verbose_name = _("Núcleo")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import checks, models  # noqa: F401  (checks registers itself)

        auditlog.register(models.Evidence)
