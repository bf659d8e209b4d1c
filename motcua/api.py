"""The REST API under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json.

The composition of the apps' routers (project level: no app imports this module). Each
app's ``api.py`` defines its ``router`` and, when it has domain exceptions of its own,
``ERRORS``: a mapping from the exception type to a function turning it into an
``ApiError``. Errors are always ``{"code": "...", "message": "<Vietnamese>", "details":
[...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.core.api import ApiError
from motcua.core.apierrors import error_body
from motcua.digitisation import api as digitisation_api
from motcua.directives import api as directives_api
from motcua.dossiers import api as dossiers_api
from motcua.feedback import api as feedback_api
from motcua.indicators import api as indicators_api
from motcua.org import api as org_api
from motcua.parindex import api as parindex_api
from motcua.payments import api as payments_api
from motcua.procedures import api as procedures_api
from motcua.workcalendar import api as calendar_api


class VendoredSwagger(Swagger):
    """The API docs page (/api/v1/docs) with the Swagger UI vendored under
    static/vendor/swagger-ui/, never one from a CDN (ninja's fallback when "ninja" is not
    an installed app)."""

    template = "api/swagger.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings),
            "api": api,
            "add_csrf": True,
        }
        return render(request, self.template, context)


api = NinjaAPI(
    docs=VendoredSwagger(),
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


def _vietnamese(error: Mapping[str, Any]) -> str:
    """The validation error in Vietnamese for the common kinds; pydantic's text otherwise."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", ""))
    messages = {
        "missing": _("Thiếu trường bắt buộc."),
        "string_too_long": _("Tối đa %(max_length)s ký tự."),
        "string_too_short": _("Tối thiểu %(min_length)s ký tự."),
        "too_long": _("Tối đa %(max_length)s phần tử."),
        "greater_than_equal": _("Phải lớn hơn hoặc bằng %(ge)s."),
        "less_than_equal": _("Phải nhỏ hơn hoặc bằng %(le)s."),
        "int_parsing": _("Phải là số nguyên."),
        "int_type": _("Phải là số nguyên."),
        "string_type": _("Phải là chuỗi ký tự."),
        "bool_parsing": _("Phải là true hoặc false."),
        "date_from_datetime_parsing": _("Ngày không hợp lệ (YYYY-MM-DD)."),
        "date_parsing": _("Ngày không hợp lệ (YYYY-MM-DD)."),
        "datetime_parsing": _("Thời điểm không hợp lệ (ISO 8601)."),
        "json_invalid": _("Nội dung không phải JSON hợp lệ."),
    }
    if kind in messages:
        try:
            return messages[kind] % {k: v for k, v in ctx.items()}
        except (KeyError, TypeError, ValueError):
            return str(error.get("msg", ""))
    return str(error.get("msg", ""))


@api.exception_handler(NinjaValidationError)
def _invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "error": _vietnamese(e)}
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


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's own refusals; the session's CSRF check is the one with a message of its own.
    if exc.status_code == 403 and "CSRF" in str(exc):
        return _error(
            request,
            403,
            "csrf_failed",
            _("Thiếu hoặc sai mã chống giả mạo (CSRF): tải lại trang rồi thử lại."),
        )
    body = error_body(exc.status_code)
    return _error(request, exc.status_code, str(body["code"]), str(body["message"]))


@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(
        request,
        413,
        "too_large",
        _("Dữ liệu gửi lên quá lớn (tối đa %(size)s byte).")
        % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    )


@api.exception_handler(OverflowError)
def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # The last net under the schemas' bounds: a number the database cannot hold.
    return _error(request, 400, "out_of_range", _("Giá trị số vượt quá giới hạn cho phép."))


def map_errors(errors: Mapping[type[Exception], Callable[[Any], ApiError]]) -> None:
    """Answer an app's domain exceptions with the ``ApiError`` its mapping makes of them."""
    for exc_type, to_error in errors.items():

        def handler(
            request: HttpRequest, exc: Exception, to_error: Callable[[Any], ApiError] = to_error
        ) -> HttpResponse:
            return _api_error(request, to_error(exc))

        api.add_exception_handler(exc_type, handler)


# One line per app.
api.add_router("/calendar", calendar_api.router)
api.add_router("/procedures", procedures_api.router)
api.add_router("/units", org_api.router)
api.add_router("/dossiers", dossiers_api.router)
# The desk payment is the dossiers' "record-payment" transition, owned by payments.
api.add_router("/dossiers", payments_api.router)
map_errors(dossiers_api.ERRORS)
api.add_router("/dossiers", digitisation_api.results_router)
api.add_router("/verify", digitisation_api.verify_router)
api.add_router("/feedback", feedback_api.router)
map_errors(feedback_api.ERRORS)
api.add_router("/indicators", indicators_api.router)
api.add_router("/tasks", directives_api.router)
api.add_router("/par", parindex_api.router)
