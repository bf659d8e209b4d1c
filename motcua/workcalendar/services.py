"""From the database to the pure engine: the effective working calendar of a unit.

Precedence, from general to specific: the statutory holidays of Bộ luật Lao động 2019
Điều 112 (computed by the ``holidays`` package, lunar dates included), then the national
calendar's overrides (the civil-service calendar announced each year, shipped for
2023–2026 and editable), then the overrides of each ancestor unit's calendar, then the
unit's own. A more specific override of the same day wins. Weekdays, office hours and the
paper cut-off come from the nearest calendar that defines them.
"""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from motcua.org.models import Unit
from motcua.workcalendar import engine
from motcua.workcalendar.choices import OverrideKind
from motcua.workcalendar.models import CalendarOverride, CalendarStamp, WorkCalendar
from motcua.workcalendar.official import announced_years, statutory_holidays

# Years for which the statutory holidays are materialised; far wider than any deadline.
CALENDAR_YEARS = tuple(range(2015, 2041))


def calendar_chain(unit: Unit | None) -> list[WorkCalendar]:
    """The calendars that apply to ``unit``, national first, the unit's own last."""
    national = WorkCalendar.objects.national()
    if unit is None:
        return [national]
    unit_ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    by_unit = {c.unit_id: c for c in WorkCalendar.objects.filter(unit_id__in=unit_ids)}
    return [national] + [by_unit[uid] for uid in unit_ids if uid in by_unit]


def effective_days(
    unit: Unit | None,
    chain: list[WorkCalendar] | None = None,
) -> tuple[dict[date, str], dict[date, str]]:
    """(days off, make-up working days) with their names, after every override."""
    chain = chain if chain is not None else calendar_chain(unit)
    days_off: dict[date, str] = dict(statutory_holidays(CALENDAR_YEARS))
    working: dict[date, str] = {}
    overrides = CalendarOverride.objects.filter(calendar__in=chain)
    position = {cal.pk: i for i, cal in enumerate(chain)}
    for override in sorted(overrides, key=lambda o: position[o.calendar_id]):
        if override.kind == OverrideKind.DAY_OFF:
            days_off[override.day] = override.name
            working.pop(override.day, None)
        else:
            days_off.pop(override.day, None)
            working[override.day] = override.name
    return days_off, working


# Built calendars of this process, by (unit, unit path, stamp token). A cached calendar
# costs no query; the stamp is read at most once per CALENDAR_STAMP_SECONDS, so another
# process's change is seen within that time (this process's own changes at once).
_CACHE: dict[tuple[object, ...], engine.WorkingCalendar] = {}
_CACHE_LIMIT = 512
_stamp: dict[str, Any] = {"token": None, "read_at": 0.0}
_lock = threading.Lock()


def forget_calendars() -> None:
    """Drop this process's built calendars and its copy of the stamp."""
    with _lock:
        _CACHE.clear()
        _stamp["token"] = None
        _stamp["read_at"] = 0.0


def calendars_changed() -> None:
    """A calendar or an override was saved or removed: a new stamp for every process (in
    the same transaction as the change), and this one forgets now and again after the
    commit (a calendar built in between from the uncommitted rows is not kept)."""
    CalendarStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4().hex})
    forget_calendars()
    transaction.on_commit(forget_calendars)


def _current_stamp() -> str:
    now = time.monotonic()
    token = _stamp["token"]
    if token is None or now - _stamp["read_at"] >= settings.CALENDAR_STAMP_SECONDS:
        token = CalendarStamp.objects.filter(pk=1).values_list("token", flat=True).first() or ""
        _stamp["token"], _stamp["read_at"] = token, now
    return str(token)


def working_calendar_for(unit: Unit | None) -> engine.WorkingCalendar:
    """The engine calendar of ``unit`` (the national calendar for ``None``), cached per
    process: the engine indexes a calendar on first use, so reusing it makes every later
    due-date computation a few list look-ups, with no query."""
    key = (unit.pk, unit.path) if unit is not None else (None, "")
    key = (*key, _current_stamp())
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    chain = calendar_chain(unit)
    nearest = chain[-1]
    days_off, working = effective_days(unit, chain)
    calendar = engine.WorkingCalendar(
        weekdays=nearest.weekday_set(),
        office_hours=engine.OfficeHours(
            sessions=(
                (nearest.morning_start, nearest.morning_end),
                (nearest.afternoon_start, nearest.afternoon_end),
            )
        ),
        days_off=frozenset(days_off),
        working_days=frozenset(working),
        paper_cutoff=nearest.paper_cutoff,
    )
    with _lock:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = calendar
    return calendar


def compute_due_at(
    received_at: datetime,
    amount: int,
    unit_name: str,
    *,
    unit: Unit | None = None,
    paper: bool = True,
) -> datetime:
    """One entry point for the API, the command and the pages: the due time of a dossier
    received at ``received_at`` with a limit of ``amount`` working days or hours."""
    limit = engine.TimeLimit(amount, engine.LimitUnit(unit_name))
    return engine.due_at(received_at, limit, working_calendar_for(unit), paper=paper)


def is_provisional(year: int) -> bool:
    """A year is provisional while no official announcement of its days off is known:
    neither shipped (``official.announced_years``) nor entered on the national calendar
    by an administrator. Its days off are then the statutory holidays only (Bộ luật Lao
    động 2019 Điều 112 as computed by the ``holidays`` package), which the announcement
    may still move (Tết days, the day next to National Day, swaps)."""
    if year in announced_years():
        return False
    return not CalendarOverride.objects.filter(calendar__unit__isnull=True, day__year=year).exists()
