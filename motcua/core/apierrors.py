"""Under /api/ every error is JSON in the documented shape ``{"code", "message",
"details"}`` (``motcua/core/api.py``), whatever produced it: Django's URL resolver (an
unknown path), a refused method, the CSRF check, an oversize or unreadable body, or an
unexpected exception turned into a 500 by Django. The API's own handlers
(``motcua/api.py``) already answer in that shape; this middleware catches the rest, which
would otherwise be Django's HTML pages."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"

# status → (code, message): the machine code is stable, the message Vietnamese.
_BY_STATUS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthenticated", "Cần đăng nhập."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không tìm thấy."),
    405: ("method_not_allowed", "Phương thức HTTP này không được hỗ trợ tại địa chỉ này."),
    413: ("too_large", "Dữ liệu gửi lên quá lớn."),
    429: ("too_many_requests", "Quá nhiều yêu cầu, vui lòng thử lại sau."),
    500: ("server_error", "Lỗi hệ thống, vui lòng thử lại sau."),
}


def error_body(status: int) -> dict[str, object]:
    code, message = _BY_STATUS.get(status, _BY_STATUS[500 if status >= 500 else 400])
    return {"code": code, "message": _(message), "details": []}


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or (_is_json(response) and _shaped(response))
        ):
            return response
        shaped = JsonResponse(error_body(response.status_code), status=response.status_code)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                shaped[header] = response[header]
        return shaped


def _shaped(response: HttpResponse) -> bool:
    if getattr(response, "streaming", False):
        return True
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and {"code", "message"} <= set(body)
