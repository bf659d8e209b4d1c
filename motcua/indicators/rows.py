"""From one dossier's facts to what it adds to the aggregates: typed pure code (no Django).

A dossier is summarised once into a :class:`FactRow` (its days and flags); the aggregates
are the sums of :func:`contributions` over every row. Changing a dossier replaces its row,
and the aggregates move by ``contributions(new) − contributions(old)``: that is all the
maintenance there is, and the property test checks it against a from-scratch sum.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from motcua.indicators.formulas import (
    Outcome,
    Timeline,
    late_day,
    local_day,
    settled_outcome,
)

# Online service levels (Nghị định 42/2022/NĐ-CP Điều 11), as in the catalogue.
FULL_ONLINE = "full"
PARTIAL_ONLINE = "partial"

# Counters of the daily aggregate, by the day they are counted on.
BY_RECEPTION = (
    "received",
    "received_online",
    "online_8h",
    "full_level",
    "full_level_online",
    "partial_level",
    "partial_level_online",
    "with_fee",
    "with_fee_paid_online",
    "doc_result",
    "doc_result_electronic",
    "online_33",
    "digitised_42",
    "digitisation_complete",
    "reused",
    "store_linked",
)
BY_END = ("ended", "ended_late")
BY_LATE_DAY = ("late_start",)
BY_SETTLEMENT = (
    "settled",
    "settled_early",
    "settled_on_time",
    "settled_late",
    "settled_doc_result",
    "settled_doc_result_electronic",
)
DAILY_COUNTERS = BY_RECEPTION + BY_END + BY_LATE_DAY + BY_SETTLEMENT
# Per procedure and month (average processing time, procedures with online payment).
MONTHLY_COUNTERS = ("received", "paid_online", "settled", "settled_late", "hours_x100")


@dataclass(frozen=True)
class FactInput:
    """The plain facts of one dossier that the indicators count."""

    unit_id: int
    procedure_id: int
    timeline: Timeline
    online: bool
    online_level: str
    result_is_document: bool
    fee: int
    paid_online: bool
    digitisation_complete: bool
    reuses_digitised_data: bool
    national_store_linked: bool
    electronic_result: bool
    # Office hours from online submission to reception (None: not online or not received).
    reception_hours: float | None
    # Office hours from reception to the result, waiting time excluded (None: no result).
    processing_hours: float | None


@dataclass(frozen=True)
class FactRow:
    """A received dossier reduced to the days and flags the aggregates count."""

    unit_id: int
    procedure_id: int
    received_day: date
    ended_day: date | None
    ended_late: bool
    late_day: date | None
    settled_day: date | None
    outcome: str  # "" or an Outcome
    online: bool
    online_8h: bool
    online_level: str
    result_is_document: bool
    with_fee: bool
    paid_online: bool
    digitisation_complete: bool
    reused: bool
    store_linked: bool
    electronic_result: bool
    processing_hours: float | None

    @property
    def counts_33(self) -> bool:
        """766 3.3: filed online, and with an electronic result where the result is a
        document."""
        return self.online and (self.electronic_result or not self.result_is_document)

    @property
    def digitised_42(self) -> bool:
        """766 4.2: documents digitised and an electronic result where one is due."""
        return self.digitisation_complete and (
            self.electronic_result or not self.result_is_document
        )


def fact_row(facts: FactInput, reception_limit_hours: float) -> FactRow | None:
    """``None`` for a dossier never received (it is in no figure)."""
    timeline = facts.timeline
    if timeline.received is None:
        return None
    end = timeline.end
    outcome = settled_outcome(timeline)
    settled_at = timeline.finished or timeline.delivered
    late = late_day(timeline)
    return FactRow(
        unit_id=facts.unit_id,
        procedure_id=facts.procedure_id,
        received_day=local_day(timeline.received),
        ended_day=local_day(end) if end is not None else None,
        ended_late=end is not None and late is not None,
        late_day=late,
        settled_day=local_day(settled_at) if settled_at is not None else None,
        outcome=outcome.value if outcome is not None else "",
        online=facts.online,
        online_8h=facts.online
        and facts.reception_hours is not None
        and facts.reception_hours <= reception_limit_hours,
        online_level=facts.online_level,
        result_is_document=facts.result_is_document,
        with_fee=facts.fee > 0,
        paid_online=facts.fee > 0 and facts.paid_online,
        digitisation_complete=facts.digitisation_complete,
        reused=facts.reuses_digitised_data,
        store_linked=facts.national_store_linked and facts.digitisation_complete,
        electronic_result=facts.electronic_result,
        processing_hours=facts.processing_hours if outcome is not None else None,
    )


DailyKey = tuple[int, date, str]
MonthlyKey = tuple[int, int, date, str]


def _month(day: date) -> date:
    return day.replace(day=1)


def contributions(row: FactRow | None) -> tuple[Counter[DailyKey], Counter[MonthlyKey]]:
    """What ``row`` adds to the daily (unit, day, counter) and monthly (unit, procedure,
    month, counter) aggregates."""
    daily: Counter[DailyKey] = Counter()
    monthly: Counter[MonthlyKey] = Counter()
    if row is None:
        return daily, monthly
    u, r = row.unit_id, row.received_day
    flags = {
        "received": True,
        "received_online": row.online,
        "online_8h": row.online_8h,
        "full_level": row.online_level == FULL_ONLINE,
        "full_level_online": row.online_level == FULL_ONLINE and row.online,
        "partial_level": row.online_level == PARTIAL_ONLINE,
        "partial_level_online": row.online_level == PARTIAL_ONLINE and row.online,
        "with_fee": row.with_fee,
        "with_fee_paid_online": row.paid_online,
        "doc_result": row.result_is_document,
        "doc_result_electronic": row.result_is_document and row.electronic_result,
        "online_33": row.counts_33,
        "digitised_42": row.digitised_42,
        "digitisation_complete": row.digitisation_complete,
        "reused": row.reused,
        "store_linked": row.store_linked,
    }
    for name, on in flags.items():
        if on:
            daily[(u, r, name)] += 1
    if row.ended_day is not None:
        daily[(u, row.ended_day, "ended")] += 1
        if row.ended_late:
            daily[(u, row.ended_day, "ended_late")] += 1
    if row.late_day is not None:
        daily[(u, row.late_day, "late_start")] += 1
    p = row.procedure_id
    monthly[(u, p, _month(r), "received")] += 1
    if row.paid_online:
        monthly[(u, p, _month(r), "paid_online")] += 1
    if row.settled_day is not None and row.outcome:
        s = row.settled_day
        daily[(u, s, "settled")] += 1
        daily[(u, s, f"settled_{row.outcome}")] += 1
        if row.result_is_document:
            daily[(u, s, "settled_doc_result")] += 1
            if row.electronic_result:
                daily[(u, s, "settled_doc_result_electronic")] += 1
        monthly[(u, p, _month(s), "settled")] += 1
        if row.outcome == Outcome.LATE:
            monthly[(u, p, _month(s), "settled_late")] += 1
        if row.processing_hours is not None:
            # Hundredths of an hour, so that the aggregate stays an exact integer sum.
            monthly[(u, p, _month(s), "hours_x100")] += round(row.processing_hours * 100)
    return daily, monthly


def delta(
    old: FactRow | None, new: FactRow | None
) -> tuple[Counter[DailyKey], Counter[MonthlyKey]]:
    """contributions(new) − contributions(old), zero entries dropped."""
    old_daily, old_monthly = contributions(old)
    new_daily, new_monthly = contributions(new)
    daily: Counter[DailyKey] = Counter(new_daily)
    daily.subtract(old_daily)
    monthly: Counter[MonthlyKey] = Counter(new_monthly)
    monthly.subtract(old_monthly)
    return (
        Counter({k: v for k, v in daily.items() if v}),
        Counter({k: v for k, v in monthly.items() if v}),
    )
