"""Home page: one section per role the user holds, each built from live data; higher apps
add panels to a role's section through ``motcua.core.home``."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.core.home import render_panels
from motcua.dossiers.selectors import home_counts
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, memberships_of
from motcua.procedures.choices import Level, OnlineLevel
from motcua.procedures.models import Procedure
from motcua.workcalendar.services import effective_days


def _upcoming_days_off(unit: Unit | None, limit: int = 5) -> list[tuple[Any, str]]:
    today = timezone.localdate()
    days_off, _working = effective_days(unit)
    return sorted((d, name) for d, name in days_off.items() if d >= today)[:limit]


def _online_share(units: Any) -> dict[str, Any]:
    """Catalogue figures a reform officer answers for (seed 003: partial online ≥ 80 %,
    full online 100 % of eligible procedures)."""
    qs = Procedure.objects.filter(is_active=True, units__in=units).distinct()
    counts = qs.aggregate(
        total=Count("pk", distinct=True),
        full=Count("pk", filter=Q(online_level=OnlineLevel.FULL), distinct=True),
        partial=Count("pk", filter=Q(online_level=OnlineLevel.PARTIAL), distinct=True),
    )
    total = counts["total"] or 0
    online = (counts["full"] or 0) + (counts["partial"] or 0)
    counts["online_rate"] = round(100 * online / total, 1) if total else None
    return counts


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, Any] = {
        "catalogue": {
            level: Procedure.objects.filter(is_active=True).at_level(level).count()
            for level in (Level.PROVINCE, Level.COMMUNE)
        },
        "days_off": _upcoming_days_off(None),
        "sections": [],
    }
    if not user.is_authenticated:
        return render(request, "dossiers/home.html", context)

    # The memberships the request pinned (PinMembershipsMiddleware), in the page's order.
    memberships = sorted(memberships_of(user), key=lambda m: (m.unit.path, m.role))
    sections: list[dict[str, Any]] = []
    now = timezone.now()
    for m in memberships:
        section: dict[str, Any] = {
            "membership": m,
            "role": m.role,
            "unit": m.unit,
            "role_label": Role.label(m.role),
        }
        if m.role in (Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD):
            section["procedure_count"] = m.unit.procedures.filter(is_active=True).count()
            section["days_off"] = _upcoming_days_off(m.unit)
        if m.role == Role.UNIT_HEAD:
            section["staff"] = (
                Membership.objects.active()
                .filter(unit=m.unit)
                .select_related("user")
                .order_by("role", "user__full_name")
            )
        if m.role in (Role.MONITOR, Role.ADMIN):
            section["subtree"] = (
                m.unit.descendants()
                .active_on()
                .annotate(staff=Count("memberships", filter=Q(memberships__is_active=True)))
                .order_by("path")
            )
        if m.role in (Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD, Role.MONITOR, Role.ADMIN):
            # Links into the officer workspace with the size of each queue.
            section["queue"] = home_counts(m, now)
        if m.role == Role.REFORM_OFFICER:
            section["online"] = _online_share(m.unit.descendants(include_self=True))
        section["panels"] = render_panels(request, m)
        sections.append(section)
    context["sections"] = sections
    context["is_citizen"] = not memberships and not user.is_superuser
    return render(request, "dossiers/home.html", context)
