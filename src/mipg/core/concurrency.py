"""Race-free state transitions: a service locks the row it changes, re-reads it inside its transaction
and checks the state there; two requests that race for the same transition then give one winner and
one `Conflict` (409 in the API, a Spanish message on pages), never two winners nor a 500.

`Conflict` is a `ValidationError`, so every page that already shows a service's Spanish errors shows
the conflict too; the API's exception handler answers it with status 409 and the code "conflict"."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

GONE_MESSAGE = _(
    "El registro ya no existe: otra persona lo retiró mientras usted trabajaba. Recargue la página."
)


class Conflict(ValidationError):
    """The request lost a race or asks for a transition the current state no longer allows."""

    def __init__(self, message=None, code: str = "conflict", params=None):
        super().__init__(
            message or _("Otra persona cambió este registro al mismo tiempo. Recargue la página."),
            code=code,
            params=params,
        )


def lock(obj: models.Model, *, gone_message=None) -> models.Model:
    """Lock `obj`'s row until the end of the current transaction (`SELECT … FOR UPDATE`) and refresh
    `obj` in place from the locked row, so the caller checks the state other requests committed.
    Returns `obj`. A row deleted meanwhile raises `Conflict`. Must run inside `transaction.atomic`
    (every `@service` does). On SQLite the lock is a no-op: SQLite serialises writers by itself."""
    model = type(obj)
    try:
        fresh = model._base_manager.select_for_update().get(pk=obj.pk)
    except model.DoesNotExist:
        raise Conflict(gone_message or GONE_MESSAGE) from None
    for field in model._meta.concrete_fields:
        old = getattr(obj, field.attname)
        new = getattr(fresh, field.attname)
        if old != new:
            setattr(obj, field.attname, new)
            if field.is_relation and field.is_cached(obj):
                field.delete_cached_value(obj)
    return obj


def lock_pk(model: type[models.Model], pk, *, gone_message=None) -> None:
    """Lock a row by primary key without loading it (serialises writers of what hangs from it)."""
    if not list(model._base_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True)):
        raise Conflict(gone_message or GONE_MESSAGE)


@contextlib.contextmanager
def conflict_on_integrity(message, model: type[models.Model], *constraints: str):
    """Translate the `IntegrityError` of a known unique constraint of `model` (by name; SQLite names
    the table's columns instead) raised in the block into `Conflict(message)`. The block runs in a
    savepoint, so the outer transaction stays usable. Any other integrity error propagates."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        text = str(error)
        known = any(name in text for name in constraints) or (
            "UNIQUE constraint failed" in text and f"{model._meta.db_table}." in text
        )
        if known:
            raise Conflict(message) from error
        raise
