"""Background task: the feedback deadline sweep, enqueued by ``motcua run_scheduler``."""

from __future__ import annotations

from django_tasks import task

from motcua.feedback.sweeps import sweep_feedback


@task()
def sweep_feedback_task() -> str:
    sent = sweep_feedback()
    return f"due_soon={sent['due_soon']} overdue={sent['overdue']}"
