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


@contextlib.contextmanager
def acting_as(user):
    previous = auditlog_value.get(None)
    if user is None or (previous is not None and previous.get("actor") == user):
        yield
        return
    with set_actor(user):
        yield
    if previous is not None:
        # auditlog does not restore an outer context by itself
        auditlog_value.set(previous)


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


def record_event(*, user, obj: models.Model, verb: str, description: str = "", data: dict | None = None):
    from .models import DomainEvent

    entity_id = getattr(obj, "scope_entity_id", None)
    return DomainEvent.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:250],
        entity_id=entity_id,
        verb=verb,
        description=description,
        data=data or {},
    )


def model_snapshot(obj: models.Model) -> dict:
    """Plain values of an object's concrete fields, for before/after in domain events."""
    snapshot = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        snapshot[field.attname] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
    return snapshot
