"""The officers' panel on the home page: the unit's feedback waiting for them, with the
late ones counted (through the home-panel registry, ``motcua.core.home``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from motcua.core.home import Panel
from motcua.feedback.choices import FeedbackState
from motcua.feedback.models import Feedback
from motcua.org.choices import Role


def render_panel(request: HttpRequest, membership: Any) -> str | None:
    items = Feedback.objects.filter(unit=membership.unit, state__in=FeedbackState.OPEN)
    if membership.role == Role.SPECIALIST:  # his own and those nobody holds yet
        items = items.filter(Q(handler__isnull=True) | Q(handler=request.user))
    count = items.count()
    if not count:
        return None
    late = items.filter(handling_due_at__lt=timezone.now()).count()
    rows = list(items.order_by("handling_due_at")[:5])
    return render_to_string(
        "feedback/_home_panel.html",
        {"count": count, "late": late, "rows": rows, "unit": membership.unit},
        request=request,
    )


PANEL = Panel(
    "feedback.open", {Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD}, render_panel, order=30
)
