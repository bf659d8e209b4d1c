from __future__ import annotations

import calendar as pycalendar
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.querysets import get_restricted_or_404
from motcua.org.models import Unit
from motcua.workcalendar import engine
from motcua.workcalendar.actions import do_remove_override, do_set_override
from motcua.workcalendar.forms import DueDateForm, OverrideForm
from motcua.workcalendar.models import CalendarOverride, ReplacedOverride, WorkCalendar
from motcua.workcalendar.services import (
    calendar_chain,
    compute_due_at,
    effective_days,
    is_provisional,
    working_calendar_for,
)

MONTH_NAMES = [_("Tháng %(m)d") % {"m": m} for m in range(1, 13)]
WEEKDAY_HEADERS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


def can_edit_calendar(user: Any, unit: Unit | None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if unit is None:
        return WorkCalendar.objects.restrict(user, "change").filter(unit__isnull=True).exists()
    return Unit.objects.restrict(user, "change").filter(pk=unit.pk).exists()


def _unit_from(request: HttpRequest, value: str | None) -> Unit | None:
    if not value:
        return None
    return get_restricted_or_404(Unit.objects.all(), request.user, "public", code=value)


def year_grid(
    year: int, cal: engine.WorkingCalendar, days_off: dict[date, str], working: dict[date, str]
) -> list[dict[str, Any]]:
    """Twelve month tables (weeks of seven cells) classified for display."""
    today = timezone.localdate()
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for d in week:
                if d.month != month:
                    cells.append(None)
                    continue
                if d in days_off:
                    css, title = "cal-day-off", days_off[d]
                elif d in working:
                    css, title = "cal-makeup", working[d]
                elif not cal.is_working_day(d):
                    css, title = "cal-weekend", ""
                else:
                    css, title = "", ""
                if d == today:
                    css += " cal-today"
                cells.append({"day": d, "css": css.strip(), "title": title})
            weeks.append(cells)
        months.append({"name": MONTH_NAMES[month - 1], "weeks": weeks})
    return months


def year_page(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2015), 2040)
    unit = _unit_from(request, request.GET.get("unit"))
    cal = working_calendar_for(unit)
    days_off, working = effective_days(unit)
    chain = calendar_chain(unit)
    editable = can_edit_calendar(request.user, unit)
    own_calendar = chain[-1] if (unit is None or chain[-1].unit_id == unit.pk) else None
    overrides = (
        own_calendar.overrides.filter(day__year=year)
        if own_calendar
        else CalendarOverride.objects.none()
    )
    in_year = {d: n for d, n in days_off.items() if d.year == year}
    return render(
        request,
        "workcalendar/year.html",
        {
            "year": year,
            "unit": unit,
            "months": year_grid(year, cal, days_off, working),
            "weekday_headers": WEEKDAY_HEADERS,
            "days_off": sorted(in_year.items()),
            "working_days": sorted((d, n) for d, n in working.items() if d.year == year),
            "working_day_count": sum(
                1
                for m in range(1, 13)
                for d in range(1, pycalendar.monthrange(year, m)[1] + 1)
                if cal.is_working_day(date(year, m, d))
            ),
            "overrides": overrides,
            # The replaced and removed adjustments, with their sources: administrators only.
            "history": (
                ReplacedOverride.objects.filter(calendar=own_calendar, day__year=year)
                if own_calendar and editable
                else ReplacedOverride.objects.none()
            ),
            "provisional": is_provisional(year),
            "editable": editable,
            "form": OverrideForm(),
            "settings_row": chain[-1],
        },
    )


@require_POST
def override_save(request: HttpRequest) -> HttpResponse:
    unit = _unit_from(request, request.POST.get("unit"))
    if not can_edit_calendar(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền sửa lịch làm việc này."))
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            override = do_set_override(unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu: %(o)s") % {"o": override})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}")
    year = form.cleaned_data["day"].year if form.is_valid() else timezone.localdate().year
    query = f"?year={year}" + (f"&unit={unit.code}" if unit else "")
    return redirect(reverse("workcalendar:year") + query)


@require_POST
def override_delete(request: HttpRequest, pk: int) -> HttpResponse:
    override = get_restricted_or_404(
        CalendarOverride.objects.select_related("calendar__unit"), request.user, "change", pk=pk
    )
    unit = override.calendar.unit
    year = override.day.year
    do_remove_override(override, actor=request.user)
    messages.success(request, _("Đã xóa ngày điều chỉnh."))
    query = f"?year={year}" + (f"&unit={unit.code}" if unit else "")
    return redirect(reverse("workcalendar:year") + query)


def due_date_page(request: HttpRequest) -> HttpResponse:
    initial = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "amount": 5,
        "unit": request.GET.get("unit", ""),
    }
    form = DueDateForm(request.GET if "amount" in request.GET else None, initial=initial)
    result: dict[str, Any] | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        unit = None
        if data["unit"]:
            unit = Unit.objects.restrict(request.user, "public").filter(code=data["unit"]).first()
            if unit is None:
                form.add_error("unit", _("Không có đơn vị mang mã định danh này."))
        if not form.errors:
            received: datetime = data["received_at"]
            if timezone.is_naive(received):
                received = timezone.make_aware(received)
            due = compute_due_at(
                received,
                data["amount"],
                data["unit_kind"],
                unit=unit,
                paper=data["channel"] != "online",
            )
            result = {"due": timezone.localtime(due), "unit": unit}
    template = (
        "workcalendar/_due_result.html"
        if request.headers.get("HX-Request")
        else "workcalendar/due_date.html"
    )
    return render(
        request,
        template,
        {"form": form, "result": result},
        status=400 if form.is_bound and form.errors else 200,
    )
