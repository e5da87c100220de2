"""Hot read queries compiled to SQL once per process and database (issue 14 item 2).

Turning a queryset with several `select_related` chains into SQL costs the ORM more CPU than the database
spends running it (about a third of an answer save went there). A `PrecompiledQuery` builds its queryset
once with placeholder values, keeps the SQL, the parameter positions of the placeholders and what the ORM
needs to turn rows into model instances (the selected columns, their converters, the related-object
populators), and then only swaps the values in: the same SQL, the same instances, the same queries seen by
query-count tests, without compiling again.

Only for querysets whose SQL does not depend on the values (no `__in` of a variable list, no gate built from
the user's roles): check the gate on the fetched row instead. `select_related`, `only` and `annotate` are
replayed; prefetches are refused.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators

# Placeholder values: large negative integers no real primary key or filter takes.
_PLACEHOLDER_BASE = -7_340_000_000


class PrecompiledQuery:
    """`PrecompiledQuery(lambda pk: Model.objects.filter(pk=pk).select_related(...), lock=False)`; then
    `.fetch(pk)` returns the list of instances, exactly as iterating the queryset would."""

    def __init__(self, build: Callable[..., QuerySet], *, arity: int = 1, lock: bool = False):
        self._build = build
        self._placeholders = tuple(_PLACEHOLDER_BASE - n for n in range(arity))
        self._lock = lock  # the queryset uses select_for_update: it must run inside a transaction
        self._model = None  # known from the first fetch
        # Per thread: the compiler keeps the connection it compiled with, and connections are per thread.
        self._local = threading.local()

    def _compile(self, alias: str) -> "_Compiled":
        queryset = self._build(*self._placeholders).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()  # also fills compiler.select and klass_info
        # A text column receives the placeholder as text: recognise it either way.
        marks = {str(value): index for index, value in enumerate(self._placeholders)}
        slots = []
        for position, value in enumerate(params):
            if isinstance(value, (int, str)) and not isinstance(value, bool) and str(value) in marks:
                slots.append((position, marks[str(value)]))
        if len(slots) < len(self._placeholders):
            raise ValueError("every value of a precompiled query must reach its SQL as a parameter")
        select, klass_info = compiler.select, compiler.klass_info
        fields = [column[0] for column in select[0 : compiler.col_count]]
        compiled = _Compiled(sql, tuple(params), slots, compiler, compiler.get_converters(fields))
        extras = queryset._prefetch_related_lookups or queryset._known_related_objects
        if queryset._iterable_class is not ModelIterable or extras:
            raise ValueError("precompiled queries take plain select_related querysets only")
        compiled.model = klass_info["model"]
        compiled.start, compiled.end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        compiled.init_list = [column[0].target.attname for column in select[compiled.start : compiled.end]]
        compiled.populators = get_related_populators(klass_info, select, alias)
        compiled.annotations = list(compiler.annotation_col_map.items())  # annotate(): set on each instance
        return compiled

    def fetch(self, *values, using: str | None = None) -> list:
        if using is None:  # as the queryset would: the database router's choice (mipg.core.db_router)
            if self._model is None:
                self._model = self._build(*self._placeholders).model
            route = router.db_for_write if self._lock else router.db_for_read
            using = route(self._model)
        by_alias = self._local.__dict__.setdefault("by_alias", {})
        compiled = by_alias.get(using)
        if compiled is None:
            compiled = by_alias[using] = self._compile(using)
        if self._lock and not connections[using].in_atomic_block:
            raise transaction.TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(compiled.params)
        for position, index in compiled.slots:
            params[position] = values[index]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        objects = []
        start, end = compiled.start, compiled.end
        for row in rows:
            obj = compiled.model.from_db(using, compiled.init_list, row[start:end])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, position in compiled.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


@dataclass
class _Compiled:
    """What one compilation keeps: the SQL and its parameters with the placeholders' positions, the
    compiler (for its converters), and what turns a row into the instance and its relations."""

    sql: str
    params: tuple
    slots: list
    compiler: object
    converters: dict
    model: type | None = None
    start: int = 0
    end: int = 0
    init_list: list = field(default_factory=list)
    populators: list = field(default_factory=list)
    annotations: list = field(default_factory=list)
