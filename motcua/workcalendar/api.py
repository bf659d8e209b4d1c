from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from motcua.core.api import ApiError, ErrorOut
from motcua.core.inputs import Code
from motcua.org.models import Unit
from motcua.workcalendar import engine
from motcua.workcalendar.services import (
    compute_due_at,
    effective_days,
    is_provisional,
    working_calendar_for,
)

router = Router(tags=["calendar"])

# A reception date the system can be asked about: the working calendar has no data before
# 2000, and 3650 working days from 2100 stay far inside the engine's range.
RECEIVED_YEARS = (2000, 2100)

# In a query string an unencoded "+" of "+07:00" arrives as a space.
_SPACE_OFFSET = re.compile(r" (\d{2}:?\d{2})$")


def parse_instant(raw: str) -> datetime:
    """ISO 8601; without an offset the time is read in Asia/Ho_Chi_Minh."""
    text = _SPACE_OFFSET.sub(r"+\1", raw.strip())
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(
            "invalid_received_at",
            _(
                "received_at “%(raw)s” không đúng định dạng ISO 8601 (ví dụ 2023-10-27T09:32:00+07:00)."
            )
            % {"raw": raw},
        ) from None
    if not RECEIVED_YEARS[0] <= value.year <= RECEIVED_YEARS[1]:
        raise ApiError(
            "invalid_received_at",
            _("received_at phải trong khoảng năm %(lo)s đến %(hi)s.")
            % {"lo": RECEIVED_YEARS[0], "hi": RECEIVED_YEARS[1]},
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


class DueDateOut(Schema):
    received_at: datetime
    due_at: datetime
    working_days: int | None = None
    working_hours: int | None = None
    unit: str | None = None
    channel: str


class DueDateQuery(Schema):
    received_at: Annotated[str, Field(max_length=40)]
    # 0–3650; a negative limit is answered "invalid_limit" by the endpoint.
    working_days: Annotated[int, Field(le=3650)] | None = None
    working_hours: Annotated[int, Field(le=3650)] | None = None
    unit: Code | None = None
    channel: Code = "in_person"


@router.get(
    "/due-date",
    response={200: DueDateOut, 400: ErrorOut, 404: ErrorOut},
    summary="Tính hạn giải quyết",
)
def due_date(request: HttpRequest, params: Query[DueDateQuery]) -> DueDateOut:
    """Due time of a dossier received at ``received_at`` with a limit of ``working_days``
    or ``working_hours`` (exactly one), on the calendar of ``unit`` (electronic ID code;
    national calendar when absent). ``channel``: in_person (default; paper dossiers after
    15:00 count from the next working day), online, postal."""
    if (params.working_days is None) == (params.working_hours is None):
        raise ApiError(
            "limit_required", _("Cần đúng một trong hai tham số working_days hoặc working_hours.")
        )
    amount = params.working_days if params.working_days is not None else params.working_hours
    assert amount is not None
    if amount < 0 or amount > 3650:
        raise ApiError("invalid_limit", _("Thời hạn phải từ 0 đến 3650."))
    if params.channel not in ("in_person", "online", "postal"):
        raise ApiError("invalid_channel", _("channel phải là in_person, online hoặc postal."))
    unit = None
    if params.unit:
        unit = Unit.objects.restrict(request.user, "public").filter(code=params.unit).first()
        if unit is None:
            raise ApiError(
                "unit_not_found",
                _("Không có đơn vị mang mã định danh %(code)s.") % {"code": params.unit},
                status=404,
            )
    received = parse_instant(params.received_at)
    kind = "working_days" if params.working_days is not None else "working_hours"
    due = compute_due_at(received, amount, kind, unit=unit, paper=params.channel != "online")
    return DueDateOut(
        received_at=received,
        due_at=due,
        working_days=params.working_days,
        working_hours=params.working_hours,
        unit=params.unit,
        channel=params.channel,
    )


class DayOut(Schema):
    date: date
    name: str


class YearOut(Schema):
    year: int
    unit: str | None
    # True while no official announcement of the year's days off is known (the statutory
    # holidays only; Tết and swaps may still change).
    provisional: bool
    working_days: int
    days_off: list[DayOut]
    makeup_working_days: list[DayOut]


@router.get(
    "/{year}",
    response={200: YearOut, 400: ErrorOut, 404: ErrorOut},
    summary="Lịch làm việc một năm",
)
def year_calendar(
    request: HttpRequest, year: Annotated[int, Field(ge=1, le=9999)], unit: Code | None = None
) -> YearOut:
    if not 2015 <= year <= 2040:
        raise ApiError("invalid_year", _("Năm phải từ 2015 đến 2040."))
    unit_obj = None
    if unit:
        unit_obj = Unit.objects.restrict(request.user, "public").filter(code=unit).first()
        if unit_obj is None:
            raise ApiError(
                "unit_not_found",
                _("Không có đơn vị mang mã định danh %(code)s.") % {"code": unit},
                status=404,
            )
    cal: engine.WorkingCalendar = working_calendar_for(unit_obj)
    days_off, working = effective_days(unit_obj)
    count = sum(1 for d in _days(year) if cal.is_working_day(d))
    return YearOut(
        year=year,
        unit=unit,
        provisional=is_provisional(year),
        working_days=count,
        days_off=[DayOut(date=d, name=n) for d, n in sorted(days_off.items()) if d.year == year],
        makeup_working_days=[
            DayOut(date=d, name=n) for d, n in sorted(working.items()) if d.year == year
        ],
    )


def _days(year: int) -> list[date]:
    from datetime import timedelta

    start = date(year, 1, 1)
    return [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]
