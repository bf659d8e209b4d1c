"""The civil-service working calendar as announced (lịch nghỉ lễ, Tết của công chức).

Base: the statutory holidays of Bộ luật Lao động 2019 Điều 112 as computed by
the ``holidays`` package (country VN, lunar dates in UTC+7), including its
compensatory days (nghỉ bù, Điều 111 khoản 3). On top: ``OFFICIAL_DAYS``, the
days announced each year for state bodies — the Prime Minister's choice of the
Tết days and of the day next to National Day (Điều 112 khoản 3), and swaps of a
weekday off against a Saturday worked (hoán đổi ngày làm việc). They are data:
the admin can add later years; this module ships 2023–2026.

Each entry cites the announcing document. "verified" in the comments means
the dates were checked against the text of the document or a report quoting
it; "(chưa đối chiếu văn bản gốc)" in ``source`` marks entries whose document
could not be checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

import holidays

from motcua.workcalendar.engine import WorkingCalendar

__all__ = [
    "OFFICIAL_DAYS",
    "OfficialDay",
    "announced_years",
    "official_calendar",
    "statutory_holidays",
]

DayKind = Literal["day_off", "working_day"]


@dataclass(frozen=True)
class OfficialDay:
    """One announced day of the civil-service calendar.

    ``kind="day_off"``: a day off (ngày nghỉ) for state bodies;
    ``kind="working_day"``: a working day (ngày làm việc, e.g. a Saturday made
    up after a swap), which also cancels a package holiday on that date.
    """

    day: date
    kind: DayKind
    name: str
    source: str


# Documents, in one place so that every entry cites the same text.
_BLLD_NGHI_BU = (
    "Bộ luật Lao động 2019 Điều 111 khoản 3 (nghỉ bù khi ngày lễ trùng ngày nghỉ hằng tuần)"
)
_CV_8056_2022 = (
    "Công văn 8056/VPCP-KGVX ngày 01/12/2022; thông báo của Bộ LĐ-TB&XH "
    "(số thông báo chưa đối chiếu văn bản gốc)"
)
_TB_5015_2023 = "Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 (Công văn 8662/VPCP-KGVX ngày 03/11/2023)"
_TB_1570_2024 = (
    "Thông báo 1570/TB-BLĐTBXH ngày 12/04/2024 (Công văn 2450/VPCP-KGVX ngày 12/04/2024)"
)
_TB_6150_2024 = (
    "Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 (Công văn 8726/VPCP-KGVX ngày 26/11/2024)"
)
_CV_12729_2025 = (
    "Công văn 12729/VPCP-KGVX ngày 25/12/2025 và thông báo của Bộ Nội vụ cùng ngày "
    "(số thông báo chưa đối chiếu văn bản gốc)"
)
_TB_9441_2025 = "Thông báo 9441/TB-BNV ngày 16/10/2025 (Công văn 9859/VPCP-KGVX năm 2025)"
_NQ_80_2026 = (
    "Nghị quyết 80-NQ/TW ngày 07/01/2026 của Bộ Chính trị; Nghị quyết 30/NQ-CP năm 2026 "
    "(sửa Bộ luật Lao động Điều 112) (chưa đối chiếu văn bản gốc)"
)


def _off(day: date, name: str, source: str) -> OfficialDay:
    return OfficialDay(day, "day_off", name, source)


def _work(day: date, name: str, source: str) -> OfficialDay:
    return OfficialDay(day, "working_day", name, source)


OFFICIAL_DAYS: tuple[OfficialDay, ...] = (
    # ---- 2023 ------------------------------------------------------------
    # 01/01/2023 was a Sunday: Monday 02/01 off in compensation. Verified
    # (reports of the MoLISA notice quote "thứ hai ngày 2/1/2023 ... nghỉ bù").
    _off(date(2023, 1, 2), "Nghỉ bù Tết Dương lịch", _BLLD_NGHI_BU),
    # Tết Quý Mão: Friday 20/01 (29 Chạp) to Thursday 26/01 (mùng 5); 21–22/01
    # fell on the weekend, compensated on 25–26/01. Verified.
    _off(date(2023, 1, 20), "Tết Nguyên đán (29 tháng Chạp)", _CV_8056_2022),
    _off(date(2023, 1, 23), "Tết Nguyên đán (mùng 2)", _CV_8056_2022),
    _off(date(2023, 1, 24), "Tết Nguyên đán (mùng 3)", _CV_8056_2022),
    _off(date(2023, 1, 25), "Tết Nguyên đán (nghỉ bù, mùng 4)", _CV_8056_2022),
    _off(date(2023, 1, 26), "Tết Nguyên đán (nghỉ bù, mùng 5)", _CV_8056_2022),
    # Giỗ Tổ (Saturday 29/04) and 30/04 (Sunday) compensated on 02–03/05:
    # 29/04–03/05 off. Verified (press reports of the 2023 schedule).
    _off(date(2023, 5, 2), "Nghỉ bù Giỗ Tổ Hùng Vương", _BLLD_NGHI_BU),
    _off(date(2023, 5, 3), "Nghỉ bù Ngày Chiến thắng", _BLLD_NGHI_BU),
    # Quốc khánh: Friday 01/09 (adjacent day) and Monday 04/09 (02/09 was a
    # Saturday): 01–04/09 off. Verified.
    _off(date(2023, 9, 1), "Quốc khánh (ngày liền kề)", _CV_8056_2022),
    _off(date(2023, 9, 4), "Nghỉ bù Quốc khánh", _CV_8056_2022),
    # ---- 2024 ------------------------------------------------------------
    # Tết Giáp Thìn: Thursday 08/02 (29 Chạp) to Wednesday 14/02 (mùng 5),
    # five Tết days plus two compensatory days (10–11/02 on the weekend). Verified.
    _off(date(2024, 2, 8), "Tết Nguyên đán (29 tháng Chạp)", _TB_5015_2023),
    _off(date(2024, 2, 9), "Tết Nguyên đán (30 tháng Chạp)", _TB_5015_2023),
    _off(date(2024, 2, 12), "Tết Nguyên đán (mùng 3)", _TB_5015_2023),
    _off(date(2024, 2, 13), "Tết Nguyên đán (nghỉ bù, mùng 4)", _TB_5015_2023),
    _off(date(2024, 2, 14), "Tết Nguyên đán (nghỉ bù, mùng 5)", _TB_5015_2023),
    # 30/4–1/5: Monday 29/04 swapped with Saturday 04/05; 27/04–01/05 off. Verified.
    _off(date(2024, 4, 29), "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 04/5/2024)", _TB_1570_2024),
    _work(date(2024, 5, 4), "Làm bù cho thứ Hai 29/4/2024", _TB_1570_2024),
    # Quốc khánh: 02/09 (Monday) and Tuesday 03/09; 31/08–03/09 off. Verified.
    _off(date(2024, 9, 3), "Quốc khánh (ngày liền kề)", _TB_5015_2023),
    # ---- 2025 ------------------------------------------------------------
    # Tết Ất Tỵ: five Tết days Monday 27/01 (28 Chạp) to Friday 31/01 (mùng 3),
    # with the weekends around them 25/01–02/02 off. Verified: NO swap and no
    # working Saturday (08/02/2025 is an ordinary Saturday off).
    _off(date(2025, 1, 27), "Tết Nguyên đán (28 tháng Chạp)", _TB_6150_2024),
    _off(date(2025, 1, 28), "Tết Nguyên đán (29 tháng Chạp)", _TB_6150_2024),
    _off(date(2025, 1, 29), "Tết Nguyên đán (mùng 1)", _TB_6150_2024),
    _off(date(2025, 1, 30), "Tết Nguyên đán (mùng 2)", _TB_6150_2024),
    _off(date(2025, 1, 31), "Tết Nguyên đán (mùng 3)", _TB_6150_2024),
    # 30/4–1/5: Friday 02/05 swapped with Saturday 26/04; 30/04–04/05 off. Verified.
    _work(date(2025, 4, 26), "Làm bù cho thứ Sáu 02/5/2025", _TB_6150_2024),
    _off(date(2025, 5, 2), "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)", _TB_6150_2024),
    # Quốc khánh: Monday 01/09 and Tuesday 02/09; 30/08–02/09 off. Verified.
    _off(date(2025, 9, 1), "Quốc khánh (ngày liền kề)", _TB_6150_2024),
    # ---- 2026 ------------------------------------------------------------
    # Tết Dương lịch: Friday 02/01 swapped with Saturday 10/01; 01–04/01 off.
    # Verified (the holidays package does not know this swap).
    _off(
        date(2026, 1, 2),
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        _CV_12729_2025,
    ),
    _work(date(2026, 1, 10), "Làm bù cho thứ Sáu 02/01/2026", _CV_12729_2025),
    # Tết Bính Ngọ: Monday 16/02 (29 Chạp) to Friday 20/02 (mùng 4), with the
    # weekends 14/02–22/02 off. Verified.
    _off(date(2026, 2, 16), "Tết Nguyên đán (29 tháng Chạp)", _TB_9441_2025),
    _off(date(2026, 2, 17), "Tết Nguyên đán (mùng 1)", _TB_9441_2025),
    _off(date(2026, 2, 18), "Tết Nguyên đán (mùng 2)", _TB_9441_2025),
    _off(date(2026, 2, 19), "Tết Nguyên đán (mùng 3)", _TB_9441_2025),
    _off(date(2026, 2, 20), "Tết Nguyên đán (mùng 4)", _TB_9441_2025),
    # Giỗ Tổ fell on Sunday 26/04: Monday 27/04 off. Verified (press reports).
    _off(date(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương", _BLLD_NGHI_BU),
    # Quốc khánh: Tuesday 01/09 (adjacent day) and Wednesday 02/09; Monday 31/08
    # swapped with Saturday 22/08; 29/08–02/09 off. Verified.
    _work(date(2026, 8, 22), "Làm bù cho thứ Hai 31/8/2026", _TB_9441_2025),
    _off(
        date(2026, 8, 31), "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)", _TB_9441_2025
    ),
    _off(date(2026, 9, 1), "Quốc khánh (ngày liền kề)", _TB_9441_2025),
    # Ngày Văn hóa Việt Nam, Tuesday 24/11/2026: chosen as a paid day off by
    # Resolution 80-NQ/TW; the amendment of Điều 112 giving it legal force
    # could not be checked. Kept as a day off, as the holidays package does.
    _off(date(2026, 11, 24), "Ngày Văn hóa Việt Nam", _NQ_80_2026),
)


def announced_years() -> frozenset[int]:
    """The years whose civil-service days (Tết, the day next to National Day, swaps) were
    announced and are shipped in ``OFFICIAL_DAYS``; any other year is provisional until an
    administrator enters its announcement."""
    return frozenset(entry.day.year for entry in OFFICIAL_DAYS)


@lru_cache(maxsize=32)
def _statutory(years: tuple[int, ...]) -> tuple[tuple[date, str], ...]:
    # The package's default language for VN is Vietnamese; ask for it anyway
    # so that a change of default cannot switch the names to English.
    found = holidays.country_holidays("VN", years=years, language="vi")
    return tuple(sorted(found.items()))


def statutory_holidays(years: Iterable[int]) -> dict[date, str]:
    """Ngày nghỉ lễ, Tết (Bộ luật Lao động 2019 Điều 112) with Vietnamese names.

    Computed by the ``holidays`` package, compensatory days included.
    """
    return dict(_statutory(tuple(sorted(set(years)))))


def official_calendar(years: Iterable[int] = range(2020, 2031), **kwargs: Any) -> WorkingCalendar:
    """The civil-service :class:`WorkingCalendar` for ``years``.

    Statutory holidays plus ``OFFICIAL_DAYS``: a ``working_day`` entry removes
    its date from the days off and makes it a working day. Years outside
    2023–2026 get the package's holidays only. Extra ``days_off`` and
    ``working_days`` given as keyword arguments are added on top (an
    administrator's local decisions); other keyword arguments go to
    :class:`WorkingCalendar` unchanged.
    """
    wanted = tuple(sorted(set(years)))
    days_off = {day for day, _ in _statutory(wanted)}
    working_days: set[date] = set()
    year_set = set(wanted)
    for entry in OFFICIAL_DAYS:
        if entry.day.year not in year_set:
            continue
        if entry.kind == "day_off":
            days_off.add(entry.day)
        else:
            days_off.discard(entry.day)
            working_days.add(entry.day)
    days_off |= set(kwargs.pop("days_off", ()))
    working_days |= set(kwargs.pop("working_days", ()))
    return WorkingCalendar(
        days_off=frozenset(days_off), working_days=frozenset(working_days), **kwargs
    )
