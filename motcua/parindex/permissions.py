"""Who runs a round (the home-affairs office: its reform officers and administrators, or
above it) and who self-assesses a unit (its head and reform officer)."""

from __future__ import annotations

from typing import Any

from motcua.directives.permissions import leads
from motcua.org.choices import Role

OFFICE_ROLES = (Role.REFORM_OFFICER, Role.ADMIN)


def is_office(user: Any, unit: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(user.has_role(role, unit) for role in OFFICE_ROLES)


def runs(user: Any, round_: Any) -> bool:
    return is_office(user, round_.office)


def self_assesses(user: Any, participant: Any) -> bool:
    return leads(user, participant.unit)
