from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    # csp_nonce: the nonce an inline <script> needs (motcua.core.csp).
    return {"SITE_NAME": settings.SITE_NAME, "csp_nonce": getattr(request, "csp_nonce", "")}
