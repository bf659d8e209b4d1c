"""The dates an apology letter may promise (văn bản xin lỗi, hẹn lại ngày trả kết quả).

The new appointment is an instant the responsible unit's office is open (a working day,
inside office hours; the close of a session counts), later than the current appointment,
and at most ``max_extension_days`` working days beyond it: ``APOLOGY_MAX_EXTENSION_DAYS``
or, when that is 0, as many working days as the procedure's legal time limit. When the
due time has already passed, the new appointment is counted from now instead: a promise
must lie in the future. The form offers the engine's date for 1, 2, … N more working days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import invalid
from motcua.procedures.choices import TimeUnit
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for


def max_extension_days(dossier: Dossier, calendar: engine.WorkingCalendar) -> int:
    configured = int(settings.APOLOGY_MAX_EXTENSION_DAYS or 0)
    if configured > 0:
        return configured
    procedure = dossier.procedure
    if procedure.time_unit == TimeUnit.WORKING_HOURS:
        day_hours = deadlines.day_length(calendar).total_seconds() / 3600
        return max(1, math.ceil(procedure.time_limit / day_hours))
    return max(1, int(procedure.time_limit))


@dataclass(frozen=True)
class ApologyWindow:
    """Where the new appointment may fall, for one dossier at one moment."""

    base: datetime  # the current due time, or now once it has passed
    latest: datetime
    max_days: int
    day: timedelta
    calendar: engine.WorkingCalendar
    issued_late: bool  # less than one working day before the due time, or after it

    def after(self, days: int) -> datetime:
        """The engine's instant ``days`` working days after the base."""
        return engine.add_working_time(self.base, self.day * days, self.calendar)

    def choices(self) -> list[tuple[int, datetime]]:
        return [(n, self.after(n)) for n in range(1, self.max_days + 1)]


def apology_window(dossier: Dossier, now: datetime) -> ApologyWindow:
    assert dossier.due_at is not None
    calendar = working_calendar_for(dossier.responsible_unit)
    day = deadlines.day_length(calendar)
    left = engine.working_time_left(dossier.due_at, now, calendar)
    base = max(dossier.due_at, now)
    max_days = max_extension_days(dossier, calendar)
    latest = engine.add_working_time(base, day * max_days, calendar)
    return ApologyWindow(base, latest, max_days, day, calendar, left < day)


def _text(value: datetime) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def check_new_appointment(
    window: ApologyWindow, new_due_at: datetime | None, extra_working_days: int | None
) -> datetime:
    """The new appointment, given as an instant or as a number of working days, or a
    ``ValidationError`` in Vietnamese."""
    if extra_working_days is not None:
        if new_due_at is not None:
            raise invalid(
                "new_due_ambiguous",
                _("Chọn số ngày làm việc hẹn thêm hoặc ngày hẹn mới, không chọn cả hai."),
            )
        if not 1 <= extra_working_days <= window.max_days:
            raise invalid(
                "new_due_too_far",
                _("Chỉ được hẹn thêm từ 1 đến %(n)d ngày làm việc.") % {"n": window.max_days},
            )
        return window.after(extra_working_days)
    if new_due_at is None:
        raise invalid("new_due_required", _("Chọn ngày hẹn trả kết quả mới."))
    if timezone.is_naive(new_due_at):
        new_due_at = timezone.make_aware(new_due_at)
    if not engine.is_working_time(new_due_at, window.calendar):
        raise invalid(
            "new_due_not_working_time",
            _(
                "Ngày hẹn mới (%(at)s) không phải thời gian làm việc của cơ quan giải quyết: "
                "chọn một ngày làm việc, trong giờ hành chính."
            )
            % {"at": _text(new_due_at)},
        )
    if new_due_at <= window.base:
        raise invalid(
            "new_due_not_later",
            _("Ngày hẹn mới phải sau %(base)s.") % {"base": _text(window.base)},
        )
    if new_due_at > window.latest:
        raise invalid(
            "new_due_too_far",
            _("Ngày hẹn mới chậm nhất là %(latest)s (thêm %(n)d ngày làm việc).")
            % {"latest": _text(window.latest), "n": window.max_days},
        )
    return new_due_at
