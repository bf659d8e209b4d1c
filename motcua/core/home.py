"""The panels higher apps add to a role's home page.

The home page (``motcua/dossiers/views_home.py``) shows one section per role a user holds.
An app above the dossiers (the directives app showing a unit head's overdue tasks, say)
adds a panel to the sections of some roles without the home page knowing it: it registers
a ``Panel`` in its ``AppConfig.ready()``::

    register_panel(Panel("directives.overdue", {"unit_head"}, render_overdue, order=20))

``render(request, membership)`` returns the panel's HTML (``render_to_string(...)``), or
None to show nothing for that membership. Panels show in ``order``, then key order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    key: str
    roles: Collection[str]
    render: Callable[[HttpRequest, Any], str | None]
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> Panel:
    """Add ``panel`` (registering the same key again replaces it: ready() may run twice)."""
    _PANELS[panel.key] = panel
    return panel


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def panels_for(role: str) -> list[Panel]:
    return sorted((p for p in _PANELS.values() if role in p.roles), key=lambda p: (p.order, p.key))


def render_panels(request: HttpRequest, membership: Any) -> list[str]:
    """The HTML of every panel registered for the membership's role, in order."""
    rendered = (panel.render(request, membership) for panel in panels_for(membership.role))
    return [html for html in rendered if html]
