from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from mipg.core.audit import record_event, service

from ..libraries import decree_612_choices
from ..models import Instrument
from .common import attach_evidence, require_manager, require_same_entity

FIELDS = (
    "vigencia",
    "kind",
    "decree_plan",
    "name",
    "objective",
    "responsible_dependencia",
    "start_date",
    "end_date",
    "status",
    "published_on",
    "published_url",
)


@service
def instrument_save(*, user, entity, instrument: Instrument | None = None, policies=(), **data) -> Instrument:
    """Create or update an implementation instrument of `entity`."""
    require_manager(user, entity)
    if instrument is None:
        instrument = Instrument(entity=entity, created_by=user)
    elif instrument.entity_id != entity.pk:
        raise ValidationError(_("El instrumento no pertenece a esta entidad."))
    for field in FIELDS:
        if field in data:
            setattr(instrument, field, data[field])
    require_same_entity(entity, instrument.responsible_dependencia, field="responsible_dependencia")
    errors = {}
    if instrument.decree_plan:
        if instrument.decree_plan not in dict(decree_612_choices()):
            errors["decree_plan"] = _("«%(code)s» no es uno de los planes del Decreto 612 de 2018.") % {
                "code": instrument.decree_plan
            }
        elif instrument.kind != Instrument.Kind.PLAN:
            errors["kind"] = _("Los planes del Decreto 612 de 2018 son de tipo «Plan».")
    if instrument.start_date and instrument.end_date and instrument.end_date < instrument.start_date:
        errors["end_date"] = _("La fecha de fin no puede ser anterior a la fecha de inicio.")
    if instrument.status == Instrument.Status.PUBLISHED and not instrument.published_on:
        errors["published_on"] = _("Indique la fecha en que se publicó.")
    if errors:
        raise ValidationError(errors)
    created = instrument.pk is None
    instrument.full_clean()
    instrument.save()
    instrument.policies.set(policies)
    record_event(
        user=user,
        obj=instrument,
        verb=_("instrumento creado") if created else _("instrumento actualizado"),
        description=instrument.get_status_display(),
    )
    return instrument


@service
def instrument_add_document(*, user, instrument: Instrument, title: str, file=None, url: str = "") -> list:
    require_manager(user, instrument.entity)
    return attach_evidence(
        user=user,
        entity=instrument.entity,
        target_m2m=instrument.documents,
        title=title or instrument.name,
        files=[file] if file else (),
        links=[url] if url else (),
    )


@service
def instrument_delete(*, user, instrument: Instrument) -> None:
    """Delete an instrument registered by mistake. Only one still in formulación can go: an approved,
    published or closed instrument is part of the entity's record (Decreto 612 compliance), so it is
    retired by setting it to «Cerrado» instead. Its documents stay stored as evidence of the entity."""
    instrument = Instrument.objects.select_related("entity").get(pk=instrument.pk)
    require_manager(user, instrument.entity)
    if instrument.status != Instrument.Status.DRAFT:
        raise ValidationError(
            _(
                "Solo se puede eliminar un instrumento en formulación. Este está «%(status)s» y hace parte "
                "de la historia de la entidad: si ya no está vigente, cámbielo a «Cerrado»."
            )
            % {"status": instrument.get_status_display()}
        )
    # The readable event is kept on the entity's record before the object disappears.
    record_event(
        user=user,
        obj=instrument,
        verb=_("instrumento eliminado"),
        description=f"{instrument.get_kind_display()} · {instrument.vigencia}",
    )
    instrument.delete()
