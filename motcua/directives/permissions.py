"""Who may do what with directives, tasks, inspections and initiatives.

- The *issuer side*: the unit head, reform officers, monitors and administrators of the
  issuing unit (or above it, for the roles that see a subtree) record directives, assign
  tasks, decide extension requests, plan inspections, record findings and evaluate
  initiatives.
- The *lead unit*: its head and reform officer report progress, ask for an extension and
  declare the task done; staff of the co-operating units report their part.
"""

from __future__ import annotations

from typing import Any

from motcua.org.choices import Role
from motcua.org.models import memberships_of

ISSUER_ROLES = (Role.UNIT_HEAD, Role.REFORM_OFFICER, Role.MONITOR, Role.ADMIN)
LEAD_ROLES = (Role.UNIT_HEAD, Role.REFORM_OFFICER)


def _is(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_issue(user: Any, unit: Any) -> bool:
    if not _is(user):
        return False
    return user.is_superuser or any(user.has_role(role, unit) for role in ISSUER_ROLES)


def can_issue_anywhere(user: Any) -> bool:
    if not _is(user):
        return False
    return user.is_superuser or bool(user.roles() & set(ISSUER_ROLES))


def leads(user: Any, unit: Any) -> bool:
    """Head or reform officer of ``unit`` itself."""
    if not _is(user):
        return False
    return any(m.unit_id == unit.pk and m.role in LEAD_ROLES for m in memberships_of(user))


def can_lead(user: Any, task: Any) -> bool:
    return leads(user, task.lead_unit) or can_issue(user, task.directive.issuer)


def can_report(user: Any, task: Any) -> bool:
    if can_lead(user, task):
        return True
    if not _is(user):
        return False
    unit_ids = {task.lead_unit_id, *task.co_units.values_list("pk", flat=True)}
    return any(m.unit_id in unit_ids for m in memberships_of(user))


def can_follow_up(user: Any, finding: Any) -> bool:
    inspection = finding.inspection
    return leads(user, inspection.unit) or can_issue(user, inspection.plan.issuer)


def can_evaluate_initiative(user: Any, initiative: Any) -> bool:
    """The office above the unit evaluates; the unit never recognises its own."""
    if not _is(user):
        return False
    if user.is_superuser:
        return True
    parent = initiative.unit.parent
    return parent is not None and can_issue(user, parent)
