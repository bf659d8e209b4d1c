"""The indicators' panel on the home page of monitors, reform officers, unit heads and
administrators: the unit's figures of the year so far, each a link to its dossiers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from motcua.core.home import Panel, register_panel
from motcua.indicators import selectors


def render_figures(request: HttpRequest, membership: Any) -> str | None:
    unit = membership.unit
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    ids = selectors.unit_ids(unit)
    s = selectors.sums(ids, start, today)
    counts = selectors.counts_from(unit, start, today, s)
    return render_to_string(
        "indicators/_home_panel.html",
        {
            "unit": unit,
            "counts": counts,
            "year": today.year,
            "late_link": selectors.drilldown_path(unit, start, today, "open_late"),
        },
        request=request,
    )


def register() -> None:
    register_panel(
        Panel("indicators.figures", set(selectors.SUBTREE_VIEWERS), render_figures, order=10)
    )
