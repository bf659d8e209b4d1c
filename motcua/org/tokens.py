"""API tokens: ``Authorization: Bearer <token>`` for staff integrations and scripts."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from motcua.org.models import ApiToken, User


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
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` (tokens from ``motcua create_token``)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# Staff endpoints accept a token or the browser session.
staff_auth = [TokenAuth(), django_auth]
