"""Structured logs: with ``LOG_FORMAT=json`` every record is one JSON object per line on
standard output (journald or any log shipper reads them), carrying the id of the request
it was written in. The request line itself comes from
:class:`motcua.core.middleware.RequestLogMiddleware`.

No personal data goes into these fields: the request line has the path without its query
string and the user's numeric id, never a name, a username or an ID number.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# The id of the request being served in this thread / task ("" outside a request).
request_id: ContextVar[str] = ContextVar("motcua_request_id", default="")

# Attributes every LogRecord has; anything else was passed through ``extra=``.
_STANDARD = frozenset(
    vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None)).keys()
    | {"message", "asctime", "taskName"}
)


# Django's ``request`` (and runserver's ``server_time``) extras: the request's repr holds
# its query string, which may carry names or ID numbers; the request id links the record
# to the request line instead.
_LEFT_OUT = frozenset({"request", "server_time"})


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (``record.request_id``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # Django logs a 4xx/5xx response (django.request) with the request attached,
            # once the middleware has returned: the id is then read from the request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ``time`` (UTC, ISO 8601), ``level``, ``logger``,
    ``message``, ``request_id`` when there is one, the ``extra=`` fields, ``exception``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry and key not in _LEFT_OUT:
                entry[key] = value
        if not entry.get("request_id"):
            entry.pop("request_id", None)  # written outside a request
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """The ``LOGGING`` setting: ``json`` lines or plain ``text`` on the console."""
    if log_format not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT must be json or text, got {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "motcua.core.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "motcua.core.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                # JSON lines on standard output (the service's journal); plain text on
                # standard error, as before, so a command's own output stays clean.
                "stream": "ext://sys.stdout" if log_format == "json" else "ext://sys.stderr",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
