"""Deadline engine: when is a dossier due (thời hạn giải quyết thủ tục hành chính)?

Pure, typed standard-library code: no Django, no ``holidays``. The calendar data
(statutory holidays, announced swaps) is supplied by the caller, see
:mod:`motcua.workcalendar.official`.

Legal frame (verify the article numbers when the texts change):

* Bộ luật Dân sự 2015 Điều 147 khoản 2 — when a period is counted in days the
  first day is not counted: counting starts on the day after the event.
  Khoản 1 — a period in minutes or hours starts at the instant itself.
* Bộ luật Dân sự 2015 Điều 148 khoản 5 — a period whose last day is a weekly
  rest day or a holiday ends at the end of the next working day.
  (Both checked against the text of the Code.)
* Nghị định 61/2018/NĐ-CP Điều 19 khoản 2 — a dossier received in person after
  15:00 is handed to the processing agency at the start of the next working
  day. Not checked against the text here (verify), nor where the rule sits in
  Nghị định 118/2025/NĐ-CP, which replaced it (verify).
* Quyết định 766/QĐ-TTg (2022), indicator 2.1 and Nghị định 118/2025/NĐ-CP
  Điều 11 — time spent waiting for the applicant (supplement requested) is not
  charged to the agency: the clock is stopped during a :class:`Pause`
  (as cited in the project design; verify the indicator number).

Rules chosen where the texts are silent (project conventions):

* A period counted in days ends at the *close of office hours* of its last
  day (17:00 by default), not at 24:00 (Điều 148 khoản 6), because the
  appointment on the receipt form is an office hour.
* Office time is wall-clock time inside the sessions of :class:`OfficeHours`
  on working days. Vietnam has no daylight-saving time, so no DST handling.
* An instant exactly at the end of a session is still "in office": a period
  that runs out at 11:30 is due at 11:30, not at 13:00.

Implementation: every calendar keeps a lazily built index of its working days
(ordinal → number of working days before it), so that "the N-th working day
after D" is one list look-up and "office time between two instants" is a
difference of two cumulative counts. Nothing loops per minute or per day on
the hot path.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo

__all__ = [
    "VN_TZ",
    "LimitUnit",
    "OfficeHours",
    "Pause",
    "TimeLimit",
    "WorkingCalendar",
    "add_working_time",
    "counting_start",
    "due_at",
    "effective_receipt_day",
    "is_working_time",
    "working_time_between",
    "working_time_left",
]

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_US_PER_SECOND = 1_000_000
_US_PER_HOUR = 3600 * _US_PER_SECOND
_EPOCH = datetime(1, 1, 1)
_MAX_ORDINAL = date.max.toordinal()
# Margins (in days) added when the working-day index is (re)built, so that a
# burst of look-ups around the same dates does not rebuild it again.
_MARGIN_BEFORE = 370
_MARGIN_AFTER = 1100
# Rebuilds of any calendar's index are serialised so that every span of one
# calendar descends from the same first span (same rank anchor). Look-ups that
# need no rebuild never take the lock.
_REBUILD_LOCK = threading.Lock()


def _time_us(value: time) -> int:
    """Microseconds since local midnight of a naive ``time``."""
    return (
        (value.hour * 60 + value.minute) * 60 + value.second
    ) * _US_PER_SECOND + value.microsecond


def _require_aware(value: datetime, name: str) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")


@dataclass(frozen=True)
class OfficeHours:
    """Giờ làm việc hành chính: the daily office sessions in local wall-clock time.

    Sessions are ``(start, end)`` pairs of naive times, ordered and
    non-overlapping (a session may end when the next one starts).
    """

    sessions: tuple[tuple[time, time], ...] = (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )

    def __post_init__(self) -> None:
        sessions = tuple((start, end) for start, end in self.sessions)
        object.__setattr__(self, "sessions", sessions)
        if not sessions:
            raise ValueError("office hours need at least one session")
        previous_end: time | None = None
        for start, end in sessions:
            if not isinstance(start, time) or not isinstance(end, time):
                raise TypeError("sessions are pairs of datetime.time")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("session times are naive local times")
            if start >= end:
                raise ValueError(f"session {start}–{end} does not end after it starts")
            if previous_end is not None and start < previous_end:
                raise ValueError("sessions must be ordered and must not overlap")
            previous_end = end

    @property
    def opening(self) -> time:
        """Start of the first session."""
        return self.sessions[0][0]

    @property
    def closing(self) -> time:
        """End of the last session: the close of office hours."""
        return self.sessions[-1][1]

    @cached_property
    def bounds_us(self) -> tuple[tuple[int, int], ...]:
        """Sessions as microseconds since local midnight."""
        return tuple((_time_us(start), _time_us(end)) for start, end in self.sessions)

    @cached_property
    def day_length(self) -> timedelta:
        """Office time in one working day (8 hours by default)."""
        return timedelta(microseconds=sum(end - start for start, end in self.bounds_us))


@dataclass(frozen=True)
class WorkingCalendar:
    """Lịch làm việc: which days are working days and when the office is open.

    A date in ``days_off`` is never a working day, even when it is also listed
    in ``working_days`` (days off win: a holiday cannot be cancelled by
    accident). A date in ``working_days`` is a working day whatever its weekday
    (a Saturday made up after a swap, *ngày làm bù*). Any other date follows
    ``weekdays`` (Monday = 0; Saturday and Sunday off for state bodies).
    """

    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    office_hours: OfficeHours = OfficeHours()
    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    paper_cutoff: time = time(15, 0)
    tz: ZoneInfo = VN_TZ

    def __post_init__(self) -> None:
        for name in ("weekdays", "days_off", "working_days"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        if not self.weekdays <= frozenset(range(7)):
            raise ValueError(f"weekdays must be in 0..6, got {sorted(self.weekdays)}")
        for name in ("days_off", "working_days"):
            for day in getattr(self, name):
                if isinstance(day, datetime) or not isinstance(day, date):
                    raise TypeError(f"{name} holds dates, got {day!r}")
        if not self.weekdays and not (self.working_days - self.days_off):
            raise ValueError("a calendar needs at least one working day")
        if self.paper_cutoff.tzinfo is not None:
            raise ValueError("paper_cutoff is a naive local time")

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` (a local date) is a working day."""
        if isinstance(d, datetime):
            raise TypeError("is_working_day takes a date; convert the datetime to local first")
        if d in self.days_off:
            return False
        if d in self.working_days:
            return True
        return d.weekday() in self.weekdays

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        if isinstance(d, datetime):
            raise TypeError("next_working_day takes a date")
        return date.fromordinal(self._index.nth_after(d.toordinal(), 1))

    def opening(self, d: date) -> datetime:
        """Aware datetime of the opening of office hours on ``d``."""
        return datetime.combine(d, self.office_hours.opening, tzinfo=self.tz)

    def closing(self, d: date) -> datetime:
        """Aware datetime of the close of office hours on ``d``."""
        return datetime.combine(d, self.office_hours.closing, tzinfo=self.tz)

    def __getstate__(self) -> dict[str, object]:
        # Pickle the fields only; the index is a cache rebuilt on demand.
        return {key: value for key, value in self.__dict__.items() if key != "_index"}

    @cached_property
    def _index(self) -> _Index:
        # A cache, not state: it lives in the instance __dict__ (allowed on a
        # frozen dataclass) and never takes part in equality or hashing.
        return _Index(self)


