"""Read side of the directives area: permission-scoped lists, a unit's overdue and
due-soon tasks, its unresolved inspection findings, and the figures that feed the PAR
index (``motcua.core.figures.Figure``): ``tasks_on_time``, ``inspections_followed_up``
and ``initiatives``. Other areas read this area only through this module."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from motcua.core.figures import Figure
from motcua.directives.choices import FindingState, InitiativeState, TaskStatus
from motcua.directives.models import (
    Directive,
    Finding,
    Initiative,
    InitiativeQuota,
    Inspection,
    InspectionPlan,
    Task,
)
from motcua.org.choices import UnitKind
from motcua.org.models import Unit

DEFAULT_INITIATIVE_QUOTA = 3  # seed 003: "03 sáng kiến"; a year's quota row overrides it


def directives_for(user: Any) -> Any:
    return Directive.objects.restrict(user, "view").select_related("issuer")


def tasks_for(user: Any) -> Any:
    return (
        Task.objects.restrict(user, "view")
        .select_related("directive__issuer", "lead_unit")
        .prefetch_related("co_units")
    )


def unit_tasks(unit: Unit, state: str | None = None, today: date | None = None) -> Any:
    qs = Task.objects.for_unit(unit).select_related("directive__issuer", "lead_unit")
    if state:
        qs = qs.in_state(state, today)
    return qs.order_by("deadline", "id")


def overdue_tasks(unit: Unit, today: date | None = None) -> Any:
    return unit_tasks(unit, "overdue", today)


def due_soon_tasks(unit: Unit, today: date | None = None) -> Any:
    return unit_tasks(unit, "due_soon", today)


def unresolved_findings(unit: Unit) -> Any:
    return (
        Finding.objects.filter(inspection__unit_id__in=unit.lineage_ids(), state=FindingState.OPEN)
        .select_related("inspection__plan")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def plans_for(user: Any) -> Any:
    return InspectionPlan.objects.restrict(user, "view").select_related("issuer")


def initiatives_for(user: Any) -> Any:
    return Initiative.objects.restrict(user, "view").select_related("unit")


def inspection_coverage(plan: InspectionPlan) -> dict[str, Any]:
    """How many of the issuer's departments and communes the plan inspects, against the
    plan's target (seed 003: more than 30 %)."""
    year_start = date(plan.year, 1, 1)
    candidates = (
        plan.issuer.descendants()
        .filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.COMMUNE, UnitKind.DISTRICT])
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year_start))
        .count()
    )
    inspected = plan.inspections.count()
    percent = round(100 * inspected / candidates, 1) if candidates else None
    return {
        "units": candidates,
        "inspected": inspected,
        "percent": percent,
        "met": percent is not None and percent > plan.target_percent,
    }


def _drilldown(name: str, **params: Any) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def tasks_on_time(unit: Unit, start: date, end: date) -> Figure:
    """Nhiệm vụ được giao hoàn thành đúng hạn: of the tasks the unit leads whose deadline
    falls in the period and that are due by its end (cancelled ones aside), those done no
    later than their deadline (an approved extension moves the deadline)."""
    today = timezone.localdate()
    due = Task.objects.filter(
        lead_unit_id__in=unit.lineage_ids(),
        deadline__gte=start,
        deadline__lte=end,
    ).exclude(status=TaskStatus.CANCELLED)
    due = due.filter(Q(status=TaskStatus.DONE) | Q(deadline__lt=min(today, end)))
    on_time = due.filter(status=TaskStatus.DONE, done_on__lte=F("deadline")).count()
    return Figure(
        "tasks_on_time",
        on_time,
        due.count(),
        _drilldown("directives:task_list", unit=unit.code, start=start, end=end),
    )


def inspections_followed_up(unit: Unit, start: date, end: date) -> Figure:
    """Xử lý các vấn đề phát hiện qua kiểm tra (seed 003, 1.3.2): of the findings of the
    unit's inspections held in the period, those closed."""
    findings = Finding.objects.filter(
        inspection__unit_id__in=unit.lineage_ids(),
        inspection__done_on__gte=start,
        inspection__done_on__lte=end,
    )
    closed = findings.filter(state=FindingState.CLOSED).count()
    return Figure(
        "inspections_followed_up",
        closed,
        findings.count(),
        _drilldown("directives:inspection_list", unit=unit.code, year=start.year),
    )


def initiative_quota(unit: Unit, year: int) -> int:
    row = InitiativeQuota.objects.filter(year=year, unit=unit).first()
    if row is None:
        row = InitiativeQuota.objects.filter(year=year, unit__isnull=True).first()
    return row.quota if row else DEFAULT_INITIATIVE_QUOTA


def initiatives(unit: Unit, year: int) -> Figure:
    """Sáng kiến được công nhận in the year (numerator) against the unit's quota
    (denominator)."""
    recognised = Initiative.objects.filter(
        unit_id__in=unit.lineage_ids(), year=year, state=InitiativeState.RECOGNISED
    ).count()
    return Figure(
        "initiatives",
        recognised,
        initiative_quota(unit, year),
        _drilldown("directives:initiative_list", unit=unit.code, year=year),
    )


def inspected_units(plan: InspectionPlan) -> Any:
    return Inspection.objects.filter(plan=plan).select_related("unit").order_by("scheduled_on")
