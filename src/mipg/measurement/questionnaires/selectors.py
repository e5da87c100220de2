"""Reads, always through the entity gate (`for_user`). Listing a campaign is a fixed handful of queries."""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from mipg.core.models import Evidence
from mipg.organizations.models import Entity
from mipg.organizations.roles import can_manage
from mipg.organizations.selectors import entities_for

from .models import Answer, Campaign, Module, Option, Question, Questionnaire, ScoreAggregate, SectorCampaign

DONE = [Answer.Status.ANSWERED, Answer.Status.REVIEWED, Answer.Status.VERIFIED]


def questionnaires_for(user):
    return Questionnaire.objects.for_user(user).order_by("name", "version", "pk")


def planning_questionnaires_for(user):
    """What planeación may open campaigns of: not control interno's SCI evaluation."""
    return questionnaires_for(user).exclude(kind=Questionnaire.Kind.CI_EVALUATION)


def questionnaire_questions(questionnaire):
    return (
        Question.objects.filter(questionnaire=questionnaire)
        .select_related("module", "policy", "condition_question")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("order")))
        .order_by("order")
    )


def modules_of(questionnaire):
    return Module.objects.filter(questionnaire=questionnaire).select_related("policy").order_by("order")


def campaigns_for(user, entity=None):
    queryset = Campaign.objects.for_user(user).select_related("entity", "questionnaire", "sector_campaign")
    return queryset.filter(entity=entity) if entity is not None else queryset


def sector_campaigns_for(user):
    return SectorCampaign.objects.for_user(user).select_related("sector", "questionnaire", "head_entity")


def campaign_answers(user, campaign):
    """Every answer of a campaign with question, options, assignment and evidence: 4 queries."""
    return (
        Answer.objects.for_user(user)
        .filter(campaign=campaign)
        .select_related("question__module", "question__policy", "assigned_dependencia", "assigned_person")
        .prefetch_related(
            Prefetch("question__options", queryset=Option.objects.order_by("order")),
            Prefetch("evidence", queryset=Evidence.objects.only("id", "title", "status", "kind")),
        )
        .order_by("question__order")
    )


def assigned_to(person) -> Q:
    """Answers assigned to the person, or to their dependencia without a named person."""
    condition = Q(assigned_person=person)
    if person.dependencia_id:
        condition |= Q(assigned_person__isnull=True, assigned_dependencia_id=person.dependencia_id)
    return condition


def answer_for(user, pk):
    return (
        Answer.objects.for_user(user)
        .select_related(
            "campaign__entity",
            "campaign__questionnaire",
            "question__module__policy",
            "question__policy",
            "question__condition_question",
            "assigned_dependencia",
            "assigned_person",
        )
        .get(pk=pk)
    )


def aggregates(campaign):
    return list(ScoreAggregate.objects.filter(campaign=campaign).order_by("kind", "order", "label"))


def progress_by(campaign, field: str) -> list[dict]:
    """Progress grouped by assigned dependencia or person: one aggregate query."""
    rows = (
        Answer.objects.filter(campaign=campaign, applicable=True)
        .values(f"{field}_id", f"{field}__{'name' if field == 'assigned_dependencia' else 'full_name'}")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status__in=DONE)),
            reviewed=Count("id", filter=Q(status__in=[Answer.Status.REVIEWED, Answer.Status.VERIFIED])),
            returned=Count("id", filter=Q(status=Answer.Status.RETURNED)),
        )
        .order_by(f"{field}__{'name' if field == 'assigned_dependencia' else 'full_name'}")
    )
    result = []
    for row in rows:
        name = row[f"{field}__{'name' if field == 'assigned_dependencia' else 'full_name'}"]
        result.append(
            {
                "name": name,
                "total": row["total"],
                "done": row["done"],
                "reviewed": row["reviewed"],
                "returned": row["returned"],
                "percent": round(100 * row["done"] / row["total"]) if row["total"] else 0,
            }
        )
    return result


def status_counts(campaign) -> dict:
    rows = Answer.objects.filter(campaign=campaign, applicable=True).values("status").annotate(n=Count("id"))
    counts = {status: 0 for status in Answer.Status.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def is_late(campaign, today=None) -> bool:
    return campaign.deadline < (today or timezone.localdate())


def previous_campaign(user, campaign):
    return (
        Campaign.objects.for_user(user)
        .filter(
            entity=campaign.entity,
            vigencia__lt=campaign.vigencia,
            questionnaire__kind=campaign.questionnaire.kind,
        )
        .select_related("questionnaire")
        .order_by("-vigencia", "-pk")
        .first()
    )


def sector_consolidated(user, sector_campaign):
    """One row per entity campaign with its total aggregate: two queries."""
    campaigns = list(
        Campaign.objects.for_user(user)
        .filter(sector_campaign=sector_campaign)
        .select_related("entity")
        .order_by("entity__path")
    )
    totals = {
        a.campaign_id: a
        for a in ScoreAggregate.objects.filter(campaign__in=[c.pk for c in campaigns], key="total")
    }
    return [(c, totals.get(c.pk)) for c in campaigns]


def reusable_evidence(user, entity):
    return Evidence.objects.for_user(user).filter(entity=entity).order_by("-uploaded_at")[:200]


def sector_ids_open_for_campaigns(user, manageable=None) -> list[int]:
    """Sectors where the user may open a sector campaign: the service's own rule, planeación (or admin)
    over every entity of the sector (in practice, over the head entity with its subtree)."""
    if manageable is None:
        manageable = [e for e in entities_for(user) if can_manage(user, e)]
    candidates = {e.sector_id for e in manageable if e.sector_id}
    if not candidates:
        return []
    by_sector: dict[int, list] = {}
    for entity in Entity.objects.filter(sector_id__in=candidates).only("id", "path", "sector_id"):
        by_sector.setdefault(entity.sector_id, []).append(entity)
    return [pk for pk, entities in by_sector.items() if all(can_manage(user, e) for e in entities)]
