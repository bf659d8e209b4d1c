"""Keeping the aggregates equal to the dossiers.

Choice (documented in docs/indicators.md): a change marks its dossier stale in the same
transaction (``StaleDossier``) and the dossier's summary row is refreshed right after the
commit, in its own short transaction that moves the aggregates by the row's difference
(``rows.delta``). The database worker drains whatever a crash left behind
(``drain_stale``); ``motcua rebuild_indicators`` recomputes everything from scratch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date
from typing import Any

from django.db import connection, transaction

from motcua.core.bulk import copy_rows, execute_rows, insert_rows
from motcua.dossiers.models import Dossier
from motcua.indicators.facts import FACT_COLUMNS, Calendars, rows_for
from motcua.indicators.models import DailyCount, DossierFact, MonthlyProcedureCount, StaleDossier
from motcua.indicators.rows import (
    DAILY_COUNTERS,
    MONTHLY_COUNTERS,
    DailyKey,
    FactRow,
    MonthlyKey,
    contributions,
    delta,
)

_ROW_FIELDS = [f.name for f in fields(FactRow)]
BATCH = 2000


def to_model(dossier_id: int, row: FactRow) -> DossierFact:
    return DossierFact(dossier_id=dossier_id, **{name: getattr(row, name) for name in _ROW_FIELDS})


def to_values(dossier_id: int, row: FactRow) -> dict[str, object]:
    return {"dossier_id": dossier_id, **{name: getattr(row, name) for name in _ROW_FIELDS}}


def from_model(fact: DossierFact) -> FactRow:
    return FactRow(**{name: getattr(fact, name) for name in _ROW_FIELDS})


# -- adding to the aggregates -----------------------------------------------------------------


def _upsert(
    table: str, key_columns: list[str], counters: tuple[str, ...], rows: list[list[Any]]
) -> None:
    """INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c (SQLite ≥ 3.24 and PostgreSQL):
    concurrent refreshes of different dossiers add to the same row without a lost update."""
    if not rows:
        return
    columns = key_columns + list(counters)
    q = connection.ops.quote_name
    updates = ", ".join(f"{q(c)} = {q(table)}.{q(c)} + excluded.{q(c)}" for c in counters)
    conflict = f"ON CONFLICT ({', '.join(q(c) for c in key_columns)}) DO UPDATE SET {updates}"
    names = ", ".join(q(c) for c in columns)
    if connection.vendor == "postgresql" and len(rows) > 200:
        # Many rows: COPY them into a scratch table, then one INSERT … SELECT … ON CONFLICT.
        scratch = f"{table}_delta"
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {q(scratch)} ON COMMIT DELETE ROWS AS "
                f"SELECT {names} FROM {q(table)} WITH NO DATA"
            )
            cursor.execute(f"TRUNCATE {q(scratch)}")
        copy_rows(scratch, columns, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {q(table)} ({names}) SELECT {names} FROM {q(scratch)} {conflict}"
            )
            cursor.execute(f"TRUNCATE {q(scratch)}")
        return
    execute_rows(f"INSERT INTO {q(table)} ({names})", conflict, rows, len(columns))


def add_to_aggregates(daily: Counter[DailyKey], monthly: Counter[MonthlyKey]) -> None:
    by_day: dict[tuple[int, date], dict[str, int]] = {}
    for (unit_id, day, name), value in daily.items():
        by_day.setdefault((unit_id, day), {})[name] = value
    _upsert(
        DailyCount._meta.db_table,
        ["unit_id", "day"],
        DAILY_COUNTERS,
        [[u, d] + [values.get(c, 0) for c in DAILY_COUNTERS] for (u, d), values in by_day.items()],
    )
    by_month: dict[tuple[int, int, date], dict[str, int]] = {}
    for (unit_id, procedure_id, month, name), value in monthly.items():
        by_month.setdefault((unit_id, procedure_id, month), {})[name] = value
    _upsert(
        MonthlyProcedureCount._meta.db_table,
        ["unit_id", "procedure_id", "month"],
        MONTHLY_COUNTERS,
        [
            [u, p, m] + [values.get(c, 0) for c in MONTHLY_COUNTERS]
            for (u, p, m), values in by_month.items()
        ],
    )


# -- refreshing changed dossiers ---------------------------------------------------------------


def _chunks(ids: list[int], size: int = BATCH) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def refresh(dossier_ids: Iterable[int], calendars: Calendars | None = None) -> int:
    """Recompute the summary rows of ``dossier_ids`` and move the aggregates by the
    difference; returns how many rows changed. The dossier rows are locked (PostgreSQL)
    so that two refreshes of one dossier apply one after the other."""
    ids = sorted(set(dossier_ids))
    calendars = calendars or Calendars()
    changed = 0
    for chunk in _chunks(ids):
        with transaction.atomic():
            dossiers = list(
                Dossier.objects.select_for_update(of=("self",))
                .select_related("procedure")
                .only(*FACT_COLUMNS)
                .filter(pk__in=chunk)
                .order_by("pk")
            )
            old = {f.dossier_id: f for f in DossierFact.objects.filter(dossier_id__in=chunk)}
            new = rows_for(dossiers, calendars)
            daily: Counter[DailyKey] = Counter()
            monthly: Counter[MonthlyKey] = Counter()
            creates: list[dict[str, object]] = []
            updates: list[DossierFact] = []
            gone: list[int] = []
            for pk in chunk:
                before = from_model(old[pk]) if pk in old else None
                after = new.get(pk)
                if before == after:
                    continue
                changed += 1
                d, m = delta(before, after)
                daily.update(d)
                monthly.update(m)
                if after is None:
                    gone.append(pk)
                elif pk in old:
                    updates.append(to_model(pk, after))
                else:
                    creates.append(to_values(pk, after))
            add_to_aggregates(daily, monthly)
            if gone:
                DossierFact.objects.filter(dossier_id__in=gone).delete()
            if updates:
                DossierFact.objects.bulk_update(updates, _ROW_FIELDS)
            if creates:
                insert_rows(DossierFact, creates)
            StaleDossier.objects.filter(dossier_id__in=chunk).delete()
    return changed


# Dossiers refreshed per batch of a drain.
DRAIN_LIMIT = 10_000


def drain_stale(limit: int = DRAIN_LIMIT) -> int:
    """Refresh the dossiers still marked stale (after a crash, or changes made while the
    refresh was off); the worker runs it periodically."""
    ids = list(StaleDossier.objects.values_list("dossier_id", flat=True)[:limit])
    if not ids:
        return 0
    refresh(ids)
    return len(ids)


# -- from scratch ----------------------------------------------------------------------------


def scratch_rows(dossier_ids: Iterable[int] | None = None) -> Iterator[tuple[int, FactRow]]:
    """Every received dossier's summary row, computed afresh from the dossier tables."""
    calendars = Calendars()
    qs = Dossier.objects.order_by("pk")
    if dossier_ids is not None:
        qs = qs.filter(pk__in=list(dossier_ids))
    all_ids = list(qs.values_list("pk", flat=True))
    for chunk in _chunks(all_ids):
        dossiers = (
            Dossier.objects.select_related("procedure")
            .only(*FACT_COLUMNS)
            .filter(pk__in=chunk)
            .order_by("pk")
        )
        for pk, row in rows_for(dossiers, calendars).items():
            if row is not None:
                yield pk, row


