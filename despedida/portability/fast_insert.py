"""Plain multi-row INSERTs for bulk imports, without building model instances.

`bulk_create` spends most of its time on per-instance bookkeeping; for the
millions of leaf rows of a large import (payments, time entries, messages...)
that is the whole cost. Values are adapted per column exactly as Django
would (`get_db_prep_save`), so the rows are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

BATCH = 2000


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert `rows` (tuples in the order of `columns`, attribute names) into `model`'s table."""
    fields = [model._meta.get_field(name) for name in columns]
    prepare = [_preparer(field) for field in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    count = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(p(v) if p else v for p, v in zip(prepare, row)))
            if len(batch) == BATCH:
                count += _flush(cursor, table, names, placeholders, batch)
        if batch:
            count += _flush(cursor, table, names, placeholders, batch)
    return count


def _flush(cursor, table: str, names: str, placeholders: str, batch: list[tuple]) -> int:
    # One statement with many VALUES tuples: far fewer round trips than executemany.
    width = len(batch[0])
    per_statement = max(1, min(len(batch), 30000 // max(width, 1)))
    for start in range(0, len(batch), per_statement):
        chunk = batch[start : start + per_statement]
        sql = f"INSERT INTO {table} ({names}) VALUES " + ", ".join([placeholders] * len(chunk))
        cursor.execute(sql, [value for row in chunk for value in row])
    done = len(batch)
    batch.clear()
    return done


def _preparer(field):
    """A function adapting a Python value for this column, or None where none is needed."""
    internal = field.get_internal_type()
    if internal in {"CharField", "TextField", "SlugField", "BooleanField", "IntegerField",
                    "PositiveIntegerField", "PositiveSmallIntegerField", "SmallIntegerField",
                    "BigIntegerField", "ForeignKey", "EmailField"}:
        return None

    ops = connection.ops
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DecimalField":
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if internal == "JSONField":
        # Almost every row's `extra` is empty: adapt that once.
        empty = field.get_db_prep_save({}, connection)
        return lambda value: empty if not value else field.get_db_prep_save(value, connection)

    def prepare(value, _field=field):
        return _field.get_db_prep_save(value, connection)

    return prepare
