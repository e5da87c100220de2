"""Audit trail: django-auditlog records before/after of every write; `record_event` adds readable
domain events ("acta aprobada"). Services run inside `acting_as(user)` so API and commands record
the right actor too (auditlog's middleware only sees session users)."""

import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import Any

from auditlog.context import auditlog_value, set_actor
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction


def _is_live(context) -> bool:
    """auditlog leaves its context in the ContextVar after the request or block that set it ends (only
    its receiver is disconnected): such a stale context must not be trusted for the actor."""
    from django.db.models.signals import pre_save

    uid = (context or {}).get("signal_duid")
    return uid is not None and any(receiver[0][0] == uid for receiver in pre_save.receivers)


def current_actor():
    """The user on whose behalf the current request, service or command runs, if any."""
    context = auditlog_value.get(None)
    if not _is_live(context):
        return None
    actor = context.get("actor")
    return actor if getattr(actor, "is_authenticated", False) else None


@contextlib.contextmanager
def acting_as(user):
    previous = auditlog_value.get(None)
    if user is None or (previous is not None and previous.get("actor") == user and _is_live(previous)):
        yield
        return
    # auditlog does not restore an outer context (nor clear its own) by itself: reset to what was there.
    token = auditlog_value.set(previous)
    try:
        with set_actor(user):
            yield
    finally:
        auditlog_value.reset(token)


def service(func: Callable) -> Callable:
    """Decorate a write service: one transaction, audit actor taken from its `user` argument."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any):
        bound = signature.bind_partial(*args, **kwargs)
        user = bound.arguments.get("user")
        with transaction.atomic(), acting_as(user):
            return func(*args, **kwargs)

    return wrapper


def record_event(
    *, user, obj: models.Model, verb: str, description: str = "", data: dict | None = None, batch=None
):
    """Write a domain event now, or with `batch` (a `mipg.core.batch.WriteBatch`) when it is sent."""
    from .models import DomainEvent

    entity_id = getattr(obj, "scope_entity_id", None)
    event = DomainEvent(
        actor=user if getattr(user, "is_authenticated", False) else None,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:250],
        entity_id=entity_id,
        verb=verb,
        description=description,
        data=data or {},
    )
    if batch is None:
        event.save(force_insert=True)
    else:
        batch.insert(event)
    return event


def model_snapshot(obj: models.Model) -> dict:
    """Plain values of an object's concrete fields, for before/after in domain events."""
    snapshot = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        snapshot[field.attname] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
    return snapshot


# --- audit entry from values in hand (issue 14 item 2: answer saves) ---------------------------------------
def save_with_audit(obj: models.Model, *, before: dict, fields: list[str], batch=None) -> None:
    """Save only `fields` of `obj` (and its auto_now fields) and write the auditlog «update» entry auditlog
    itself would write, diffing against `before` (the row's values the caller already read, by attname,
    e.g. under its row lock) instead of letting auditlog read the whole row again.
    With `batch` (a `mipg.core.batch.WriteBatch`) both writes go with the batch when it is sent."""
    from auditlog.context import disable_auditlog
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog
    from django.conf import settings

    auto = [
        f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False) and f.name not in fields
    ]

    def save():
        if batch is None:
            obj.save(update_fields=[*fields, *auto])
        else:
            batch.update(obj, [*fields, *auto])

    if not auditlog.contains(type(obj)):
        save()
        return
    with disable_auditlog():
        save()
    old = type(obj)(pk=obj.pk, **before)
    changes = model_instance_diff(
        old, obj, fields_to_check=fields, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )
    if not changes:
        return
    if batch is None:
        LogEntry.objects.log_create(obj, action=LogEntry.Action.UPDATE, changes=changes)
    else:
        # auditlog's own log_create fills the entry (content type, repr, correlation id...); only the
        # INSERT goes with the batch, whose pre_save lets auditlog's context set the actor and address.
        batch.insert(_unsaved_entries().log_create(obj, action=LogEntry.Action.UPDATE, changes=changes))


@functools.cache
def _unsaved_entries():
    """auditlog's LogEntry manager, with `create` returning the entry unsaved."""
    from auditlog.models import LogEntry

    class Unsaved(type(LogEntry.objects)):
        def create(self, **kwargs):
            return self.model(**kwargs)

    manager = Unsaved()
    manager.model = LogEntry
    return manager
