"""The pure formulas on hand-built timelines, with exact expected values: every rule of
766 indicator 2.1, the early / on time / late split, and the scoring."""

from datetime import date, datetime

import pytest

from motcua.indicators.formulas import (
    VN_TZ,
    Outcome,
    Supplement,
    Timeline,
    adjusted_end,
    check_target,
    day_end,
    in_population,
    is_late_at,
    late_day,
    points,
    rate_of,
    settled_outcome,
)

START, END = date(2024, 3, 1), date(2024, 3, 31)
PERIOD_END = day_end(END)


def t(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=VN_TZ)


APPOINTMENT = t(11, 17)  # Monday 11/03/2024, 17:00


def handled(timeline: Timeline) -> str:
    """The dossier's 2.1 outcome for March 2024: "out", "late" or "on time"."""
    if not in_population(timeline, START, END):
        return "out"
    return "late" if is_late_at(timeline, PERIOD_END) else "on time"


def test_finished_by_the_appointment_is_on_time_and_after_it_late():
    assert handled(Timeline(t(4), APPOINTMENT, finished=t(11, 17))) == "on time"
    assert handled(Timeline(t(4), APPOINTMENT, finished=t(11, 17, 1))) == "late"


def test_open_dossier_past_due_at_the_period_end_counts_late():
    assert handled(Timeline(t(4), APPOINTMENT)) == "late"
    # Not yet due when the period ends: on time.
    assert handled(Timeline(t(25), t(5, 17, month=4))) == "on time"


def test_finished_after_the_period_ends_at_the_period_end():
    # Due 11/03, finished 02/04 (outside March): in March it ended at the period's end.
    assert handled(Timeline(t(4), APPOINTMENT, finished=t(2, 10, month=4))) == "late"
    # Due 05/04, finished 02/04: on time.
    assert handled(Timeline(t(25), t(5, 17, month=4), finished=t(2, 10, month=4))) == "on time"


def test_population_is_received_by_the_end_and_not_finished_before_the_start():
    assert (
        handled(Timeline(t(20, month=2), t(27, 17, month=2), finished=t(29, 10, month=2))) == "out"
    )
    assert handled(Timeline(t(20, month=2), t(27, 17, month=2), finished=t(1, 8))) == "late"
    assert handled(Timeline(t(1, 10, month=4), t(5, 17, month=4))) == "out"
    assert handled(Timeline(None, None)) == "out"


def test_supplement_waiting_time_is_taken_off_the_end_wall_clock():
    # Requested Tue 05/03 09:00, supplied Fri 08/03 09:00: 72 h taken off.
    timeline = Timeline(t(4), APPOINTMENT, finished=t(14, 9), supplements=(Supplement(t(5), t(8)),))
    assert adjusted_end(timeline, PERIOD_END) == t(11, 9)
    assert handled(timeline) == "on time"
    # One more hour of work and it is late.
    assert (
        handled(
            Timeline(
                t(4), APPOINTMENT, finished=t(14, 17, 1), supplements=(Supplement(t(5), t(8)),)
            )
        )
        == "late"
    )


def test_waiting_over_a_weekend_counts_every_wall_clock_hour():
    # Requested Fri 08/03 17:00, supplied Mon 11/03 08:00: 63 hours off, weekend included.
    timeline = Timeline(
        t(4), APPOINTMENT, finished=t(14, 8), supplements=(Supplement(t(8, 17), t(11, 8)),)
    )
    assert adjusted_end(timeline, PERIOD_END) == t(11, 17)
    assert handled(timeline) == "on time"


def test_supplement_still_awaited_ends_the_dossier_at_the_request():
    awaited = Timeline(t(4), APPOINTMENT, supplements=(Supplement(t(6, 10)),))
    assert adjusted_end(awaited, PERIOD_END) == t(6, 10)
    assert handled(awaited) == "on time"
    # Asked after the appointment had passed: late.
    assert handled(Timeline(t(4), APPOINTMENT, supplements=(Supplement(t(12, 10)),))) == "late"
    # Supplied only after the period: still awaited at its end.
    supplied_later = Timeline(t(4), APPOINTMENT, supplements=(Supplement(t(6, 10), t(3, month=4)),))
    assert handled(supplied_later) == "on time"


