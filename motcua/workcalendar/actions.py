"""Write actions on working calendars."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.org.models import Unit
from motcua.workcalendar.choices import OverrideKind
from motcua.workcalendar.models import CalendarOverride, ReplacedOverride, WorkCalendar
from motcua.workcalendar.official import statutory_holidays
from motcua.workcalendar.services import calendar_chain


def calendar_of(unit: Unit | None) -> WorkCalendar:
    """The calendar row to edit for ``unit``: its own, created on first edit with the
    settings it inherited until then."""
    if unit is None:
        return WorkCalendar.objects.national()
    existing = WorkCalendar.objects.filter(unit=unit).first()
    if existing:
        return existing
    inherited = calendar_chain(unit)[-1]
    return WorkCalendar.objects.create(
        unit=unit,
        weekdays=inherited.weekdays,
        morning_start=inherited.morning_start,
        morning_end=inherited.morning_end,
        afternoon_start=inherited.afternoon_start,
        afternoon_end=inherited.afternoon_end,
        paper_cutoff=inherited.paper_cutoff,
    )


def _day_off_before(unit: Unit | None, calendar: WorkCalendar, day: date) -> bool:
    """Whether ``day`` is a day off (weekend of the calendar, holiday, announced day off)
    leaving aside this calendar's own adjustment of that very day."""
    chain = calendar_chain(unit)
    weekdays = chain[-1].weekday_set() if unit is not None else calendar.weekday_set()
    off = day.weekday() not in weekdays or day in statutory_holidays([day.year])
    overrides = (
        CalendarOverride.objects.filter(calendar__in=chain, day=day)
        .exclude(calendar=calendar)
        .select_related("calendar")
    )
    position = {cal.pk: i for i, cal in enumerate(chain)}
    for override in sorted(overrides, key=lambda o: position.get(o.calendar_id, -1)):
        off = override.kind == OverrideKind.DAY_OFF
    return off


def _keep_history(override: CalendarOverride, change: str, actor: Any) -> None:
    ReplacedOverride.objects.create(
        calendar=override.calendar,
        day=override.day,
        kind=override.kind,
        name=override.name,
        source=override.source,
        change=change,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def do_set_override(
    unit: Unit | None,
    *,
    day: date,
    kind: str,
    name: str,
    source: str = "",
    replace: bool = False,
    actor: Any = None,
) -> CalendarOverride:
    """Thêm hoặc sửa một ngày nghỉ / ngày làm bù trên lịch của ``unit`` (toàn quốc nếu None).

    A day that already has an adjustment on this calendar is replaced only when asked
    (``replace``), and the replaced one goes to the history with its legal source. A
    make-up working day (làm bù) is accepted only on a day off: a weekend of the
    calendar, a holiday or an announced day off (a working day cannot be "made up")."""
    if kind not in OverrideKind.values():
        raise ValidationError(_("Loại ngày không hợp lệ."), code="invalid_kind")
    if not name.strip():
        raise ValidationError(
            _("Cần ghi nội dung (ví dụ: Nghỉ bù Tết Nguyên đán)."), code="name_required"
        )
    with transaction.atomic():
        calendar = calendar_of(unit)
        existing = (
            CalendarOverride.objects.select_for_update().filter(calendar=calendar, day=day).first()
        )
        if existing is not None and not replace:
            raise ValidationError(
                _(
                    "Ngày %(day)s đã có điều chỉnh: %(current)s%(source)s. Đánh dấu “Thay thế "
                    "ngày điều chỉnh đã có” rồi lưu lại nếu muốn thay; ngày cũ được giữ trong "
                    "lịch sử."
                )
                % {
                    "day": f"{day:%d/%m/%Y}",
                    "current": f"{OverrideKind.label(existing.kind)}: {existing.name}",
                    "source": f" ({existing.source})" if existing.source else "",
                },
                code="override_exists",
            )
        if kind == OverrideKind.WORKING_DAY and not _day_off_before(unit, calendar, day):
            raise ValidationError(
                _(
                    "Ngày %(day)s vốn là ngày làm việc: chỉ ngày nghỉ (thứ Bảy, Chủ nhật, ngày "
                    "lễ, ngày nghỉ đã thông báo) mới có thể thành ngày làm bù."
                )
                % {"day": f"{day:%d/%m/%Y}"},
                code="not_a_day_off",
            )
        if existing is not None:
            _keep_history(existing, "replaced", actor)
        override, created = CalendarOverride.objects.update_or_create(
            calendar=calendar,
            day=day,
            defaults={
                "kind": kind,
                "name": name.strip(),
                "source": source.strip(),
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        record_audit(
            actor,
            "calendar.override.set",
            override,
            f"{'Thêm' if created else 'Thay'} {override} trên {calendar}",
            {"replaced": None if existing is None else str(existing)},
        )
    return override


def do_remove_override(override: CalendarOverride, *, actor: Any = None) -> None:
    with transaction.atomic():
        record_audit(
            actor,
            "calendar.override.remove",
            override,
            f"Xóa {override}",
            {"day": override.day.isoformat(), "kind": override.kind},
        )
        _keep_history(override, "removed", actor)
        override.delete()
