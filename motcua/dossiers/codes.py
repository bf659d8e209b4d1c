"""Dossier codes: ``{unit electronic ID}-{YYMMDD}-{daily sequence, ≥ 4 digits}``, e.g.
``000.00.06.H56-231027-0361`` (Thông tư 01/2018/TT-VPCP Điều 9 / Thông tư 03/2025/TT-VPCP:
mã hồ sơ), unique and never reused.

The daily sequence is one row per unit and day: every intake into a unit on a day goes
through that row's lock, so the intake takes it **last**. It writes the dossier, its steps,
its history row and its receipt under a provisional code (``provisional_code``), then takes
the number and writes the real code (``next_dossier_code`` and one UPDATE) just before the
commit: the lock is held for those two statements only, and a rolled-back intake still
gives its number back — no gap, no duplicate."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from motcua.dossiers.models import DailySequence

# A code that no real code can be (real ones start with the unit's electronic ID) and that
# never collides with another provisional one: unique constraint satisfied until the real
# code replaces it in the same transaction. No other transaction ever sees it.
PROVISIONAL_PREFIX = "~"


def provisional_code() -> str:
    return PROVISIONAL_PREFIX + uuid.uuid4().hex


def next_dossier_code(unit_code: str, when: datetime) -> str:
    """The next code of ``unit_code`` for the local day of ``when``.

    Must run inside the transaction that creates the dossier, as its last writes: the
    upsert takes the sequence row's lock until commit (PostgreSQL row lock; SQLite writers
    are serialised by their IMMEDIATE transactions), so concurrent intakes queue on it
    only for the end of their transaction. One statement: insert the day's row at 1, or
    add one to it, and return the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code must run inside the intake transaction")
    day = timezone.localdate(when)
    quote = connection.ops.quote_name
    table = quote(DailySequence._meta.db_table)
    last = quote("last")
    sql = (
        f"INSERT INTO {table} ({quote('unit_code')}, {quote('day')}, {last}) "
        f"VALUES (%s, %s, 1) ON CONFLICT ({quote('unit_code')}, {quote('day')}) "
        f"DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [unit_code, day.isoformat()])
        number = cursor.fetchone()[0]
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"
