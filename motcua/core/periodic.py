"""Periodic background jobs: a registry that higher apps add their tasks to (in their
``AppConfig.ready()``), so that the one scheduler (``motcua run_scheduler``) enqueues
them all without knowing the apps above it."""

from __future__ import annotations

from typing import Any

_jobs: list[Any] = []


def register(task: Any) -> None:
    """Add a Django task (``@task()``) to what the scheduler enqueues each round."""
    if task not in _jobs:
        _jobs.append(task)


def registered() -> list[Any]:
    return list(_jobs)
