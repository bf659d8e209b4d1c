"""Background refresh of the aggregates (``INDICATORS_REFRESH=worker``)."""

from __future__ import annotations

from django_tasks import task

from motcua.indicators.maintain import DRAIN_LIMIT, drain_stale


@task()
def refresh_stale_task() -> int:
    """Refresh the dossiers marked stale (``maintain.drain_stale``), batch after batch
    until a batch comes back short: what was marked meanwhile waits for the next wake-up,
    so that one task never runs for ever under a steady stream of intakes."""
    total = 0
    while True:
        refreshed = drain_stale()
        total += refreshed
        if refreshed < DRAIN_LIMIT:
            return total
