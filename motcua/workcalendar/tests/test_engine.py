"""Table tests of the deadline engine with exact expected instants.

Every expected value below was worked out by hand from the calendar (the
reasoning is in the comment next to each row), not copied from the engine.
"""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from itertools import repeat

import pytest

from motcua.workcalendar import official
from motcua.workcalendar.engine import (
    VN_TZ,
    LimitUnit,
    OfficeHours,
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
from motcua.workcalendar.official import OFFICIAL_DAYS, official_calendar, statutory_holidays

WD = LimitUnit.WORKING_DAYS
WH = LimitUnit.WORKING_HOURS
CD = LimitUnit.CALENDAR_DAYS

PLAIN = WorkingCalendar()  # Monday–Friday, no holidays: the rules in isolation
OFFICIAL = official_calendar()


def vn(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=VN_TZ)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


# ---------------------------------------------------------------------------
# The rules on a plain Monday–Friday calendar (October–November 2023)
# ---------------------------------------------------------------------------

PLAIN_CASES = [
    # id, received, paper, amount, unit, expected due
    # The reference example: Fri 27/10 09:32 + 5 WD = 30, 31, 1, 2, 3 → Fri 03/11 17:00.
    ("reference_example", vn(2023, 10, 27, 9, 32), True, 5, WD, vn(2023, 11, 3, 17)),
    # Paper after 15:00: handed on Mon 30/10, count 31, 1, 2, 3, 6 → Mon 06/11.
    ("paper_after_cutoff", vn(2023, 10, 27, 15, 30), True, 5, WD, vn(2023, 11, 6, 17)),
    # Paper at 15:00 sharp is not "after 15:00".
    ("paper_at_cutoff", vn(2023, 10, 27, 15, 0), True, 5, WD, vn(2023, 11, 3, 17)),
    # Online after 15:00 but before the close keeps its day.
    ("online_after_cutoff", vn(2023, 10, 27, 15, 30), False, 5, WD, vn(2023, 11, 3, 17)),
    ("online_last_second", vn(2023, 10, 27, 16, 59, 59), False, 5, WD, vn(2023, 11, 3, 17)),
    # Online at or after the close: the next working day is the receipt day.
    ("online_at_close", vn(2023, 10, 27, 17, 0), False, 5, WD, vn(2023, 11, 6, 17)),
    ("online_evening", vn(2023, 10, 27, 21, 15), False, 5, WD, vn(2023, 11, 6, 17)),
    # Before the opening on a working day: that day is the receipt day.
    ("online_early_morning", vn(2023, 10, 27, 6, 0), False, 1, WD, vn(2023, 10, 30, 17)),
    # Received on Saturday 28/10: receipt day Mon 30/10, + 5 → Mon 06/11.
    ("saturday_online", vn(2023, 10, 28, 10, 0), False, 5, WD, vn(2023, 11, 6, 17)),
    ("sunday_paper", vn(2023, 10, 29, 10, 0), True, 1, WD, vn(2023, 10, 31, 17)),
    # Zero days: close of the (effective) receipt day.
    ("zero_days_same_day", vn(2023, 10, 27, 9, 32), True, 0, WD, vn(2023, 10, 27, 17)),
    ("zero_days_paper_late", vn(2023, 10, 27, 16, 0), True, 0, WD, vn(2023, 10, 30, 17)),
    ("zero_days_saturday", vn(2023, 10, 28, 9, 0), False, 0, WD, vn(2023, 10, 30, 17)),
    # Hours. 09:32 + 2 h: 1 h 58 until 11:30, 2 min after 13:00 → 13:02.
    ("hours_cross_lunch", vn(2023, 10, 27, 9, 32), False, 2, WH, vn(2023, 10, 27, 13, 2)),
    # 09:30 + 2 h ends exactly at the session end: 11:30, not 13:00.
    ("hours_end_at_noon", vn(2023, 10, 27, 9, 30), False, 2, WH, vn(2023, 10, 27, 11, 30)),
    # 10:00 + 8 h: 1.5 h + 4 h on Friday, 2.5 h from Mon 07:30 → Mon 10:00.
    ("hours_cross_weekend", vn(2023, 10, 27, 10, 0), False, 8, WH, vn(2023, 10, 30, 10, 0)),
    # Online 16:00 + 4 h: 1 h on Friday, 3 h from Mon 07:30 → Mon 10:30.
    ("hours_online_late", vn(2023, 10, 27, 16, 0), False, 4, WH, vn(2023, 10, 30, 10, 30)),
    # Paper 16:00: counting starts Mon 07:30, + 4 h → Mon 11:30.
    ("hours_paper_late", vn(2023, 10, 27, 16, 0), True, 4, WH, vn(2023, 10, 30, 11, 30)),
    # Received in the lunch break: counting starts 13:00.
    ("hours_lunch_receipt", vn(2023, 10, 27, 12, 0), False, 1, WH, vn(2023, 10, 27, 14, 0)),
    # Received at the session end 11:30: 4 h Friday afternoon + 4 h Monday → Mon 11:30.
    ("hours_from_noon", vn(2023, 10, 27, 11, 30), False, 8, WH, vn(2023, 10, 30, 11, 30)),
    # Saturday: counting starts Mon 07:30; 8 h → Mon 17:00 (end of the last session).
    ("hours_saturday", vn(2023, 10, 28, 10, 0), False, 8, WH, vn(2023, 10, 30, 17, 0)),
    # 40 h from Mon 07:30 = five full days → Fri 17:00.
    ("hours_full_week", vn(2023, 10, 30, 7, 30), False, 40, WH, vn(2023, 11, 3, 17, 0)),
    # Online dossier waiting for reception: 8 working hours from Fri 14:00:
    # 3 h Friday, 4 h Monday morning, 1 h Monday afternoon → Mon 14:00.
    ("hours_reception_8h", vn(2023, 10, 27, 14, 0), False, 8, WH, vn(2023, 10, 30, 14, 0)),
    # Zero hours: the counting start itself.
    ("zero_hours_office", vn(2023, 10, 27, 9, 32), False, 0, WH, vn(2023, 10, 27, 9, 32)),
    ("zero_hours_lunch", vn(2023, 10, 27, 12, 0), False, 0, WH, vn(2023, 10, 27, 13, 0)),
    # Calendar days from Fri 27/10: 28, 29, 30 → Mon 30/10 17:00.
    ("calendar_days", vn(2023, 10, 27, 9, 32), False, 3, CD, vn(2023, 10, 30, 17)),
    # From Thu 26/10: 27, 28, 29 → Sunday: next working day Mon 30/10 (BLDS Điều 148 khoản 5).
    ("calendar_days_sunday", vn(2023, 10, 26, 10, 0), False, 3, CD, vn(2023, 10, 30, 17)),
    # Paper after the cutoff on Thursday: receipt day Fri 27/10; 28, 29 → Sun → Mon 30/10.
    ("calendar_days_paper", vn(2023, 10, 26, 16, 0), True, 2, CD, vn(2023, 10, 30, 17)),
    ("calendar_zero", vn(2023, 10, 28, 9, 0), False, 0, CD, vn(2023, 10, 30, 17)),
]


@pytest.mark.parametrize(
    ("received", "paper", "amount", "unit", "expected"),
    [case[1:] for case in PLAIN_CASES],
    ids=[case[0] for case in PLAIN_CASES],
)
def test_due_at_follows_the_rules_on_a_plain_calendar(received, paper, amount, unit, expected):
    due = due_at(received, TimeLimit(amount, unit), PLAIN, paper=paper)
    assert due == expected
    assert due.utcoffset() == timedelta(hours=7)


def test_reference_example_holds_on_the_official_calendar():
    due = due_at(vn(2023, 10, 27, 9, 32), TimeLimit(5, WD), OFFICIAL)
    assert due == vn(2023, 11, 3, 17)
    assert due.isoformat() == "2023-11-03T17:00:00+07:00"


def test_result_is_in_the_calendar_timezone_whatever_the_input_timezone():
    received_utc = datetime(2023, 10, 27, 2, 32, tzinfo=UTC)  # 09:32 in Hà Nội
    due = due_at(received_utc, TimeLimit(5, WD), PLAIN)
    assert due.tzinfo is VN_TZ
    assert due == vn(2023, 11, 3, 17)


def test_receipt_in_utc_on_the_previous_day_counts_in_local_time():
    # 23:30 UTC on Thursday is 06:30 Friday in Vietnam: received Friday.
    received = datetime(2023, 10, 26, 23, 30, tzinfo=UTC)
    assert effective_receipt_day(received, PLAIN) == date(2023, 10, 27)


# ---------------------------------------------------------------------------
# The official civil-service calendar, 2024–2026
# ---------------------------------------------------------------------------

OFFICIAL_CASES = [
    # -- 2024 --
    # Wed 07/02/2024: Tết 08–14/02 off → Thu 15 (1), Fri 16 (2), Mon 19 (3).
    ("2024_tet_3wd", vn(2024, 2, 7, 10), True, 3, WD, vn(2024, 2, 19, 17)),
    # Paper 15:30 on Wed 07/02: handed on Thu 15/02, + 1 → Fri 16/02.
    ("2024_tet_paper_late", vn(2024, 2, 7, 15, 30), True, 1, WD, vn(2024, 2, 16, 17)),
    # Giỗ Tổ Thu 18/04/2024 → Fri 19/04.
    ("2024_gio_to", vn(2024, 4, 17, 10), True, 1, WD, vn(2024, 4, 19, 17)),
    # Fri 26/04/2024: 29/04 (swap), 30/04, 01/05 off → Thu 02/05 (1), Fri 03/05 (2).
    ("2024_30_4_2wd", vn(2024, 4, 26, 9), True, 2, WD, vn(2024, 5, 3, 17)),
    # ... and the third working day is the make-up Saturday 04/05/2024.
    ("2024_30_4_makeup_saturday", vn(2024, 4, 26, 9), True, 3, WD, vn(2024, 5, 4, 17)),
    # Online Fri 26/04 16:00 + 8 h: 1 h Friday, 7 h from Thu 02/05 07:30 → 16:00.
    ("2024_30_4_hours", vn(2024, 4, 26, 16), False, 8, WH, vn(2024, 5, 2, 16)),
    # Mon 22/04/2024 + 7 calendar days = Mon 29/04 (swap day off), 30/04 and
    # 01/05 off too → Thu 02/05.
    ("2024_calendar_days_holiday", vn(2024, 4, 22, 10), True, 7, CD, vn(2024, 5, 2, 17)),
    # Fri 30/08/2024: 31/08–03/09 off → Wed 04/09.
    ("2024_quoc_khanh", vn(2024, 8, 30, 14), True, 1, WD, vn(2024, 9, 4, 17)),
    # -- 2025 --
    # Fri 24/01/2025 + 3: 25/01–02/02 off (Tết) → Mon 03/02 (1), Tue 04 (2), Wed 05 (3).
    ("2025_tet_3wd", vn(2025, 1, 24, 10), True, 3, WD, vn(2025, 2, 5, 17)),
    # Paper 15:30 on Fri 24/01: handed on Mon 03/02 → 04, 05, 06.
    ("2025_tet_paper_late", vn(2025, 1, 24, 15, 30), True, 3, WD, vn(2025, 2, 6, 17)),
    # Saturday 08/02/2025 was NOT a working day (Thông báo 6150): Fri 07/02 + 1 → Mon 10/02.
    ("2025_no_makeup_0802", vn(2025, 2, 7, 10), True, 1, WD, vn(2025, 2, 10, 17)),
    # Fri 04/04/2025 online + 8 h: 5.5 h Friday, Giỗ Tổ Mon 07/04 off, 2.5 h Tue → 10:00.
    ("2025_gio_to_hours", vn(2025, 4, 4, 10), False, 8, WH, vn(2025, 4, 8, 10)),
    # Fri 25/04/2025 + 1: the make-up Saturday 26/04.
    ("2025_makeup_saturday", vn(2025, 4, 25, 10), True, 1, WD, vn(2025, 4, 26, 17)),
    ("2025_makeup_saturday_2wd", vn(2025, 4, 25, 10), True, 2, WD, vn(2025, 4, 28, 17)),
    # Received on the make-up Saturday itself: that is the receipt day.
    ("2025_received_on_makeup", vn(2025, 4, 26, 10), True, 1, WD, vn(2025, 4, 28, 17)),
    ("2025_hours_on_makeup", vn(2025, 4, 26, 10), False, 4, WH, vn(2025, 4, 26, 15, 30)),
    # Tue 29/04/2025: 30/04, 01/05, 02/05 (swap) off, weekend → Mon 05/05.
    ("2025_30_4", vn(2025, 4, 29, 10), True, 1, WD, vn(2025, 5, 5, 17)),
    # Paper 16:00 Fri 29/08/2025: 30/08–02/09 off, receipt day Wed 03/09 → Thu 04/09.
    ("2025_quoc_khanh_paper", vn(2025, 8, 29, 16), True, 1, WD, vn(2025, 9, 4, 17)),
    # -- 2026 --
    # Wed 31/12/2025: 01/01 and 02/01/2026 (swap) off, weekend → Mon 05/01.
    ("2026_tet_duong_lich", vn(2025, 12, 31, 10), True, 1, WD, vn(2026, 1, 5, 17)),
    # Sixth working day: 05, 06, 07, 08, 09, then the make-up Saturday 10/01.
    ("2026_makeup_1001", vn(2025, 12, 31, 10), True, 6, WD, vn(2026, 1, 10, 17)),
    # Fri 13/02/2026: 14–22/02 off (Tết) → Mon 23/02.
    ("2026_tet", vn(2026, 2, 13, 10), True, 1, WD, vn(2026, 2, 23, 17)),
    ("2026_tet_paper_late", vn(2026, 2, 13, 15, 30), True, 2, WD, vn(2026, 2, 25, 17)),
    # Online Fri 13/02 15:00 + 4 h: 2 h Friday, 2 h from Mon 23/02 07:30 → 09:30.
    ("2026_tet_hours", vn(2026, 2, 13, 15), False, 4, WH, vn(2026, 2, 23, 9, 30)),
    # Fri 13/02 + 3 calendar days = Mon 16/02 (Tết) → next working day Mon 23/02.
    ("2026_calendar_days_tet", vn(2026, 2, 13, 10), True, 3, CD, vn(2026, 2, 23, 17)),
    # Fri 24/04/2026: Giỗ Tổ observed Mon 27/04 → Tue 28 (1), Wed 29 (2);
    # 30/04 and 01/05 off, weekend → Mon 04/05 (3).
    ("2026_gio_to", vn(2026, 4, 24, 10), True, 1, WD, vn(2026, 4, 28, 17)),
    ("2026_30_4", vn(2026, 4, 24, 10), True, 3, WD, vn(2026, 5, 4, 17)),
    # Fri 21/08/2026 + 1: the make-up Saturday 22/08.
    ("2026_makeup_2208", vn(2026, 8, 21, 10), True, 1, WD, vn(2026, 8, 22, 17)),
    # Fri 28/08/2026: 29/08–02/09 off → Thu 03/09.
    ("2026_quoc_khanh", vn(2026, 8, 28, 10), True, 1, WD, vn(2026, 9, 3, 17)),
    # Mon 23/11/2026: Ngày Văn hóa Việt Nam Tue 24/11 off → Wed 25/11.
    ("2026_van_hoa", vn(2026, 11, 23, 10), True, 1, WD, vn(2026, 11, 25, 17)),
]


@pytest.mark.parametrize(
    ("received", "paper", "amount", "unit", "expected"),
    [case[1:] for case in OFFICIAL_CASES],
    ids=[case[0] for case in OFFICIAL_CASES],
)
def test_due_at_on_the_official_calendar(received, paper, amount, unit, expected):
    assert due_at(received, TimeLimit(amount, unit), OFFICIAL, paper=paper) == expected


# ---------------------------------------------------------------------------
# Pauses (supplement requested: the clock stops)
# ---------------------------------------------------------------------------

RECEIVED = vn(2023, 10, 27, 9, 32)  # due Fri 03/11/2023 17:00 with 5 WD
FIVE_DAYS = TimeLimit(5, WD)


def test_pause_adds_the_paused_office_time():
    # Tue 31/10 10:00 → Thu 02/11 10:00: 5.5 h + 8 h + 2.5 h = 16 h = two days.
    pause = Pause(vn(2023, 10, 31, 10), vn(2023, 11, 2, 10))
    assert due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[pause]) == vn(2023, 11, 7, 17)