def scratch_aggregates() -> tuple[Counter[DailyKey], Counter[MonthlyKey]]:
    """The aggregates as they must be: the sum of every row's contributions."""
    daily: Counter[DailyKey] = Counter()
    monthly: Counter[MonthlyKey] = Counter()
    for _pk, row in scratch_rows():
        d, m = contributions(row)
        daily.update(d)
        monthly.update(m)
    return daily, monthly


def stored_aggregates() -> tuple[Counter[DailyKey], Counter[MonthlyKey]]:
    """The maintained aggregates as counters (zero entries dropped), to compare."""
    daily: Counter[DailyKey] = Counter()
    for row in DailyCount.objects.values("unit_id", "day", *DAILY_COUNTERS):
        for name in DAILY_COUNTERS:
            if row[name]:
                daily[(row["unit_id"], row["day"], name)] = row[name]
    monthly: Counter[MonthlyKey] = Counter()
    for row in MonthlyProcedureCount.objects.values(
        "unit_id", "procedure_id", "month", *MONTHLY_COUNTERS
    ):
        for name in MONTHLY_COUNTERS:
            if row[name]:
                monthly[(row["unit_id"], row["procedure_id"], row["month"], name)] = row[name]
    return daily, monthly


def rebuild() -> dict[str, int]:
    """Throw the derived tables away and recompute them from the dossiers
    (``motcua rebuild_indicators``)."""
    with transaction.atomic():
        StaleDossier.objects.all().delete()
        DailyCount.objects.all().delete()
        MonthlyProcedureCount.objects.all().delete()
        DossierFact.objects.all().delete()
        daily: Counter[DailyKey] = Counter()
        monthly: Counter[MonthlyKey] = Counter()
        batch: list[dict[str, object]] = []
        facts = 0
        for pk, row in scratch_rows():
            d, m = contributions(row)
            daily.update(d)
            monthly.update(m)
            batch.append(to_values(pk, row))
            if len(batch) >= BATCH:
                insert_rows(DossierFact, batch)
                facts += len(batch)
                batch = []
        insert_rows(DossierFact, batch)
        facts += len(batch)
        add_to_aggregates(daily, monthly)
    return {
        "facts": facts,
        "daily": DailyCount.objects.count(),
        "monthly": MonthlyProcedureCount.objects.count(),
    }
