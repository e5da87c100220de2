"""The three lines of defence per monitoring period, findings that open improvement plans, and the
corruption risk map follow-up at its three cuts."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.core.services import evidence_create
from mipg.measurement.results.models import Finding
from mipg.measurement.results.services import finding_open

from .. import permissions
from ..libraries import follow_up_rules
from ..models import Control, ControlAssessment, CorruptionFollowUp, MonitoringPeriod
from .common import require_internal_control, require_manager


@service
def period_create(*, user, entity, vigencia: int, name: str, start: date, end: date) -> MonitoringPeriod:
    require_manager(user, entity)
    if start and end and end < start:
        raise ValidationError({"end": _("El fin del periodo no puede ser anterior a su inicio.")})
    period = MonitoringPeriod(entity=entity, vigencia=vigencia, name=name.strip(), start=start, end=end)
    period.full_clean()
    period.save()
    return period


def _assessment(control: Control, period: MonitoringPeriod) -> ControlAssessment:
    if period.entity_id != control.risk.entity_id:
        raise ValidationError({"period": _("El periodo de monitoreo es de otra entidad.")})
    assessment, _created = ControlAssessment.objects.get_or_create(control=control, period=period)
    return assessment


@service
def self_assess(
    *,
    user,
    control: Control,
    period: MonitoringPeriod,
    executed: bool,
    note: str,
    files=(),
    links=(),
    existing=(),
) -> ControlAssessment:
    """First line: the control's owner or the process leader says whether the control was executed in the
    period, with evidence (files are checked and hashed by mipg.core)."""
    if not permissions.can_self_assess(user, control):
        raise PermissionDenied(
            _("Solo el responsable del control o el líder del proceso pueden hacer su autoevaluación.")
        )
    if executed is None:
        raise ValidationError({"executed": _("Indique si el control se ejecutó en el periodo.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Describa cómo se ejecutó el control en el periodo.")})
    entity = control.risk.entity
    existing = list(existing or ())
    for evidence in existing:
        if evidence.entity_id != entity.pk:
            raise ValidationError(
                {"evidence": _("La evidencia «%(ev)s» es de otra entidad.") % {"ev": evidence}}
            )
    if not (files or [link for link in links or () if link] or existing):
        raise ValidationError({"evidence": _("Adjunte al menos una evidencia (archivo o enlace).")})
    assessment = _assessment(control, period)
    if assessment.evaluated_at is not None:
        raise ValidationError(
            _("Control interno ya evaluó este control en el periodo: la autoevaluación no cambia.")
        )
    created = [
        evidence_create(
            user=user, entity=entity, title=_("Evidencia de %(c)s") % {"c": control.name[:200]}, file=f
        )
        for f in files or ()
    ]
    created += [
        evidence_create(
            user=user, entity=entity, title=_("Evidencia de %(c)s") % {"c": control.name[:200]}, url=link
        )
        for link in links or ()
        if link
    ]
    assessment.executed = executed
    assessment.self_note = note.strip()
    assessment.self_assessed_by = user
    assessment.self_assessed_at = timezone.now()
    # a new self-assessment goes back to the second line
    assessment.review = ""
    assessment.review_note = ""
    assessment.reviewed_by = None
    assessment.reviewed_at = None
    assessment.full_clean()
    assessment.save()
    assessment.evidence.add(*created, *existing)
    record_event(user=user, obj=assessment, verb="control autoevaluado (primera línea)")
    return assessment


@service
def review(*, user, assessment: ControlAssessment, result: str, note: str = "") -> ControlAssessment:
    """Second line: planning (or the risk office) reviews the self-assessment."""
    entity = assessment.control.risk.entity
    if not permissions.can_review(user, entity):
        raise PermissionDenied(
            _("Solo la oficina de planeación (segunda línea) revisa las autoevaluaciones.")
        )
    if assessment.self_assessed_at is None:
        raise ValidationError(_("El control aún no tiene autoevaluación de la primera línea."))
    if result not in ControlAssessment.Review.values:
        raise ValidationError({"review": _("Elija «conforme» o «con observaciones».")})
    if result == ControlAssessment.Review.OBSERVED and not note.strip():
        raise ValidationError({"note": _("Escriba las observaciones de la revisión.")})
    assessment.review = result
    assessment.review_note = note.strip()
    assessment.reviewed_by = user
    assessment.reviewed_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    record_event(user=user, obj=assessment, verb="autoevaluación revisada (segunda línea)")
    return assessment


@service
def evaluate(
    *,
    user,
    assessment: ControlAssessment,
    design_present: bool,
    operating: bool,
    note: str = "",
    finding: str = "",
) -> ControlAssessment:
    """Third line: control interno rates design («presente») and execution («funcionando»). A control that
    is not present or not working, or an explicit finding, opens a finding in an improvement plan with
    origin «seguimiento de riesgos»."""
    control = assessment.control
    risk = control.risk
    require_internal_control(user, risk.entity)
    if design_present is None or operating is None:
        raise ValidationError(_("Indique si el control está presente y si está funcionando."))
    if operating and not design_present:
        raise ValidationError({"operating": _("Un control que no está presente no puede estar funcionando.")})
    if assessment.evaluated_at is not None:
        raise ValidationError(_("Este control ya fue evaluado en el periodo."))
    failed = not (design_present and operating)
    if failed and not (note.strip() or finding.strip()):
        raise ValidationError({"note": _("Explique por qué el control no está presente o no funciona.")})
    assessment.design_present = design_present
    assessment.operating = operating
    assessment.evaluation_note = note.strip()
    assessment.evaluated_by = user
    assessment.evaluated_at = timezone.now()
    if failed or finding.strip():
        state = []
        if not design_present:
            state.append(_("no está presente"))
        if not operating:
            state.append(_("no está funcionando"))
        description = finding.strip() or _(
            "El control «%(c)s» del riesgo %(r)s (proceso %(p)s) %(state)s en el periodo %(period)s."
        ) % {
            "c": control.name,
            "r": risk.code,
            "p": risk.process.name,
            "state": _(" y ").join(state),
            "period": assessment.period.name,
        }
        assessment.finding = finding_open(
            user=user,
            entity=risk.entity,
            vigencia=assessment.period.vigencia,
            origin=Finding.Origin.RISK_MONITORING,
            description=description,
            cause=note,
        )
    assessment.full_clean()
    assessment.save()
    record_event(
        user=user,
        obj=assessment,
        verb="control evaluado (tercera línea)",
        data={"presente": design_present, "funcionando": operating},
    )
    return assessment


# ------------------------------------------------------------------ corruption risk map follow-up


def add_business_days(start: date, days: int) -> date:
    """`days` business days (Monday to Friday) after `start`. National holidays are not counted as
    business days only when they fall on a weekend: the entity publishes earlier if a holiday interferes."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def follow_up_schedule(vigencia: int) -> list[dict]:
    rules = follow_up_rules()
    rows = []
    for cut in rules["cuts"]:
        cut_date = date(vigencia, cut["month"], cut["day"])
        rows.append(
            {
                "cut": cut["number"],
                "cut_date": cut_date,
                "due_date": add_business_days(cut_date, rules["business_days"]),
            }
        )
    return rows


