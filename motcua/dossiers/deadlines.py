"""Deadlines of dossiers and steps, from the one engine (motcua.workcalendar.engine)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from motcua.dossiers.choices import Channel
from motcua.dossiers.models import Dossier
from motcua.org.models import Unit
from motcua.procedures.choices import TimeUnit
from motcua.procedures.models import Procedure
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for


def day_length(calendar: engine.WorkingCalendar) -> timedelta:
    """Office time in one working day (8 hours by default)."""
    total = timedelta()
    for start, end in calendar.office_hours.sessions:
        total += datetime.combine(datetime.min, end) - datetime.combine(datetime.min, start)
    return total


def time_limit(procedure: Procedure) -> engine.TimeLimit:
    unit = (
        engine.LimitUnit.WORKING_DAYS
        if procedure.time_unit == TimeUnit.WORKING_DAYS
        else engine.LimitUnit.WORKING_HOURS
    )
    return engine.TimeLimit(procedure.time_limit, unit)


def step_budget_hours(procedure: Procedure, budget: Decimal, unit: Unit) -> Decimal:
    """A step budget in working hours (budgets in days are × the unit's day length)."""
    if procedure.time_unit == TimeUnit.WORKING_HOURS:
        return budget
    hours = Decimal(day_length(working_calendar_for(unit)).total_seconds()) / 3600
    return budget * hours


def pauses_of(dossier: Dossier) -> list[engine.Pause]:
    return [engine.Pause(p.start, p.end) for p in dossier.pauses.all()]


def receipt_due_at(
    procedure: Procedure, unit: Unit, received_at: datetime, *, paper: bool
) -> datetime:
    """The due time of a dossier received at ``received_at`` by ``unit`` (no pause yet):
    what ``legal_due_at`` gives a dossier just received, without reading it back."""
    return engine.due_at(
        received_at, time_limit(procedure), working_calendar_for(unit), paper=paper
    )


def legal_due_at(dossier: Dossier, *, as_of: datetime | None = None) -> datetime:
    """The due time the law gives: from reception, on the responsible unit's calendar,
    with the waiting time not charged to the agency added back."""
    assert dossier.received_at is not None
    return engine.due_at(
        dossier.received_at,
        time_limit(dossier.procedure),
        working_calendar_for(dossier.responsible_unit),
        paper=dossier.channel != Channel.ONLINE,
        pauses=pauses_of(dossier),
        as_of=as_of,
    )


def step_due_at(start: datetime, budget_hours: Decimal, unit: Unit) -> datetime:
    seconds = int(budget_hours * 3600)
    return engine.add_working_time(start, timedelta(seconds=seconds), working_calendar_for(unit))


def working_time_left(dossier: Dossier, now: datetime) -> timedelta | None:
    if dossier.due_at is None:
        return None
    return engine.working_time_left(
        dossier.due_at, now, working_calendar_for(dossier.responsible_unit)
    )


def working_hours_between(start: datetime, end: datetime, unit: Unit | None) -> float:
    return (
        engine.working_time_between(start, end, working_calendar_for(unit)).total_seconds() / 3600
    )
