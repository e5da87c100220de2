"""Risk register: risks, controls and the residual computation, treatment, key risk indicators and
materialised events."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service

from .. import permissions, scoring
from ..libraries import corruption_bands, corruption_questions
from ..models import Control, Risk, RiskEvent, RiskPolicy
from .common import require_same_entity

RISK_FIELDS = (
    "process",
    "code",
    "risk_class",
    "impact_text",
    "immediate_cause",
    "root_cause",
    "causes",
    "consequences",
    "assets",
    "inherent_probability",
    "inherent_impact",
    "corruption_answers",
)
CONTROL_FIELDS = (
    "name",
    "description",
    "control_type",
    "implementation",
    "documentation",
    "frequency",
    "evidence_kind",
    "owner",
    "order",
)


def require_editor(user, process) -> None:
    if not permissions.can_edit_risks_of(user, process):
        raise PermissionDenied(
            _("Solo el líder del proceso o la oficina de planeación pueden registrar o cambiar sus riesgos.")
        )


def controls_data(risk: Risk, controls=None) -> list[dict]:
    # never a prefetched (possibly stale) cache: the residual always follows the stored controls
    controls = list(controls) if controls is not None else list(Control.objects.filter(risk_id=risk.pk))
    controls.sort(key=lambda c: (c.order, c.pk or 0))
    return [
        {
            "name": c.name,
            "control_type": c.control_type,
            "implementation": c.implementation,
            "type_label": c.get_control_type_display(),
            "implementation_label": c.get_implementation_display(),
            "pk": c.pk,
        }
        for c in controls
    ]


def risk_worksheet(risk: Risk, controls=None) -> scoring.Worksheet:
    return scoring.worksheet(
        risk.policy.tables,
        probability=risk.inherent_probability,
        impact=risk.inherent_impact,
        controls=controls_data(risk, controls),
        corruption=risk.is_corruption,
    )


def _apply(risk: Risk, sheet: scoring.Worksheet) -> None:
    risk.inherent_zone = sheet.inherent_zone
    risk.residual_probability = sheet.residual_probability["code"]
    risk.residual_impact = sheet.residual_impact["code"]
    risk.residual_probability_percent = sheet.residual_probability_percent
    risk.residual_impact_percent = sheet.residual_impact_percent
    risk.residual_zone = sheet.residual_zone


def recompute(risk: Risk, controls=None) -> Risk:
    """Store the inherent and residual levels computed from the policy's tables and the controls."""
    _apply(risk, risk_worksheet(risk, controls))
    risk.save(
        update_fields=[
            "inherent_zone",
            "residual_probability",
            "residual_impact",
            "residual_probability_percent",
            "residual_impact_percent",
            "residual_zone",
            "updated_at",
        ]
    )
    return risk


def _validate_risk(risk: Risk) -> None:
    tables = risk.policy.tables
    errors = {}
    if risk.process.entity_id != risk.entity_id:
        errors["process"] = _("El proceso es de otra entidad.")
    elif not risk.process.is_active:
        errors["process"] = _("El proceso «%(p)s» está inactivo.") % {"p": risk.process}
    if risk.is_corruption:
        risk.inherent_impact = scoring.corruption_impact(
            tables, list(risk.corruption_answers or []), corruption_questions(), corruption_bands()
        )
    else:
        risk.corruption_answers = []
    codes_p = scoring.level_codes(tables, "probability")
    codes_i = scoring.level_codes(tables, "impact")
    if risk.inherent_probability not in codes_p:
        errors["inherent_probability"] = _(
            "La probabilidad «%(v)s» no está en la escala de la política (%(codes)s)."
        ) % {"v": risk.inherent_probability or "—", "codes": ", ".join(codes_p)}
    if risk.inherent_impact not in codes_i:
        errors["inherent_impact"] = _(
            "El impacto «%(v)s» no está en la escala de la política (%(codes)s)."
        ) % {
            "v": risk.inherent_impact or "—",
            "codes": ", ".join(codes_i),
        }
    if risk.risk_class == Risk.RiskClass.SECURITY and not risk.assets.strip():
        errors["assets"] = _("Un riesgo de seguridad de la información debe listar los activos afectados.")
    if risk.is_corruption and risk.treatment == Risk.Treatment.ACCEPT:
        errors["treatment"] = _("Un riesgo de corrupción nunca se acepta: siempre requiere tratamiento.")
    if errors:
        raise ValidationError(errors)


@service
def risk_save(*, user, policy: RiskPolicy, risk: Risk | None = None, policies=None, **fields) -> Risk:
    """Record or change a risk of the policy's entity and vigencia. Probability and impact must be codes of
    the policy's scales; a corruption risk takes its impact from the yes/no questionnaire."""
    unknown = set(fields) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"unknown risk fields: {unknown}")
    process = fields.get("process") or (risk.process if risk else None)
    if process is None:
        raise ValidationError({"process": _("Indique el proceso del riesgo.")})
    if process.entity_id != policy.entity_id:
        raise ValidationError({"process": _("El proceso es de otra entidad.")})
    if risk is not None:
        require_editor(user, risk.process)
    require_editor(user, process)
    creating = risk is None
    risk = risk or Risk(entity=policy.entity, policy=policy, created_by=user)
    for name, value in fields.items():
        setattr(risk, name, value.strip() if isinstance(value, str) else value)
    if not risk.code:
        risk.code = _next_code(policy)
    _validate_risk(risk)
    _apply(risk, risk_worksheet(risk, [] if creating else None))
    risk.full_clean()
    risk.save()
    if policies is not None:
        risk.policies.set(policies)
    record_event(user=user, obj=risk, verb="riesgo registrado" if creating else "riesgo actualizado")
    return risk


