"""Evaluación independiente del Sistema de Control Interno: requirements from the built-in MECI library of the
questionnaire engine, rated «presente» and «funcionando» by control interno, conclusions per component and
overall, and a numbered PDF frozen with its SHA-256 once signed."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.core.pdf import render_pdf
from mipg.measurement.questionnaires.models import Module, Question
from mipg.measurement.questionnaires.services import questionnaire_load_library

from ..libraries import meci_library
from ..models import CIComponentConclusion, CIEvaluation, CIRequirementRating
from .common import require_internal_control


def semester_dates(vigencia: int, semester: int) -> tuple[date, date]:
    """Cut and publication deadline: 30 June → 31 July; 31 December → 31 January of the next year."""
    if semester == 1:
        return date(vigencia, 6, 30), date(vigencia, 7, 31)
    return date(vigencia, 12, 31), date(vigencia + 1, 1, 31)


def require_editable(evaluation: CIEvaluation) -> None:
    if evaluation.is_signed:
        raise ValidationError(
            _("La evaluación %(n)s está firmada: no se puede modificar.") % {"n": evaluation.number}
        )


@service
def evaluation_create(*, user, entity, vigencia: int, semester: int) -> CIEvaluation:
    require_internal_control(user, entity)
    if semester not in (1, 2):
        raise ValidationError({"semester": _("El semestre debe ser 1 o 2.")})
    if CIEvaluation.objects.filter(entity=entity, vigencia=vigencia, semester=semester).exists():
        raise ValidationError(_("Ya existe la evaluación de ese semestre."))
    questionnaire, _created = questionnaire_load_library(user=None, library=meci_library())
    cut, due = semester_dates(vigencia, semester)
    evaluation = CIEvaluation(
        entity=entity,
        vigencia=vigencia,
        semester=semester,
        number=f"EI-{vigencia}-{semester:02d}",
        questionnaire=questionnaire,
        cut_date=cut,
        due_date=due,
        created_by=user,
    )
    evaluation.full_clean()
    evaluation.save()
    CIRequirementRating.objects.bulk_create(
        CIRequirementRating(evaluation=evaluation, question=q)
        for q in Question.objects.filter(questionnaire=questionnaire).order_by("order")
    )
    CIComponentConclusion.objects.bulk_create(
        CIComponentConclusion(evaluation=evaluation, module=m)
        for m in Module.objects.filter(questionnaire=questionnaire).order_by("order")
    )
    record_event(user=user, obj=evaluation, verb="evaluación independiente iniciada")
    return evaluation


@service
def evaluation_save(
    *, user, evaluation: CIEvaluation, ratings: dict, conclusions: dict, overall_conclusion: str
) -> CIEvaluation:
    """`ratings`: {rating id: (present, functioning, note)}; `conclusions`: {conclusion id: text}.
    A requirement that is not present cannot be functioning."""
    require_internal_control(user, evaluation.entity)
    require_editable(evaluation)
    by_id = {r.pk: r for r in evaluation.ratings.select_related("question")}
    errors = []
    for pk, (present, functioning, note) in ratings.items():
        rating = by_id.get(pk)
        if rating is None:
            raise ValidationError(_("El requisito no es de esta evaluación."))
        if functioning and present is False:
            errors.append(
                _("%(code)s: un requisito que no está presente no puede estar funcionando.")
                % {"code": rating.question.code}
            )
        rating.present, rating.functioning, rating.note = present, functioning, (note or "").strip()
    if errors:
        raise ValidationError(errors)
    for rating in by_id.values():
        rating.full_clean()
    CIRequirementRating.objects.bulk_update(by_id.values(), ["present", "functioning", "note"])
    by_conclusion = {c.pk: c for c in evaluation.conclusions.all()}
    for pk, text in conclusions.items():
        if pk not in by_conclusion:
            raise ValidationError(_("El componente no es de esta evaluación."))
        by_conclusion[pk].conclusion = (text or "").strip()
    CIComponentConclusion.objects.bulk_update(by_conclusion.values(), ["conclusion"])
    evaluation.overall_conclusion = (overall_conclusion or "").strip()
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def summary(evaluation: CIEvaluation) -> list[dict]:
    """Per MECI component: requirements, how many present and functioning (%), and its conclusion."""
    ratings = list(evaluation.ratings.select_related("question__module").order_by("question__order"))
    rows = []
    for conclusion in evaluation.conclusions.select_related("module").order_by("module__order"):
        items = [r for r in ratings if r.question.module_id == conclusion.module_id]
        total = len(items) or 1
        present = sum(1 for r in items if r.present)
        functioning = sum(1 for r in items if r.functioning)
        rows.append(
            {
                "module": conclusion.module,
                "conclusion": conclusion,
                "ratings": items,
                "present": round(100 * present / total, 1),
                "functioning": round(100 * functioning / total, 1),
            }
        )
    return rows


@service
def evaluation_sign(*, user, evaluation: CIEvaluation) -> CIEvaluation:
    """The Jefe de Control Interno signs: every requirement rated and every conclusion written; the numbered
    PDF is generated once, stored with its SHA-256, and the evaluation cannot change any more."""
    require_internal_control(user, evaluation.entity)
    require_editable(evaluation)
    missing = [r.question.code for r in evaluation.ratings.select_related("question") if r.present is None]
    if missing:
        raise ValidationError(
            _("Califique todos los requisitos antes de firmar: %(c)s.") % {"c": ", ".join(missing)}
        )
    if evaluation.ratings.filter(present=True, functioning__isnull=True).exists():
        raise ValidationError(_("Indique si cada requisito presente está funcionando."))
    if evaluation.conclusions.filter(conclusion="").exists() or not evaluation.overall_conclusion:
        raise ValidationError(_("Escriba la conclusión de cada componente y la conclusión general."))
    evaluation.status = CIEvaluation.Status.SIGNED
    evaluation.signed_by = user
    evaluation.signed_at = timezone.now()
    content = render_pdf(
        "control/ci_evaluation_pdf.html", {"evaluation": evaluation, "rows": summary(evaluation)}
    )
    evaluation.report_sha256 = hashlib.sha256(content).hexdigest()
    evaluation.report.save(f"evaluacion-sci-{evaluation.number}.pdf", ContentFile(content), save=False)
    evaluation.full_clean()
    evaluation.save()
    record_event(
        user=user,
        obj=evaluation,
        verb="evaluación independiente firmada",
        data={"sha256": evaluation.report_sha256, "number": evaluation.number},
    )
    return evaluation