def test_overlapping_pauses_count_once():
    pauses = [
        Pause(vn(2023, 10, 31, 10), vn(2023, 11, 1, 10)),
        Pause(vn(2023, 10, 31, 14), vn(2023, 11, 2, 10)),
    ]
    assert due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=pauses) == vn(2023, 11, 7, 17)


def test_open_pause_runs_until_as_of():
    # Tue 10:00 → Wed 10:00 = 5.5 h + 2.5 h = 8 h → one more day: Mon 06/11.
    pause = Pause(vn(2023, 10, 31, 10), None)
    due = due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[pause], as_of=vn(2023, 11, 1, 10))
    assert due == vn(2023, 11, 6, 17)


def test_open_pause_without_as_of_is_an_error():
    with pytest.raises(ValueError, match="as_of"):
        due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[Pause(vn(2023, 10, 31, 10), None)])


def test_open_pause_starting_after_as_of_changes_nothing():
    pause = Pause(vn(2023, 11, 2, 10), None)
    due = due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[pause], as_of=vn(2023, 11, 1, 10))
    assert due == vn(2023, 11, 3, 17)


def test_pause_on_the_receipt_day_is_free_for_a_day_limit():
    # Counting starts on the next working day: nothing to stop on Friday.
    pause = Pause(vn(2023, 10, 27, 10), vn(2023, 10, 27, 14))
    assert due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[pause]) == vn(2023, 11, 3, 17)


