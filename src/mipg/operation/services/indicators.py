from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mipg.core.audit import record_event, service
from mipg.core.concurrency import lock_pk

from ..models import Indicator, IndicatorMeasurement, IndicatorTarget
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


def _clean_period(period: str) -> str:
    period = (period or "").strip().upper()
    if not period or len(period) > 20:
        raise ValidationError({"period": _("Indique el periodo, por ejemplo 2026-T1.")})
    return period


@service
def indicator_target_set(*, user, indicator: Indicator, period: str, value) -> IndicatorTarget:
    require_manager(user, indicator.entity)
    period = _clean_period(period)
    lock_pk(Indicator, indicator.pk)
    target, _created = IndicatorTarget.objects.get_or_create(
        indicator=indicator, period=period, defaults={"value": Decimal(str(value))}
    )
    target.value = Decimal(str(value))
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
    """Record (or correct) the measurement of one period; the value is computed from numerator and denominator
    when both are given (as a percentage when the unit is %)."""
    require_manager(user, indicator.entity)
    period = _clean_period(period)
    if numerator_value is not None and denominator_value is not None:
        if Decimal(str(denominator_value)) == 0:
            raise ValidationError({"denominator_value": _("El denominador no puede ser cero.")})
        value = Decimal(str(numerator_value)) / Decimal(str(denominator_value))
        if indicator.unit.strip() == "%":
            value *= 100
    if value is None:
        raise ValidationError({"value": _("Escriba el resultado o el numerador y el denominador.")})
    # Writers of an indicator's series take its lock: the measurement read here is the committed one,
    # so two records of one period at once correct it one after the other instead of colliding.
    lock_pk(Indicator, indicator.pk)
    measurement = IndicatorMeasurement.objects.filter(indicator=indicator, period=period).first()
    measurement = measurement or IndicatorMeasurement(indicator=indicator, period=period, measured_by=user)
    measurement.value = Decimal(str(value)).quantize(Decimal("0.01"))
    measurement.numerator_value = numerator_value
    measurement.denominator_value = denominator_value
    measurement.note = note.strip()
    measurement.measured_by = user
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
        user=user, obj=measurement, verb=_("medición registrada"), description=str(measurement.value)
    )
    return measurement


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
    "indicator_measurement_record",
    "indicator_save",
    "indicator_target_set",
    "require_same_entity",
]
