"""Read replica routing (issue 14 item 8; docs/operations.md "Réplica de lectura").

Routing is explicit: only code inside `reading_from_replica()` (a context manager, and a decorator for
the dashboard, ranking, open-data and export views) reads from the `replica` alias. Everything else, every
write, and any read made while a transaction is open on the primary go to `default`, so a request never
reads its own writes from a replica that may lag behind.

Nothing changes unless DATABASE_REPLICA_URL is set (then settings/platform.py installs `ReplicaRouter`), and
MIPG_REPLICA_READS=0 sends every read back to the primary without a restart of the database."""

import functools
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_replica_reads: ContextVar[bool] = ContextVar("mipg_replica_reads", default=False)


def replica_enabled() -> bool:
    return bool(getattr(settings, "MIPG_REPLICA_READS", False)) and REPLICA in connections.settings


class reading_from_replica:  # noqa: N801  (used like contextlib's helpers)
    """`with reading_from_replica(): ...` or `@reading_from_replica()` on a view. As a decorator it also
    covers a streaming response's body, which is produced after the view has returned."""

    def __enter__(self):
        self._token = _replica_reads.set(True)
        return self

    def __exit__(self, *exc):
        _replica_reads.reset(self._token)
        return False

    def __call__(self, view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            with reading_from_replica():
                response = view(*args, **kwargs)
            if getattr(response, "streaming", False) and not getattr(response, "is_async", False):
                response.streaming_content = _on_replica(response.streaming_content)
            return response

        return wrapper


def _on_replica(chunks):
    iterator = iter(chunks)
    while True:
        with reading_from_replica():
            try:
                chunk = next(iterator)
            except StopIteration:
                return
        yield chunk


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _replica_reads.get() or not replica_enabled():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # inside a transaction: read what it has written
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both aliases hold the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary; it is never migrated itself
