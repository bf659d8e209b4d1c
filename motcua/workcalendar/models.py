"""Working calendars: the national one and the units' own, with admin-editable days."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua.core.querysets import RestrictedQuerySet
from motcua.org.models import Unit
from motcua.workcalendar.choices import OverrideKind


class CalendarQuerySet(RestrictedQuerySet["WorkCalendar"]):
    def national(self) -> WorkCalendar:
        calendar, _created = self.get_or_create(unit=None)
        return calendar


class WorkCalendar(models.Model):
    """Lịch làm việc. The row without a unit is the national calendar; a unit has a row of
    its own only when it differs (office hours, local days off); otherwise it inherits from
    its parent, then from the national one."""

    unit = models.OneToOneField(
        Unit,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar",
        verbose_name=_("đơn vị"),
    )
    # "0,1,2,3,4": Monday..Friday. Saturday and Sunday off for state bodies
    # (Nghị định 45/2013/NĐ-CP Điều 3; Bộ luật Lao động 2019 Điều 105: 40-hour week).
    weekdays = models.CharField(_("ngày làm việc trong tuần"), max_length=20, default="0,1,2,3,4")
    morning_start = models.TimeField(_("sáng từ"), default=time(7, 30))
    morning_end = models.TimeField(_("sáng đến"), default=time(11, 30))
    afternoon_start = models.TimeField(_("chiều từ"), default=time(13, 0))
    afternoon_end = models.TimeField(_("chiều đến"), default=time(17, 0))
    # Paper dossiers received after this time are handed on the next working day.
    paper_cutoff = models.TimeField(_("giờ chuyển hồ sơ sang ngày sau"), default=time(15, 0))
    updated_at = models.DateTimeField(auto_now=True)

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch làm việc")
        verbose_name_plural = _("lịch làm việc")
        constraints = [
            # One national calendar. A unique index on the nullable column itself would not
            # do it: NULLs are distinct in a unique index (PostgreSQL, SQLite), so parallel
            # first intakes each created "the" national calendar. The index is on
            # COALESCE(unit_id, 0) over the rows without a unit: every such row gives 0.
            models.UniqueConstraint(
                Coalesce("unit", Value(0)),
                condition=Q(unit__isnull=True),
                name="single_national_calendar",
            ),
        ]

    def __str__(self) -> str:
        return f"Lịch làm việc — {self.unit or _('toàn quốc')}"

    def clean(self) -> None:
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError(_("Giờ làm việc phải theo thứ tự sáng trước chiều sau."))

    def weekday_set(self) -> frozenset[int]:
        return frozenset(int(part) for part in self.weekdays.split(",") if part.strip())

    @classmethod
    def restrict_queryset(cls, qs: CalendarQuerySet, user: Any, action: str) -> CalendarQuerySet:
        """Calendars are public; the national one is changed by superusers and by
        administrators of a top-level unit (the province), a unit's by its administrators."""
        if action == "view":
            return qs
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        units = Unit.objects.restrict(user, "change")
        top_level_admin = units.filter(parent__isnull=True).exists()
        condition = Q(unit__in=units)
        if top_level_admin:
            condition |= Q(unit__isnull=True)
        return qs.filter(condition)


class CalendarOverride(models.Model):
    """Ngày nghỉ hoặc ngày làm bù do cơ quan có thẩm quyền thông báo: an extra day off (a
    swapped weekday, a compensatory day) or a make-up working day (a Saturday worked).
    A ``working_day`` override on a statutory holiday cancels it for this calendar."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="overrides")
    day = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=20, choices=OverrideKind.choices())
    name = models.CharField(_("nội dung"), max_length=255)
    source = models.CharField(_("văn bản căn cứ"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ngày điều chỉnh")
        verbose_name_plural = _("ngày điều chỉnh")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "day"], name="override_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {OverrideKind.label(self.kind)}: {self.name}"

    @classmethod
    def restrict_queryset(cls, qs: Any, user: Any, action: str) -> Any:
        return qs.filter(calendar__in=WorkCalendar.objects.restrict(user, action))


class CalendarStamp(models.Model):
    """One row whose token changes whenever a calendar or an override is saved or removed
    (``motcua.workcalendar.receivers``): every process caches the calendars it built
    (``services.working_calendar_for``) under the token it read, so a change made by one
    web worker is seen by all the others. A random token, not a counter: a change rolled
    back can never come back under the number of a later one."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token


class ReplacedOverride(models.Model):
    """History of the calendar's adjustments: a day's override as it was before an
    administrator replaced or removed it, with its legal source (the override row itself
    holds only the current decision)."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=20, choices=OverrideKind.choices())
    name = models.CharField(_("nội dung"), max_length=255)
    source = models.CharField(_("văn bản căn cứ"), max_length=255, blank=True)
    # "replaced" or "removed"
    change = models.CharField(_("thay đổi"), max_length=20)
    changed_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ngày điều chỉnh đã thay")
        verbose_name_plural = _("ngày điều chỉnh đã thay")
        ordering = ["day", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {OverrideKind.label(self.kind)}: {self.name}"
