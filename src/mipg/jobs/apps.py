from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "mipg.jobs"
    label = "jobs"
    verbose_name = _("Trabajos en segundo plano")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Job, exclude_fields=["log", "progress"])
