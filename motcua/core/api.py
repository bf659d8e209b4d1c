"""The REST API under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json.

Errors are always ``{"code": "...", "message": "<Vietnamese>", "details": [...]}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth


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


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` (tokens from ``motcua create_token``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from motcua.org.tokens import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Staff endpoints accept a token or the browser session.
staff_auth = [TokenAuth(), django_auth]

api = NinjaAPI(
    title="motcua API",
    version="1",
    description="API của hệ thống thông tin giải quyết thủ tục hành chính motcua.",
    urls_namespace="api-v1",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, details: list[Any] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "details": details or []}, status=status
    )


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "error": e.get("msg", "")}
        for e in exc.errors
    ]
    return _error(request, 400, "invalid_input", _("Dữ liệu gửi lên không hợp lệ."), details)


@api.exception_handler(ValidationError)
def _domain_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    code = getattr(exc, "code", None) or "invalid"
    return _error(request, 400, code, " ".join(exc.messages))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Không tìm thấy."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(
        request, 403, "forbidden", str(exc) or _("Bạn không có quyền thực hiện thao tác này.")
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", _("Cần đăng nhập."))


def register_routers() -> None:
    from motcua.dossiers.api import router as dossiers_router
    from motcua.org.api import router as org_router
    from motcua.procedures.api import router as procedures_router
    from motcua.workcalendar.api import router as calendar_router

    api.add_router("/calendar", calendar_router)
    api.add_router("/procedures", procedures_router)
    api.add_router("/units", org_router)
    api.add_router("/dossiers", dossiers_router)


register_routers()
