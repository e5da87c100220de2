"""Writes: campaigns for an entity or a whole sector, and their assignments."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.operation.services.common import bulk_log_created
from mipg.organizations.models import Entity
from mipg.organizations.roles import (
    can_manage,
)

from .. import applicability
from .. import permissions as kind_rules
from ..models import Answer, Campaign, Question, ScoreAggregate, SectorCampaign
from .bulk import insert_rows


def _applies(question, entity) -> bool:
    """The question's order («Aplica a») and its rule over the entity's profile («Aplica si»)."""
    if question.applies_to not in (Question.AppliesTo.ALL, entity.order):
        return False
    return applicability.applies(question.applicability, entity)


def _campaign_questions(questionnaire) -> list:
    """Only what a campaign needs to lay out its answers and aggregates."""
    related = ["module__policy__dimension", "policy__dimension"]
    fields = [
        "id",
        "module_id",
        "policy_id",
        "applies_to",
        "applicability",
        "condition_question_id",
        "module__name",
        "module__order",
    ]
    for prefix in ("module__policy", "policy"):
        fields += [f"{prefix}__{name}" for name in ("id", "code", "name", "order", "dimension_id")]
        fields += [f"{prefix}__dimension__{name}" for name in ("id", "code", "name", "order")]
    return list(
        Question.objects.filter(questionnaire=questionnaire)
        .select_related(*related)
        .only(*fields)
        .order_by("order")
    )


def _new_campaign(
    *, user, questionnaire, entity, vigencia, deadline, sector_campaign=None, period=0
) -> Campaign:
    """A validated, unsaved campaign. The caller checked that the entity has none for that vigencia (the
    unique constraint still guards it) and holds the related rows: they are not looked up again."""
    campaign = Campaign(
        questionnaire=questionnaire,
        entity=entity,
        vigencia=vigencia,
        deadline=deadline,
        sector_campaign=sector_campaign,
        created_by=user,
        period=period,
    )
    campaign.full_clean(
        exclude=["questionnaire", "entity", "sector_campaign", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    return campaign


def _refuse_existing(questionnaire, entities, vigencia, period=0) -> None:
    existing = (
        Campaign.objects.filter(
            questionnaire=questionnaire, entity__in=entities, vigencia=vigencia, period=period
        )
        .select_related("entity")
        .first()
    )
    if existing is None:
        return
    if not period:
        raise ValidationError(
            _("%(entity)s ya tiene una campaña de este cuestionario para la vigencia %(year)s.")
            % {"entity": existing.entity.display_name, "year": vigencia}
        )
    raise ValidationError(
        _("%(entity)s ya tiene una campaña de este cuestionario para el periodo %(period)s de %(year)s.")
        % {"entity": existing.entity.display_name, "year": vigencia, "period": period}
    )


ANSWER_COLUMNS = ["campaign", "question", "applicable"]
AGGREGATE_COLUMNS = ["campaign", "key", "kind", "label", "order", "applicable_count"]


def _insert_rows(answers: list[tuple], aggregates: list[tuple]) -> None:
    insert_rows(Answer, ANSWER_COLUMNS, answers)
    insert_rows(ScoreAggregate, AGGREGATE_COLUMNS, aggregates)


def _campaign_rows(campaign, entity, questions) -> tuple[list[tuple], list[tuple]]:
    """The campaign's answers (campaign, question, applicable) and aggregate rows, as plain tuples."""
    answers = []
    aggregates: dict[str, list] = {}

    def bucket(key, kind, label, order):
        if key not in aggregates:
            aggregates[key] = [campaign.pk, key, kind, label[:250], order, 0]
        return aggregates[key]

    bucket("total", ScoreAggregate.Kind.TOTAL, _("Total"), 0)
    skipped: set[int] = set()
    for question in questions:
        # A question conditioned on one that does not apply to the entity cannot apply either.
        if not _applies(question, entity) or question.condition_question_id in skipped:
            skipped.add(question.pk)
            continue
        applicable = question.condition_question_id is None
        answers.append((campaign.pk, question.pk, applicable))
        keys = aggregate_keys(question)
        module = question.module
        bucket(keys[0], ScoreAggregate.Kind.MODULE, module.name, module.order)
        policy = question.policy or module.policy
        if policy is not None:
            bucket(f"p:{policy.pk}", ScoreAggregate.Kind.POLICY, f"{policy.code} {policy.name}", policy.order)
            bucket(
                f"d:{policy.dimension_id}",
                ScoreAggregate.Kind.DIMENSION,
                f"{policy.dimension.code} {policy.dimension.name}",
                policy.dimension.order,
            )
        if applicable:
            for key in keys:
                aggregates[key][5] += 1
    return answers, [tuple(row) for row in aggregates.values()]


def aggregate_keys(question) -> list[str]:
    """Module, policy, dimension and total keys of a question (related rows must be loaded)."""
    keys = [f"m:{question.module_id}"]
    policy = question.policy if question.policy_id else question.module.policy
    if policy is not None:
        keys.append(f"p:{policy.pk}")
        keys.append(f"d:{policy.dimension_id}")
    keys.append("total")
    return keys


def _check_dates(vigencia, deadline):
    if not (2000 <= int(vigencia) <= 2100):
        raise ValidationError(_("La vigencia debe ser un año entre 2000 y 2100."))
    if deadline is None:
        raise ValidationError(_("Indique la fecha límite."))


