"""Reads, always through the entity gate (`for_user`). Listing a campaign is a fixed handful of queries."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from mipg.core.api import MAX_ID
from mipg.core.models import Evidence
from mipg.core.precompiled import PrecompiledQuery
from mipg.organizations.models import Entity
from mipg.organizations.roles import can_manage, roles_over
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


# Only what saving an answer reads (issue 14 item 2): the answer's own columns, its entity (roles), its
# question's rules and aggregate keys, the assigned person's user and what names it in the audit.
SAVE_RELATED = [
    "campaign__entity",
    "campaign__questionnaire",
    "question__module__policy",
    "question__policy",
    "assigned_person",
]
SAVE_COLUMNS = [
    *(f.name for f in Answer._meta.concrete_fields),
    "campaign__entity__id",
    "campaign__entity__path",
    "campaign__entity__name",
    "campaign__entity__acronym",
    "campaign__vigencia",
    "campaign__period",
    "campaign__closed_at",
    "campaign__questionnaire__name",
    "campaign__questionnaire__version",
    "campaign__questionnaire__kind",
    *(
        f"question__{name}"
        for name in (
            "id",
            "code",
            "qtype",
            "module_id",
            "policy_id",
            "condition_question_id",
            "has_dependents",
            "columns",
            "column_points",
            "minimum",
            "maximum",
            "decimals",
            "whole_number",
        )
    ),
    "question__module__id",
    "question__module__policy__id",
    "question__module__policy__dimension_id",
    "question__policy__id",
    "question__policy__dimension_id",
    "assigned_person__id",
    "assigned_person__user_id",
]


def _answer_for_save_queryset(pk, *, lock: bool):
    # `has_evidence`: the answer JSON lists its evidence, read afterwards only when there is any.
    evidence = Answer.evidence.through.objects.filter(answer_id=OuterRef("pk"))
    queryset = (
        Answer.objects.filter(pk=pk)
        .select_related(*SAVE_RELATED)
        .only(*SAVE_COLUMNS)
        .annotate(has_evidence=Exists(evidence))
    )
    return queryset.select_for_update(of=("self",)) if lock else queryset


# The save path's read, compiled to SQL once per process (mipg.core.precompiled): it does not depend on the
# user, whose access is checked on the row's entity instead (the same rule as Entity.objects.visible_to).
_ANSWER_FOR_SAVE = {
    lock: PrecompiledQuery(lambda pk, lock=lock: _answer_for_save_queryset(pk, lock=lock), lock=lock)
    for lock in (False, True)
}


def answer_for_save(user, pk, *, lock: bool = False):
    """The answer to save, in one narrow query; 404 (Http404) when the user may not see it. With `lock`
    (inside a transaction) the row is locked by the same query and its values are kept in
    `answer.locked_values`, so answer_save neither reads it again nor lets the audit re-read it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if not 0 < pk <= MAX_ID:  # no such row, and a bigger number would be a database error
        raise Http404
    found = _ANSWER_FOR_SAVE[lock].fetch(pk) if getattr(user, "is_authenticated", False) else []
    if not found or not roles_over(user, found[0].campaign.entity):  # another entity's answer: 404
        raise Http404
    answer = found[0]
    if lock:
        answer.locked_values = {f.attname: getattr(answer, f.attname) for f in Answer._meta.concrete_fields}
    return answer


def answer_evidence_ids(answer_ids) -> dict[int, list[int]]:
    """Evidence ids of each answer (newest first, as the evidence's own order), in one query."""
    through = Answer.evidence.through
    evidence: dict[int, list[int]] = {pk: [] for pk in answer_ids}
    rows = (
        through.objects.filter(answer_id__in=list(evidence))
        .order_by("-evidence__uploaded_at", "evidence_id")
        .values_list("answer_id", "evidence_id")
    )
    for answer_id, evidence_id in rows:
        evidence[answer_id].append(evidence_id)
    return evidence


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
