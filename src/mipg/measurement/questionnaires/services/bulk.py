"""Insert many rows of one model with a single prepared statement (issue 14 item 3: a 20-entity sector
campaign writes about 8 000 answers). `bulk_create` builds a model instance per row and compiles one
statement per batch (on SQLite a batch is only ~50 answers, limited by its bound-parameter cap); here each
row is a tuple and the database driver loops over them (`executemany`). Like `bulk_create`, no signals
are sent: campaign answers and aggregates were never audited one by one (the campaign is)."""

from django.db import connections, router
from django.db.models import Model
from django.utils import timezone


def insert_rows(model: type[Model], columns: list[str], rows: list[tuple]) -> int:
    """Insert `rows` (values for the fields named in `columns`, in that order); every other concrete
    field but the auto primary key takes the value a new instance would have (auto_now fields: now)."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    given = [model._meta.get_field(name) for name in columns]
    now = timezone.now()
    fixed = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field in given:
            continue
        auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        value = now if auto else field.get_default()  # as a new instance would have it ("" or None)
        fixed.append((field, field.get_db_prep_save(value, connection)))
    names = [f.column for f in given] + [f.column for f, _value in fixed]
    fixed_values = tuple(value for _field, value in fixed)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(name) for name in names),
        ", ".join(["%s"] * len(names)),
    )
    prepare = [field.get_db_prep_save for field in given]
    params = [
        tuple(prep(value, connection) for prep, value in zip(prepare, row, strict=True)) + fixed_values
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)