def test_pause_over_the_weekend_only_changes_nothing():
    pause = Pause(vn(2023, 10, 28, 8), vn(2023, 10, 29, 20))
    assert due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[pause]) == vn(2023, 11, 3, 17)


def test_pause_after_the_due_time_changes_nothing():
    # A dossier already late stays late.
    pause = Pause(vn(2023, 11, 6, 9), vn(2023, 11, 7, 9))
    assert due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[pause]) == vn(2023, 11, 3, 17)


def test_zero_length_pause_changes_nothing():
    pause = Pause(vn(2023, 10, 31, 10), vn(2023, 10, 31, 10))
    assert due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[pause]) == vn(2023, 11, 3, 17)


def test_pause_in_an_hours_limit():
    # 09:30 + 4 h online → 15:00; a 30-minute pause at 10:00 → 15:30.
    pause = Pause(vn(2023, 10, 27, 10), vn(2023, 10, 27, 10, 30))
    due = due_at(vn(2023, 10, 27, 9, 30), TimeLimit(4, WH), PLAIN, paper=False, pauses=[pause])
    assert due == vn(2023, 10, 27, 15, 30)


def test_pause_across_tet_2025_on_the_official_calendar():
    # Wed 22/01/2025 + 5 WD: 23, 24, 03/02, 04/02, 05/02 → Wed 05/02 17:00.
    # Paused Fri 24/01 10:00 → Tue 04/02 10:00: 5.5 h + 8 h + 2.5 h = 16 h → Fri 07/02.
    received = vn(2025, 1, 22, 10)
    assert due_at(received, FIVE_DAYS, OFFICIAL) == vn(2025, 2, 5, 17)
    pause = Pause(vn(2025, 1, 24, 10), vn(2025, 2, 4, 10))
    assert due_at(received, FIVE_DAYS, OFFICIAL, pauses=[pause]) == vn(2025, 2, 7, 17)


