"""The bounds that let the deadline sweep select by due time in SQL agree exactly with the
engine's time left, instant by instant."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.workcalendar import engine

VN = ZoneInfo("Asia/Ho_Chi_Minh")

CALENDAR = engine.WorkingCalendar(
    weekdays=frozenset({0, 1, 2, 3, 4}),
    office_hours=engine.OfficeHours(
        sessions=((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0)))
    ),
    days_off=frozenset({date(2024, 3, 12), date(2024, 4, 30), date(2024, 5, 1)}),
    working_days=frozenset({date(2024, 3, 16)}),
)


def _instants(rng: random.Random, n: int) -> list[datetime]:
    start = datetime(2024, 3, 1, tzinfo=VN)
    picks = []
    for _ in range(n):
        day = start + timedelta(days=rng.randrange(75))
        # Often exactly on a boundary, where off-by-one errors live.
        if rng.random() < 0.5:
            moment = rng.choice([time(0), time(7, 30), time(11, 30), time(13), time(15), time(17)])
            picks.append(day.replace(hour=moment.hour, minute=moment.minute))
        else:
            picks.append(day + timedelta(minutes=rng.randrange(24 * 60)))
    return picks


@pytest.mark.parametrize("within_hours", [0, 3, 4, 8, 16])
def test_bounds_agree_with_time_left(within_hours):
    rng = random.Random(within_hours)
    within = timedelta(hours=within_hours)
    dues = _instants(rng, 150)
    for now in _instants(rng, 60):
        overdue = engine.overdue_before(now, CALENDAR)
        soon = engine.due_within_until(now, within, CALENDAR)
        for due in dues + [
            overdue,
            soon,
            overdue - timedelta(microseconds=1),
            soon + timedelta(microseconds=1),
        ]:
            left = engine.working_time_left(due, now, CALENDAR)
            assert (left < timedelta(0)) == (due < overdue), (now, due)
            assert (left <= within) == (due <= soon), (now, due)


def test_bounds_on_a_saturday_and_at_a_session_end():
    saturday = datetime(2024, 3, 9, 10, 0, tzinfo=VN)
    assert engine.overdue_before(saturday, CALENDAR) == datetime(2024, 3, 8, 17, 0, tzinfo=VN)
    # Friday 15:00 with 2 working hours: runs out at 17:00, reaches to Monday 07:30.
    friday = datetime(2024, 3, 8, 15, 0, tzinfo=VN)
    assert engine.due_within_until(friday, timedelta(hours=2), CALENDAR) == datetime(
        2024, 3, 11, 7, 30, tzinfo=VN
    )
    assert engine.due_within_until(friday, timedelta(hours=1), CALENDAR) == datetime(
        2024, 3, 8, 16, 0, tzinfo=VN
    )
