"""Evaluación independiente del Sistema de Control Interno, answered as a campaign of the questionnaire
engine (class «Evaluación SCI», built-in MECI library, one campaign per semester): each requirement is an
answer («Presente y funcionando», «Presente, no funcionando», «No presente», the observation as its
justification), saved through the engine's public services; conclusions per component and overall stay
here, and the numbered PDF is frozen with its SHA-256 once signed, which also closes the campaign."""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.core.models import Evidence
from mipg.core.pdf import render_pdf
from mipg.measurement.questionnaires.models import Answer, Module, Option
from mipg.measurement.questionnaires.services import (
    answer_attach_evidence,
    answer_save,
    campaign_close,
    campaign_create,
    questionnaire_load_library,
)

from ..libraries import meci_library
from ..models import CIComponentConclusion, CIEvaluation
from .common import require_internal_control

# The three options of every MECI requirement (meci_evaluacion_independiente.yaml).
PRESENT_FUNCTIONING = "Presente y funcionando"
PRESENT_NOT_FUNCTIONING = "Presente, no funcionando"
NOT_PRESENT = "No presente"


def option_text(present, functioning) -> str | None:
    """The option a («presente», «funcionando») pair stands for; None when not rated."""
    if present is False:
        return NOT_PRESENT
    if present and functioning is not None:
        return PRESENT_FUNCTIONING if functioning else PRESENT_NOT_FUNCTIONING
    return None


@dataclass
class Rating:
    """One requirement of the evaluation read from its answer: present = any option but «No presente»,
    functioning = «Presente y funcionando»; the observation is the answer's justification."""

    answer: Answer

    @property
    def pk(self) -> int:
        return self.answer.pk

    @property
    def question(self):
        return self.answer.question

    @property
    def option(self):
        chosen = self.answer.choices[0] if self.answer.choices else None
        return next((o for o in self.answer.question.options.all() if o.pk == chosen), None)

    @property
    def present(self) -> bool | None:
        option = self.option
        return None if option is None else option.text != NOT_PRESENT

    @property
    def functioning(self) -> bool | None:
        option = self.option
        return None if option is None else option.text == PRESENT_FUNCTIONING

    @property
    def note(self) -> str:
        return self.answer.justification

    @property
    def evidence(self) -> list:
        return list(self.answer.evidence.all())

    def option_for(self, text: str):
        return next(o for o in self.answer.question.options.all() if o.text == text)


def rating_answers():
    """The answers a rating reads, with what it shows (for a Prefetch of `campaign__answers`)."""
    return (
        Answer.objects.select_related("question__module", "campaign__entity", "campaign__questionnaire")
        .prefetch_related(
            Prefetch("question__options", queryset=Option.objects.order_by("order")),
            Prefetch("evidence", queryset=Evidence.objects.only("id", "title")),
        )
        .order_by("question__order")
    )


