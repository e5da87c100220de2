"""Reminders of campaign deadlines by e-mail."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.organizations.roles import (
    Role,
)

from ..models import Answer, Campaign


def send_reminders(*, today: date | None = None, days: int = 3) -> int:
    """E-mail every respondent with pending items in campaigns due within `days` days or overdue.
    Unassigned items go to the entity's planning users. Returns the number of e-mails sent."""
    from django.core.mail import send_mail
    from django.db.models import Count

    from mipg.organizations.models import RoleAssignment

    today = today or timezone.localdate()
    pending = Answer.objects.filter(
        applicable=True,
        status__in=[Answer.Status.PENDING, Answer.Status.RETURNED],
        campaign__deadline__lte=today + timedelta(days=days),
    )
    rows = pending.values(
        "campaign_id",
        "campaign__deadline",
        "campaign__entity_id",
        "assigned_person__email",
        "assigned_person__user__email",
    ).annotate(n=Count("id"))
    campaigns = {
        c.pk: c
        for c in Campaign.objects.filter(pk__in={r["campaign_id"] for r in rows}).select_related(
            "entity", "questionnaire"
        )
    }
    planners: dict[int, list[str]] = {}
    for assignment in RoleAssignment.objects.filter(
        entity_id__in={r["campaign__entity_id"] for r in rows}, role=Role.PLANNING
    ).select_related("user"):
        if assignment.user.email:
            planners.setdefault(assignment.entity_id, []).append(assignment.user.email)
    by_recipient: dict[str, list[str]] = {}
    for row in rows:
        campaign = campaigns[row["campaign_id"]]
        email = row["assigned_person__email"] or row["assigned_person__user__email"]
        recipients = [email] if email else planners.get(row["campaign__entity_id"], [])
        late = row["campaign__deadline"] < today
        line = _("%(n)s preguntas pendientes en «%(campaign)s» (fecha límite %(deadline)s%(late)s)") % {
            "n": row["n"],
            "campaign": campaign,
            "deadline": row["campaign__deadline"].strftime("%d/%m/%Y"),
            "late": _(", vencida") if late else "",
        }
        for recipient in recipients:
            by_recipient.setdefault(recipient, []).append(line)
    for recipient, lines in by_recipient.items():
        send_mail(
            _("Gestor MIPG: preguntas pendientes por responder"),
            _("Tiene preguntas pendientes:\n\n%(lines)s\n\nIngrese al Gestor MIPG para responderlas.")
            % {"lines": "\n".join(f"- {line}" for line in lines)},
            None,
            [recipient],
        )
    return len(by_recipient)