def test_pause_end_before_start_is_rejected():
    with pytest.raises(ValueError):
        Pause(vn(2023, 10, 31, 10), vn(2023, 10, 31, 9))


# ---------------------------------------------------------------------------
# counting_start, effective_receipt_day
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "paper", "expected"),
    [
        (vn(2023, 10, 27, 9, 32), True, vn(2023, 10, 27, 9, 32)),
        (vn(2023, 10, 27, 6, 0), True, vn(2023, 10, 27, 7, 30)),
        (vn(2023, 10, 27, 11, 30), True, vn(2023, 10, 27, 11, 30)),
        (vn(2023, 10, 27, 12, 15), True, vn(2023, 10, 27, 13, 0)),
        (vn(2023, 10, 27, 15, 30), True, vn(2023, 10, 30, 7, 30)),
        (vn(2023, 10, 27, 15, 30), False, vn(2023, 10, 27, 15, 30)),
        (vn(2023, 10, 27, 17, 0), False, vn(2023, 10, 30, 7, 30)),
        (vn(2023, 10, 28, 10, 0), False, vn(2023, 10, 30, 7, 30)),
    ],
)
def test_counting_start(received, paper, expected):
    assert counting_start(received, PLAIN, paper=paper) == expected


def test_effective_receipt_day_skips_the_tet_break():
    assert effective_receipt_day(vn(2025, 1, 24, 15, 30), OFFICIAL) == date(2025, 2, 3)
    assert effective_receipt_day(vn(2025, 1, 24, 15, 30), OFFICIAL, paper=False) == date(
        2025, 1, 24
    )


