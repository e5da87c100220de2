from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mipg.core.audit import record_event, service
from mipg.core.concurrency import Conflict, conflict_on_integrity, lock, lock_pk
from mipg.core.models import Evidence
from mipg.core.numbers import format_number, format_percent

from ..models import ActionPlan, Activity, Goal, ProgressReport
from ..permissions import can_report
from .common import attach_evidence, require_manager, require_same_entity

HUNDRED = Decimal("100")
PENDING_REPORT_MESSAGE = gettext_lazy("Ya hay un reporte de este periodo pendiente de revisión.")


def weight_problems(plan: ActionPlan) -> list[str]:
    """Spanish messages for every goal whose activity weights do not add up to 100."""
    totals = {
        row["id"]: (row["code"], row["total"] or Decimal("0"))
        for row in Goal.objects.filter(plan=plan)
        .values("id", "code")
        .annotate(total=Sum("activities__weight"))
    }
    return [
        _("Los pesos de las actividades de la meta %(goal)s suman %(total)s y deben sumar 100.")
        % {"goal": code, "total": format_number(total)}
        for code, total in totals.values()
        if total != HUNDRED
    ]


@service
def plan_create(*, user, entity, vigencia: int, name: str = "") -> ActionPlan:
    require_manager(user, entity)
    if ActionPlan.objects.filter(entity=entity, vigencia=vigencia).exists():
        raise ValidationError(
            _("La entidad ya tiene un plan de acción para la vigencia %(v)s.") % {"v": vigencia}
        )
    plan = ActionPlan(
        entity=entity,
        vigencia=vigencia,
        name=name.strip() or _("Plan de Acción %(v)s") % {"v": vigencia},
    )
    plan.full_clean()
    plan.save()
    record_event(user=user, obj=plan, verb=_("plan de acción creado"))
    return plan


@service
def plan_set_status(*, user, plan: ActionPlan, status: str) -> ActionPlan:
    """Move the plan between formulación, ejecución and cerrado. Approving ("en ejecución") requires every
    goal to have activities whose weights add up to 100."""
    require_manager(user, plan.entity)
    if status not in ActionPlan.Status.values:
        raise ValidationError(_("Estado no válido."))
    lock(plan)
    if plan.status == status:
        raise Conflict(
            _("El plan ya está «%(status)s»; otra persona pudo cambiarlo. Recargue la página.")
            % {"status": plan.get_status_display()}
        )
    if status == ActionPlan.Status.IN_EXECUTION:
        problems = weight_problems(plan)
        if not Goal.objects.filter(plan=plan).exists():
            problems.append(_("El plan no tiene metas ni actividades."))
        if problems:
            raise ValidationError(problems)
        plan.approved_at = plan.approved_at or timezone.now()
    if (
        status == ActionPlan.Status.DRAFT
        and ProgressReport.objects.filter(activity__goal__plan=plan).exists()
    ):
        raise ValidationError(_("El plan ya tiene reportes de avance; no puede volver a formulación."))
    previous = plan.get_status_display()
    plan.status = status
    plan.full_clean()
    plan.save()
    record_event(
        user=user,
        obj=plan,
        verb=_("plan en ejecución")
        if status == ActionPlan.Status.IN_EXECUTION
        else _("estado del plan cambiado"),
        description=f"{previous} → {plan.get_status_display()}",
    )
    return plan


def _require_draft(plan: ActionPlan) -> None:
    """Lock the plan (as `plan_set_status` does) and check it is still in formulación: no goal or
    activity changes while another request approves the plan."""
    lock(plan)
    if plan.status != ActionPlan.Status.DRAFT:
        raise ValidationError(
            _("El plan ya no está en formulación; no se pueden cambiar metas ni actividades.")
        )


@service
def goal_save(
    *, user, plan: ActionPlan, code: str, name: str, indicator=None, goal: Goal | None = None
) -> Goal:
    """Create or update a goal while the plan is in formulación (weights are checked at approval)."""
    require_manager(user, plan.entity)
    _require_draft(plan)
    require_same_entity(plan.entity, indicator, field="indicator")
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError(_("La meta no pertenece a este plan."))
    created = goal is None
    if created:
        goal = Goal(plan=plan, order=(plan.goals.aggregate(top=Max("order"))["top"] or 0) + 1)
    goal.code, goal.name, goal.indicator = code.strip(), name.strip(), indicator
    if Goal.objects.filter(plan=plan, code=goal.code).exclude(pk=goal.pk).exists():
        raise ValidationError({"code": _("Ya hay una meta con el código «%(code)s».") % {"code": goal.code}})
    goal.full_clean()
    goal.save()
    record_event(user=user, obj=goal, verb=_("meta creada") if created else _("meta actualizada"))
    return goal


