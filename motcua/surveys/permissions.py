"""Who runs a SIPAS survey (the reform office: reform officers and administrators of the
survey's unit or above it) and who reads its results (those and the monitors and unit
heads of the subtree)."""

from __future__ import annotations

from typing import Any

from motcua.org.choices import Role
from motcua.org.models import memberships_of

RUNNER_ROLES = (Role.REFORM_OFFICER, Role.ADMIN)
READER_ROLES = (*RUNNER_ROLES, Role.MONITOR, Role.UNIT_HEAD)


def runs(user: Any, unit: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or any(user.has_role(r, unit) for r in RUNNER_ROLES))


def runs_any(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or any(user.has_role(r) for r in RUNNER_ROLES))


def reads(user: Any, unit: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    for m in memberships_of(user):
        if m.role in READER_ROLES and unit.path.startswith(m.unit.path):
            return True
    return False
