from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "mipg.inbox"
    label = "inbox"
    verbose_name = _("Pendientes, recordatorios y calendario")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.ReminderPreference)
        auditlog.register(models.CalendarFeed, exclude_fields=["token"])
