"""Display of figures: Vietnamese number formats (3.579 hồ sơ; 96,50 %), rates and points
rounded to two decimals for display only (LAW.md §3)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from django import template

register = template.Library()


def _vn(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",").replace("\u00a0", ".")


@register.filter
def thousands(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return _vn(float(value), 0)


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "N/A"
    return f"{_vn(float(value), 2)}\u00a0%"


@register.filter
def points(value: Any) -> str:
    if value is None:
        return "N/A"
    return _vn(float(value), 2)


@register.simple_tag
def requery(query: str, **changes: Any) -> str:
    """The current query string with some parameters replaced (``page`` dropped unless
    given)."""
    params = dict(parse_qsl(query))
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = str(value)
    return urlencode(params)
