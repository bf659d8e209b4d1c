"""``GET /healthz``: is this web machine able to serve? For the load balancer and the
monitoring (docs/deploy.md, "Health check").

The answer is JSON::

    {"status": "ok", "checks": {
        "database": {"status": "ok", "ms": 0.4},
        "cache": {"status": "ok", "ms": 0.1, "backend": "RedisCache"},
        "tasks": {"status": "ok", "ms": 0.6, "backend": "django_tasks_rq.RQBackend",
                  "queued": 0}}}

with ``"replica"`` as well when a read replica is configured. HTTP 503 and
``"status": "down"`` when the database does not answer: the machine cannot serve. A failed
cache, task queue or replica gives ``"status": "degraded"`` with HTTP 200: those are shared
by every web machine, so taking this one out of the pool would not help. A failed check
names only the exception class, never its text (which may hold addresses or credentials).

No authentication, no session read or write, no cookie; never cached.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua.core.replica import replica_alias

RQ_BACKEND = "django_tasks_rq.RQBackend"
DB_BACKEND = "django_tasks_db.DatabaseBackend"
# Seconds to wait for Redis before the task-queue check fails.
REDIS_TIMEOUT = 2


def _timed(check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = {"status": "ok", **check()}
    except Exception as exc:  # noqa: BLE001 -- any failure is the check's answer
        result = {"status": "error", "error": type(exc).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database(alias: str) -> Callable[[], dict[str, Any]]:
    def check() -> dict[str, Any]:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {}

    return check


def _cache() -> dict[str, Any]:
    cache = caches["default"]
    key, value = "motcua:healthz", uuid.uuid4().hex
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return the value just set")
    return {"backend": type(cache).__name__}


def _tasks() -> dict[str, Any]:
    config = settings.TASKS["default"]
    backend = config["BACKEND"]
    queues = config.get("QUEUES") or ["default"]
    if backend == RQ_BACKEND:
        import redis
        from rq import Queue

        total = 0
        for name in queues:
            url = settings.RQ_QUEUES.get(name, {}).get("URL", settings.REDIS_URL)
            connection = redis.Redis.from_url(
                url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
            )
            total += Queue(name, connection=connection).count
        return {"backend": backend, "queued": total}
    if backend == DB_BACKEND:
        from django_tasks_db.models import DBTaskResult

        return {"backend": backend, "queued": DBTaskResult.objects.ready().count()}
    return {"backend": backend}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _timed(_database(DEFAULT_DB_ALIAS))}
    replica = replica_alias()
    if replica:
        checks["replica"] = _timed(_database(replica))
    checks["cache"] = _timed(_cache)
    checks["tasks"] = _timed(_tasks)
    if checks["database"]["status"] != "ok":
        status, code = "down", 503
    elif any(c["status"] != "ok" for c in checks.values()):
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
