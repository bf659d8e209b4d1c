"""Directives and their tasks; reform inspections and initiatives (one module each)."""

from motcua.directives.models.checks import (
    Finding,
    FindingFollowUp,
    Initiative,
    InitiativeQuota,
    Inspection,
    InspectionPlan,
)
from motcua.directives.models.tasks import (
    Directive,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskReminder,
)

__all__ = [
    "Directive",
    "ExtensionRequest",
    "Finding",
    "FindingFollowUp",
    "Initiative",
    "InitiativeQuota",
    "Inspection",
    "InspectionPlan",
    "ProgressReport",
    "Task",
    "TaskReminder",
]
