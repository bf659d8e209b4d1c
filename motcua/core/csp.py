"""Content-Security-Policy on every response.

Scripts come only from this site: the vendored Tabler, htmx, Chart.js and Swagger UI and
the project's own files under ``static/``; an inline ``<script>`` runs only if it carries
the request's nonce (``{{ csp_nonce }}``, from ``motcua.core.context_processors.site``).
No template uses inline event handlers (``onclick``): ``static/motcua/site.js`` wires the
print and confirm buttons. Inline styles stay allowed (``style="..."`` attributes in the
printed forms and Tabler's own), since they cannot run code. No ``eval`` (htmx triggers
use no JavaScript filter), no plugins, no framing by another site.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def policy(nonce: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        )
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if settings.CSP_REPORT_ONLY
            else "Content-Security-Policy"
        )
        if header not in response:
            response[header] = policy(nonce)
        return response
