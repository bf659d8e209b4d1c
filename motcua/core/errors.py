"""The site's error pages: 403, 404 and 500 in Vietnamese, in the layout
(``templates/403.html``, ``404.html``, ``500.html``); under ``/api/`` the same errors in the
API's ``{"code", "message", "details"}`` shape, never an HTML page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "details": []}, status=status)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if _is_api(request):
        return _json("forbidden", _("Bạn không có quyền thực hiện thao tác này."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if _is_api(request):
        return _json("not_found", _("Không tìm thấy địa chỉ hoặc đối tượng yêu cầu."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json("server_error", _("Hệ thống đang gặp lỗi, vui lòng thử lại sau."), 500)
    # Django's own: 500.html rendered without a request context (nothing that may fail).
    return defaults.server_error(request)