@service
def goal_delete(*, user, goal: Goal) -> None:
    """Delete a goal and its activities while the plan is in formulación and nothing was reported on them."""
    goal = Goal.objects.select_related("plan__entity").get(pk=goal.pk)
    plan = goal.plan
    require_manager(user, plan.entity)
    if ProgressReport.objects.filter(activity__goal=goal).exists():
        raise ValidationError(_("La meta tiene actividades con reportes de avance; no se puede eliminar."))
    _require_draft(plan)
    count = goal.activities.count()
    description = ngettext("%(goal)s, con %(n)s actividad", "%(goal)s, con %(n)s actividades", count) % {
        "goal": goal,
        "n": count,
    }
    goal.delete()
    # The goal is gone: the readable event stays in the plan's history.
    record_event(user=user, obj=plan, verb=_("meta eliminada"), description=description)


@service
def activity_save(*, user, goal: Goal, activity: Activity | None = None, **data) -> Activity:
    """Create or update an activity while the plan is in formulación."""
    plan = goal.plan
    require_manager(user, plan.entity)
    _require_draft(plan)
    activity = activity or Activity(goal=goal)
    for field in (
        "code",
        "name",
        "responsible_dependencia",
        "responsible_person",
        "start_date",
        "end_date",
        "weight",
        "deliverable",
        "policy",
    ):
        if field in data:
            setattr(activity, field, data[field])
    require_same_entity(plan.entity, activity.responsible_dependencia, field="responsible_dependencia")
    require_same_entity(plan.entity, activity.responsible_person, field="responsible_person")
    created = activity.pk is None
    if created:
        activity.order = (goal.activities.aggregate(top=Max("order"))["top"] or 0) + 1
    if Activity.objects.filter(goal=goal, code=activity.code).exclude(pk=activity.pk).exists():
        raise ValidationError(
            {"code": _("Ya hay una actividad con el código «%(code)s» en la meta.") % {"code": activity.code}}
        )
    activity.full_clean()
    activity.save()
    record_event(
        user=user, obj=activity, verb=_("actividad creada") if created else _("actividad actualizada")
    )
    return activity


@service
def activity_delete(*, user, activity: Activity) -> None:
    """Delete an activity while the plan is in formulación, only if it has no progress reports."""
    activity = Activity.objects.select_related("goal__plan__entity").get(pk=activity.pk)
    plan = activity.goal.plan
    require_manager(user, plan.entity)
    if ProgressReport.objects.filter(activity=activity).exists():
        raise ValidationError(
            _("La actividad tiene reportes de avance; no se puede eliminar para no perder su historia.")
        )
    _require_draft(plan)
    description = str(activity)
    activity.delete()
    record_event(user=user, obj=plan, verb=_("actividad eliminada"), description=description)


def _refresh_progress(activity: Activity) -> None:
    """The activity's roll-up figure is the cumulative percent of its latest approved report (0 if none)."""
    latest = (
        ProgressReport.objects.filter(activity=activity, status=ProgressReport.Status.APPROVED)
        .order_by("-period", "-reviewed_at")
        .first()
    )
    activity.progress = latest.percent if latest else Decimal("0")
    activity.save(update_fields=["progress"])


def _last_standing_percent(activity: Activity, period: str):
    """Cumulative percent of the latest report (approved or pending) of an earlier or the same period."""
    report = (
        ProgressReport.objects.filter(activity=activity, period__lte=period)
        .exclude(status=ProgressReport.Status.RETURNED)
        .order_by("-period", "-reported_at")
        .first()
    )
    return report.percent if report else None


