"""Panels that areas above dossiers add to the officer's dossier page (payments: the fees
and the desk payment). Dossiers never import them: each area registers a function from
its ``AppConfig.ready()``; the page renders what they return, in registration order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# (request, dossier) -> rendered HTML, or "" for nothing to show.
Panel = Callable[[Any, Any], str]
_PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def render_panels(request: Any, dossier: Any) -> list[SafeString]:
    rendered = (panel(request, dossier) for panel in _PANELS)
    # Each panel renders a Django template (escaped there): its output is HTML.
    return [mark_safe(html) for html in rendered if html]  # noqa: S308
