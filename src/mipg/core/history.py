"""Turns auditlog entries into rows a person can read: Spanish field labels, choice names, related
objects by name, Sí/No, local dates (auditlog's `changes_display_dict` does most of it)."""

from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.utils.translation import gettext as _

ACTION_LABELS = {
    LogEntry.Action.CREATE: _("Creación"),
    LogEntry.Action.UPDATE: _("Modificación"),
    LogEntry.Action.DELETE: _("Eliminación"),
    LogEntry.Action.ACCESS: _("Consulta"),
}
VALUE_LABELS = {"None": "—", "": "—", "True": _("Sí"), "False": _("No")}


def person_name(user) -> str:
    if user is None:
        return _("Sistema")
    return user.get_full_name() or user.username


def readable_value(value) -> str:
    text = str(value)
    return VALUE_LABELS.get(text, text)


def _decimal_places(model) -> dict[str, int | None]:
    """Labels of the decimal fields of the model with their decimals (None for floats)."""
    from django.db import models

    places = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DecimalField):
            places[str(field.verbose_name)] = field.decimal_places
        elif isinstance(field, models.FloatField):
            places[str(field.verbose_name)] = None
    return places


def readable_number(value, places) -> str:
    """A stored number ("61.0") as Colombians read it ("61,0"); other values as `readable_value`."""
    from .numbers import format_number

    text = readable_value(value)
    if text == "—":
        return text
    try:
        return format_number(Decimal(str(value)), places)
    except (InvalidOperation, ValueError):
        return text


def _shown_labels(model) -> set[str]:
    """Labels of the fields people edit; reverse relations and internal columns (paths) are left out."""
    return {str(field.verbose_name) for field in model._meta.concrete_fields if field.editable}


def history_rows(entries) -> list[dict]:
    rows = []
    labels_by_model = {}
    numbers_by_model = {}
    for entry in entries:
        model = entry.content_type.model_class()
        if model not in labels_by_model:
            labels_by_model[model] = _shown_labels(model) if model else set()
            numbers_by_model[model] = _decimal_places(model) if model else {}
        changes = []
        for label, values in entry.changes_display_dict.items():
            if (
                str(label) not in labels_by_model[model]
                or not isinstance(values, (list, tuple))
                or len(values) != 2
            ):
                continue
            if str(label) in numbers_by_model[model]:
                places = numbers_by_model[model][str(label)]
                before, after = readable_number(values[0], places), readable_number(values[1], places)
            else:
                before, after = readable_value(values[0]), readable_value(values[1])
            if before != after:
                changes.append((str(label)[:1].upper() + str(label)[1:], before, after))
        rows.append(
            {
                "timestamp": entry.timestamp,
                "actor": person_name(entry.actor),
                "action": ACTION_LABELS.get(entry.action, str(entry.action)),
                "changes": changes,
            }
        )
    return rows
