"""API tokens on the download pages: an integration that holds a token (``Authorization:
Bearer …``, ``motcua create_token``) fetches forms, the control sheet, the register and
a dossier's files like a signed-in officer, instead of being redirected to the login
page. The permission scope is the token owner's, exactly as for the API."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from motcua.org.tokens import user_for_token

View = Callable[..., HttpResponse]


def bearer_token(view: View) -> View:
    """Authenticate the request from its bearer token when it carries one (401 for a bad
    one); without the header the view's own login check applies."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _space, token = header.partition(" ")
        if scheme.lower() == "bearer":
            user = user_for_token(token.strip()) if token.strip() else None
            if user is None:
                return JsonResponse(
                    {
                        "code": "unauthenticated",
                        "message": _("Mã truy cập (token) không hợp lệ hoặc đã bị thu hồi."),
                        "details": [],
                    },
                    status=401,
                )
            request.user = user
        return view(request, *args, **kwargs)

    return wrapper
