"""Dossier codes: ``{unit electronic ID}-{YYMMDD}-{daily sequence, ≥ 4 digits}``, e.g.
``000.00.06.H56-231027-0361`` (Thông tư 01/2018/TT-VPCP Điều 9 / Thông tư 03/2025/TT-VPCP:
mã hồ sơ), unique and never reused."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from motcua.dossiers.models import DailySequence


def next_dossier_code(unit_code: str, when: datetime) -> str:
    """The next code of ``unit_code`` for the local day of ``when``.

    Must run inside the transaction that creates the dossier: the UPDATE takes the
    sequence row's lock until commit, so concurrent intakes queue (PostgreSQL row lock,
    SQLite IMMEDIATE transaction) and a rolled-back intake gives its number back — no gap,
    no duplicate."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code must run inside the intake transaction")
    day = timezone.localdate(when)
    DailySequence.objects.bulk_create(
        [DailySequence(unit_code=unit_code, day=day, last=0)], ignore_conflicts=True
    )
    DailySequence.objects.filter(unit_code=unit_code, day=day).update(last=F("last") + 1)
    number = DailySequence.objects.get(unit_code=unit_code, day=day).last
    return f"{unit_code}-{day:%y%m%d}-{number:04d}"
