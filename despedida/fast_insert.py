"""Plain multi-row INSERTs (and UPDATEs by key) for bulk writers, with the rows made ready before the transaction.

`bulk_create` spends most of its time on per-instance bookkeeping; for the
millions of rows of a large import that is the whole cost. A `Table` adapts
each value per column exactly as Django would (`get_db_prep_save`), so the
rows are the same on SQLite and PostgreSQL, and it does so in `row()`,
outside the transaction: inside it only the foreign keys to rows of the same
batch are filled in and the statements run, so the store is held for the
least time (web saves wait on SQLite while it is).
Used by the importer, the stored assessments and the mail ledger.

`update_rows` changes many rows by primary key in one statement per chunk
(UPDATE ... FROM a VALUES list): the mail ledger's final status of each
message of a batch, without an UPDATE per row or bulk_update's CASE per column.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from itertools import chain

from django.conf import settings
from django.db import connection

# Values per statement: SQLite's default limit is 32,766.
MAX_PARAMS = 30000


class Table:
    """How rows of one model are inserted.

    `refs` are foreign-key columns to rows inserted earlier in the same
    transaction: a prepared row holds an index (or None) for each, resolved
    at insert time. `columns` are the other columns, by attribute name.
    """

    def __init__(self, model, refs: Sequence[str], columns: Sequence[str]):
        self.model = model
        self.refs = tuple(refs)
        meta = model._meta
        fields = [meta.get_field(name) for name in columns]
        # Only the columns whose values need adapting, with their adapter.
        self._prepare = tuple(
            (i, prepare) for i, prepare in enumerate(_preparer(field) for field in fields) if prepare is not None
        )
        names = [meta.get_field(name).column for name in self.refs] + [field.column for field in fields]
        self.table = connection.ops.quote_name(meta.db_table)
        self.names = ", ".join(connection.ops.quote_name(name) for name in names)
        self.width = len(names)
        # SQLite's own placeholder, so that the statement goes to it as written (see `_execute`).
        mark = "?" if connection.vendor == "sqlite" else "%s"
        self.placeholders = "(" + ", ".join([mark] * self.width) + ")"

    def row(self, refs: Sequence[int | None], values: Sequence) -> tuple:
        """A row ready to insert: the reference indexes, then each value adapted for its column."""
        if self._prepare:
            values = list(values)
            for i, prepare in self._prepare:
                values[i] = prepare(values[i])
        return (*refs, *values)

    def insert(self, rows: list[tuple], ids: Sequence[Sequence[int]] = (), returning: Sequence[str] = ()) -> list:
        """Insert prepared rows; `ids[k]` turns the k-th reference index into an id.

        With `returning`, the values of those columns for every row inserted,
        in no promised order (the caller matches them by a natural key).
        """
        if not rows:
            return []
        nrefs = len(self.refs)
        tail = ""
        if returning:
            tail = " RETURNING " + ", ".join(
                connection.ops.quote_name(self.model._meta.get_field(name).column) for name in returning
            )
        per_statement = max(1, MAX_PARAMS // self.width)
        lookups = [_lookup(ids[k]) for k in range(nrefs)]
        found = []
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                params = _parameters(chunk, nrefs, lookups)
                # One statement with many VALUES tuples: far fewer round trips than executemany.
                sql = f"INSERT INTO {self.table} ({self.names}) VALUES " + ", ".join([self.placeholders] * len(chunk))
                _execute(cursor, sql + tail, params)
                if returning:
                    found.extend(cursor.fetchall())
        return found


def _execute(cursor, sql: str, params: list) -> None:
    """Run one statement. On SQLite it is written with `?` and handed to the driver as it is:
    Django's cursor would rewrite every `%s` of it with a regular expression first, which for
    statements of thousands of values cost about 7% of an import. Errors become Django's, as
    through its cursor."""
    if connection.vendor != "sqlite":
        cursor.execute(sql, params)
        return
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        sqlite3.Cursor.execute(cursor.cursor, sql, params)


def _lookup(ids: Sequence[int]) -> dict:
    """Reference index -> id, and None -> None (no reference)."""
    found = dict(enumerate(ids))
    found[None] = None
    return found


def _parameters(rows: list[tuple], nrefs: int, lookups: list[dict]) -> list:
    """The rows' values in one flat list, each reference index turned into its id."""
    if nrefs == 0:
        return list(chain.from_iterable(rows))
    if nrefs == 1:
        (first,) = lookups
        return list(chain.from_iterable((first[row[0]], *row[1:]) for row in rows))
    first, second = lookups[0], lookups[1]
    if nrefs == 2:
        return list(chain.from_iterable((first[row[0]], second[row[1]], *row[2:]) for row in rows))
    return list(chain.from_iterable((*(lookups[k][row[k]] for k in range(nrefs)), *row[nrefs:]) for row in rows))


def insert_rows(model, columns: Sequence[str], rows) -> int:
    """Insert `rows` (tuples in the order of `columns`, attribute names) into `model`'s table at once.

    For writers without references between their rows (the mail ledger): a `Table` with no refs.
    """
    table = Table(model, (), columns)
    prepared = [table.row((), values) for values in rows]
    table.insert(prepared)
    return len(prepared)