class LimitUnit(StrEnum):
    """Unit of a legal time limit (thời hạn giải quyết)."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"


@dataclass(frozen=True)
class TimeLimit:
    """A legal time limit: ``amount`` units, e.g. 5 working days."""

    amount: int
    unit: LimitUnit

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValueError(f"amount must be an int, got {self.amount!r}")
        if self.amount < 0:
            raise ValueError(f"amount must be >= 0, got {self.amount}")
        object.__setattr__(self, "unit", LimitUnit(self.unit))


@dataclass(frozen=True)
class Pause:
    """The clock is stopped from ``start`` until ``end`` (tạm dừng tính thời hạn).

    Typically a supplement request (yêu cầu bổ sung hồ sơ): the time waiting for
    the applicant is not charged to the agency. ``end=None`` means still paused.
    """

    start: datetime
    end: datetime | None

    def __post_init__(self) -> None:
        _require_aware(self.start, "Pause.start")
        if self.end is not None:
            _require_aware(self.end, "Pause.end")
            if self.end < self.start:
                raise ValueError(f"pause ends before it starts: {self.start} > {self.end}")


class _Span:
    """Immutable snapshot of the working-day index over ordinals [lo, hi)."""

    __slots__ = ("lo", "hi", "base", "ords", "rank")

    def __init__(self, lo: int, hi: int, base: int, ords: list[int], rank: list[int]) -> None:
        self.lo = lo
        self.hi = hi
        # Absolute rank of ``lo``: ranks stay comparable when the span grows.
        self.base = base
        self.ords = ords  # working-day ordinals in [lo, hi), ascending
        self.rank = rank  # rank[i]: working days in [lo, lo + i); len = hi - lo + 1


class _Index:
    """Working-day index and office-time arithmetic of one calendar.

    Office time is measured on one absolute axis ("f", in microseconds): the
    instant ``(day, t)`` sits at ``rank(day) * day_length + office time of that
    day before t``. Any period is then a difference of two f values, and the
    instant at which a period ends is found by inverting f.
    """

    __slots__ = (
        "weekdays",
        "off",
        "extra",
        "last_extra",
        "tz",
        "sessions",
        "day_len",
        "open_us",
        "close_us",
        "cutoff_us",
        "span",
    )

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.weekdays = calendar.weekdays
        self.off = frozenset(d.toordinal() for d in calendar.days_off)
        self.extra = frozenset(d.toordinal() for d in calendar.working_days) - self.off
        self.last_extra = max(self.extra, default=0)
        self.tz = calendar.tz
        hours = calendar.office_hours
        self.sessions = hours.bounds_us
        self.day_len = hours.day_length // timedelta(microseconds=1)
        self.open_us = self.sessions[0][0]
        self.close_us = self.sessions[-1][1]
        self.cutoff_us = _time_us(calendar.paper_cutoff)
        self.span: _Span | None = None

    # -- index maintenance ----------------------------------------------------

    def cover(self, lo: int, hi: int) -> _Span:
        """A span covering ordinals [lo, hi], rebuilt (grown) when needed."""
        span = self.span
        if span is not None and span.lo <= lo and hi <= span.hi:
            return span
        with _REBUILD_LOCK:
            return self._grow(lo, hi)

    def _grow(self, lo: int, hi: int) -> _Span:
        span = self.span
        if span is not None and span.lo <= lo and hi <= span.hi:
            return span  # another thread grew it meanwhile
        if span is None:
            new_lo, new_hi = lo - _MARGIN_BEFORE, hi + _MARGIN_AFTER
        else:
            width = span.hi - span.lo
            new_lo = min(span.lo, lo - _MARGIN_BEFORE) if lo < span.lo else span.lo
            new_hi = max(span.hi + width, hi + _MARGIN_AFTER) if hi > span.hi else span.hi
        new_lo = max(1, new_lo)
        new_hi = min(_MAX_ORDINAL + 1, new_hi)
        if lo < new_lo or hi > new_hi:
            raise ValueError("date out of the supported range")
        return self._build(new_lo, new_hi, span)

    def _build(self, lo: int, hi: int, old: _Span | None) -> _Span:
        off, extra, weekdays = self.off, self.extra, self.weekdays
        ords: list[int] = []
        rank = [0] * (hi - lo + 1)
        count = 0
        weekday = (lo + 6) % 7  # date.fromordinal(1) is a Monday
        for i, ordinal in enumerate(range(lo, hi)):
            rank[i] = count
            if ordinal in off:
                pass
            elif ordinal in extra or weekday in weekdays:
                ords.append(ordinal)
                count += 1
            weekday = 0 if weekday == 6 else weekday + 1
        rank[hi - lo] = count
        base = 0 if old is None else old.base - rank[old.lo - lo]
        span = _Span(lo, hi, base, ords, rank)
        # Publishing is a single reference assignment: readers holding the old
        # snapshot keep a consistent view (absolute ranks do not change).
        self.span = span
        return span

    # -- day arithmetic -------------------------------------------------------

    def is_working(self, ordinal: int) -> bool:
        span = self.cover(ordinal, ordinal + 1)
        i = ordinal - span.lo
        return span.rank[i + 1] != span.rank[i]

    def nth_after(self, ordinal: int, n: int) -> int:
        """Ordinal of the n-th (n >= 1) working day strictly after ``ordinal``."""
        span = self.cover(ordinal, ordinal + 1)
        k = span.base + span.rank[ordinal + 1 - span.lo] + n - 1
        while k - span.base >= len(span.ords):
            if not self.weekdays and span.hi > self.last_extra:
                raise ValueError("the calendar has no further working day")
            span = self.cover(span.lo, span.hi + 2 * n + 7)
        return span.ords[k - span.base]

    # -- office-time axis -----------------------------------------------------

    def office_before(self, t: int) -> int:
        """Office microseconds of a working day before time-of-day ``t``."""
        total = 0
        for start, end in self.sessions:
            if t <= start:
                break
            total += (t if t < end else end) - start
        return total

    def f(self, ordinal: int, t: int) -> int:
        """Position of local instant (ordinal, t) on the office-time axis."""
        span = self.cover(ordinal, ordinal + 1)
        i = ordinal - span.lo
        before = span.rank[i]
        value = (span.base + before) * self.day_len
        if span.rank[i + 1] != before:
            value += self.office_before(t)
        return value

    def f_of(self, value: datetime) -> int:
        return self.f(*self.local(value))

    def at(self, f: int) -> tuple[int, int]:
        """Earliest local instant whose office-time position is ``f``.

        "Earliest" makes a period that runs out exactly at a session end end
        there (11:30 and 17:00), not at the next opening.
        """
        k = (f - 1) // self.day_len  # absolute index of the working day
        rest = f - k * self.day_len  # in (0, day_len]
        span = self.span
        if span is None:  # pragma: no cover - f() always built the index first
            raise RuntimeError("office-time position used before the index was built")
        while k - span.base < 0:
            span = self.cover(span.lo - 2 * _MARGIN_BEFORE, span.lo)
        while k - span.base >= len(span.ords):
            if not self.weekdays and span.hi > self.last_extra:
                raise ValueError("the calendar has no further working day")
            span = self.cover(span.lo, span.hi + (k - span.base - len(span.ords)) * 2 + 7)
        ordinal = span.ords[k - span.base]
        for start, end in self.sessions:
            length = end - start
            if rest <= length:
                return ordinal, start + rest
            rest -= length
        raise AssertionError("unreachable: rest exceeds the day length")  # pragma: no cover

    # -- conversions ----------------------------------------------------------

    def local(self, value: datetime) -> tuple[int, int]:
        """(local ordinal, microseconds since local midnight) of an aware datetime."""
        if value.tzinfo is None or value.utcoffset() is None:
            _require_aware(value, "datetime")
        loc = value.astimezone(self.tz)
        return loc.toordinal(), (
            (loc.hour * 60 + loc.minute) * 60 + loc.second
        ) * _US_PER_SECOND + loc.microsecond

    def to_datetime(self, ordinal: int, t: int) -> datetime:
        return (_EPOCH + timedelta(days=ordinal - 1, microseconds=t)).replace(tzinfo=self.tz)

    def next_office(self, ordinal: int, t: int) -> tuple[int, int]:
        """The instant itself if in office (session end inclusive), else the next opening."""
        if self.is_working(ordinal):
            for start, end in self.sessions:
                if t < start:
                    return ordinal, start
                if t <= end:
                    return ordinal, t
        return self.nth_after(ordinal, 1), self.open_us

    def receipt(self, ordinal: int, t: int, paper: bool) -> tuple[int, int]:
        """Effective receipt day and the instant counting starts on it."""
        if t >= self.close_us or (paper and t > self.cutoff_us) or not self.is_working(ordinal):
            return self.nth_after(ordinal, 1), self.open_us
        return self.next_office(ordinal, t)


def _merged_pauses(
    index: _Index,
    pauses: Sequence[Pause],
    open_end: datetime | None,
    lo: int,
    hi: int | None,
) -> list[tuple[int, int]]:
    """Pauses as merged office-time intervals clipped to [lo, hi]."""
    intervals: list[tuple[int, int]] = []
    for pause in pauses:
        if not isinstance(pause, Pause):
            raise TypeError(f"expected Pause, got {type(pause).__name__}")
        end = pause.end
        if end is None:
            if open_end is None:
                raise ValueError("an open pause (end=None) needs as_of to be given")
            if open_end <= pause.start:
                continue
            end = open_end
        start_f = max(index.f_of(pause.start), lo)
        end_f = index.f_of(end)
        if hi is not None and end_f > hi:
            end_f = hi
        if end_f > start_f:
            intervals.append((start_f, end_f))
    intervals.sort()
    merged: list[tuple[int, int]] = []
    for start_f, end_f in intervals:
        if merged and start_f <= merged[-1][1]:
            if end_f > merged[-1][1]:
                merged[-1] = (merged[-1][0], end_f)
        else:
            merged.append((start_f, end_f))
    return merged


def effective_receipt_day(
    received_at: datetime, calendar: WorkingCalendar, *, paper: bool = True
) -> date:
    """Ngày tiếp nhận được tính: the working day the dossier counts as received.

    The day of receipt, unless the dossier arrived on a non-working day, at or
    after the close of office hours, or — on paper — after the paper cutoff
    (15:00, Nghị định 61/2018/NĐ-CP Điều 19 khoản 2): then the next working
    day. An online dossier (``paper=False``) received before the close keeps
    its day even after 15:00.
    """
    _require_aware(received_at, "received_at")
    index = calendar._index
    ordinal, _ = index.receipt(*index.local(received_at), paper)
    return date.fromordinal(ordinal)


def counting_start(
    received_at: datetime, calendar: WorkingCalendar, *, paper: bool = True
) -> datetime:
    """The instant office time starts to count (limits in working hours).

    The receipt instant if it is inside office hours of the effective receipt
    day; otherwise the next session opening; for a paper dossier after the
    cutoff, the opening of the next working day.
    """
    _require_aware(received_at, "received_at")
    index = calendar._index
    return index.to_datetime(*index.receipt(*index.local(received_at), paper))


def due_at(
    received_at: datetime,
    limit: TimeLimit,
    calendar: WorkingCalendar,
    *,
    paper: bool = True,
    pauses: Sequence[Pause] = (),
    as_of: datetime | None = None,
) -> datetime:
    """Hạn giải quyết: the instant a dossier received at ``received_at`` is due.

    * Working days: the close of office hours of the N-th working day after
      the effective receipt day (BLDS 2015 Điều 147 khoản 2: the first day is
      not counted). 27/10/2023 09:32 + 5 working days → 03/11/2023 17:00.
    * Calendar days: the close of the N-th calendar day after the effective
      receipt day, moved to the next working day when that day is off
      (BLDS 2015 Điều 148 khoản 5).
    * Working hours: the instant N hours of office time after
      :func:`counting_start` (BLDS 2015 Điều 147 khoản 1: an hour period starts
      at the instant itself); a period ending exactly at a session end is due
      at that session end.
    * Zero days: the close of the effective receipt day (same-day processing).
      Zero hours: the counting start.

    ``pauses`` stop the clock (QĐ 766/QĐ-TTg indicator 2.1; NĐ 118/2025 Điều 11):
    the office time inside the pauses, counted from the start of the clock
    and merged where pauses overlap, is added to the due instant. A pause
    that starts only after the (running) due instant is ignored: the time had
    already run out. An open pause (``end=None``) runs until ``as_of``.
    """
    _require_aware(received_at, "received_at")
    if not isinstance(limit, TimeLimit):
        raise TypeError(f"limit must be a TimeLimit, got {type(limit).__name__}")
    if as_of is not None:
        _require_aware(as_of, "as_of")
    index = calendar._index
    receipt_day, start_t = index.receipt(*index.local(received_at), paper)
    amount = limit.amount
    unit = limit.unit
    if unit is LimitUnit.WORKING_HOURS:
        if amount == 0:
            due = (receipt_day, start_t)
        else:
            due = index.at(index.f(receipt_day, start_t) + amount * _US_PER_HOUR)
    else:
        if unit is LimitUnit.WORKING_DAYS:
            last = index.nth_after(receipt_day, amount) if amount else receipt_day
        else:
            last = receipt_day + amount
            if not index.is_working(last):
                last = index.nth_after(last, 1)
        due = (last, index.close_us)
    if pauses:
        if unit is LimitUnit.WORKING_HOURS:
            clock_f = index.f(receipt_day, start_t)
        else:
            # Day counts start the day after receipt: pauses on the receipt
            # day itself cost nothing. On the office-time axis that is its close.
            clock_f = index.f(receipt_day, index.close_us)
        due_f = index.f(*due)
        moved = False
        for start_f, end_f in _merged_pauses(index, pauses, as_of, clock_f, None):
            if start_f >= due_f:
                break
            due_f += end_f - start_f
            moved = True
        if moved:
            due = index.at(due_f)
    return index.to_datetime(*due)


def add_working_time(start: datetime, duration: timedelta, calendar: WorkingCalendar) -> datetime:
    """The instant ``duration`` of office time after ``start``.

    With a zero duration the result is ``start`` itself when it is inside
    office hours of a working day or exactly at a session end, otherwise the
    next session opening. A positive duration that runs out exactly at a
    session end returns that session end (11:30, not 13:00).
    """
    _require_aware(start, "start")
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration}")
    index = calendar._index
    ordinal, t = index.local(start)
    if not duration:
        return index.to_datetime(*index.next_office(ordinal, t))
    return index.to_datetime(*index.at(index.f(ordinal, t) + duration // timedelta(microseconds=1)))


def is_working_time(value: datetime, calendar: WorkingCalendar) -> bool:
    """Whether ``value`` is inside office hours of a working day, a session's end included
    (17:00 is when a day's period ends, BLDS 2015 Điều 148). A Sunday, a holiday, 22:00 or
    midnight are not: nothing is due, and no appointment is made, then."""
    _require_aware(value, "value")
    local = value.astimezone(calendar.tz)
    if not calendar.is_working_day(local.date()):
        return False
    moment = local.time().replace(tzinfo=None)
    return any(start <= moment <= end for start, end in calendar.office_hours.sessions)


def _between_us(
    index: _Index, start: datetime, end: datetime, pauses: Sequence[Pause], open_end: datetime
) -> int:
    start_f = index.f_of(start)
    end_f = index.f_of(end)
    total = end_f - start_f
    if pauses:
        for pause_start, pause_end in _merged_pauses(index, pauses, open_end, start_f, end_f):
            total -= pause_end - pause_start
    return total


def working_time_between(
    start: datetime,
    end: datetime,
    calendar: WorkingCalendar,
    pauses: Sequence[Pause] = (),
) -> timedelta:
    """Office time in [start, end) minus the paused office time in it.

    Negative when ``end`` is before ``start``. An open pause counts as
    running until the later of the two instants.
    """
    _require_aware(start, "start")
    _require_aware(end, "end")
    index = calendar._index
    if end < start:
        return -timedelta(microseconds=_between_us(index, end, start, pauses, start))
    return timedelta(microseconds=_between_us(index, start, end, pauses, end))


def overdue_before(now: datetime, calendar: WorkingCalendar) -> datetime:
    """The instant before which a due time is overdue at ``now``, for a query over many
    dossiers at once: ``working_time_left(due, now, calendar) < 0`` exactly when
    ``due < overdue_before(now, calendar)`` (without pauses). It is ``now`` in office
    hours, else the end of the last session before it (Friday 17:00 on a Saturday)."""
    _require_aware(now, "now")
    index = calendar._index
    return index.to_datetime(*index.at(index.f_of(now)))


def due_within_until(now: datetime, within: timedelta, calendar: WorkingCalendar) -> datetime:
    """The latest due time with at most ``within`` of office time left at ``now``:
    ``working_time_left(due, now, calendar) <= within`` exactly when
    ``due <= due_within_until(now, within, calendar)`` (without pauses). A period that
    runs out at a session end reaches to the next opening: no office time lies between."""
    _require_aware(now, "now")
    if within < timedelta(0):
        raise ValueError(f"within must not be negative, got {within}")
    index = calendar._index
    ordinal, t = index.at(index.f_of(now) + within // timedelta(microseconds=1))
    for i, (_start, end) in enumerate(index.sessions):
        if t == end:
            if i + 1 < len(index.sessions):
                return index.to_datetime(ordinal, index.sessions[i + 1][0])
            return index.to_datetime(index.nth_after(ordinal, 1), index.open_us)
    return index.to_datetime(ordinal, t)


def working_time_left(
    due: datetime,
    now: datetime,
    calendar: WorkingCalendar,
    pauses: Sequence[Pause] = (),
) -> timedelta:
    """Office time left from ``now`` until ``due``; negative when overdue.

    An open pause is taken to end ``now``: ``due`` computed with
    ``as_of=now`` already accounts for it, so the time left is what remains if
    the applicant answers now. Closed pauses between now and due are not
    counted as time left.
    """
    _require_aware(due, "due")
    _require_aware(now, "now")
    index = calendar._index
    if due < now:
        return -timedelta(microseconds=_between_us(index, due, now, pauses, now))
    return timedelta(microseconds=_between_us(index, now, due, pauses, now))
