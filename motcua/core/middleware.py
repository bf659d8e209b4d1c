"""The request line of the structured logs: one record per request on the
``motcua.request`` logger with its id, method, path, status, duration and user id.

The request id is taken from the ``X-Request-ID`` header when the reverse proxy sets one
(nginx: ``proxy_set_header X-Request-ID $request_id``), else made here; it is returned in
the response's ``X-Request-ID`` header and put on every log record written while the
request is served (motcua.core.logs.RequestIdFilter).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject

from motcua.core.logs import request_id

logger = logging.getLogger("motcua.request")

# An id from outside is kept only if it is short and plain (no log injection).
_GOOD_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _user_id(request: HttpRequest) -> int | None:
    """The numeric id of the signed-in user, only if the request already loaded him (an API
    token, or a view that looked at the session): logging never costs a session read."""
    user = request.__dict__.get("user")
    if user is None or isinstance(user, LazyObject):
        user = request.__dict__.get("_cached_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _GOOD_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = rid
            return response
        finally:
            fields: dict[str, Any] = {
                "request_id": rid,
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": _user_id(request),
            }
            logger.info("%s %s %s", request.method, request.path, status, extra=fields)
            request_id.reset(token)
