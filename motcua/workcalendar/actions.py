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
from motcua.workcalendar.models import CalendarOverride, WorkCalendar
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


def do_set_override(
    unit: Unit | None, *, day: date, kind: str, name: str, source: str = "", actor: Any = None
) -> CalendarOverride:
    """Thêm hoặc sửa một ngày nghỉ / ngày làm bù trên lịch của ``unit`` (toàn quốc nếu None)."""
    if kind not in OverrideKind.values():
        raise ValidationError(_("Loại ngày không hợp lệ."), code="invalid_kind")
    if not name.strip():
        raise ValidationError(
            _("Cần ghi nội dung (ví dụ: Nghỉ bù Tết Nguyên đán)."), code="name_required"
        )
    with transaction.atomic():
        calendar = calendar_of(unit)
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
            f"{'Thêm' if created else 'Sửa'} {override} trên {calendar}",
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
        override.delete()
