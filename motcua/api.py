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

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from motcua.core.api import ApiError
from motcua.digitisation import api as digitisation_api
from motcua.directives import api as directives_api
from motcua.dossiers import api as dossiers_api
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
api.add_router("/indicators", indicators_api.router)
api.add_router("/tasks", directives_api.router)
api.add_router("/par", parindex_api.router)
