"""Writes: improvement plans, findings, actions, progress and verification."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service
from mipg.core.concurrency import Conflict, lock
from mipg.core.models import Evidence
from mipg.organizations.models import Entity

from ..models import (
    ActionProgress,
    Finding,
    ImprovementAction,
    ImprovementPlan,
    Recommendation,
)
from ..permissions import can_manage_plans, can_verify


def _require_manager(user, entity):
    if not can_manage_plans(user, entity):
        raise PermissionDenied(_("No puede modificar planes de mejoramiento de esta entidad."))


@service
def plan_create(*, user, entity: Entity, name: str, vigencia: int | None = None, is_demo: bool = False):
    _require_manager(user, entity)
    plan = ImprovementPlan(
        entity=entity, name=name.strip(), vigencia=vigencia, created_by=user, is_demo=is_demo
    )
    plan.full_clean()
    plan.save()
    record_event(user=user, obj=plan, verb="plan de mejoramiento creado")
    return plan


# Origins that control interno (third line) opens on its own, into its plan of the vigencia.
CONTROL_ORIGINS = (Finding.Origin.INTERNAL_AUDIT, Finding.Origin.RISK_MONITORING)


def _plan_of_origin(*, user, entity: Entity, vigencia: int) -> ImprovementPlan:
    """The entity's control-interno improvement plan of the vigencia, created on first use."""
    name = _("Plan de mejoramiento de control interno %(v)s") % {"v": vigencia}
    plan = ImprovementPlan.objects.filter(entity=entity, vigencia=vigencia, name=name).first()
    if plan is None:
        plan = ImprovementPlan(entity=entity, vigencia=vigencia, name=name, created_by=user)
        plan.full_clean()
        plan.save()
        record_event(user=user, obj=plan, verb="plan de mejoramiento creado")
    return plan


@service
def finding_open(
    *,
    user,
    origin: str,
    description: str,
    cause: str = "",
    plan: ImprovementPlan | None = None,
    entity: Entity | None = None,
    vigencia: int | None = None,
    policy=None,
    recommendation=None,
) -> Finding:
    """The one way a finding enters an improvement plan, whoever opens it: the results pages and API (into
    `plan`), FURAG recommendations, and control interno's audits and third-line evaluations (origins in
    CONTROL_ORIGINS, into the entity's control-interno plan of `vigencia`, created on first use). Planeación
    and policy leaders open any finding; control interno opens those of its own origins. Same validation and
    the same «hallazgo registrado» event for all."""
    if plan is None:
        if entity is None or vigencia is None or origin not in CONTROL_ORIGINS:
            raise ValidationError({"plan": _("Elija el plan de mejoramiento del hallazgo.")})
    target = plan.entity if plan is not None else entity
    if not (can_manage_plans(user, target) or (origin in CONTROL_ORIGINS and can_verify(user, target))):
        raise PermissionDenied(_("No puede registrar hallazgos en planes de mejoramiento de esta entidad."))
    if recommendation is not None and recommendation.entity_id != target.pk:
        raise ValidationError(_("La recomendación es de otra entidad."))
    if plan is None:
        plan = _plan_of_origin(user=user, entity=entity, vigencia=vigencia)
    finding = Finding(
        plan=plan,
        origin=origin,
        description=description.strip(),
        cause=cause.strip(),
        policy=policy or (recommendation.policy if recommendation else None),
        recommendation=recommendation,
    )
    finding.full_clean()
    finding.save()
    record_event(user=user, obj=finding, verb="hallazgo registrado", description=finding.description[:200])
    return finding


# The name the results pages and API call; same service (they may switch to `finding_open`).
finding_create = finding_open


def _check_dates(start_date: date, due_date: date):
    if start_date and due_date and due_date < start_date:
        raise ValidationError(
            {"due_date": _("La fecha de terminación no puede ser anterior a la de inicio.")}
        )


@service
def action_create(
    *,
    user,
    finding: Finding,
    description: str,
    start_date: date,
    due_date: date,
    responsible: str = "",
    dependencia=None,
    deliverable: str = "",
    indicator: str = "",
) -> ImprovementAction:
    _require_manager(user, finding.plan.entity)
    lock(finding)
    if finding.status == Finding.Status.CLOSED:
        raise Conflict(_("El hallazgo está cerrado: no admite nuevas acciones."))
    if dependencia is not None and dependencia.entity_id != finding.plan.entity_id:
        raise ValidationError({"dependencia": _("La dependencia es de otra entidad.")})
    _check_dates(start_date, due_date)
    action = ImprovementAction(
        finding=finding,
        description=description.strip(),
        start_date=start_date,
        due_date=due_date,
        responsible=responsible.strip(),
        dependencia=dependencia,
        deliverable=deliverable.strip(),
        indicator=indicator.strip(),
    )
    action.full_clean()
    action.save()
    if finding.recommendation_id:
        Recommendation.objects.filter(
            pk=finding.recommendation_id, status=Recommendation.Status.PENDING
        ).update(status=Recommendation.Status.IN_ACTION)
    return action


