from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mipg.core.audit import record_event, service
from mipg.core.concurrency import Conflict, lock_pk
from mipg.core.numbers import format_number, parse_decimal

from ..models import Indicator, IndicatorMeasurement, IndicatorTarget
from ..periods import parse_period
from .common import attach_evidence, require_manager, require_same_entity

FIELDS = (
    "vigencia",
    "name",
    "numerator",
    "denominator",
    "unit",
    "frequency",
    "baseline",
    "direction",
    "policy",
    "responsible_dependencia",
)


@service
def indicator_save(*, user, entity, indicator: Indicator | None = None, **data) -> Indicator:
    require_manager(user, entity)
    indicator = indicator or Indicator(entity=entity)
    if indicator.entity_id != entity.pk:
        raise ValidationError(_("El indicador no pertenece a esta entidad."))
    if (
        indicator.pk
        and "frequency" in data
        and data["frequency"] != Indicator.objects.get(pk=indicator.pk).frequency
        and (indicator.measurements.exists() or indicator.targets.exists())
    ):
        raise ValidationError(
            {"frequency": _("El indicador ya tiene metas o mediciones por periodo; su frecuencia no cambia.")}
        )
    for field in FIELDS:
        if field in data:
            setattr(indicator, field, data[field])
    require_same_entity(entity, indicator.responsible_dependencia, field="responsible_dependencia")
    created = indicator.pk is None
    indicator.full_clean()
    indicator.save()
    record_event(
        user=user, obj=indicator, verb=_("indicador creado") if created else _("indicador actualizado")
    )
    return indicator


def _clean_period(indicator: Indicator, period) -> str:
    """The canonical code of a period typed for this indicator's frequency; a wrong one is refused."""
    try:
        return parse_period(period, indicator.frequency).code
    except ValidationError as error:
        raise ValidationError({"period": error.messages}) from error


def _amount(value, field: str):
    try:
        return parse_decimal(value, decimals=2, minimum=0)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


@service
def indicator_target_set(*, user, indicator: Indicator, period: str, value) -> IndicatorTarget:
    require_manager(user, indicator.entity)
    period = _clean_period(indicator, period)
    value = _amount(value, "value")
    if value is None:
        raise ValidationError({"value": _("Escriba la meta.")})
    lock_pk(Indicator, indicator.pk)
    target, _created = IndicatorTarget.objects.get_or_create(
        indicator=indicator, period=period, defaults={"value": value}
    )
    target.value = value
    target.full_clean()
    target.save()
    return target


@service
def indicator_measurement_record(
    *,
    user,
    indicator: Indicator,
    period: str,
    value=None,
    numerator_value=None,
    denominator_value=None,
    note: str = "",
    files=(),
    links=(),
) -> IndicatorMeasurement:
    """Record the measurement of one period; the value is computed from numerator and denominator when both
    are given (as a percentage when the unit is %). A period already measured is corrected with
    `indicator_measurement_correct`, which asks for a reason."""
    require_manager(user, indicator.entity)
    period = _clean_period(indicator, period)
    # Writers of an indicator's series take its lock: two records of one period at once give one
    # measurement and a conflict for the other, never two rows.
    lock_pk(Indicator, indicator.pk)
    if IndicatorMeasurement.objects.filter(indicator=indicator, period=period).exists():
        raise Conflict(
            _("Ese periodo ya tiene una medición. Para cambiarla use «Corregir» e indique el motivo.")
        )
    measurement = IndicatorMeasurement(indicator=indicator, period=period, measured_by=user)
    _set_values(indicator, measurement, value, numerator_value, denominator_value)
    measurement.note = note.strip()
    measurement.full_clean()
    measurement.save()
    attach_evidence(
        user=user,
        entity=indicator.entity,
        target_m2m=measurement.evidence,
        title=_("Medición %(name)s %(period)s") % {"name": indicator.name, "period": period},
        files=files,
        links=links,
    )
    record_event(
        user=user,
        obj=measurement,
        verb=_("medición registrada"),
        description=f"{measurement.period_label}: {format_number(measurement.value)}",
    )
    return measurement