def _next_code(policy: RiskPolicy) -> str:
    count = policy.risks.count() + 1
    code = f"R{count:02d}"
    while policy.risks.filter(code=code).exists():
        count += 1
        code = f"R{count:02d}"
    return code


@service
def control_save(*, user, risk: Risk, control: Control | None = None, **fields) -> Control:
    """Add or change a control; the risk's residual levels are recomputed at once."""
    unknown = set(fields) - set(CONTROL_FIELDS)
    if unknown:
        raise TypeError(f"unknown control fields: {unknown}")
    require_editor(user, risk.process)
    errors = {}
    for name in ("control_type", "implementation"):
        value = fields.get(name, getattr(control, name, "") if control else "")
        if not value:
            errors[name] = (
                _("Indique el tipo del control (preventivo, detectivo o correctivo).")
                if name == "control_type"
                else _("Indique la implementación del control (manual o automático).")
            )
    if errors:
        raise ValidationError(errors)
    owner = fields.get("owner")
    require_same_entity(risk.entity, owner, field="owner")
    creating = control is None
    if creating:
        control = Control(risk=risk)
        if not fields.get("order"):
            fields["order"] = (risk.controls.aggregate(m=Max("order"))["m"] or 0) + 1
    for name, value in fields.items():
        if name == "order" and not value:
            continue
        setattr(control, name, value.strip() if isinstance(value, str) else value)
    scoring.control_weight(risk.policy.tables, control.control_type, control.implementation)
    control.full_clean()
    control.save()
    recompute(risk)
    record_event(
        user=user,
        obj=risk,
        verb="control agregado" if creating else "control actualizado",
        description=control.name,
        data={"control": control.pk, "residual_zone": risk.residual_zone},
    )
    return control


@service
def control_delete(*, user, control: Control) -> None:
    risk = control.risk
    require_editor(user, risk.process)
    if control.assessments.exclude(evaluated_at=None).exists():
        raise ValidationError(_("El control ya fue evaluado por control interno: no se puede eliminar."))
    name = control.name
    control.delete()
    recompute(risk)
    record_event(user=user, obj=risk, verb="control eliminado", description=name)


@service
def risk_set_treatment(
    *, user, risk: Risk, treatment: str, note: str = "", activities=None, improvement_actions=None
) -> Risk:
    """Aceptar, reducir, evitar or compartir. «Reducir» needs actions: activities of the Operación action
    plan or improvement actions, linked (never a third kind of task). Corruption risks are never accepted."""
    require_editor(user, risk.process)
    if treatment not in Risk.Treatment.values:
        raise ValidationError({"treatment": _("Elija un tratamiento: aceptar, reducir, evitar o compartir.")})
    if risk.is_corruption and treatment == Risk.Treatment.ACCEPT:
        raise ValidationError(
            {"treatment": _("Un riesgo de corrupción nunca se acepta: siempre requiere tratamiento.")}
        )
    activities = list(activities) if activities is not None else list(risk.activities.all())
    improvement_actions = (
        list(improvement_actions) if improvement_actions is not None else list(risk.improvement_actions.all())
    )
    require_same_entity(risk.entity, *activities, field="activities")
    require_same_entity(risk.entity, *improvement_actions, field="improvement_actions")
    if treatment == Risk.Treatment.REDUCE and not (activities or improvement_actions):
        raise ValidationError(
            {
                "activities": _(
                    "Para reducir el riesgo vincule al menos una actividad del plan de acción "
                    "o una acción de mejora."
                )
            }
        )
    risk.treatment = treatment
    risk.treatment_note = note.strip()
    risk.full_clean()
    risk.save()
    risk.activities.set(activities)
    risk.improvement_actions.set(improvement_actions)
    record_event(user=user, obj=risk, verb="tratamiento definido", description=risk.get_treatment_display())
    return risk


@service
def risk_set_indicators(*, user, risk: Risk, indicators) -> Risk:
    """Key risk indicators are Operación indicators of the same entity."""
    require_editor(user, risk.process)
    indicators = list(indicators)
    require_same_entity(risk.entity, *indicators, field="indicators")
    risk.indicators.set(indicators)
    return risk


@service
def risk_event_record(*, user, risk: Risk, occurred_on: date, description: str, effect: str) -> RiskEvent:
    """A materialised risk flags the risk and all its controls for review."""
    if not (
        permissions.can_edit_risks_of(user, risk.process)
        or permissions.is_internal_control(user, risk.entity)
    ):
        raise PermissionDenied(_("No puede registrar materializaciones de este riesgo."))
    if occurred_on and occurred_on > date.today():
        raise ValidationError({"occurred_on": _("La fecha de materialización no puede ser futura.")})
    event = RiskEvent(
        risk=risk,
        occurred_on=occurred_on,
        description=description.strip(),
        effect=effect.strip(),
        recorded_by=user,
    )
    event.full_clean()
    event.save()
    risk.needs_review = True
    risk.save(update_fields=["needs_review", "updated_at"])
    for control in risk.controls.all():
        control.needs_review = True
        control.save(update_fields=["needs_review"])
    record_event(user=user, obj=risk, verb="riesgo materializado", description=event.description)
    return event


@service
def risk_mark_reviewed(*, user, risk: Risk) -> Risk:
    """After a materialisation, the leader or planning confirms the risk and its controls were revised."""
    require_editor(user, risk.process)
    risk.needs_review = False
    risk.save(update_fields=["needs_review", "updated_at"])
    for control in risk.controls.filter(needs_review=True):
        control.needs_review = False
        control.save(update_fields=["needs_review"])
    record_event(user=user, obj=risk, verb="riesgo revisado tras su materialización")
    return risk
