"""Background tasks (Django's tasks API; database worker by default: `motcua db_worker`)."""

from __future__ import annotations

from django_tasks import task

from motcua.dossiers.sweeps import sweep_deadlines


@task()
def sweep_deadlines_task() -> str:
    return str(sweep_deadlines())
