"""Writes: answers, their evidence, review, verification and return, with the incremental estimate."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, save_with_audit, service
from mipg.core.batch import write_batch
from mipg.core.concurrency import Conflict, lock
from mipg.core.models import Evidence
from mipg.core.numbers import parse_decimal
from mipg.core.precompiled import PrecompiledQuery
from mipg.core.services import evidence_create
from mipg.organizations.roles import (
    Role,
    can_manage,
    roles_over,
    user_has_role,
)

from .. import permissions as kind_rules
from .. import scoring
from ..models import Answer, Option, QuestionType, ScoreAggregate
from .campaigns import aggregate_keys

EDITABLE = {Answer.Status.PENDING, Answer.Status.ANSWERED, Answer.Status.RETURNED}
# What answer_save writes (and audits); the rest of the row is neither validated nor written again.
SAVED_FIELDS = [
    "choices",
    "values",
    "number",
    "text",
    "free_text",
    "justification",
    "is_answered",
    "score",
    "not_applicable",
    "status",
    "answered_by",
    "answered_at",
]
# Validated before the save: what it writes, but the actor (the request's user, no lookup needed).
NOT_VALIDATED = [f.name for f in Answer._meta.get_fields() if f.concrete and f.name not in SAVED_FIELDS]
NOT_VALIDATED.append("answered_by")
LOCKED_COLUMNS = ["applicable", *(Answer._meta.get_field(name).attname for name in SAVED_FIELDS)]


def can_answer(user, answer) -> bool:
    # Rules of the questionnaire's class and of closed campaigns (permissions.py) come first.
    rule = kind_rules.answer_rule(user, answer)
    if rule is not None:
        return rule
    entity = answer.campaign.entity
    roles = roles_over(user, entity)
    if roles & {Role.ADMIN, Role.PLANNING}:
        return True
    if not roles & Role.writers():
        return False
    if answer.assigned_person_id and answer.assigned_person.user_id == user.pk:
        return True
    if answer.assigned_dependencia_id and not answer.assigned_person_id:
        person = getattr(user, "person", None) if hasattr(user, "person") else None
        return person is not None and person.dependencia_id == answer.assigned_dependencia_id
    return False


def _number(value, *, decimals=4, minimum=0, maximum=None, label=None):
    """Numbers typed in es-CO ("1.250,5") or sent as JSON numbers, read by the app's one parser."""
    return parse_decimal(value, decimals=decimals, minimum=minimum, maximum=maximum, label=label)


def _apply_delta(answer, keys, *, applicable=0, answered=0, scored=0, score=Decimal(0), batch=None) -> None:
    """Add the differences to the question's aggregate rows (module, policy, dimension, total) in one UPDATE.
    Its SQL is written once per number of keys: it runs on nearly every save (issue 14 item 2), and
    compiling the same F() update through the ORM cost more than running it. With `batch` it goes with the
    batch's other writes."""
    if not (applicable or answered or scored or score):
        return
    connection = connections[router.db_for_write(ScoreAggregate)]
    sql = _DELTA_SQL.get((connection.vendor, len(keys)))
    if sql is None:
        sql = _DELTA_SQL[connection.vendor, len(keys)] = _delta_sql(connection.ops.quote_name, len(keys))
    params = [applicable, answered, scored, score, answer.campaign_id, *keys]
    if batch is not None:
        batch.execute(ScoreAggregate, sql, params)
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


_DELTA_SQL: dict[tuple[str, int], str] = {}


def _delta_sql(quote, key_count: int) -> str:
    meta = ScoreAggregate._meta
    counters = ("applicable_count", "answered_count", "scored_count", "score_sum")
    columns = {name: quote(meta.get_field(name).column) for name in (*counters, "campaign", "key")}
    assignments = ", ".join(f"{columns[name]} = {columns[name]} + %s" for name in counters)
    keys = ", ".join(["%s"] * key_count)
    return (
        f"UPDATE {quote(meta.db_table)} SET {assignments} "
        f"WHERE {columns['campaign']} = %s AND {columns['key']} IN ({keys})"
    )