# ---------------------------------------------------------------------------
# add_working_time, working_time_between, working_time_left
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (vn(2023, 10, 27, 9, 32), vn(2023, 10, 27, 9, 32)),  # inside: itself
        (vn(2023, 10, 27, 11, 30), vn(2023, 10, 27, 11, 30)),  # session end: itself
        (vn(2023, 10, 27, 17, 0), vn(2023, 10, 27, 17, 0)),  # close: itself
        (vn(2023, 10, 27, 12, 0), vn(2023, 10, 27, 13, 0)),  # lunch: next opening
        (vn(2023, 10, 27, 6, 0), vn(2023, 10, 27, 7, 30)),  # early: opening
        (vn(2023, 10, 27, 18, 0), vn(2023, 10, 30, 7, 30)),  # evening: next day
        (vn(2023, 10, 28, 10, 0), vn(2023, 10, 30, 7, 30)),  # Saturday: Monday
    ],
)
def test_add_zero_working_time(start, expected):
    assert add_working_time(start, timedelta(0), PLAIN) == expected


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (vn(2023, 10, 27, 9, 32), hours(2), vn(2023, 10, 27, 13, 2)),
        (vn(2023, 10, 27, 11, 30), hours(4), vn(2023, 10, 27, 17, 0)),
        (vn(2023, 10, 27, 12, 0), timedelta(minutes=1), vn(2023, 10, 27, 13, 1)),
        (vn(2023, 10, 27, 17, 0), timedelta(seconds=1), vn(2023, 10, 30, 7, 30, 1)),
        (vn(2023, 10, 27, 7, 30), hours(8 * 10), vn(2023, 11, 9, 17, 0)),
        (vn(2023, 10, 27, 7, 30), hours(8 * 10 + 4), vn(2023, 11, 10, 11, 30)),
    ],
)
def test_add_working_time(start, duration, expected):
    assert add_working_time(start, duration, PLAIN) == expected


