"""Reads of the dashboards and exports on a read replica (docs/deploy.md, "Read replica").

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database alias and name
it in ``READ_REPLICA_ALIAS``. Only the code run inside :func:`replica_reads` (the views of
the dashboards and exports wear :func:`reads_from_replica`) reads there; every other read,
and every write, goes to ``default``, so the rest of the application never meets the
replica's lag (a clerk always sees the dossier he has just saved).

Inside the context the router still sends to ``default``:
- the models of :data:`PRIMARY_ONLY` (sessions, the task queue): their state is read where
  it is written;
- every read made while a transaction is open on ``default``: that transaction's own
  writes are not on the replica yet.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.template.response import SimpleTemplateResponse

_reading: ContextVar[bool] = ContextVar("motcua_replica_reads", default=False)

# Apps whose rows are always read from the primary.
PRIMARY_ONLY = frozenset({"sessions", "django_tasks_database", "django_rq"})


def replica_alias() -> str | None:
    """The alias reads are routed to inside :func:`replica_reads`; None without replica."""
    alias = getattr(settings, "READ_REPLICA_ALIAS", "") or ""
    return alias if alias and alias in settings.DATABASES else None


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads of the block go to the replica (when one is configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    """A read-only view (dashboard, export) that reads from the replica. The signed-in user
    is loaded from ``default`` first (sessions and permissions stay on the primary), and a
    lazy template response is rendered inside the context."""

    @functools.wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        user = getattr(request, "user", None)
        if user is not None:
            user.is_authenticated  # noqa: B018  (evaluates the lazy user on default)
        with replica_reads():
            response = view(request, *args, **kwargs)
            if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
                response.render()
        return response

    return wrapped


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: reads inside :func:`replica_reads` to the replica,
    everything else to ``default``; migrations never run on the replica."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        alias = replica_alias()
        if (
            alias is None
            or not _reading.get()
            or model._meta.app_label in PRIMARY_ONLY
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model: Any, **hints: Any) -> str:
        # Always the primary, also for an instance that was read from the replica.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == DEFAULT_DB_ALIAS