def _counts(answer) -> tuple[int, int, Decimal]:
    if not answer.applicable:
        return 0, 0, Decimal(0)
    return int(answer.is_answered), int(answer.score is not None), answer.score or Decimal(0)


def _empty_answer_message(qtype) -> str:
    """Why an answer with nothing in it is refused (saving it would leave the answer «pendiente»)."""
    messages = {
        QuestionType.SINGLE: _("Elija una opción antes de guardar la respuesta."),
        QuestionType.MULTIPLE: _("Elija al menos una opción antes de guardar la respuesta."),
        QuestionType.MULTIPLE_NUMERIC: _(
            "Elija al menos una opción: escriba el valor de una o más opciones antes de guardar la respuesta."
        ),
        QuestionType.MATRIX: _("Responda al menos una fila antes de guardar la respuesta."),
        QuestionType.NUMBER: _("Escriba un número antes de guardar la respuesta."),
        QuestionType.SCALE: _("Escriba un valor entre 0 y 100 antes de guardar la respuesta."),
    }
    return messages.get(qtype, _("Escriba la respuesta antes de guardar."))


def _condition_met(question, chosen_texts: set[str]) -> bool:
    return bool(chosen_texts & set(question.condition_options))


@service
def answer_save(
    *,
    user,
    answer: Answer,
    choices=None,
    values=None,
    number=None,
    text: str = "",
    free_text: str = "",
    justification: str = "",
) -> Answer:
    """Record the respondent's answer, move it to «respondida» and update the estimate by deltas."""
    question = answer.question
    kind_rules.require_open(answer.campaign)  # a closed campaign (signed SCI evaluation) refuses changes
    if not can_answer(user, answer):
        raise PermissionDenied(_("Esta pregunta no está asignada a usted."))
    # Re-read what the deltas depend on under a row lock, so two saves of the same answer at once
    # cannot both apply their difference to the aggregates.
    # The same read gives the values before the save, from which the audit entry is written.
    # (selectors.answer_for_save(lock=True) already read them under the lock in this transaction.)
    locked = getattr(answer, "locked_values", None)
    if locked is None:
        locked = Answer.objects.select_for_update().filter(pk=answer.pk).values(*LOCKED_COLUMNS).get()
    else:
        answer.locked_values = None  # valid for this save only
        locked = {column: locked[column] for column in LOCKED_COLUMNS}
    for field in ("status", "applicable", "is_answered", "score"):
        setattr(answer, field, locked[field])
    if answer.status not in EDITABLE:
        raise Conflict(
            _("La respuesta está «%(status)s»: planeación debe devolverla antes de cambiarla.")
            % {"status": answer.get_status_display()}
        )
    if not answer.applicable:
        raise ValidationError(
            _("Esta pregunta no aplica según la respuesta a %(code)s.")
            % {"code": question.condition_question.code}
        )
    options = _options_of(question)
    by_id = {o.pk: o for o in options}
    try:
        choices = [int(c) for c in (choices or []) if str(c).strip() != ""]
    except (TypeError, ValueError) as error:
        raise ValidationError(_("La opción elegida no pertenece a esta pregunta.")) from error
    values = dict(values or {})
    clean_values: dict[str, str] = {}
    clean_number = None
    clean_text = (text or "").strip()
    free_text = (free_text or "").strip()[:500]
    qtype = question.qtype
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        for pk in choices:
            if pk not in by_id:
                raise ValidationError(_("La opción elegida no pertenece a esta pregunta."))
        choices = list(dict.fromkeys(choices))
        if qtype == QuestionType.SINGLE and len(choices) > 1:
            raise ValidationError(_("Elija una sola opción."))
        exclusive = [by_id[pk] for pk in choices if by_id[pk].is_exclusive]
        if exclusive and len(choices) > 1:
            raise ValidationError(
                _("La opción «%(option)s» es excluyente: no puede elegirse junto con otras.")
                % {"option": exclusive[0].text}
            )
        if any(by_id[pk].asks_free_text for pk in choices) and not free_text:
            raise ValidationError(_("Escriba cuál en el campo de la opción «Otros»."))
        choices.sort(key=lambda pk: by_id[pk].order)
    elif qtype in (QuestionType.MULTIPLE_NUMERIC, QuestionType.MATRIX):
        choices = []
        columns = {c.key: c for c in question.matrix_columns()} if qtype == QuestionType.MATRIX else {}
        decimals, minimum, maximum = question.number_rules()
        for key, raw in values.items():
            try:
                option = by_id[int(key)]
            except (KeyError, ValueError) as error:
                raise ValidationError(_("La opción elegida no pertenece a esta pregunta.")) from error
            if raw is None or str(raw).strip() == "":
                continue
            if qtype == QuestionType.MATRIX:
                # Each row takes one of the question's columns.
                if str(raw) not in columns:
                    raise ValidationError(
                        _("En «%(row)s» elija una de las columnas: %(columns)s.")
                        % {"row": option.text, "columns": ", ".join(c.label for c in columns.values())}
                    )
                clean_values[str(option.pk)] = str(raw)
            else:
                # Counts (people, contracts) take whole numbers only; ranges come from the questionnaire.
                value = _number(raw, decimals=decimals, minimum=minimum, maximum=maximum, label=option.text)
                clean_values[str(option.pk)] = format(value.normalize(), "f")
        positive = [
            by_id[int(k)]
            for k, v in clean_values.items()
            if qtype == QuestionType.MULTIPLE_NUMERIC and Decimal(v) > 0
        ]
        if any(o.is_exclusive for o in positive) and len(positive) > 1:
            raise ValidationError(
                _("La opción «%(option)s» es excluyente: no puede tener valor junto con otras.")
                % {"option": next(o for o in positive if o.is_exclusive).text}
            )
    elif qtype in (QuestionType.NUMBER, QuestionType.SCALE):
        choices = []
        decimals, minimum, maximum = question.number_rules()
        clean_number = _number(number, decimals=decimals, minimum=minimum, maximum=maximum)
    else:
        choices = []
    if not (
        choices or clean_values or clean_number is not None or (qtype == QuestionType.TEXT and clean_text)
    ):
        raise ValidationError(_empty_answer_message(qtype))

    before = _counts(answer)
    answer.choices = choices
    answer.values = clean_values
    answer.number = clean_number
    answer.text = clean_text if qtype == QuestionType.TEXT else ""
    answer.free_text = free_text if any(by_id[pk].asks_free_text for pk in choices if pk in by_id) else ""
    answer.justification = (justification or "").strip()
    answer.is_answered = bool(choices or clean_values or clean_number is not None or answer.text)
    answer.score, answer.not_applicable = scoring.question_score(
        qtype,
        options,
        choices=choices,
        values=clean_values,
        number=clean_number,
        columns=question.matrix_columns() if qtype == QuestionType.MATRIX else None,
    )
    answer.status = Answer.Status.ANSWERED if answer.is_answered else Answer.Status.PENDING
    answer.answered_by = user
    answer.answered_at = timezone.now()
    answer.full_clean(exclude=NOT_VALIDATED, validate_unique=False, validate_constraints=False)
    if question.has_dependents:
        _update_dependents(answer, {by_id[pk].text for pk in choices})
    after = _counts(answer)
    deltas = {"answered": after[0] - before[0], "scored": after[1] - before[1], "score": after[2] - before[2]}
    # The four writes whose results the save does not read go to the database together (core.batch).
    with write_batch() as batch:
        save_with_audit(answer, before=locked, fields=SAVED_FIELDS, batch=batch)
        _apply_delta(answer, aggregate_keys(question), batch=batch, **deltas)
        record_event(
            user=user, obj=answer, verb="respuesta registrada", data={"score": str(answer.score)}, batch=batch
        )
    return answer


