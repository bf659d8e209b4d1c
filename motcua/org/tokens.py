"""API tokens: ``Authorization: Bearer <token>`` for staff integrations and scripts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from motcua.org.models import ApiToken, User, pin_memberships


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def do_create_token(user: User, name: str) -> tuple[ApiToken, str]:
    raw = "mc_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name or "api", digest=_digest(raw), prefix=raw[3:11]
    )
    return token, raw


def user_for_token(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    # "Last used" is for the administrator deciding which tokens to revoke: minutes are
    # precise enough, and a write on every request would put one row lock in every call
    # of a busy integration. Written at most once per API_TOKEN_TOUCH_MINUTES.
    now = timezone.now()
    every = timedelta(minutes=settings.API_TOKEN_TOUCH_MINUTES)
    if token.last_used_at is None or now - token.last_used_at >= every:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _require_staff(user: Any) -> Any:
    """The staff endpoints are for officers: a signed-in citizen (or a token of an account
    without any role) is refused with 403, whatever the endpoint — a citizen's session
    must never reach a staff action such as recording a payment."""
    if not getattr(user, "is_staff_member", False):
        raise PermissionDenied(_("Chức năng này dành cho cán bộ, công chức."))
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` (tokens from ``motcua create_token``), for staff."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        pin_memberships(user)
        return _require_staff(user)


class StaffSessionAuth(SessionAuth):
    """The browser session (with Django's CSRF check), for staff only."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        pin_memberships(user)
        return _require_staff(user)


# Staff endpoints accept a token or the browser session, of a staff member only: an
# authenticated account without a staff role gets 403 (not 401) on every one of them.
staff_auth = [TokenAuth(), StaffSessionAuth()]