@service
def actions_from_recommendations(
    *,
    user,
    plan: ImprovementPlan,
    recommendations: list[Recommendation],
    start_date: date,
    due_date: date,
    responsible: str = "",
    dependencia=None,
) -> list[ImprovementAction]:
    """One finding (origin FURAG) and one action per selected recommendation, in one transaction."""
    _require_manager(user, plan.entity)
    if not recommendations:
        raise ValidationError(_("Seleccione al menos una recomendación."))
    _check_dates(start_date, due_date)
    actions = []
    for recommendation in recommendations:
        if recommendation.entity_id != plan.entity_id:
            raise ValidationError(_("Una de las recomendaciones es de otra entidad."))
        if recommendation.status != Recommendation.Status.PENDING:
            raise ValidationError(
                _("La recomendación «%(text)s» ya está en una acción de mejora.")
                % {"text": recommendation.text[:80]}
            )
        finding = finding_open(
            user=user,
            plan=plan,
            origin=Finding.Origin.FURAG,
            description=recommendation.text,
            cause=_("Por analizar (recomendación FURAG %(year)s).") % {"year": recommendation.vigencia},
            recommendation=recommendation,
        )
        actions.append(
            action_create(
                user=user,
                finding=finding,
                description=_("Atender la recomendación: %(text)s") % {"text": recommendation.text},
                start_date=start_date,
                due_date=due_date,
                responsible=responsible,
                dependencia=dependencia,
                deliverable=_("Evidencia de implementación de la recomendación"),
                indicator=_("Recomendación implementada (sí/no)"),
            )
        )
    record_event(
        user=user,
        obj=plan,
        verb="acciones creadas desde recomendaciones",
        description=_("%(n)s acciones") % {"n": len(actions)},
        data={"recommendations": [r.pk for r in recommendations]},
    )
    return actions


@service
def progress_report(
    *, user, action: ImprovementAction, percent: int, note: str, evidence=()
) -> ActionProgress:
    entity = action.finding.plan.entity
    _require_manager(user, entity)
    if percent is None or not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": _("El avance debe estar entre 0 y 100.")})
    lock(action)
    if action.status == ImprovementAction.Status.EFFECTIVE:
        raise Conflict(_("La acción ya fue verificada como eficaz: no admite más avances."))
    if int(percent) < action.progress:
        raise ValidationError(
            {"percent": _("El avance acumulado no puede bajar (hoy es %(p)s%%).") % {"p": action.progress}}
        )
    for item in evidence:
        if item.entity_id != entity.pk:
            raise ValidationError(_("La evidencia es de otra entidad."))
    report = ActionProgress(action=action, reported_by=user, percent=int(percent), note=note.strip())
    report.full_clean()
    report.save()
    if evidence:
        report.evidence.add(*evidence)
        action.evidence.add(*evidence)
    action.progress = int(percent)
    action.status = (
        ImprovementAction.Status.COMPLETED if action.progress == 100 else ImprovementAction.Status.IN_PROGRESS
    )
    action.full_clean()
    action.save()
    return report


def evidence_problems(action: ImprovementAction) -> list[str]:
    """Why the action cannot be verified effective yet (Spanish messages; empty when it can): it needs
    verified evidence, none of its evidence may be pending, and a rejected piece counts against it until
    a piece verified later replaces it (the responsible attaches new evidence with a progress report)."""
    evidence = list(action.evidence.order_by("uploaded_at", "pk"))
    verified = [item for item in evidence if item.status == Evidence.Status.VERIFIED]
    problems = []
    if not verified:
        problems.append(_("La acción no tiene evidencia verificada por control interno."))
    for item in evidence:
        if item.status == Evidence.Status.PENDING:
            problems.append(
                _("La evidencia «%(title)s» está pendiente de verificación.") % {"title": item.title}
            )
        elif item.status == Evidence.Status.REJECTED and not any(
            (v.uploaded_at, v.pk) > (item.uploaded_at, item.pk) for v in verified
        ):
            problems.append(
                _("La evidencia «%(title)s» fue rechazada y no la reemplaza otra verificada.")
                % {"title": item.title}
            )
    return problems


@service
def action_verify(*, user, action: ImprovementAction, effective: bool, note: str = "") -> ImprovementAction:
    """Control interno verifies the effectiveness of an executed action; not effective sends it back."""
    if not can_verify(user, action.finding.plan.entity):
        raise PermissionDenied(_("Solo control interno verifica la eficacia de las acciones de mejora."))
    if not effective and not note.strip():
        raise ValidationError(_("Escriba por qué la acción no fue eficaz."))
    lock(action)
    if action.status != ImprovementAction.Status.COMPLETED:
        raise Conflict(
            _("Solo se verifica una acción ejecutada al 100 %% (hoy está «%(status)s»).")
            % {"status": action.get_status_display()}
        )
    if effective:
        problems = evidence_problems(action)
        if problems:
            raise ValidationError(problems)
    # The percentage is the execution reported by the responsible (the latest progress report);
    # verification never rewrites it: "no eficaz" is told by the status, not by a made-up 99 %.
    action.status = (
        ImprovementAction.Status.EFFECTIVE if effective else ImprovementAction.Status.NOT_EFFECTIVE
    )
    action.verification_note = note.strip()
    action.verified_by = user
    action.verified_at = timezone.now()
    action.full_clean()
    action.save()
    record_event(
        user=user,
        obj=action,
        verb="acción verificada eficaz" if effective else "acción no eficaz",
        description=note,
    )
    return action


@service
def finding_close(*, user, finding: Finding) -> Finding:
    _require_manager(user, finding.plan.entity)
    lock(finding)
    if finding.status == Finding.Status.CLOSED:
        raise Conflict(_("El hallazgo ya está cerrado."))
    actions = list(finding.actions.all())
    if not actions:
        raise ValidationError(_("El hallazgo no tiene acciones: no se puede cerrar."))
    if any(a.status != ImprovementAction.Status.EFFECTIVE for a in actions):
        raise ValidationError(
            _("Solo se cierra un hallazgo cuando control interno verificó eficaces todas sus acciones.")
        )
    finding.status = Finding.Status.CLOSED
    finding.closed_at = timezone.now()
    finding.closed_by = user
    finding.full_clean()
    finding.save()
    if finding.recommendation_id:
        Recommendation.objects.filter(pk=finding.recommendation_id).update(status=Recommendation.Status.DONE)
    record_event(user=user, obj=finding, verb="hallazgo cerrado")
    return finding