# The save path's reads, compiled to SQL once per process (issue 14 item 2; mipg.core.precompiled).
_OPTIONS = PrecompiledQuery(lambda question: Option.objects.filter(question_id=question).order_by("order"))
_DEPENDENTS = PrecompiledQuery(
    lambda campaign_id, question_id: (
        Answer.objects.filter(campaign_id=campaign_id, question__condition_question_id=question_id)
        .select_related("question__module__policy", "question__policy")
        .only(
            "id",
            "applicable",
            "is_answered",
            "score",
            "question__id",
            "question__module_id",
            "question__policy_id",
            "question__condition_options",
            "question__module__id",
            "question__module__policy__id",
            "question__module__policy__dimension_id",
            "question__policy__id",
            "question__policy__dimension_id",
        )
    ),
    arity=2,
)


# A question's options never change once imported (a questionnaire changes by importing a new version; the
# admin shows options read-only): each process keeps those it has read, so a save does not read them again.
# Tests clear it (tests/conftest.py): their rolled-back rows give the same ids to other options.
OPTIONS_SEEN: dict[int, tuple[Option, ...]] = {}
OPTIONS_SEEN_MAX = 50_000  # questions; about two FURAG generations of every entity's questionnaires


def _options_of(question) -> list[Option]:
    """The question's options in order: prefetched by the pages that show them, else the process's copy,
    else one compiled read."""
    prefetched = getattr(question, "_prefetched_objects_cache", {}).get("options")
    if prefetched is not None:
        return list(prefetched)
    options = OPTIONS_SEEN.get(question.pk)
    if options is None:
        if len(OPTIONS_SEEN) >= OPTIONS_SEEN_MAX:
            OPTIONS_SEEN.clear()
        options = OPTIONS_SEEN[question.pk] = tuple(_OPTIONS.fetch(question.pk))
    return list(options)