@service
def follow_up_record(
    *,
    user,
    entity,
    vigencia: int,
    cut: int,
    summary: str,
    published_on: date | None = None,
    published_url: str = "",
) -> CorruptionFollowUp:
    """Control interno records (or completes) its follow-up of the corruption risk map at a cut."""
    require_internal_control(user, entity)
    schedule = {row["cut"]: row for row in follow_up_schedule(vigencia)}
    if cut not in schedule:
        raise ValidationError(
            {"cut": _("El corte debe ser 1 (30 de abril), 2 (31 de agosto) o 3 (31 de diciembre).")}
        )
    if not summary.strip():
        raise ValidationError({"summary": _("Escriba el resultado del seguimiento.")})
    follow_up = CorruptionFollowUp.objects.filter(entity=entity, vigencia=vigencia, cut=cut).first() or (
        CorruptionFollowUp(entity=entity, vigencia=vigencia, cut=cut, recorded_by=user)
    )
    follow_up.cut_date = schedule[cut]["cut_date"]
    follow_up.due_date = schedule[cut]["due_date"]
    if published_on and published_on < follow_up.cut_date:
        raise ValidationError(
            {"published_on": _("El seguimiento no puede publicarse antes de la fecha de corte.")}
        )
    follow_up.summary = summary.strip()
    follow_up.published_on = published_on
    follow_up.published_url = published_url.strip()
    follow_up.full_clean()
    follow_up.save()
    record_event(user=user, obj=follow_up, verb="seguimiento al mapa de riesgos de corrupción")
    return follow_up