def test_add_negative_working_time_is_rejected():
    with pytest.raises(ValueError):
        add_working_time(vn(2023, 10, 27, 9), -hours(1), PLAIN)


def test_working_time_between_counts_office_time_only():
    # Fri 09:32 → Mon 09:32: Friday 09:32–11:30 (1 h 58) + 13:00–17:00 (4 h)
    # = 5 h 58; Monday 07:30–09:32 = 2 h 02; total 8 h.
    start, end = vn(2023, 10, 27, 9, 32), vn(2023, 10, 30, 9, 32)
    assert working_time_between(start, end, PLAIN) == hours(8)
    assert working_time_between(end, start, PLAIN) == -hours(8)


def test_working_time_between_subtracts_pauses():
    start, end = vn(2023, 10, 27, 9, 32), vn(2023, 10, 30, 9, 32)
    pauses = [Pause(vn(2023, 10, 27, 13), vn(2023, 10, 27, 15)), Pause(vn(2023, 10, 27, 14), None)]
    # 13:00–17:00 paused (the open pause runs to the end of the interval) = 4 h;
    # Monday 07:30–09:32 also paused by the open pause = 2 h 02.
    assert working_time_between(start, end, PLAIN, pauses) == hours(8) - hours(4) - timedelta(
        hours=2, minutes=2
    )


def test_working_time_left():
    due = vn(2023, 11, 3, 17)
    assert working_time_left(due, vn(2023, 11, 2, 17), PLAIN) == hours(8)
    assert working_time_left(due, vn(2023, 11, 3, 12, 0), PLAIN) == hours(4)
    # Overdue: Fri 17:00 → Mon 08:30 is one office hour.
    assert working_time_left(due, vn(2023, 11, 6, 8, 30), PLAIN) == -hours(1)


def test_working_time_left_while_paused_counts_as_if_the_pause_ended_now():
    now = vn(2023, 11, 1, 10)
    pause = Pause(vn(2023, 10, 31, 10), None)
    due = due_at(RECEIVED, FIVE_DAYS, PLAIN, pauses=[pause], as_of=now)
    # Due Mon 06/11 17:00; from Wed 10:00: 5.5 h + 8 h (Thu) + 8 h (Fri) + 8 h (Mon).
    assert working_time_left(due, now, PLAIN, [pause]) == hours(29.5)


