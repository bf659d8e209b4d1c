"""Per-request reads of the signed-in user's roles."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from motcua.org.models import pin_memberships


class PinMembershipsMiddleware:
    """Read a signed-in user's active memberships once per request (``pin_memberships``):
    the staff check, the menus, the unit and dossier scopes and the queues of one page then
    share that one query instead of running one each (a queue page ran six). The user
    object of ``request.user`` lives for this request only, so a change of roles is seen by
    the next one. After ``AuthenticationMiddleware``; API tokens pin theirs in
    ``tokens.TokenAuth``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # Static files never get here: WhiteNoise answers them further up.
        if user is not None and user.is_authenticated:
            pin_memberships(user)
        return self.get_response(request)
