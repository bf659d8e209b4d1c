"""What the login page (and any other) needs to offer the identity-provider sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def oidc(request: HttpRequest) -> dict[str, Any]:
    return {
        "OIDC_ENABLED": bool(settings.OIDC_ISSUER),
        "OIDC_PROVIDER_NAME": settings.OIDC_PROVIDER_NAME,
    }
