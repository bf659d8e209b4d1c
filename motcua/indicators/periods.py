"""Reporting periods (kỳ báo cáo): month, quarter, 6 and 9 months, year, custom — as
inclusive calendar days with the label the reports use ("9 tháng đầu năm 2020", seed 001).
Typed pure code: no Django."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date
    label: str  # "Quý I năm 2024"
    phrase: str  # "quý I năm 2024", for a sentence ("Trong quý I năm 2024 đã …")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def make(
    kind: str, year: int, number: int = 1, start: date | None = None, end: date | None = None
) -> Period:
    """``number`` is the month (1–12), the quarter (1–4) or the half (1–2)."""
    if kind == "month":
        number = min(max(number, 1), 12)
        return Period(
            kind,
            date(year, number, 1),
            _month_end(year, number),
            f"Tháng {number}/{year}",
            f"tháng {number}/{year}",
        )
    if kind == "quarter":
        number = min(max(number, 1), 4)
        first = 3 * (number - 1) + 1
        return Period(
            kind,
            date(year, first, 1),
            _month_end(year, first + 2),
            f"Quý {ROMAN[number]} năm {year}",
            f"quý {ROMAN[number]} năm {year}",
        )
    if kind == "half":
        if number == 2:
            return Period(
                kind,
                date(year, 7, 1),
                date(year, 12, 31),
                f"6 tháng cuối năm {year}",
                f"6 tháng cuối năm {year}",
            )
        return Period(
            kind,
            date(year, 1, 1),
            date(year, 6, 30),
            f"6 tháng đầu năm {year}",
            f"6 tháng đầu năm {year}",
        )
    if kind == "nine":
        return Period(
            kind,
            date(year, 1, 1),
            date(year, 9, 30),
            f"9 tháng đầu năm {year}",
            f"9 tháng đầu năm {year}",
        )
    if kind == "custom" and start is not None and end is not None:
        label = f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
        return Period(kind, start, end, label, label[0].lower() + label[1:])
    return Period("year", date(year, 1, 1), date(year, 12, 31), f"Năm {year}", f"năm {year}")


def months_of(start: date, end: date) -> list[date]:
    """First days of every month the period touches."""
    out = []
    current = start.replace(day=1)
    while current <= end:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out
