"""Reminder preference per user, the log that keeps a reminder from going out twice for the same item and
day, and the private calendar feed token."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderPreference(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Diario")
        WEEKLY = "weekly", _("Semanal")
        OFF = "off", _("No enviar recordatorios")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("usuario"),
    )
    frequency = models.CharField(
        _("frecuencia del resumen"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY
    )
    updated_at = models.DateTimeField(_("actualizada el"), auto_now=True)

    class Meta:
        verbose_name = _("preferencia de recordatorios")
        verbose_name_plural = _("preferencias de recordatorios")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_frequency_display()}"


class ReminderLog(models.Model):
    """One row per item reminded to a user on a day: the unique constraint is what makes a second run of
    `mipg send-reminders` on the same day send nothing again, even if two runs overlap."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("usuario")
    )
    key = models.CharField(_("pendiente"), max_length=120)
    day = models.DateField(_("día"))
    sent_at = models.DateTimeField(_("enviado el"), auto_now_add=True)

    class Meta:
        verbose_name = _("recordatorio enviado")
        verbose_name_plural = _("recordatorios enviados")
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "day"], name="inbox_one_reminder_per_item_and_day")
        ]
        indexes = [models.Index(fields=["user", "day"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.key} · {self.day}"


class CalendarFeed(models.Model):
    """The private address of a user's calendar (ICS). Whoever has the token reads that user's sessions
    and deadlines, so it is long and random, and the user can revoke it or make a new one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("usuario"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    last_read_at = models.DateTimeField(_("última lectura"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendario privado")
        verbose_name_plural = _("calendarios privados")

    def __str__(self) -> str:
        return str(self.user)
