"""Fast bulk inserts for imports and rebuilds: ``executemany`` of plain rows, with each
column's conversion to the database chosen once per batch instead of once per value, and no
model instance built. For append-only history and derived tables written in bulk, where
``bulk_create``'s per-object work dominates (tens of thousands of rows). No signals are
sent: the caller says what changed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models

Converter = Callable[[Any], Any]


def _converter(field: models.Field) -> Converter:
    ops = connection.ops
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return ops.adapt_datetimefield_value
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DecimalField":
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if kind == "JSONField":
        return lambda v: field.get_db_prep_save(v, connection)
    return lambda v: v


def insert_rows(
    model: type[models.Model], rows: Iterable[dict[str, Any]], batch: int = 5000
) -> int:
    """Insert ``rows`` (field name → value; a missing field takes its default; foreign keys
    by ``<name>_id``). Returns how many rows were written."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and f.get_internal_type() in ("AutoField", "BigAutoField"))
    ]
    names = [f.attname for f in fields]
    converters = [_converter(f) for f in fields]
    defaults = {f.attname: f.get_default() for f in fields}
    values = (
        [
            convert(row[name] if name in row else defaults.get(name))
            for name, convert in zip(names, converters, strict=True)
        ]
        for row in rows
    )
    columns = [f.column for f in fields]
    if connection.vendor == "postgresql":
        return copy_rows(model._meta.db_table, columns, values)
    q = connection.ops.quote_name
    return execute_rows(
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(c) for c in columns)})",
        "",
        values,
        len(fields),
        batch,
    )


def copy_rows(table: str, columns: list[str], rows: Iterable[list[Any]]) -> int:
    """PostgreSQL's COPY … FROM STDIN: the fastest way in, one stream for all the rows."""
    q = connection.ops.quote_name
    total = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor
        with raw.copy(f"COPY {q(table)} ({', '.join(q(c) for c in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                total += 1
    return total


def execute_rows(
    head: str, tail: str, rows: Iterable[list[Any]], width: int, batch: int = 5000
) -> int:
    """``head VALUES (…) tail`` for every row: on PostgreSQL as multi-row statements (one
    round trip per thousand rows or so, within the 65,535 parameters of a statement), on
    SQLite with ``executemany`` (in process, no round trips)."""
    one = "(" + ", ".join(["%s"] * width) + ")"
    multi = connection.vendor == "postgresql"
    per_statement = max(1, min(1000, 65_000 // width)) if multi else batch
    total = 0
    chunk: list[list[Any]] = []

    def flush(cursor: Any) -> None:
        if multi:
            sql = f"{head} VALUES {', '.join([one] * len(chunk))} {tail}"
            cursor.execute(sql, [v for row in chunk for v in row])
        else:
            cursor.executemany(f"{head} VALUES {one} {tail}", chunk)

    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(row)
            if len(chunk) >= per_statement:
                flush(cursor)
                total += len(chunk)
                chunk = []
        if chunk:
            flush(cursor)
            total += len(chunk)
    return total
