"""Writes sent to the database together (issue 14 item 2).

The answer save ends with four writes whose results it does not read: the answer's UPDATE, its audit entry,
the estimate's deltas and the domain event. Through `Model.save()` each one is compiled again by the ORM and
is a round trip of its own (the worker waits, PostgreSQL wakes up, both switch). A `WriteBatch` collects
them and sends them at the end of the block:

- on PostgreSQL with client-side parameter binding (Django's default with psycopg 3), in **one** round trip:
  the statements go in one simple-protocol query, and each statement's result (the new primary key, the
  updated row count) is read back from its own result set;
- elsewhere (SQLite, or server-side binding), one after another on the same cursor.

They run all or nothing: in the caller's transaction, or in one of their own when there is none.

What `save()` does that matters is kept: `pre_save` is sent when an object is added (auditlog's receiver
sets the audit entry's actor, address and correlation id there), `post_save` after the statements ran, the
primary key of an insert comes back through `RETURNING`, and an update that reaches no row raises the same
`DatabaseError` as `save(update_fields=...)`. Each statement's SQL is written once per model, field list and
database (an insert's by the ORM's compiler), then only the values change.

Not for: objects with expressions as values (`F()`, `db_default`), parents of multi-table inheritance, or
writes whose results are needed before the block ends.
"""

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import DatabaseError, connections, router, transaction
from django.db.models import Model, sql
from django.db.models.signals import post_save, pre_save

_SQL: dict[tuple, "_Statement"] = {}


@dataclass
class _Statement:
    sql: str
    returning: bool  # the statement ends in RETURNING the primary key


@dataclass
class _Pending:
    statement: _Statement
    params: list
    obj: Model | None = None
    created: bool = False
    update_fields: frozenset | None = None


@dataclass
class WriteBatch:
    """Collects writes per database; `send()` (or leaving `write_batch()`) runs them."""

    pending: dict[str, list[_Pending]] = field(default_factory=dict)

    def update(self, obj: Model, fields: list[str]) -> None:
        """`obj.save(update_fields=fields)`, sent with the batch. `fields` must name every field to write,
        auto_now ones included."""
        model = type(obj)
        using = router.db_for_write(model, instance=obj)
        names = frozenset(fields)
        meta = obj._meta
        targets = [f for f in meta.local_concrete_fields if f.name in names or f.attname in names]
        # Refused before pre_save is sent: a receiver (auditlog's) must not record a write that never runs.
        unknown = names - {n for f in targets for n in (f.name, f.attname)}
        if unknown or obj.pk is None or any(f.primary_key for f in targets):
            raise ValueError(f"WriteBatch.update cannot write {sorted(unknown) or 'the primary key'}")
        if any(hasattr(f, "get_placeholder") for f in targets):
            raise ValueError("WriteBatch.update takes fields with plain placeholders only")
        pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=names)
        connection = connections[using]
        params = _values(obj, targets, connection, adding=False)
        params.append(meta.pk.get_db_prep_value(obj.pk, connection))
        key = ("update", model, tuple(f.attname for f in targets), using, connection.vendor)
        statement = _SQL.get(key)
        if statement is None:
            # Written here rather than by the ORM's compiler, which inlines NULL for None values (its SQL
            # would then depend on the values).
            quote = connection.ops.quote_name
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in targets)
            text = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
            statement = _SQL[key] = _Statement(text, returning=False)
        self._add(using, _Pending(statement, params, obj, created=False, update_fields=names))

    def insert(self, obj: Model) -> None:
        """`obj.save()` of a new object with an automatic primary key, sent with the batch."""
        model = type(obj)
        meta = obj._meta
        if obj.pk is not None or meta.parents:
            raise ValueError("WriteBatch.insert takes new objects of models without parents")
        using = router.db_for_write(model, instance=obj)
        pre_save.send(sender=model, instance=obj, raw=False, using=using, update_fields=None)
        connection = connections[using]
        targets = [f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated]
        params = _values(obj, targets, connection, adding=True)
        key = ("insert", model, using, connection.vendor)
        statement = _SQL.get(key)
        if statement is None:
            query = sql.InsertQuery(model)
            query.insert_values(targets, [obj])
            compiler = query.get_compiler(connection=connection)
            returning = connection.features.can_return_columns_from_insert
            compiler.returning_fields = [meta.pk] if returning else None
            [(text, compiled_params)] = compiler.as_sql()
            _same_shape(compiled_params, params)
            statement = _SQL[key] = _Statement(text, returning=returning)
        self._add(using, _Pending(statement, params, obj, created=True))

    def execute(self, model: type[Model], text: str, params: list) -> None:
        """A statement of the caller's own (its result is not read), sent with the batch."""
        self._add(router.db_for_write(model), _Pending(_Statement(text, returning=False), list(params)))

    def _add(self, using: str, item: _Pending) -> None:
        self.pending.setdefault(using, []).append(item)

    def send(self) -> None:
        pending, self.pending = self.pending, {}
        for using, items in pending.items():
            connection = connections[using]
            # All or nothing: inside the caller's transaction (no savepoint, no extra round trip), or in one
            # of its own when there is none.
            with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
                if _together(connection) and len(items) > 1:
                    text = "; ".join(item.statement.sql for item in items)
                    cursor.execute(text, [value for item in items for value in item.params])
                    for index, item in enumerate(items):
                        if index:
                            cursor.nextset()
                        _finish(item, cursor, connection)
                else:
                    for item in items:
                        cursor.execute(item.statement.sql, item.params)
                        _finish(item, cursor, connection)
            for item in items:
                if item.obj is not None:
                    item.obj._state.adding = False
                    item.obj._state.db = using
                    post_save.send(
                        sender=type(item.obj),
                        instance=item.obj,
                        created=item.created,
                        update_fields=item.update_fields,
                        raw=False,
                        using=using,
                    )


@contextlib.contextmanager
def write_batch() -> Iterator[WriteBatch]:
    """`with write_batch() as batch: ...`: the writes added in the block run when it ends without error."""
    batch = WriteBatch()
    yield batch
    batch.send()


def _together(connection) -> bool:
    """Several statements in one query need PostgreSQL's simple protocol: psycopg 3's client-side cursor."""
    if connection.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3 and connection.settings_dict.get("OPTIONS", {}).get("server_side_binding") is not True


def _finish(item: _Pending, cursor, connection) -> None:
    obj = item.obj
    if obj is None:
        return
    if item.created:
        if item.statement.returning:
            obj.pk = cursor.fetchone()[0]
        else:
            meta = obj._meta
            obj.pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    elif cursor.rowcount < 1:
        raise DatabaseError("Save with update_fields did not affect any rows.")


def _values(obj: Model, targets: list, connection, *, adding: bool) -> list:
    """The fields' values as `save()` sends them: `pre_save` (auto_now and friends), then prepared for the
    database. Expressions are refused: the SQL is written once, for plain values."""
    params = []
    for f in targets:
        value = f.pre_save(obj, adding)
        if hasattr(value, "resolve_expression"):
            raise ValueError("WriteBatch takes plain values, not expressions")
        params.append(f.get_db_prep_save(value, connection=connection))
    return params


def _same_shape(compiled: list | tuple, ours: list) -> None:
    """The ORM's own parameters for the statement must line up with those computed for the later calls."""
    if len(compiled) != len(ours):
        raise ValueError("WriteBatch cannot replay this statement's parameters")