def _set_values(indicator, measurement, value, numerator_value, denominator_value) -> None:
    value = _amount(value, "value")
    numerator_value = _amount(numerator_value, "numerator_value")
    denominator_value = _amount(denominator_value, "denominator_value")
    if numerator_value is not None and denominator_value is not None:
        if denominator_value == 0:
            raise ValidationError({"denominator_value": _("El denominador no puede ser cero.")})
        value = numerator_value / denominator_value
        if indicator.unit.strip() == "%":
            value *= 100
    if value is None:
        raise ValidationError({"value": _("Escriba el resultado o el numerador y el denominador.")})
    measurement.value = value.quantize(Decimal("0.01"))
    measurement.numerator_value = numerator_value
    measurement.denominator_value = denominator_value


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indique el motivo.")})
    return reason


@service
def indicator_measurement_correct(
    *,
    user,
    measurement: IndicatorMeasurement,
    reason: str,
    value=None,
    numerator_value=None,
    denominator_value=None,
    note: str | None = None,
) -> IndicatorMeasurement:
    """Correct a recorded measurement; the reason and the values before and after go to the history."""
    measurement = IndicatorMeasurement.objects.select_related("indicator__entity").get(pk=measurement.pk)
    indicator = measurement.indicator
    require_manager(user, indicator.entity)
    reason = _reason(reason)
    before = format_number(measurement.value)
    _set_values(indicator, measurement, value, numerator_value, denominator_value)
    if note is not None:
        measurement.note = note.strip()
    measurement.measured_by = user
    measurement.full_clean()
    measurement.save()
    description = _("%(period)s: %(before)s → %(after)s. Motivo: %(reason)s") % {
        "period": measurement.period_label,
        "before": before,
        "after": format_number(measurement.value),
        "reason": reason,
    }
    record_event(user=user, obj=measurement, verb=_("medición corregida"), description=description)
    record_event(user=user, obj=indicator, verb=_("medición corregida"), description=description)
    return measurement


@service
def indicator_measurement_delete(*, user, measurement: IndicatorMeasurement, reason: str) -> None:
    """Delete a measurement recorded by mistake; the reason stays in the indicator's history."""
    measurement = IndicatorMeasurement.objects.select_related("indicator__entity").get(pk=measurement.pk)
    indicator = measurement.indicator
    require_manager(user, indicator.entity)
    reason = _reason(reason)
    description = _("%(period)s: %(value)s. Motivo: %(reason)s") % {
        "period": measurement.period_label,
        "value": format_number(measurement.value),
        "reason": reason,
    }
    record_event(user=user, obj=measurement, verb=_("medición eliminada"), description=description)
    record_event(user=user, obj=indicator, verb=_("medición eliminada"), description=description)
    measurement.delete()


@service
def indicator_delete(*, user, indicator: Indicator) -> None:
    """Delete an indicator that holds no history: one with measurements, or used by a goal of an action
    plan, stays (deleting it would lose its measured series or the plan's reference)."""
    indicator = Indicator.objects.select_related("entity").get(pk=indicator.pk)
    require_manager(user, indicator.entity)
    measurements = indicator.measurements.count()
    if measurements:
        raise ValidationError(
            ngettext(
                "El indicador tiene %(n)s medición registrada; no se elimina para no perder su serie "
                "histórica.",
                "El indicador tiene %(n)s mediciones registradas; no se elimina para no perder su serie "
                "histórica.",
                measurements,
            )
            % {"n": measurements}
        )
    goals = list(indicator.goals.select_related("plan").order_by("plan__vigencia", "code")[:5])
    if goals:
        raise ValidationError(
            _("El indicador está asociado a metas del plan de acción (%(goals)s); desvincúlelo primero.")
            % {"goals": ", ".join(f"{g.plan.vigencia} {g.code}" for g in goals)}
        )
    record_event(user=user, obj=indicator, verb=_("indicador eliminado"), description=indicator.formula)
    indicator.delete()


__all__ = [
    "indicator_delete",
    "indicator_measurement_correct",
    "indicator_measurement_delete",
    "indicator_measurement_record",
    "indicator_save",
    "indicator_target_set",
    "require_same_entity",
]
