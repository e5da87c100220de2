"""Pending work in the questionnaires for one user (see mipg.inbox.items), one line per campaign: questions
assigned to the user (or to their dependencia), questions nobody was assigned (for planning), answers
waiting for planning's review and answers waiting for control interno's verification.

This is also where the campaign reminders of `mipg send-reminders` come from: the daily digest
(mipg.inbox.digest) carries these lines."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from mipg.inbox.items import PendingItem, entity_label, has_any_role, where_role
from mipg.organizations.roles import Role

from .models import Answer, Campaign, Questionnaire
from .selectors import assigned_to

OPEN = [Answer.Status.PENDING, Answer.Status.RETURNED]


def _person(user):
    from mipg.organizations.models import Person

    return Person.objects.filter(user=user).only("pk", "dependencia_id").first()


def pending_items(user) -> list[PendingItem]:
    # (kind, condition, campaign-page filter): each is one grouped query; the campaigns are read once.
    groups = []
    person = _person(user)
    if person is not None:
        groups.append(("questions_assigned", Q(assigned_to(person), status__in=OPEN), {"mine": "1"}))
    if has_any_role(user, Role.managers()):
        # Planning's lines leave out control interno's SCI evaluations (they are not planning's to review).
        scope = where_role(user, Role.managers(), "campaign__entity") & ~Q(
            campaign__questionnaire__kind=Questionnaire.Kind.CI_EVALUATION
        )
        groups.append(
            (
                "questions_unassigned",
                scope & Q(status__in=OPEN, assigned_person__isnull=True, assigned_dependencia__isnull=True),
                {"status": Answer.Status.PENDING},
            )
        )
        groups.append(
            ("answers_to_review", scope & Q(status=Answer.Status.ANSWERED), {"status": "respondida"})
        )
    if has_any_role(user, {Role.INTERNAL_CONTROL}):
        scope = where_role(user, {Role.INTERNAL_CONTROL}, "campaign__entity")
        groups.append(("answers_to_verify", scope & Q(status=Answer.Status.REVIEWED), {"status": "revisada"}))
    counts = []
    for kind, condition, query in groups:
        rows = (
            Answer.objects.for_user(user)
            .filter(condition, applicable=True)
            .values("campaign_id")
            .annotate(n=Count("pk"))
            .order_by("campaign_id")
        )
        counts += [(kind, row["campaign_id"], row["n"], query) for row in rows]
    if not counts:
        return []
    campaigns = (
        Campaign.objects.for_user(user)
        .select_related("entity", "questionnaire")
        .in_bulk({c[1] for c in counts})
    )
    items = []
    for kind, campaign_id, n, query in counts:
        campaign = campaigns.get(campaign_id)
        if campaign is None:
            continue
        items.append(
            PendingItem(
                kind=kind,
                title=_title(kind, n) % {"n": n, "campaign": str(campaign)},
                url=reverse("questionnaires:campaign_questions", args=[campaign.pk]) + "?" + urlencode(query),
                key=f"{kind}:{campaign.pk}",
                # Answering is due at the campaign's deadline; reviewing and verifying too.
                due=campaign.deadline,
                entity=entity_label(campaign.entity),
                extra={"count": n},
            )
        )
    return items


def _title(kind: str, n: int) -> str:
    if kind == "questions_assigned":
        return ngettext(
            "Responder %(n)s pregunta de «%(campaign)s»", "Responder %(n)s preguntas de «%(campaign)s»", n
        )
    if kind == "questions_unassigned":
        return ngettext(
            "Asignar o responder %(n)s pregunta sin responsable en «%(campaign)s»",
            "Asignar o responder %(n)s preguntas sin responsable en «%(campaign)s»",
            n,
        )
    if kind == "answers_to_review":
        return ngettext(
            "Revisar %(n)s respuesta de «%(campaign)s»", "Revisar %(n)s respuestas de «%(campaign)s»", n
        )
    return ngettext(
        "Verificar %(n)s respuesta de «%(campaign)s»", "Verificar %(n)s respuestas de «%(campaign)s»", n
    )