def insert_alike(model, columns: Sequence[str], shared: Sequence, varying: str, values: Sequence) -> int:
    """Insert one row per item of `values` (column `varying`), every other column as in `shared`.

    On PostgreSQL the values travel as one array (INSERT ... SELECT FROM unnest), four times
    cheaper than thousands of parameters; elsewhere as `insert_rows`.
    """
    if not values:
        return 0
    if connection.vendor != "postgresql":
        index = list(columns).index(varying)
        return insert_rows(model, columns, ((*shared[:index], value, *shared[index:]) for value in values))
    meta = model._meta
    fields = [meta.get_field(name) for name in columns]
    quote = connection.ops.quote_name
    column_of = {name: field for name, field in zip(columns, fields, strict=True)}
    params = []
    for name, value in zip((name for name in columns if name != varying), shared, strict=True):
        prepare = _preparer(column_of[name])
        params.append(value if prepare is None else prepare(value))
    selected = ", ".join(
        "item" if name == varying else f"CAST(%s AS {column_of[name].db_type(connection)})" for name in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
            f"SELECT {selected} FROM unnest(%s::{column_of[varying].db_type(connection)}[]) AS item",
            [*params, list(values)],
        )
    return len(values)


def _preparer(field):
    """A function adapting a Python value for this column, or None where none is needed."""
    internal = field.get_internal_type()
    if internal in {
        "CharField",
        "TextField",
        "SlugField",
        "BooleanField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "BigIntegerField",
        "ForeignKey",
        "EmailField",
    }:
        return None

    ops = connection.ops
    if internal == "DateField":
        return ops.adapt_datefield_value
    if internal == "DecimalField":
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    if internal == "DateTimeField" and settings.USE_TZ:
        # An aware instant, as Django adapts it (SQLite: naive text in the connection's
        # zone; PostgreSQL: itself), without its per-value checks; anything else the slow way.
        naive_in = connection.timezone if connection.vendor == "sqlite" else None

        last: list = [None, None]  # the last instant adapted, and what it became

        def prepare_instant(value, _field=field, _last=last):
            # Rows written together often share an instant (the same `updated_at`): adapt it once.
            if value is _last[0] and value is not None:
                return _last[1]
            if isinstance(value, dt.datetime) and value.utcoffset() is not None:
                adapted = value if naive_in is None else str(value.astimezone(naive_in).replace(tzinfo=None))
            else:
                adapted = _field.get_db_prep_save(value, connection)
            _last[0], _last[1] = value, adapted
            return adapted

        return prepare_instant
    if internal == "JSONField":
        # Almost every row's `extra` is empty: adapt that once.
        empty = field.get_db_prep_save({}, connection)
        return lambda value: empty if not value else field.get_db_prep_save(value, connection)

    last: list = [None, None]  # the last value adapted, and what it became

    def prepare(value, _field=field, _last=last):
        # Rows written together often share a value: adapt it once.
        if value is _last[0] and value is not None:
            return _last[1]
        adapted = _field.get_db_prep_save(value, connection)
        _last[0], _last[1] = value, adapted
        return adapted

    return prepare


def update_rows(model, columns: Sequence[str], rows) -> int:
    """Set `columns` (attribute names) of `model`'s rows by primary key: `rows` are (pk, *values) tuples."""
    meta = model._meta
    fields = [meta.get_field(name) for name in columns]
    preparers = [_preparer(field) for field in fields]
    prepared = [
        (pk, *(value if prepare is None else prepare(value) for value, prepare in zip(values, preparers, strict=True)))
        for pk, *values in rows
    ]
    if not prepared:
        return 0
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    width = len(fields) + 1
    if connection.vendor == "sqlite" and sqlite3.sqlite_version_info < (3, 33):
        # No UPDATE ... FROM before SQLite 3.33: one prepared statement run for every row.
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {quote(meta.pk.column)} = %s",
                [(*values, pk) for pk, *values in prepared],
            )
        return len(prepared)

    if connection.vendor == "postgresql":
        # One array per column, zipped by unnest: far fewer parameters than a VALUES list.
        names = ", ".join(f"c{i}" for i in range(width))
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in (meta.pk, *fields))
        assignments = ", ".join(f"{quote(field.column)} = v.c{i + 1}" for i, field in enumerate(fields))
        columns = [list(column) for column in zip(*prepared, strict=True)]
        key = f"{table}.{quote(meta.pk.column)}"
        with connection.cursor() as cursor:
            # The keys once more as `= ANY`, so the planner reads those rows by index instead of
            # hashing the whole table to join them.
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v({names}) "
                f"WHERE {key} = v.c0 AND {key} = ANY(%s::{meta.pk.db_type(connection)}[])",
                [*columns, columns[0]],
            )
        return len(prepared)

    # SQLite: one VALUES list per chunk, its columns named column1, column2... (no CAST: SQLite's
    # CAST to a date type would turn the text of an instant into a number).
    assignments = ", ".join(f"{quote(field.column)} = v.column{i + 2}" for i, field in enumerate(fields))
    key = f"{table}.{quote(meta.pk.column)} = v.column1"
    placeholders = "(" + ", ".join(["?"] * width) + ")"
    per_statement = max(1, MAX_PARAMS // width)
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), per_statement):
            chunk = prepared[start : start + per_statement]
            values = ", ".join([placeholders] * len(chunk))
            sql = f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v WHERE {key}"
            _execute(cursor, sql, list(chain.from_iterable(chunk)))
    return len(prepared)