# ---------------------------------------------------------------------------
# Validation and calendar behaviour
# ---------------------------------------------------------------------------


def test_naive_datetimes_are_rejected():
    naive = datetime(2023, 10, 27, 9, 32)
    with pytest.raises(ValueError, match="aware"):
        due_at(naive, FIVE_DAYS, PLAIN)
    with pytest.raises(ValueError, match="aware"):
        counting_start(naive, PLAIN)
    with pytest.raises(ValueError, match="aware"):
        add_working_time(naive, hours(1), PLAIN)
    with pytest.raises(ValueError, match="aware"):
        working_time_between(naive, RECEIVED, PLAIN)
    with pytest.raises(ValueError, match="aware"):
        working_time_left(RECEIVED, naive, PLAIN)
    with pytest.raises(ValueError, match="aware"):
        Pause(naive, None)
    with pytest.raises(ValueError, match="aware"):
        due_at(RECEIVED, FIVE_DAYS, PLAIN, as_of=naive)


@pytest.mark.parametrize("amount", [-1, True, 1.5, "3"])
def test_invalid_limits_are_rejected(amount):
    with pytest.raises(ValueError):
        TimeLimit(amount, WD)


def test_limit_unit_accepts_its_string_value():
    assert TimeLimit(3, "working_hours").unit is WH


@pytest.mark.parametrize(
    "sessions",
    [
        (),
        ((time(8), time(8)),),
        ((time(13), time(17)), (time(7, 30), time(11, 30))),
        ((time(7, 30), time(12)), (time(11), time(17))),
    ],
)
def test_invalid_office_hours_are_rejected(sessions):
    with pytest.raises(ValueError):
        OfficeHours(sessions)


def test_day_off_wins_over_working_day():
    day = date(2023, 10, 28)  # a Saturday
    calendar = WorkingCalendar(days_off=frozenset({day}), working_days=frozenset({day}))
    assert not calendar.is_working_day(day)


def test_make_up_saturday_and_extra_day_off():
    calendar = WorkingCalendar(
        days_off=frozenset({date(2023, 10, 30)}), working_days=frozenset({date(2023, 10, 28)})
    )
    assert calendar.is_working_day(date(2023, 10, 28))
    assert not calendar.is_working_day(date(2023, 10, 30))
    assert calendar.next_working_day(date(2023, 10, 27)) == date(2023, 10, 28)
    assert calendar.next_working_day(date(2023, 10, 28)) == date(2023, 10, 31)


def test_custom_office_hours_and_cutoff():
    calendar = WorkingCalendar(
        office_hours=OfficeHours(((time(8), time(12)), (time(13, 30), time(17, 30)))),
        paper_cutoff=time(16),
    )
    assert due_at(vn(2023, 10, 27, 15, 30), FIVE_DAYS, calendar) == vn(2023, 11, 3, 17, 30)
    assert due_at(vn(2023, 10, 27, 16, 30), FIVE_DAYS, calendar) == vn(2023, 11, 6, 17, 30)
    assert calendar.office_hours.day_length == hours(8)


def test_calendar_without_working_days_is_rejected():
    with pytest.raises(ValueError):
        WorkingCalendar(weekdays=frozenset())


def test_calendar_with_only_listed_working_days_runs_out():
    day = date(2023, 10, 28)
    calendar = WorkingCalendar(weekdays=frozenset(), working_days=frozenset({day}))
    assert calendar.next_working_day(date(2023, 10, 1)) == day
    with pytest.raises(ValueError, match="no further working day"):
        calendar.next_working_day(day)


def test_far_dates_work_in_both_directions():
    assert PLAIN.next_working_day(date(2099, 12, 31)) == date(2100, 1, 1)
    assert PLAIN.next_working_day(date(1990, 1, 5)) == date(1990, 1, 8)
    # A long limit far from the first look-up grows the index. 2000 working
    # days are exactly 400 weeks: Wed 02/01/2030 + 2800 days = Wed 02/09/2037.
    due = due_at(vn(2030, 1, 2, 9), TimeLimit(2000, WD), PLAIN)
    assert due == vn(2037, 9, 2, 17)


