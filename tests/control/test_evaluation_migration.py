"""The data migration that moves the SCI evaluation's ratings into a campaign of the questionnaire engine
(control 0005) and the one that drops CIRequirementRating (0006): a signed and a draft evaluation keep the
same ratings, observations, per-component percentages, PDF file and SHA-256; the signed one's campaign is
closed. Run with MigrationExecutor on the real test database (SQLite or PostgreSQL)."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mipg.control import services
from mipg.control.libraries import meci_library
from mipg.control.models import CIEvaluation
from mipg.control.services.evaluation import summary
from mipg.measurement.questionnaires.models import Answer, Questionnaire, ScoreAggregate
from mipg.measurement.questionnaires.services import questionnaire_load_library

BEFORE = [("control", "0004_ci_evaluation_campaign")]
PDF = b"%PDF-1.4 informe firmado de prueba"


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes("control")


def ratings_of(question_codes, pattern):
    """(present, functioning, note) per question code, from a repeating pattern."""
    return {code: pattern[i % len(pattern)] for i, code in enumerate(question_codes)}


@pytest.mark.django_db(transaction=True)
def test_ratings_become_answers_and_signed_report_is_kept(world):
    questionnaire, _created = questionnaire_load_library(user=None, library=meci_library())
    Questionnaire.objects.filter(pk=questionnaire.pk).update(kind="autodiagnostico")  # as before the switch
    codes = list(questionnaire.questions.order_by("order").values_list("code", flat=True))
    signed_ratings = ratings_of(
        codes, [(True, True, ""), (True, False, "Sin seguimiento"), (False, None, "No existe")]
    )
    draft_ratings = ratings_of(codes[:4], [(True, True, "Bien"), (False, False, "")])
    draft_ratings[codes[4]] = (True, None, "Falta saber si funciona")
    try:
        apps = migrate(BEFORE)
        Evaluation = apps.get_model("control", "CIEvaluation")
        Rating = apps.get_model("control", "CIRequirementRating")
        Conclusion = apps.get_model("control", "CIComponentConclusion")
        Question = apps.get_model("questionnaires", "Question")
        Module = apps.get_model("questionnaires", "Module")
        questions = {q.code: q for q in Question.objects.filter(questionnaire_id=questionnaire.pk)}
        signed_at = timezone.now()
        made = {}
        for semester, ratings, signed in ((1, signed_ratings, True), (2, draft_ratings, False)):
            evaluation = Evaluation.objects.create(
                entity_id=world.head.pk,
                vigencia=2025,
                semester=semester,
                number=f"EI-2025-0{semester}",
                questionnaire_id=questionnaire.pk,
                cut_date="2025-06-30" if semester == 1 else "2025-12-31",
                due_date="2025-07-31" if semester == 1 else "2026-01-31",
                overall_conclusion="Conclusión",
                status="firmada" if signed else "borrador",
                signed_by_id=world.control.pk if signed else None,
                signed_at=signed_at if signed else None,
                report_sha256=hashlib.sha256(PDF).hexdigest() if signed else "",
                created_by_id=world.control.pk,
            )
            if signed:
                evaluation.report.save("evaluacion-sci-EI-2025-01.pdf", ContentFile(PDF))
            for code, question in questions.items():
                present, functioning, note = ratings.get(code, (None, None, ""))
                Rating.objects.create(
                    evaluation=evaluation,
                    question=question,
                    present=present,
                    functioning=functioning,
                    note=note,
                )
            for module in Module.objects.filter(questionnaire_id=questionnaire.pk):
                Conclusion.objects.create(
                    evaluation=evaluation, module=module, conclusion=f"Sobre {module.name}"
                )
            made[semester] = (evaluation.pk, evaluation.report.name)
    finally:
        migrate(latest())

    questionnaire.refresh_from_db()
    assert questionnaire.kind == Questionnaire.Kind.CI_EVALUATION
    signed = CIEvaluation.objects.get(pk=made[1][0])
    draft = CIEvaluation.objects.get(pk=made[2][0])
    # The signed evaluation: same file, same bytes, same SHA-256, closed campaign of semester 1.
    assert signed.report.name == made[1][1] and signed.report.open("rb").read() == PDF
    assert signed.report_sha256 == hashlib.sha256(PDF).hexdigest()
    assert (signed.campaign.period, signed.campaign.vigencia, signed.campaign.closed_at) == (
        1,
        2025,
        signed_at,
    )
    assert (draft.campaign.period, draft.campaign.closed_at) == (2, None)
    got = {r.question.code: (r.present, r.functioning, r.note) for r in services.requirement_ratings(signed)}
    # «No presente» reads as not functioning (the old row left functioning empty).
    assert got == {c: (p, bool(f) if p else False, n) for c, (p, f, n) in signed_ratings.items()}
    got = {r.question.code: (r.present, r.functioning, r.note) for r in services.requirement_ratings(draft)}
    for code in codes:
        present, functioning, note = draft_ratings.get(code, (None, None, ""))
        if present is True and functioning is None:
            # «present» without «functioning» has no option in the engine: a pending answer keeping the note.
            assert got[code] == (None, None, note)
        else:
            assert got[code] == (
                present,
                functioning if present else (False if present is False else None),
                note,
            )
    answers = Answer.objects.filter(campaign=draft.campaign)
    assert answers.filter(status=Answer.Status.ANSWERED).count() == 4
    assert answers.filter(status=Answer.Status.PENDING).count() == len(codes) - 4
    # The per-component percentages of the report come out of the answers as they came out of the ratings.
    rows = {row["module"].name: row for row in summary(signed)}
    for name, row in rows.items():
        items = [signed_ratings[r.question.code] for r in row["ratings"]]
        assert row["present"] == round(100 * sum(1 for p, _f, _n in items if p) / len(items), 1)
        assert row["functioning"] == round(100 * sum(1 for _p, f, _n in items if f) / len(items), 1)
        assert row["conclusion"].conclusion == f"Sobre {name}"
    # The engine's running totals match the answers (100 / 50 / 0 points).
    total = ScoreAggregate.objects.get(campaign=signed.campaign, key="total")
    points = {(True, True): 100, (True, False): 50, (False, None): 0}
    expected = sum(points[(p, f)] for p, f, _n in signed_ratings.values())
    assert (total.applicable_count, total.answered_count, total.scored_count) == (len(codes),) * 3
    assert total.score_sum == expected
    # A signed evaluation's answers cannot change any more, through control or through the engine.
    with pytest.raises(ValidationError, match="firmada"):
        services.evaluation_save(
            user=world.control, evaluation=signed, ratings={}, conclusions={}, overall_conclusion="x"
        )