def _update_dependents(answer, chosen_texts: set[str]) -> None:
    """Questions conditioned on this one enter or leave the estimate: two updates for the flags and
    one for every aggregate at once, however many dependents there are."""
    dependents = _DEPENDENTS.fetch(answer.campaign_id, answer.question_id)
    deltas: dict[str, list] = {}
    flips: dict[bool, list[int]] = {True: [], False: []}
    for child in dependents:
        met = _condition_met(child.question, chosen_texts)
        if met == child.applicable:
            continue
        if met:
            child.applicable = True
            answered, scored, score = _counts(child)
            sign = 1
        else:
            answered, scored, score = _counts(child)
            sign = -1
        flips[met].append(child.pk)
        for key in aggregate_keys(child.question):
            delta = deltas.setdefault(key, [0, 0, 0, Decimal(0)])
            delta[0] += sign
            delta[1] += sign * answered
            delta[2] += sign * scored
            delta[3] += sign * score
    for met, pks in flips.items():
        if pks:
            Answer.objects.filter(pk__in=pks).update(applicable=met)
    if deltas:
        _apply_deltas(answer.campaign_id, deltas)


def _apply_deltas(campaign_id, deltas: dict[str, list]) -> None:
    """Different deltas per aggregate row in one UPDATE (CASE on the key)."""
    from django.db.models import Case, DecimalField, IntegerField, Value, When

    def expression(field, index, output):
        return F(field) + Case(
            *[When(key=key, then=Value(delta[index])) for key, delta in deltas.items()],
            default=Value(0),
            output_field=output,
        )

    ScoreAggregate.objects.filter(campaign_id=campaign_id, key__in=list(deltas)).update(
        applicable_count=expression("applicable_count", 0, IntegerField()),
        answered_count=expression("answered_count", 1, IntegerField()),
        scored_count=expression("scored_count", 2, IntegerField()),
        score_sum=expression("score_sum", 3, DecimalField(max_digits=12, decimal_places=1)),
    )