@service
def campaign_create(
    *, user, questionnaire, entity, vigencia: int, deadline: date, period: int = 0
) -> Campaign:
    """Open a campaign; `period` 1 or 2 is the semester of a semiannual one (the SCI evaluation)."""
    if not kind_rules.can_open_campaign(user, questionnaire, entity):
        if kind_rules.is_internal_control_kind(questionnaire):
            raise PermissionDenied(_("Solo control interno de la entidad abre la evaluación del SCI."))
        raise PermissionDenied(_("Solo planeación de la entidad puede abrir campañas."))
    _check_dates(vigencia, deadline)
    if period not in (0, 1, 2):
        raise ValidationError({"period": _("El periodo debe ser 0 (anual), 1 o 2 (semestre).")})
    _refuse_existing(questionnaire, [entity], vigencia, period)
    campaign = _new_campaign(
        user=user,
        questionnaire=questionnaire,
        entity=entity,
        vigencia=vigencia,
        deadline=deadline,
        period=period,
    )
    campaign.save()
    _insert_rows(*_campaign_rows(campaign, entity, _campaign_questions(questionnaire)))
    record_event(user=user, obj=campaign, verb="campaña abierta", description=str(campaign))
    return campaign


@service
def sector_campaign_create(*, user, questionnaire, sector, vigencia: int, deadline: date) -> SectorCampaign:
    """One campaign per entity of the sector; requires planning over every one of them."""
    _check_dates(vigencia, deadline)
    if kind_rules.is_internal_control_kind(questionnaire):
        raise ValidationError(
            _("La evaluación del SCI la abre control interno de cada entidad, no un sector.")
        )
    entities = list(Entity.objects.filter(sector=sector).order_by("path"))
    head = sector.head_entity or (entities[0] if entities else None)
    if head is None:
        raise ValidationError(_("El sector no tiene entidades."))
    missing = [e.display_name for e in entities if not can_manage(user, e)]
    if missing:
        raise PermissionDenied(
            _(
                "Solo planeación sectorial (con todas las entidades del sector) puede abrir una "
                "campaña sectorial."
            )
        )
    sector_campaign = SectorCampaign(
        questionnaire=questionnaire,
        sector=sector,
        head_entity=head,
        vigencia=vigencia,
        deadline=deadline,
        created_by=user,
    )
    sector_campaign.full_clean()
    sector_campaign.save()
    _refuse_existing(questionnaire, entities, vigencia)
    campaigns = [
        _new_campaign(
            user=user,
            questionnaire=questionnaire,
            entity=entity,
            vigencia=vigencia,
            deadline=deadline,
            sector_campaign=sector_campaign,
        )
        for entity in entities
    ]
    # One insert for the campaigns (with their audit entries), one for every answer, one for the aggregates.
    Campaign.objects.bulk_create(campaigns)
    bulk_log_created(user=user, objects=campaigns)
    questions = _campaign_questions(questionnaire)
    answers, aggregates = [], []
    for campaign in campaigns:
        rows = _campaign_rows(campaign, campaign.entity, questions)
        answers += rows[0]
        aggregates += rows[1]
    _insert_rows(answers, aggregates)
    record_event(
        user=user,
        obj=sector_campaign,
        verb="campaña sectorial abierta",
        description=_("%(n)s entidades") % {"n": len(entities)},
    )
    return sector_campaign


@service
def campaign_assign(*, user, campaign, modules=(), questions=(), dependencia=None, person=None) -> int:
    """Assign modules and/or single questions to a dependencia and/or a person; returns answers touched."""
    if not kind_rules.can_manage_campaign(user, campaign):
        raise PermissionDenied(_("Solo planeación de la entidad asigna preguntas."))
    if dependencia is None and person is None:
        raise ValidationError(_("Elija una dependencia o una persona."))
    if dependencia is not None and dependencia.entity_id != campaign.entity_id:
        raise ValidationError(_("La dependencia no pertenece a la entidad de la campaña."))
    if person is not None and person.entity_id != campaign.entity_id:
        raise ValidationError(_("La persona no pertenece a la entidad de la campaña."))
    module_ids = [m.pk for m in modules]
    question_ids = [q.pk for q in questions]
    if not module_ids and not question_ids:
        raise ValidationError(_("Elija al menos un módulo o una pregunta."))
    if any(m.questionnaire_id != campaign.questionnaire_id for m in modules) or any(
        q.questionnaire_id != campaign.questionnaire_id for q in questions
    ):
        raise ValidationError(_("El módulo o la pregunta no son de este cuestionario."))
    from django.db.models import Q

    touched = Answer.objects.filter(campaign=campaign).filter(
        Q(question__module_id__in=module_ids) | Q(question_id__in=question_ids)
    )
    if dependencia is None and person is not None:
        dependencia = person.dependencia
    count = touched.update(assigned_dependencia=dependencia, assigned_person=person)
    record_event(
        user=user,
        obj=campaign,
        verb="preguntas asignadas",
        description=_("%(n)s preguntas a %(who)s")
        % {"n": count, "who": ", ".join(str(x) for x in (dependencia, person) if x is not None)},
    )
    return count


@service
def campaign_close(*, user, campaign) -> Campaign:
    """Close a campaign: its answers and evidence stop changing (a signed SCI evaluation)."""
    if not kind_rules.can_open_campaign(user, campaign.questionnaire, campaign.entity):
        raise PermissionDenied(_("Solo quien abre las campañas de este cuestionario puede cerrarlas."))
    kind_rules.require_open(campaign)
    campaign.closed_at = timezone.now()
    campaign.save(update_fields=["closed_at"])
    record_event(user=user, obj=campaign, verb="campaña cerrada", description=str(campaign))
    return campaign


# ---------------------------------------------------------------- answers
