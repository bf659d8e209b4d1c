"""A fixed-window rate limit on the cache, for the public doors that must not be
hammered: the dossier lookup, anonymous feedback, verification uploads.

The cache must be shared by every web worker to mean anything in production: set
``CACHE_URL`` to Redis (``settings.CACHES``); the default in-process cache is enough for
one process (``make run``) and the tests."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import caches


def client_address(request: Any) -> str:
    """The client's address: ``REMOTE_ADDR``, or the first hop of ``X-Forwarded-For``
    when the site sits behind a proxy that sets it (``TRUST_X_FORWARDED_FOR``)."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[0].strip()[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def too_many(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one hit of ``key`` (an address, an account) in ``scope`` and say whether it is
    over ``limit`` hits in the current window of ``window_seconds``."""
    cache = caches[settings.RATELIMIT_CACHE]
    window = int(time.time() // window_seconds)
    name = f"ratelimit:{scope}:{key}:{window}"
    # add() starts the window's counter atomically; incr() is atomic on Redis and locmem.
    if cache.add(name, 1, timeout=window_seconds + 1):
        return limit < 1
    try:
        return cache.incr(name) > limit
    except ValueError:  # expired between add() and incr(): a new window has begun
        cache.add(name, 1, timeout=window_seconds + 1)
        return limit < 1
