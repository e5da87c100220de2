"""Data migration: every SCI evaluation gets its campaign of the questionnaire engine (class «Evaluación
SCI», period = semester) and every requirement rating becomes that campaign's answer, with the engine's
aggregates. Signed evaluations keep their PDF and SHA-256 untouched (nothing is regenerated) and their
campaign is closed. Mapping: present=False → «No presente»; present and functioning → «Presente y
funcionando»; present, not functioning → «Presente, no funcionando»; not rated (or present without saying
whether it works) → pending answer; the observation becomes the justification."""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

MECI_CODE = "meci-evaluacion-independiente-v1"
SCI_KIND = "evaluacion_sci"
PRESENT_FUNCTIONING = "Presente y funcionando"
PRESENT_NOT_FUNCTIONING = "Presente, no funcionando"
NOT_PRESENT = "No presente"


def _option_text(rating):
    if rating is None or rating.present is None:
        return None
    if rating.present is False:
        return NOT_PRESENT
    if rating.functioning is None:
        return None
    return PRESENT_FUNCTIONING if rating.functioning else PRESENT_NOT_FUNCTIONING


def _score(chosen, options):
    best = max((o.points or Decimal(0) for o in options if not o.is_not_applicable), default=Decimal(0))
    if best <= 0:
        return None
    return (Decimal(100) * (chosen.points or Decimal(0)) / best).quantize(Decimal("0.1"))


def _keys(question):
    keys = [(f"m:{question.module_id}", "module", question.module.name, question.module.order)]
    policy = question.policy if question.policy_id else question.module.policy
    if policy is not None:
        keys.append((f"p:{policy.pk}", "policy", f"{policy.code} {policy.name}", policy.order))
        dimension = policy.dimension
        keys.append((f"d:{dimension.pk}", "dimension", f"{dimension.code} {dimension.name}", dimension.order))
    return keys


def forward(apps, schema_editor):
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Question = apps.get_model("questionnaires", "Question")
    Option = apps.get_model("questionnaires", "Option")
    Campaign = apps.get_model("questionnaires", "Campaign")
    Answer = apps.get_model("questionnaires", "Answer")
    ScoreAggregate = apps.get_model("questionnaires", "ScoreAggregate")
    CIEvaluation = apps.get_model("control", "CIEvaluation")
    CIRequirementRating = apps.get_model("control", "CIRequirementRating")

    Questionnaire.objects.filter(builtin_code=MECI_CODE).update(kind=SCI_KIND)
    Questionnaire.objects.filter(pk__in=CIEvaluation.objects.values("questionnaire_id")).update(kind=SCI_KIND)
    now = timezone.now()
    for evaluation in CIEvaluation.objects.filter(campaign__isnull=True).order_by("pk"):
        signed = evaluation.status == "firmada"
        campaign = Campaign.objects.create(
            questionnaire_id=evaluation.questionnaire_id,
            entity_id=evaluation.entity_id,
            vigencia=evaluation.vigencia,
            period=evaluation.semester,
            deadline=evaluation.due_date,
            created_by_id=evaluation.created_by_id,
            closed_at=(evaluation.signed_at or now) if signed else None,
        )
        ratings = {r.question_id: r for r in CIRequirementRating.objects.filter(evaluation_id=evaluation.pk)}
        options = {}
        for option in Option.objects.filter(question__questionnaire_id=evaluation.questionnaire_id).order_by(
            "order"
        ):
            options.setdefault(option.question_id, []).append(option)
        aggregates = {"total": ScoreAggregate(campaign=campaign, key="total", kind="total", label="Total")}
        answers = []
        questions = (
            Question.objects.filter(questionnaire_id=evaluation.questionnaire_id)
            .select_related("module__policy__dimension", "policy__dimension")
            .order_by("order")
        )
        for question in questions:
            rating = ratings.get(question.pk)
            text = _option_text(rating)
            chosen = next((o for o in options.get(question.pk, []) if o.text == text), None)
            score = _score(chosen, options.get(question.pk, [])) if chosen else None
            keys = _keys(question) + [("total", "total", "Total", 0)]
            for key, kind, label, order in keys:
                bucket = aggregates.setdefault(
                    key, ScoreAggregate(campaign=campaign, key=key, kind=kind, label=label[:250], order=order)
                )
                bucket.applicable_count += 1
                if chosen is not None:
                    bucket.answered_count += 1
                if score is not None:
                    bucket.scored_count += 1
                    bucket.score_sum += score
            answers.append(
                Answer(
                    campaign=campaign,
                    question=question,
                    applicable=True,
                    choices=[chosen.pk] if chosen else [],
                    justification=rating.note if rating else "",
                    score=score,
                    is_answered=chosen is not None,
                    status="respondida" if chosen else "pendiente",
                    answered_by_id=(evaluation.signed_by_id or evaluation.created_by_id) if chosen else None,
                    answered_at=(evaluation.signed_at or now) if chosen else None,
                )
            )
        Answer.objects.bulk_create(answers)
        ScoreAggregate.objects.bulk_create(aggregates.values())
        evaluation.campaign_id = campaign.pk
        evaluation.save(update_fields=["campaign"])


def backward(apps, schema_editor):
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Option = apps.get_model("questionnaires", "Option")
    Campaign = apps.get_model("questionnaires", "Campaign")
    Answer = apps.get_model("questionnaires", "Answer")
    CIEvaluation = apps.get_model("control", "CIEvaluation")
    CIRequirementRating = apps.get_model("control", "CIRequirementRating")

    for evaluation in CIEvaluation.objects.filter(campaign__isnull=False).order_by("pk"):
        campaign_id = evaluation.campaign_id
        answers = list(Answer.objects.filter(campaign_id=campaign_id))
        texts = dict(
            Option.objects.filter(question__questionnaire_id=evaluation.questionnaire_id).values_list(
                "pk", "text"
            )
        )
        ratings = []
        for answer in answers:
            text = texts.get(answer.choices[0]) if answer.choices else None
            present = None if text is None else text != NOT_PRESENT
            functioning = None if text in (None, NOT_PRESENT) else text == PRESENT_FUNCTIONING
            ratings.append(
                CIRequirementRating(
                    evaluation_id=evaluation.pk,
                    question_id=answer.question_id,
                    present=present,
                    functioning=functioning,
                    note=answer.justification,
                )
            )
        CIRequirementRating.objects.bulk_create(ratings)
        evaluation.campaign_id = None
        evaluation.save(update_fields=["campaign"])
        Campaign.objects.filter(pk=campaign_id).delete()
    Questionnaire.objects.filter(builtin_code=MECI_CODE).update(kind="autodiagnostico")


class Migration(migrations.Migration):
    dependencies = [
        ("control", "0004_ci_evaluation_campaign"),
        ("questionnaires", "0007_campaign_period_sci_kind"),
    ]

    operations = [migrations.RunPython(forward, backward)]
