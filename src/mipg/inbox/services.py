"""Writes of the inbox: the reminder preference and the calendar feed token."""

import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service

from .models import CalendarFeed, ReminderPreference


@service
def reminder_preference_set(*, user, frequency: str) -> ReminderPreference:
    if frequency not in ReminderPreference.Frequency.values:
        raise ValidationError({"frequency": _("Elija diario, semanal o no enviar.")})
    preference, _created = ReminderPreference.objects.select_for_update().get_or_create(user=user)
    preference.frequency = frequency
    preference.full_clean()
    preference.save()
    return preference


def frequency_of(user) -> str:
    preference = ReminderPreference.objects.filter(user=user).values_list("frequency", flat=True).first()
    return preference or ReminderPreference.Frequency.DAILY


@service
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new private address; the previous one (if any) stops working at once."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    if not _created:
        feed.token = secrets.token_urlsafe(32)
        feed.last_read_at = None
    feed.full_clean()
    feed.save()
    record_event(user=user, obj=feed, verb="calendario privado generado")
    return feed


@service
def calendar_feed_revoke(*, user) -> bool:
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
