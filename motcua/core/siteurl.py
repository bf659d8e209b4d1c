"""The address the site is reached on, for links that leave it (QR codes, e-mails, the
payment gateway's return): ``PUBLIC_BASE_URL`` when set, otherwise the scheme, host and
port of the request being answered — so a site served on another port prints that port."""

from __future__ import annotations

from typing import Any

from django.conf import settings

# Outside any request (a background job, a command) with nothing configured: the address
# `make run` serves on.
FALLBACK = "http://127.0.0.1:8000"


def public_base_url(request: Any = None) -> str:
    configured = str(settings.PUBLIC_BASE_URL or "").rstrip("/")
    if configured:
        return configured
    if request is not None:
        return str(request.build_absolute_uri("/")).rstrip("/")
    return FALLBACK