@service
def progress_report_submit(
    *,
    user,
    activity: Activity,
    period: str,
    percent,
    narrative: str,
    backward_reason: str = "",
    files=(),
    links=(),
    existing_evidence=(),
) -> ProgressReport:
    """The activity owner (or the policy leader) reports cumulative progress for a period, with evidence."""
    activity = Activity.objects.select_related("goal__plan__entity", "responsible_person").get(pk=activity.pk)
    plan = activity.goal.plan
    if not can_report(user, activity):
        raise PermissionDenied(_("No puede reportar avance de esta actividad."))
    # One submitter at a time per activity: the checks below then see the reports others committed.
    lock_pk(Activity, activity.pk)
    if plan.status != ActionPlan.Status.IN_EXECUTION:
        raise ValidationError(
            _("El plan de acción no está en ejecución; todavía no se puede reportar avance.")
        )
    errors = {}
    try:
        percent = Decimal(str(percent)).quantize(Decimal("0.1"))
    except Exception:
        raise ValidationError({"percent": _("Escriba el avance como un número entre 0 y 100.")}) from None
    if percent > HUNDRED:
        errors["percent"] = _("El avance no puede superar el 100 %.")
    elif percent < 0:
        errors["percent"] = _("El avance no puede ser negativo.")
    if period not in dict(ProgressReport._meta.get_field("period").choices):
        errors["period"] = _("Periodo no válido.")
    if not narrative.strip():
        errors["narrative"] = _("Describa lo realizado en el periodo.")
    if errors:
        raise ValidationError(errors)
    same_period = ProgressReport.objects.filter(activity=activity, period=period)
    if same_period.filter(status=ProgressReport.Status.APPROVED).exists():
        raise Conflict(_("El avance de este periodo ya fue aprobado y está bloqueado."))
    if same_period.filter(status=ProgressReport.Status.SUBMITTED).exists():
        raise Conflict(PENDING_REPORT_MESSAGE)
    previous = _last_standing_percent(activity, period)
    if previous is not None and percent < previous and not backward_reason.strip():
        raise ValidationError(
            {
                "backward_reason": _(
                    "El avance (%(new)s %%) es menor que el reportado antes (%(old)s %%): explique el motivo."
                )
                % {"new": format_number(percent, 1), "old": format_number(previous, 1)}
            }
        )
    report = ProgressReport(
        activity=activity,
        period=period,
        percent=percent,
        narrative=narrative.strip(),
        backward_reason=backward_reason.strip(),
        reported_by=user,
    )
    report.full_clean(validate_constraints=False)
    with conflict_on_integrity(PENDING_REPORT_MESSAGE, ProgressReport, "operation_one_standing_report"):
        report.save()
    attach_evidence(
        user=user,
        entity=plan.entity,
        target_m2m=report.evidence,
        title=_("Evidencia %(code)s %(period)s") % {"code": activity.code, "period": period},
        files=files,
        links=links,
        existing=existing_evidence,
    )
    record_event(user=user, obj=report, verb=_("avance reportado"), description=format_percent(percent))
    return report


@service
def progress_report_review(
    *, user, report: ProgressReport, approve: bool, comment: str = ""
) -> ProgressReport:
    """Planeación approves (locks) or returns a report; a return needs a comment."""
    report = ProgressReport.objects.select_related("activity__goal__plan__entity").get(pk=report.pk)
    activity = report.activity
    require_manager(user, activity.goal.plan.entity)
    if not approve and not comment.strip():
        raise ValidationError({"review_comment": _("Escriba la observación por la que devuelve el reporte.")})
    lock(report)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise Conflict(
            _("Este reporte ya fue revisado (%(status)s) y no se puede cambiar.")
            % {"status": report.get_status_display()}
        )
    rejected = [e.title for e in report.evidence.all() if e.status == Evidence.Status.REJECTED]
    if approve and rejected:
        raise ValidationError(
            _("Control interno rechazó la evidencia «%(titles)s»: devuelva el reporte para reemplazarla.")
            % {"titles": "», «".join(rejected)}
        )
    report.status = ProgressReport.Status.APPROVED if approve else ProgressReport.Status.RETURNED
    report.review_comment = comment.strip()
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.full_clean()
    report.save()
    if approve:
        _refresh_progress(activity)
    record_event(
        user=user,
        obj=report,
        verb=_("avance aprobado") if approve else _("avance devuelto"),
        description=comment,
    )
    return report


@service
def progress_reports_reopen(*, user, evidence, note: str = "") -> list[ProgressReport]:
    """Control interno rejected `evidence`: every approved report resting on it is reopened (back to
    «devuelto», so its owner reports the period again with new evidence) with the reason, and leaves the
    roll-up: the activity's progress falls back to its latest approved report still standing."""
    reopened = []
    reports = ProgressReport.objects.filter(evidence=evidence, status=ProgressReport.Status.APPROVED)
    for report in reports.select_related("activity").order_by("pk"):
        lock_pk(Activity, report.activity_id)
        lock(report)
        if report.status != ProgressReport.Status.APPROVED:
            continue
        report.status = ProgressReport.Status.RETURNED
        report.reopened_at = timezone.now()
        report.reopened_reason = (
            _("Control interno rechazó la evidencia «%(title)s»: %(note)s")
            % {"title": evidence.title, "note": note.strip() or "—"}
        )[:5000]
        report.full_clean(validate_constraints=False)
        report.save()
        _refresh_progress(report.activity)
        record_event(
            user=user,
            obj=report,
            verb=_("avance reabierto por evidencia rechazada"),
            description=report.reopened_reason,
            data={"evidence": evidence.pk, "percent": str(report.percent)},
        )
        reopened.append(report)
    return reopened


def on_evidence_rejected(sender, *, evidence, user, note="", **kwargs) -> None:
    """Receiver of `mipg.core.signals.evidence_rejected` (connected in OperationConfig.ready)."""
    progress_reports_reopen(user=user, evidence=evidence, note=note)
