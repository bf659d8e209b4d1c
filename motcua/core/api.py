"""The ground pieces of the REST API: the error shape and the exception endpoints raise.

Errors are always ``{"code": "...", "message": "<Vietnamese>", "details": [...]}``. The
composed API (the ``NinjaAPI`` object, its error handlers, every app's router) is at the
project level, in ``motcua/api.py``; token authentication is in ``motcua/org/tokens.py``.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    details: list[Any] = []


class ApiError(Exception):
    """Raised by endpoints for an expected failure with a machine code."""

    def __init__(
        self, code: str, message: str, status: int = 400, details: list[Any] | None = None
    ) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status
        self.details = details or []
