"""The reminder digest: one e-mail per person with what waits for them, sent by `mipg send-reminders`.

- What: every pending item (mipg.inbox.items) overdue, undated (an approval or a review waiting) or due
  within `MIPG_REMINDER_DAYS` days. Campaign questions, commitments, progress reports, actas, Decreto 612
  deadlines and control-interno follow-ups all come from the apps' `pending.py` sources.
- Never twice: each item reminded to a user on a day is written to ReminderLog, whose unique constraint
  (user, item, day) holds even when two runs overlap. Items already reminded today are left out, and a
  user with nothing new gets no e-mail.
- How often: each user's preference (daily by default, weekly, or off)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import ngettext

from .calendar import absolute
from .items import PendingItem, pending_for
from .models import ReminderLog, ReminderPreference

SHOWN = 60  # lines in one e-mail; the rest are counted and linked


@dataclass
class DigestRun:
    sent: int = 0
    skipped_preference: int = 0
    nothing_new: int = 0


def address_of(user) -> str:
    if user.email:
        return user.email
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    return person.email if person is not None else ""


def remindable(items: list[PendingItem], today: date, days: int) -> list[PendingItem]:
    horizon = today + timedelta(days=days)
    return [item for item in items if item.due is None or item.due <= horizon]


def _recipients():
    User = get_user_model()
    last_sent = (
        ReminderLog.objects.filter(user=OuterRef("pk")).values("user").annotate(m=Max("day")).values("m")
    )
    frequency = ReminderPreference.objects.filter(user=OuterRef("pk")).values("frequency")
    return (
        User.objects.filter(is_active=True)
        .filter(~Q(email="") | (Q(person__isnull=False) & ~Q(person__email="")))
        .select_related("person")
        .annotate(last_sent=Subquery(last_sent), frequency=Subquery(frequency))
        .order_by("pk")
    )


def send_digests(*, today: date | None = None, days: int | None = None) -> DigestRun:
    today = today or timezone.localdate()
    days = settings.MIPG_REMINDER_DAYS if days is None else days
    run = DigestRun()
    for user in _recipients():
        frequency = user.frequency or ReminderPreference.Frequency.DAILY
        if frequency == ReminderPreference.Frequency.OFF:
            run.skipped_preference += 1
            continue
        if (
            frequency == ReminderPreference.Frequency.WEEKLY
            and user.last_sent is not None
            and user.last_sent > today - timedelta(days=settings.MIPG_WEEKLY_DIGEST_DAYS)
        ):
            run.skipped_preference += 1
            continue
        if send_digest(user=user, today=today, days=days):
            run.sent += 1
        else:
            run.nothing_new += 1
    return run


def send_digest(*, user, today: date, days: int) -> bool:
    """Mail `user` the items not yet reminded today. Returns whether an e-mail went out."""
    address = address_of(user)
    if not address:
        return False
    items = remindable(pending_for(user), today, days)
    if not items:
        return False
    try:
        with transaction.atomic():
            already = set(ReminderLog.objects.filter(user=user, day=today).values_list("key", flat=True))
            new = [item for item in items if item.key not in already]
            if not new:
                return False
            # Logged before sending: if another run got here first, the constraint refuses and this run
            # sends nothing (a reminder may be lost if the mail server fails, never sent twice).
            ReminderLog.objects.bulk_create([ReminderLog(user=user, key=item.key, day=today) for item in new])
    except IntegrityError:
        return False
    message = build_message(user=user, address=address, items=new, today=today)
    message.send(fail_silently=False)
    return True


def build_message(*, user, address: str, items: list[PendingItem], today: date) -> EmailMultiAlternatives:
    overdue = sum(1 for item in items if item.overdue)
    lines = [{"item": item, "link": absolute(item.url)} for item in items[:SHOWN]]
    context = {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "lines": lines,
        "total": len(items),
        "overdue": overdue,
        "more": max(0, len(items) - SHOWN),
        "today": today,
        "pending_url": absolute("/pendientes/"),
        "settings_url": absolute("/cuenta/recordatorios/"),
    }
    subject = ngettext("Gestor MIPG: %(n)s pendiente", "Gestor MIPG: %(n)s pendientes", len(items)) % {
        "n": len(items)
    }
    if overdue:
        subject += " " + ngettext("(%(n)s vencido)", "(%(n)s vencidos)", overdue) % {"n": overdue}
    message = EmailMultiAlternatives(
        subject,
        render_to_string("inbox/email/digest.txt", context),
        to=[address],
    )
    message.attach_alternative(render_to_string("inbox/email/digest_email.html", context), "text/html")
    return message


__all__ = ["DigestRun", "send_digest", "send_digests"]
