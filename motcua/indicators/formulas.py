"""The indicator formulas: typed pure functions of plain data (no Django).

One definition of every figure (DESIGN.md, "Lessons from the peer"): a dossier's outcome
is computed here once, and the counts, the 766 index and the local targets are sums of
these outcomes. Sources:

- Quyết định 766/QĐ-TTg (23/06/2022), indicator 2.1 as the national portal computes it
  (LAW.md §3, secondary): the population is every dossier received on or before the
  period's end and not finished before its start; its end is, in order of preference,
  processing finished, result delivered, stopped / refused / withdrawn after reception;
  a dossier without an end by the period's end ends at the period's end; the supplement
  waiting time (supplied − requested, wall-clock) is taken off the end; a supplement
  still awaited ends the dossier at the request time; more than one supplement request
  makes it late; on time means the adjusted end is no later than the original
  appointment (NgayHenTra).
- Counts "early / on time / late" (seed 001: "giải quyết đúng và trước hạn"): early =
  finished on a calendar day before the appointment's day; on time = no later than the
  appointment; late = after it — on the same adjusted end as 2.1.

Periods are inclusive local calendar days (Asia/Ho_Chi_Minh); a period's end is the
midnight that closes its last day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# How far ahead an open dossier's "late from" day is searched: beyond any time limit.
_HORIZON_DAYS = 3660


class Outcome(StrEnum):
    """Kết quả giải quyết so với hạn: trước hạn / đúng hạn / trễ hạn."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass(frozen=True)
class Supplement:
    """One supplement request (NgayBoSung) and when it was supplied (NgayTiepNhanBoSung,
    ``None`` while awaited)."""

    requested: datetime
    supplied: datetime | None = None


@dataclass(frozen=True)
class Timeline:
    """What 2.1 needs of one dossier, all instants aware.

    ``received`` is None for a dossier never received (still waiting online, or not
    accepted): such a dossier is in no population."""

    received: datetime | None
    appointment: datetime | None
    finished: datetime | None = None  # NgayKetThucXuLy: processing finished
    delivered: datetime | None = None  # NgayTra: result delivered
    closed: datetime | None = None  # stopped / refused / withdrawn after reception
    supplements: tuple[Supplement, ...] = field(default_factory=tuple)

    @property
    def end(self) -> datetime | None:
        """The dossier's end, in the order of preference of 2.1."""
        for candidate in (self.finished, self.delivered, self.closed):
            if candidate is not None:
                return candidate
        return None


def local_day(value: datetime) -> date:
    return value.astimezone(VN_TZ).date()


def day_end(day: date) -> datetime:
    """The end of a local calendar day: the next day's midnight (exclusive bound)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=VN_TZ)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VN_TZ)


def adjusted_end(timeline: Timeline, as_of: datetime) -> datetime:
    """The end 2.1 compares with the appointment when the dossier is looked at ``as_of``
    (the period's end): the dossier's own end if it came by then, else ``as_of``; a
    supplement still awaited at that moment ends the dossier at its request; the
    wall-clock waiting of supplements supplied by then is taken off."""
    end = timeline.end
    effective = end if end is not None and end <= as_of else as_of
    waited = timedelta(0)
    for supplement in sorted(timeline.supplements, key=lambda s: s.requested):
        if supplement.requested > effective:
            break
        if supplement.supplied is None or supplement.supplied > effective:
            return supplement.requested - waited
        waited += supplement.supplied - supplement.requested
    return effective - waited


def requests_by(timeline: Timeline, as_of: datetime) -> int:
    return sum(1 for s in timeline.supplements if s.requested <= as_of)


def is_late_at(timeline: Timeline, as_of: datetime) -> bool:
    """2.1 outcome of a received dossier looked at ``as_of``: late when asked for a
    supplement more than once by then, or when its adjusted end is after the original
    appointment. Without an appointment nothing can be late."""
    end = timeline.end
    effective = end if end is not None and end <= as_of else as_of
    if requests_by(timeline, effective) > 1:
        return True
    if timeline.appointment is None:
        return False
    return adjusted_end(timeline, as_of) > timeline.appointment


def late_day(timeline: Timeline) -> date | None:
    """The first local day D such that, for any period ending on D or later, the dossier
    counts late in 2.1 (``None``: never). The outcome only worsens as the period's end
    moves on (once late, late), so a binary search over the days finds it."""
    if timeline.received is None:
        return None
    first = local_day(timeline.received)
    end = timeline.end
    last = local_day(end) if end is not None else first + timedelta(days=_HORIZON_DAYS)
    if last < first:
        last = first
    if not is_late_at(timeline, day_end(last)):
        return None
    lo, hi = first, last
    while lo < hi:
        mid = lo + timedelta(days=(hi - lo).days // 2)
        if is_late_at(timeline, day_end(mid)):
            hi = mid
        else:
            lo = mid + timedelta(days=1)
    return lo


def settled_outcome(timeline: Timeline) -> Outcome | None:
    """Outcome of a dossier whose processing finished (``finished``, else ``delivered``):
    ``None`` for a dossier without a result (open, stopped, withdrawn)."""
    settled = timeline.finished or timeline.delivered
    if settled is None or timeline.received is None:
        return None
    if is_late_at(timeline, settled):
        return Outcome.LATE
    if timeline.appointment is None:
        return Outcome.ON_TIME
    if local_day(adjusted_end(timeline, settled)) < local_day(timeline.appointment):
        return Outcome.EARLY
    return Outcome.ON_TIME


def in_population(timeline: Timeline, start: date, end: date) -> bool:
    """2.1: received on or before the period's end and not finished before its start."""
    if timeline.received is None or local_day(timeline.received) > end:
        return False
    finish = timeline.end
    return finish is None or local_day(finish) >= start


# -- points of the 766 index ------------------------------------------------------------------


def points(rate: float | None, max_points: float, threshold: float | None) -> float:
    """QĐ 766 scoring (LAW.md §3): full points at or above the threshold, else
    rate × points ÷ threshold; without a threshold rate × points (rate in percent); a
    zero denominator (``rate`` None) is "N/A" and earns nothing."""
    if rate is None:
        return 0.0
    if threshold is not None and threshold > 0:
        if rate >= threshold:
            return float(max_points)
        return rate * max_points / threshold
    return rate * max_points / 100.0


def rate_of(numerator: int, denominator: int) -> float | None:
    """Percent (0–100), ``None`` for a zero denominator (never 0)."""
    if denominator <= 0:
        return None
    return 100.0 * numerator / denominator


@dataclass(frozen=True)
class TargetCheck:
    """A figure against its local target: ``met`` (None when the figure is N/A) and by how
    many percentage points it is short (0 when met)."""

    target: float
    rate: float | None
    met: bool | None
    shortfall: float


def check_target(rate: float | None, target: float) -> TargetCheck:
    if rate is None:
        return TargetCheck(target, None, None, 0.0)
    if rate >= target:
        return TargetCheck(target, rate, True, 0.0)
    return TargetCheck(target, rate, False, target - rate)
