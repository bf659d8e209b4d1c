"""The aggregates follow the dossiers: every dossier change is marked stale in its own
transaction and refreshed right after the commit (``maintain.refresh``) — or, with
``INDICATORS_REFRESH = "worker"``, by the background worker: the request only writes the
mark and, at most once per ``INDICATORS_REFRESH_SECONDS`` in each process, queues
``indicators.tasks.refresh_stale_task`` to run that many seconds later; the task refreshes
every dossier marked by then, whichever process marked it.

Listened to: ``post_save`` of ``Dossier`` (creation and ``save()``), of ``DossierEvent``
(every transition appends one), of ``SupplementRequest``; ``dossier_changed`` (writers that
update in bulk, e.g. the payment callback); ``units_merged`` (open dossiers move to the
successor); and ``sweep_finished`` (the periodic sweep on the worker drains stale rows)."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierEvent, SupplementRequest
from motcua.dossiers.signals import dossier_changed, sweep_finished
from motcua.org.actions import units_merged

logger = logging.getLogger(__name__)


def mark_stale(dossier_id: int) -> None:
    from motcua.indicators.models import StaleDossier

    if _already_marked(dossier_id):
        # This transaction marked it already (a dossier created, then its history row):
        # one write is enough, and the refresh after commit covers both changes.
        return
    # One upsert (no read first, no savepoint): it runs in every intake.
    StaleDossier.objects.bulk_create(
        [StaleDossier(dossier_id=dossier_id, marked_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["dossier_id"],
        update_fields=["marked_at"],
    )
    _schedule([dossier_id])


def _already_marked(dossier_id: int) -> bool:
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        return False
    pending = getattr(conn, "_indicators_pending", None)
    waiting = any(func is _flush for _sids, func, _robust in conn.run_on_commit)
    return bool(waiting and pending and dossier_id in pending)


def mark_many_stale(ids: list[int]) -> None:
    """The same for a batch (an import): one bulk insert, one refresh after commit."""
    from motcua.indicators.models import StaleDossier

    StaleDossier.objects.bulk_create(
        [StaleDossier(dossier_id=pk) for pk in ids], ignore_conflicts=True
    )
    _schedule(ids)


def _schedule(ids: list[int]) -> None:
    """Refresh once after the current transaction commits (one callback per transaction,
    however many changes it made); at once outside a transaction. On the worker instead
    when ``INDICATORS_REFRESH`` says so."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        _refresh_after_commit(ids)
        return
    pending = getattr(conn, "_indicators_pending", None)
    # A callback registered in a transaction that rolled back is gone with it: register
    # again when none is waiting (pending is reset by the callback itself).
    waiting = any(func is _flush for _sids, func, _robust in conn.run_on_commit)
    if pending is None or not waiting:
        pending = set()
        conn._indicators_pending = pending  # type: ignore[attr-defined]
        transaction.on_commit(_flush, robust=True)
    pending.update(ids)


# The earliest time this process queues the next refresh task (``_wake_worker``).
_next_wake = 0.0


def _wake_worker() -> None:
    """Have the worker refresh the stale dossiers soon (called after the commit, so that
    the task finds the marks): queue the task unless this process queued one less than
    ``INDICATORS_REFRESH_SECONDS`` ago — that task, running that much later, takes these
    marks too. A mark whose task was lost (a worker down, a queue refused) waits for the
    next wake-up or for the sweep's drain (``_on_sweep``): nothing is lost, only late."""
    global _next_wake
    now = time.monotonic()
    if now < _next_wake:
        return
    _next_wake = now + settings.INDICATORS_REFRESH_SECONDS
    from motcua.indicators.tasks import refresh_stale_task

    task = refresh_stale_task
    if task.get_backend().supports_defer:
        later = timezone.now() + timedelta(seconds=settings.INDICATORS_REFRESH_SECONDS)
        task = task.using(run_after=later)
    try:
        task.enqueue()
    except Exception:  # the marks stay; the next wake-up or the sweep's drain takes them
        logger.exception("indicators: could not queue the refresh task")


def _flush() -> None:
    conn = transaction.get_connection()
    ids = sorted(getattr(conn, "_indicators_pending", None) or ())
    conn._indicators_pending = None  # type: ignore[attr-defined]
    if ids:
        _refresh_after_commit(ids)


def flush_now() -> None:
    """Refresh now, inside the current transaction, what would be refreshed after it
    commits: for a long transaction that reads the aggregates its own changes move (the
    demo loader scores the PAR round from the history it has just imported). The refresh
    after the commit then finds nothing left to do. (With the worker refresh: every
    dossier marked stale, this transaction's marks included.)"""
    if settings.INDICATORS_REFRESH == "worker":
        from motcua.indicators.maintain import drain_stale

        drain_stale()
        return
    _flush()


def _refresh_after_commit(ids: list[int]) -> None:
    """The refresh of dossiers marked stale: here and now, or by the worker."""
    if settings.INDICATORS_REFRESH == "worker":
        _wake_worker()
        return
    _refresh_now(ids)


def _refresh_now(ids: list[int]) -> None:
    from motcua.indicators.maintain import refresh

    try:
        refresh(ids)
    except Exception:  # the row stays stale; the worker's drain retries it
        logger.exception("indicators: refresh of dossiers %s failed", ids)


def _on_dossier_saved(sender: Any, instance: Dossier, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark_stale(instance.pk)


def _on_child_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        mark_stale(instance.dossier_id)


def _on_dossier_changed(
    sender: Any, dossier_id: int | None = None, dossier_ids: Any = None, **kwargs: Any
) -> None:
    if dossier_id is not None:
        mark_stale(dossier_id)
    if dossier_ids:
        mark_many_stale(list(dossier_ids))


def _on_units_merged(sender: Any, successor: Any, predecessors: list[Any], **kwargs: Any) -> None:
    from motcua.indicators.models import DossierFact

    def later() -> None:
        ids = list(
            DossierFact.objects.filter(unit__in=predecessors).values_list("dossier_id", flat=True)
        )
        _refresh_now(ids)  # not marked stale: refreshed here whatever the setting

    transaction.on_commit(later, robust=True)


def _on_sweep(sender: Any, **kwargs: Any) -> None:
    """On the worker, every sweep: refresh the dossiers a failed refresh left stale."""
    from motcua.indicators.maintain import drain_stale

    drain_stale()


def connect() -> None:
    sweep_finished.connect(_on_sweep, dispatch_uid="indicators-sweep")
    post_save.connect(_on_dossier_saved, sender=Dossier, dispatch_uid="indicators-dossier")
    post_save.connect(_on_child_saved, sender=DossierEvent, dispatch_uid="indicators-event")
    post_save.connect(
        _on_child_saved, sender=SupplementRequest, dispatch_uid="indicators-supplement"
    )
    dossier_changed.connect(_on_dossier_changed, dispatch_uid="indicators-changed")
    units_merged.connect(_on_units_merged, dispatch_uid="indicators-merged")
