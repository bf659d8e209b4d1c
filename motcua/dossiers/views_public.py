"""Tra cứu hồ sơ: the public page the receipt's QR code opens. No login.

The lookup needs the dossier code *and* its mã tra cứu, the short secret printed on the
receipt and carried in the QR code (``/lookup/{code}/?key=…``): codes are sequential and
would otherwise be enumerable. An unknown code and a wrong secret get the same answer, and
each address may try ``LOOKUP_RATE_LIMIT`` times a minute.

Anyone holding both may see where the dossier stands — the procedure, the
receiving unit, dates, the state and the sequence of steps — but nothing about the person
who filed it: no name, identity number, phone, address, notes or reasons. The view builds
a plain dict of the allowed facts, so the template never holds the dossier itself.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from motcua.core.ratelimit import client_address, too_many
from motcua.dossiers.choices import Action, DossierState
from motcua.dossiers.documents.context import as_local, hour_date
from motcua.dossiers.lookupkey import lookup_key_matches, normalise_lookup_key
from motcua.dossiers.models import Dossier

CODE_PATTERN = re.compile(r"^[0-9A-Za-z.\-]{3,40}$")
# Actions that are not in the workflow table but appear in the history.
EXTRA_LABELS = {"submit": gettext_lazy("Nộp hồ sơ trực tuyến")}


def _short(value: Any) -> str:
    local = as_local(value)
    return f"{local:%d/%m/%Y %H:%M}" if local else ""


def public_status(dossier: Dossier) -> dict[str, Any]:
    """The facts of ``dossier`` that may be shown to anyone who has its code."""
    now = timezone.now()
    late = dossier.is_late or dossier.is_overdue(now)
    timeline = [
        {
            "at": _short(at),
            "label": str(EXTRA_LABELS.get(action) or Action.label(action)),
        }
        for at, action in dossier.events.order_by("at", "id").values_list("at", "action")
    ]
    return {
        "code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "receiving_unit": dossier.receiving_unit.name,
        "submitted_at": _short(dossier.submitted_at),
        "received_at": _short(dossier.received_at),
        "due_at": hour_date(dossier.due_at),
        "completed_at": _short(dossier.completed_at),
        "delivered_at": _short(dossier.delivered_at),
        "state": dossier.state,
        "state_label": DossierState.label(dossier.state),
        "state_color": DossierState.color(dossier.state),
        "national_state": dossier.national_state,
        "is_late": late,
        "is_open": dossier.is_open,
        "paused": dossier.paused_since is not None,
        "timeline": timeline,
    }


def _throttled(request: HttpRequest) -> bool:
    return too_many(
        "lookup", client_address(request), limit=settings.LOOKUP_RATE_LIMIT, window_seconds=60
    )


def _too_many_page(request: HttpRequest) -> HttpResponse:
    response = render(request, "dossiers/lookup/too_many.html", status=429)
    response["Retry-After"] = "60"
    return response


@never_cache
def lookup_index(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper()
    key = normalise_lookup_key(request.GET.get("key", ""))
    error = ""
    if "code" in request.GET:
        if CODE_PATTERN.match(code) and key:
            target = reverse("lookup:detail", kwargs={"code": code})
            return redirect(f"{target}?{urlencode({'key': key})}")
        error = (
            _("Cần nhập mã tra cứu in trên giấy tiếp nhận (6 ký tự, cạnh mã QR).")
            if CODE_PATTERN.match(code)
            else _("Mã hồ sơ không hợp lệ. Mã có dạng 000.00.06.H56-231027-0361.")
        )
    return render(
        request,
        "dossiers/lookup/index.html",
        {"code": code, "key": key, "error": error},
        status=400 if error else 200,
    )


@never_cache
def lookup_detail(request: HttpRequest, code: str) -> HttpResponse:
    if _throttled(request):
        return _too_many_page(request)
    key = request.GET.get("key", "")
    # Public by design: looked up by its exact code and secret through the "public"
    # scope; only public_status() leaves this view, never personal data.
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_unit")
        .restrict(request.user, "public")
        .filter(code=code)
        .first()
    )
    if dossier is not None and not lookup_key_matches(dossier.lookup_key, key):
        dossier = None  # a wrong secret answers exactly as an unknown code
    if dossier is None:
        response = render(request, "dossiers/lookup/not_found.html", {"code": code}, status=404)
    else:
        response = render(
            request, "dossiers/lookup/detail.html", {"status": public_status(dossier)}
        )
    # A dossier's page is for whoever holds its code, not for search engines.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
