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
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    total = 0
    chunk: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(
                [
                    convert(row[name] if name in row else defaults.get(name))
                    for name, convert in zip(names, converters, strict=True)
                ]
            )
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                total += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            total += len(chunk)
    return total