def test_a_used_calendar_pickles_without_its_cache():
    calendar = official_calendar([2025])
    due = due_at(vn(2025, 4, 25, 10), TimeLimit(1, WD), calendar)
    copy = pickle.loads(pickle.dumps(calendar))
    assert copy == calendar
    assert "_index" not in copy.__dict__
    assert due_at(vn(2025, 4, 25, 10), TimeLimit(1, WD), copy) == due == vn(2025, 4, 26, 17)


def test_concurrent_first_use_agrees_with_sequential_use():
    received = [vn(2024, 1, 1, 9) + timedelta(days=7 * i, hours=i % 9) for i in range(150)]
    limit = TimeLimit(17, WH)
    expected = [due_at(r, limit, official_calendar([2024, 2025, 2026, 2027])) for r in received]
    for _ in range(5):
        shared = official_calendar([2024, 2025, 2026, 2027])  # a fresh, cold index
        with ThreadPoolExecutor(max_workers=8) as pool:
            # Start far apart in time so that several threads want to build at once.
            got = list(pool.map(due_at, received[::-1], repeat(limit), repeat(shared)))
        assert got[::-1] == expected


def test_is_working_day_rejects_datetimes():
    with pytest.raises(TypeError):
        PLAIN.is_working_day(RECEIVED)


# ---------------------------------------------------------------------------
# Official calendar data
# ---------------------------------------------------------------------------


def test_official_days_are_well_formed():
    days = [entry.day for entry in OFFICIAL_DAYS]
    assert len(days) == len(set(days)), "a date is listed twice"
    assert days == sorted(days)
    for entry in OFFICIAL_DAYS:
        assert entry.kind in ("day_off", "working_day")
        assert entry.name and entry.source
        assert 2023 <= entry.day.year <= 2026
        if entry.kind == "working_day":
            assert entry.day.weekday() == 5, f"{entry.day} made up on a Saturday"
        else:
            assert entry.day.weekday() < 5, f"{entry.day} is a weekday off"


def test_official_calendar_differs_from_the_package_only_where_announced():
    years = range(2023, 2027)
    package = WorkingCalendar(days_off=frozenset(statutory_holidays(years)))
    calendar = official_calendar(years)
    differences = []
    day = date(2023, 1, 1)
    while day.year < 2027:
        if package.is_working_day(day) != calendar.is_working_day(day):
            differences.append(day)
        day += timedelta(days=1)
    assert differences == [
        date(2024, 5, 4),  # make-up Saturday, Thông báo 1570/TB-BLĐTBXH
        date(2025, 4, 26),  # make-up Saturday, Thông báo 6150/TB-BLĐTBXH
        date(2026, 1, 2),  # Tết Dương lịch swap, Công văn 12729/VPCP-KGVX
        date(2026, 1, 10),  # its make-up Saturday
        date(2026, 8, 22),  # make-up Saturday, Thông báo 9441/TB-BNV
    ]


def test_tet_2025_had_no_make_up_saturday():
    assert not OFFICIAL.is_working_day(date(2025, 2, 8))
    assert not OFFICIAL.is_working_day(date(2025, 1, 27))


def test_years_outside_the_shipped_data_get_the_package_only():
    calendar = official_calendar([2027])
    assert calendar.working_days == frozenset()
    assert calendar.days_off == frozenset(statutory_holidays([2027]))


def test_a_working_day_entry_cancels_a_package_holiday(monkeypatch):
    day = date(2027, 9, 3)  # a package holiday (the day next to National Day)
    assert day in statutory_holidays([2027])
    entry = official.OfficialDay(day, "working_day", "thử", "thử nghiệm")
    monkeypatch.setattr(official, "OFFICIAL_DAYS", (*OFFICIAL_DAYS, entry))
    calendar = official_calendar([2027])
    assert calendar.is_working_day(day)
    assert day in calendar.working_days and day not in calendar.days_off


def test_official_calendar_accepts_local_additions():
    extra_off = date(2026, 6, 1)
    calendar = official_calendar(days_off={extra_off}, paper_cutoff=time(16))
    assert not calendar.is_working_day(extra_off)
    assert calendar.paper_cutoff == time(16)
    assert not calendar.is_working_day(date(2026, 1, 2))


def test_statutory_holidays_have_vietnamese_names():
    names = statutory_holidays([2024])
    assert names[date(2024, 1, 1)] == "Tết Dương lịch"
    assert names[date(2024, 9, 2)] == "Quốc khánh"
