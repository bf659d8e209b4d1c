"""Background task: the reminder sweep, enqueued by ``motcua run_scheduler``."""

from __future__ import annotations

from django_tasks import task

from motcua.directives.reminders import remind_tasks


@task()
def remind_tasks_task() -> str:
    sent = remind_tasks()
    return f"due_soon={sent['due_soon']} overdue={sent['overdue']}"
