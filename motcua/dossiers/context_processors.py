"""What the page header needs on every page: the unread notifications and which
workspace links to show. Values are callables (the template language calls them), so
pages that do not show the header — htmx fragments — cost no query."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.http import HttpRequest

from motcua.dossiers.notify import unread_count
from motcua.org.choices import Role
from motcua.org.models import memberships_of


def workspace(request: HttpRequest) -> dict[str, Callable[[], Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def roles() -> frozenset[str]:
        return frozenset(m.role for m in memberships_of(user))  # pinned for the request

    return {
        "unread_notifications": cache(lambda: unread_count(user)),
        "workspace_staff": lambda: bool(roles()) or user.is_superuser,
        "workspace_clerk": lambda: Role.CLERK in roles(),
    }
