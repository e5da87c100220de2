"""Turns auditlog entries into rows a person can read: Spanish field labels, choice names, related
objects by name, Sí/No, local dates (auditlog's `changes_display_dict` does most of it)."""

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


def _shown_labels(model) -> set[str]:
    """Labels of the fields people edit; reverse relations and internal columns (paths) are left out."""
    return {str(field.verbose_name) for field in model._meta.concrete_fields if field.editable}


def history_rows(entries) -> list[dict]:
    rows = []
    labels_by_model = {}
    for entry in entries:
        model = entry.content_type.model_class()
        if model not in labels_by_model:
            labels_by_model[model] = _shown_labels(model) if model else set()
        changes = []
        for label, values in entry.changes_display_dict.items():
            if (
                str(label) not in labels_by_model[model]
                or not isinstance(values, (list, tuple))
                or len(values) != 2
            ):
                continue
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