def requirement_ratings(evaluation: CIEvaluation) -> list[Rating]:
    """The evaluation's requirements in order, from its campaign's answers (three queries, none when a list
    prefetched them as `campaign.rated`)."""
    campaign = evaluation._state.fields_cache.get("campaign")
    answers = getattr(campaign, "rated", None)
    if answers is None:
        answers = rating_answers().filter(campaign_id=evaluation.campaign_id)
    return [Rating(answer) for answer in answers]


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
    campaign = campaign_create(
        user=user,
        questionnaire=questionnaire,
        entity=entity,
        vigencia=vigencia,
        deadline=due,
        period=semester,
    )
    evaluation = CIEvaluation(
        entity=entity,
        vigencia=vigencia,
        semester=semester,
        number=f"EI-{vigencia}-{semester:02d}",
        questionnaire=questionnaire,
        campaign=campaign,
        cut_date=cut,
        due_date=due,
        created_by=user,
    )
    evaluation.full_clean()
    evaluation.save()
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
    """`ratings`: {requirement (answer) id: (present, functioning, note)}; `conclusions`: {conclusion id:
    text}. A requirement that is not present cannot be functioning; a present one says whether it is; a
    rating already recorded cannot be left blank. Changed ratings go through the engine's `answer_save`."""
    require_internal_control(user, evaluation.entity)
    require_editable(evaluation)
    by_id = {r.pk: r for r in requirement_ratings(evaluation)}
    errors, changes = [], []
    for pk, (present, functioning, note) in ratings.items():
        rating = by_id.get(pk)
        if rating is None:
            raise ValidationError(_("El requisito no es de esta evaluación."))
        code, note = rating.question.code, (note or "").strip()
        if functioning and present is False:
            errors.append(
                _("%(code)s: un requisito que no está presente no puede estar funcionando.") % {"code": code}
            )
        elif present and functioning is None:
            errors.append(_("%(code)s: indique si el requisito presente está funcionando.") % {"code": code})
        elif present is None and rating.present is not None:
            errors.append(
                _("%(code)s: una calificación registrada no puede quedar en blanco.") % {"code": code}
            )
        elif present is None and note:
            errors.append(_("%(code)s: califique el requisito para guardar su observación.") % {"code": code})
        elif present is not None:
            text = option_text(present, functioning)
            if rating.option is None or rating.option.text != text or rating.note != note:
                changes.append((rating, text, note))
    if errors:
        raise ValidationError(errors)
    for rating, text, note in changes:
        answer_save(user=user, answer=rating.answer, choices=[rating.option_for(text).pk], justification=note)
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


@service
def evaluation_attach_evidence(
    *, user, evaluation: CIEvaluation, requirement: int, reuse=None, file=None, url: str = ""
):
    """Evidence of one requirement, attached to its answer through the engine (refused once signed).
    Control interno cites the entity's existing evidence (`reuse`); uploading is the producers' job."""
    require_internal_control(user, evaluation.entity)
    require_editable(evaluation)
    rating = next((r for r in requirement_ratings(evaluation) if r.pk == requirement), None)
    if rating is None:
        raise ValidationError(_("El requisito no es de esta evaluación."))
    return answer_attach_evidence(user=user, answer=rating.answer, reuse=reuse, file=file, url=url)


def summary(evaluation: CIEvaluation, rated: list[Rating] | None = None) -> list[dict]:
    """Per MECI component: requirements, how many present and functioning (%), and its conclusion."""
    rated = requirement_ratings(evaluation) if rated is None else rated
    rows = []
    for conclusion in evaluation.conclusions.select_related("module").order_by("module__order"):
        items = [r for r in rated if r.question.module_id == conclusion.module_id]
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
    rated = requirement_ratings(evaluation)
    missing = [r.question.code for r in rated if r.present is None]
    if missing:
        raise ValidationError(
            _("Califique todos los requisitos antes de firmar: %(c)s.") % {"c": ", ".join(missing)}
        )
    if evaluation.conclusions.filter(conclusion="").exists() or not evaluation.overall_conclusion:
        raise ValidationError(_("Escriba la conclusión de cada componente y la conclusión general."))
    evaluation.status = CIEvaluation.Status.SIGNED
    evaluation.signed_by = user
    evaluation.signed_at = timezone.now()
    content = render_pdf(
        "control/ci_evaluation_pdf.html", {"evaluation": evaluation, "rows": summary(evaluation, rated)}
    )
    evaluation.report_sha256 = hashlib.sha256(content).hexdigest()
    evaluation.report.save(f"evaluacion-sci-{evaluation.number}.pdf", ContentFile(content), save=False)
    evaluation.full_clean()
    evaluation.save()
    campaign_close(user=user, campaign=evaluation.campaign)  # its answers and evidence stop changing
    record_event(
        user=user,
        obj=evaluation,
        verb="evaluación independiente firmada",
        data={"sha256": evaluation.report_sha256, "number": evaluation.number},
    )
    return evaluation
