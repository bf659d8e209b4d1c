"""Properties of the deadline engine, checked with hypothesis on the official calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcalendar.engine import (
    VN_TZ,
    LimitUnit,
    Pause,
    TimeLimit,
    WorkingCalendar,
    add_working_time,
    counting_start,
    due_at,
    effective_receipt_day,
    working_time_between,
    working_time_left,
)
from motcua.workcalendar.official import official_calendar

CALENDAR = official_calendar()
DAY = CALENDAR.office_hours.day_length
SESSIONS = CALENDAR.office_hours.sessions

FAST = settings(max_examples=200, deadline=None)

# Instants spread over 2024–2026 (the shipped announcements), to the second.
_ORIGIN = datetime(2024, 1, 1, tzinfo=VN_TZ)
_SPAN_SECONDS = 3 * 366 * 86_400

instants = st.integers(0, _SPAN_SECONDS).map(lambda s: _ORIGIN + timedelta(seconds=s))
# Half of the draws land on office-relevant times (cut-off, close, session ends).
_SPECIAL_TIMES = [(7, 30), (11, 30), (13, 0), (15, 0), (15, 1), (17, 0), (16, 59)]
special_instants = st.builds(
    lambda day, hm: _ORIGIN.replace(hour=hm[0], minute=hm[1]) + timedelta(days=day),
    st.integers(0, 3 * 366),
    st.sampled_from(_SPECIAL_TIMES),
)
receipts = st.one_of(instants, special_instants)
units = st.sampled_from(list(LimitUnit))
amounts = st.integers(0, 30)
durations = st.integers(0, 200 * 3600).map(lambda s: timedelta(seconds=s))


def _hours(amount: int) -> timedelta:
    return timedelta(hours=amount)


def _in_office(calendar: WorkingCalendar, value: datetime) -> bool:
    local = value.astimezone(calendar.tz)
    if not calendar.is_working_day(local.date()):
        return False
    clock = local.timetz().replace(tzinfo=None)
    return any(start <= clock <= end for start, end in calendar.office_hours.sessions)


@st.composite
def pauses(draw: st.DrawFn, around: datetime, count: int = 3) -> list[Pause]:
    result = []
    for _ in range(draw(st.integers(0, count))):
        start = around + timedelta(minutes=draw(st.integers(-3 * 1440, 30 * 1440)))
        length = timedelta(minutes=draw(st.integers(0, 10 * 1440)))
        result.append(Pause(start, start + length))
    return result


@FAST
@given(receipts, st.booleans(), units, amounts, amounts)
def test_due_is_monotonic_in_the_limit(received, paper, unit, a, b):
    low, high = sorted((a, b))
    assert due_at(received, TimeLimit(low, unit), CALENDAR, paper=paper) <= due_at(
        received, TimeLimit(high, unit), CALENDAR, paper=paper
    )


@FAST
@given(receipts, st.booleans(), units, amounts)
def test_due_is_in_office_hours_of_a_working_day(received, paper, unit, amount):
    due = due_at(received, TimeLimit(amount, unit), CALENDAR, paper=paper)
    assert due.tzinfo is VN_TZ
    assert _in_office(CALENDAR, due)


@FAST
@given(receipts, st.booleans(), units, amounts)
def test_due_is_after_the_receipt(received, paper, unit, amount):
    due = due_at(received, TimeLimit(amount, unit), CALENDAR, paper=paper)
    assert due >= received
    if amount > 0:
        assert due > received
        assert due.date() > received.astimezone(VN_TZ).date() or unit is LimitUnit.WORKING_HOURS


@FAST
@given(receipts, st.booleans(), units, amounts, instants)
def test_zero_length_pause_changes_nothing(received, paper, unit, amount, at):
    limit = TimeLimit(amount, unit)
    assert due_at(received, limit, CALENDAR, paper=paper, pauses=[Pause(at, at)]) == due_at(
        received, limit, CALENDAR, paper=paper
    )


@FAST
@given(st.data(), receipts, st.booleans(), units, amounts)
def test_pauses_never_make_the_due_earlier(data, received, paper, unit, amount):
    limit = TimeLimit(amount, unit)
    some = data.draw(pauses(received))
    more = some + data.draw(pauses(received))
    plain = due_at(received, limit, CALENDAR, paper=paper)
    with_some = due_at(received, limit, CALENDAR, paper=paper, pauses=some)
    with_more = due_at(received, limit, CALENDAR, paper=paper, pauses=more)
    assert plain <= with_some <= with_more
    # Order and duplicates do not matter: overlapping pauses count once.
    assert due_at(received, limit, CALENDAR, paper=paper, pauses=some[::-1] + some) == with_some


@FAST
@given(st.data(), receipts, st.booleans(), units, amounts)
def test_pauses_add_exactly_the_paused_office_time(data, received, paper, unit, amount):
    # Unpaused office time between the start of the clock and the due time is
    # the limit itself, whatever the pauses (when they start before the due).
    limit = TimeLimit(amount, unit)
    if unit is LimitUnit.WORKING_HOURS:
        clock = counting_start(received, CALENDAR, paper=paper)
        expected = _hours(amount)
    elif unit is LimitUnit.WORKING_DAYS:
        clock = CALENDAR.closing(effective_receipt_day(received, CALENDAR, paper=paper))
        expected = DAY * amount
    else:
        return
    stops = data.draw(pauses(clock))
    due = due_at(received, limit, CALENDAR, paper=paper, pauses=stops)
    base_due = due_at(received, limit, CALENDAR, paper=paper)
    if all(p.start < base_due for p in stops):
        clipped = [Pause(max(p.start, clock), max(p.end, clock)) for p in stops if p.end]
        assert working_time_between(clock, due, CALENDAR, clipped) == expected


@FAST
@given(receipts, st.booleans(), st.integers(0, 30))
def test_working_day_limit_spans_n_office_days(received, paper, amount):
    due = due_at(received, TimeLimit(amount, LimitUnit.WORKING_DAYS), CALENDAR, paper=paper)
    first_day = CALENDAR.next_working_day(effective_receipt_day(received, CALENDAR, paper=paper))
    assert working_time_between(CALENDAR.opening(first_day), due, CALENDAR) == DAY * amount


@FAST
@given(receipts, st.booleans(), st.integers(0, 80))
def test_working_hour_limit_spans_n_office_hours(received, paper, amount):
    due = due_at(received, TimeLimit(amount, LimitUnit.WORKING_HOURS), CALENDAR, paper=paper)
    start = counting_start(received, CALENDAR, paper=paper)
    assert working_time_between(start, due, CALENDAR) == _hours(amount)


@FAST
@given(receipts, st.booleans(), units, amounts, instants)
def test_time_left_plus_time_used_is_the_whole_period(received, paper, unit, amount, now):
    due = due_at(received, TimeLimit(amount, unit), CALENDAR, paper=paper)
    start = counting_start(received, CALENDAR, paper=paper)
    assert working_time_left(due, now, CALENDAR) + working_time_between(
        start, now, CALENDAR
    ) == working_time_between(start, due, CALENDAR)


@FAST
@given(st.data(), instants, instants)
def test_time_left_splits_closed_pauses_at_now(data, start, now):
    due = start + timedelta(days=20)
    stops = data.draw(pauses(start, count=4))
    assert working_time_left(due, now, CALENDAR, stops) + working_time_between(
        start, now, CALENDAR, stops
    ) == working_time_between(start, due, CALENDAR, stops)


@FAST
@given(receipts, durations)
def test_add_then_measure_round_trips(start, duration):
    end = add_working_time(start, duration, CALENDAR)
    assert end >= start
    assert _in_office(CALENDAR, end)
    assert working_time_between(start, end, CALENDAR) == duration


@FAST
@given(receipts, receipts)
def test_measure_then_add_lands_on_the_same_office_instant(a, b):
    start, end = min(a, b), max(a, b)
    elapsed = working_time_between(start, end, CALENDAR)
    assert elapsed >= timedelta(0)
    assert working_time_between(end, start, CALENDAR) == -elapsed
    landed = add_working_time(start, elapsed, CALENDAR)
    # Same position on the office clock; it is ``end`` itself when ``end`` is
    # an office instant reached by a positive amount of office time.
    assert working_time_between(landed, end, CALENDAR) == timedelta(0)
    if (
        elapsed
        and _in_office(CALENDAR, end)
        and end.timetz().replace(tzinfo=None) not in {start_time for start_time, _ in SESSIONS}
    ):
        assert landed == end


@FAST
@given(receipts, durations, durations)
def test_adding_is_additive(start, first, second):
    step = add_working_time(add_working_time(start, first, CALENDAR), second, CALENDAR)
    whole = add_working_time(start, first + second, CALENDAR)
    assert working_time_between(step, whole, CALENDAR) == timedelta(0)
    if second:
        assert step == whole
