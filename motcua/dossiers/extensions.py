"""Places where higher apps add to the dossiers' pages without the dossiers app knowing
them (a lower app never imports a higher one): each higher app appends a callable in its
``AppConfig.ready()``.

``dossier_panels``: ``panel(request, dossier) -> str | None`` — an HTML fragment for the
side column of the dossier page (e.g. digitisation and the signed result), or ``None``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

dossier_panels: list[Callable[[Any, Any], str | None]] = []


def render_panels(request: Any, dossier: Any) -> list[SafeString]:
    panels = []
    for panel in dossier_panels:
        html = panel(request, dossier)
        if html:
            panels.append(mark_safe(html))
    return panels
