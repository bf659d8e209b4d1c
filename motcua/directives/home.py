"""The unit head's panel on the home page: his unit's overdue and due-soon tasks.

``unit_head_panel(membership)`` gives the template and its context for one unit-head
membership; the home page shows it through the home-panel registry
(``motcua.core.home``), connected in ``DirectivesConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from motcua.core.home import Panel
from motcua.directives import selectors
from motcua.org.choices import Role

TEMPLATE = "directives/_home_panel.html"


def unit_head_panel(membership: Any) -> dict[str, Any] | None:
    if membership.role != Role.UNIT_HEAD:
        return None
    today = timezone.localdate()
    unit = membership.unit
    return {
        "unit": unit,
        "overdue": list(selectors.overdue_tasks(unit, today)[:10]),
        "due_soon": list(selectors.due_soon_tasks(unit, today)[:10]),
    }


def render_unit_head_panel(request: HttpRequest, membership: Any) -> str | None:
    context = unit_head_panel(membership)
    if context is None:
        return None
    return render_to_string(TEMPLATE, context, request=request)


PANEL = Panel("directives.tasks", {Role.UNIT_HEAD}, render_unit_head_panel, order=20)