@service
def answer_attach_evidence(
    *, user, answer, file=None, url: str = "", title: str = "", reuse=None
) -> Evidence:
    """Attach new evidence (validated by core) or reuse an existing one of the same entity."""
    kind_rules.require_open(answer.campaign)  # a closed campaign (signed SCI evaluation) refuses changes
    if not can_answer(user, answer):
        raise PermissionDenied(_("Esta pregunta no está asignada a usted."))
    lock(answer)
    if answer.status not in EDITABLE:
        raise Conflict(_("La respuesta ya fue revisada: planeación debe devolverla antes de cambiarla."))
    if reuse:
        evidence = (
            Evidence.objects.for_user(user).filter(entity_id=answer.campaign.entity_id, pk=reuse).first()
            if str(reuse).isdigit()
            else None
        )
        if evidence is None:
            raise ValidationError(_("La evidencia elegida no existe o es de otra entidad."))
    else:
        evidence = evidence_create(
            user=user, entity=answer.campaign.entity, title=title or answer.question.code, file=file, url=url
        )
    answer.evidence.add(evidence)
    record_event(user=user, obj=answer, verb="evidencia adjuntada", description=evidence.title)
    return evidence


@service
def answer_review(*, user, answer) -> Answer:
    kind_rules.require_reviewable(answer.campaign)
    if not can_manage(user, answer.campaign.entity):
        raise PermissionDenied(_("Solo planeación revisa las respuestas."))
    lock(answer)
    if answer.status != Answer.Status.ANSWERED:
        raise Conflict(_("Solo se revisan respuestas en estado «Respondida»."))
    if answer.question.evidence_required and not answer.evidence.exists():
        raise ValidationError(_("La pregunta exige evidencia y no tiene ninguna."))
    answer.status = Answer.Status.REVIEWED
    answer.reviewed_by = user
    answer.save(update_fields=["status", "reviewed_by", "updated_at"])
    record_event(user=user, obj=answer, verb="respuesta revisada")
    return answer


@service
def answer_verify(*, user, answer) -> Answer:
    kind_rules.require_reviewable(answer.campaign)
    if not user_has_role(user, answer.campaign.entity, {Role.INTERNAL_CONTROL}):
        raise PermissionDenied(_("Solo control interno verifica las respuestas."))
    lock(answer)
    if answer.status != Answer.Status.REVIEWED:
        raise Conflict(_("Solo se verifican respuestas revisadas por planeación."))
    answer.status = Answer.Status.VERIFIED
    answer.verified_by = user
    answer.save(update_fields=["status", "verified_by", "updated_at"])
    record_event(user=user, obj=answer, verb="respuesta verificada")
    return answer


@service
def answer_return(*, user, answer, note: str) -> Answer:
    """Send the answer back to its respondent with an observation (planeación or control interno)."""
    kind_rules.require_reviewable(answer.campaign)
    roles = roles_over(user, answer.campaign.entity)
    allowed = {Answer.Status.ANSWERED, Answer.Status.REVIEWED, Answer.Status.VERIFIED}
    if roles & {Role.ADMIN, Role.PLANNING}:
        pass
    elif Role.INTERNAL_CONTROL in roles:
        allowed = {Answer.Status.REVIEWED, Answer.Status.VERIFIED}
    else:
        raise PermissionDenied(_("Solo planeación o control interno devuelven respuestas."))
    if not (note or "").strip():
        raise ValidationError(_("Escriba la observación para quien respondió."))
    lock(answer)
    if answer.status not in allowed:
        raise Conflict(
            _("Esta respuesta no puede devolverse en su estado actual («%(status)s»).")
            % {"status": answer.get_status_display()}
        )
    answer.status = Answer.Status.RETURNED
    answer.observation = note.strip()
    # Only the observation changes here: check its length limit without a full_clean.
    answer.clean_fields(exclude=[f.name for f in Answer._meta.fields if f.name != "observation"])
    answer.save(update_fields=["status", "observation", "updated_at"])
    record_event(user=user, obj=answer, verb="respuesta devuelta", description=note.strip())
    return answer


# ---------------------------------------------------------------- reminders
