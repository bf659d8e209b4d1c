"""Background tasks (Django's tasks API; database worker by default: `motcua db_worker`)."""

from __future__ import annotations

from django_tasks import task

from motcua.dossiers.signals import sweep_finished
from motcua.dossiers.sweeps import sweep_deadlines


@task()
def sweep_deadlines_task() -> str:
    result = str(sweep_deadlines())
    sweep_finished.send(sender=sweep_deadlines_task)
    return result


@task()
def export_register_task(export_id: int) -> int:
    """Xuất toàn bộ sổ theo dõi hồ sơ (motcua.dossiers.exports)."""
    from motcua.dossiers.exports import run_register_export

    return run_register_export(export_id)
