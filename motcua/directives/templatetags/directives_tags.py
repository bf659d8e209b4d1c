from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from motcua.directives.choices import (
    DirectiveKind,
    ExtensionState,
    FindingState,
    InitiativeState,
    TaskState,
)

register = template.Library()

SETS = {
    "task": TaskState,
    "extension": ExtensionState,
    "finding": FindingState,
    "initiative": InitiativeState,
    "directive": DirectiveKind,
}


@register.filter
def badge(value: str, kind: str) -> str:
    """``{{ value|badge:"task" }}``: a coloured badge with the Vietnamese label."""
    choices = SETS[kind]
    return format_html(
        '<span class="badge bg-{0}-lt" data-state="{1}">{2}</span>',
        choices.color(value),
        value,
        choices.label(value),
    )


@register.filter
def task_badge(task: Any) -> str:
    return badge(task.state(), "task")