def test_a_second_supplement_request_makes_the_dossier_late():
    twice = Timeline(
        t(4),
        APPOINTMENT,
        finished=t(7),
        supplements=(Supplement(t(5), t(5, 15)), Supplement(t(6), t(6, 11))),
    )
    assert handled(twice) == "late"
    assert settled_outcome(twice) == Outcome.LATE


def test_a_later_appointment_does_not_make_a_late_dossier_on_time():
    # The apology moved the appointment to 15/03; 2.1 judges on the original 11/03.
    assert handled(Timeline(t(4), APPOINTMENT, finished=t(13, 10))) == "late"


def test_end_is_processing_finished_then_delivered_then_stopped():
    assert handled(Timeline(t(4), APPOINTMENT, finished=t(11, 12), delivered=t(20))) == "on time"
    assert handled(Timeline(t(4), APPOINTMENT, delivered=t(12))) == "late"
    assert handled(Timeline(t(4), APPOINTMENT, closed=t(8))) == "on time"
    assert handled(Timeline(t(4), APPOINTMENT, closed=t(12))) == "late"


def test_early_means_a_calendar_day_before_the_appointments_day():
    assert settled_outcome(Timeline(t(4), APPOINTMENT, finished=t(8, 16))) == Outcome.EARLY
    assert settled_outcome(Timeline(t(4), APPOINTMENT, finished=t(11, 8))) == Outcome.ON_TIME
    assert settled_outcome(Timeline(t(4), APPOINTMENT, finished=t(12, 8))) == Outcome.LATE
    # Waiting taken off: finished 12/03 after 2 days of waiting is early (10/03).
    assert (
        settled_outcome(
            Timeline(t(4), APPOINTMENT, finished=t(12), supplements=(Supplement(t(5), t(7)),))
        )
        == Outcome.EARLY
    )
    # Stopped or still open: no settlement outcome.
    assert settled_outcome(Timeline(t(4), APPOINTMENT, closed=t(8))) is None
    assert settled_outcome(Timeline(t(4), APPOINTMENT)) is None


def test_late_day_is_the_first_day_whose_period_counts_the_dossier_late():
    assert late_day(Timeline(t(4), APPOINTMENT)) == date(2024, 3, 11)
    assert late_day(Timeline(t(4), APPOINTMENT, finished=t(11, 12))) is None
    assert late_day(Timeline(t(4), APPOINTMENT, finished=t(13, 10))) == date(2024, 3, 11)
    # Awaiting a supplement asked in time: never late while it waits.
    assert late_day(Timeline(t(4), APPOINTMENT, supplements=(Supplement(t(6)),))) is None
    # Supplied after 3 days: the appointment moves 3 days on (Thu 14/03 17:00).
    assert late_day(Timeline(t(4), APPOINTMENT, supplements=(Supplement(t(6), t(9)),))) == date(
        2024, 3, 14
    )
    # A second request on 07/03 makes it late from that day.
    assert late_day(
        Timeline(t(4), APPOINTMENT, supplements=(Supplement(t(5), t(5, 11)), Supplement(t(7))))
    ) == date(2024, 3, 7)


def test_points_full_at_the_threshold_proportional_below_and_na_for_nothing():
    assert points(50.0, 6, 50) == 6.0
    assert points(80.0, 6, 50) == 6.0
    assert points(25.0, 6, 50) == 3.0
    assert points(90.0, 20, None) == 18.0
    assert points(None, 20, None) == 0.0
    assert rate_of(0, 0) is None
    assert rate_of(3, 4) == 75.0


def test_target_met_or_missed_by_how_much():
    assert check_target(97.5, 96).met is True
    missed = check_target(90.0, 96)
    assert (missed.met, missed.shortfall) == (False, 6.0)
    assert check_target(None, 96).met is None


@pytest.mark.parametrize("minutes", [0, 1])
def test_exactly_at_the_appointment_is_on_time(minutes):
    timeline = Timeline(t(4), APPOINTMENT, finished=t(11, 17, minutes))
    assert is_late_at(timeline, PERIOD_END) is bool(minutes)
