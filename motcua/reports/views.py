"""The same report from the dashboard, for the user's own scope."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from motcua.core.replica import reads_from_replica
from motcua.indicators import selectors
from motcua.org.models import Unit
from motcua.reports.builder import build, collect

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@reads_from_replica
def download(request: HttpRequest) -> HttpResponse:
    unit = Unit.objects.filter(code=request.GET.get("unit", "")).first()
    try:
        start = date.fromisoformat(request.GET.get("from", ""))
        end = date.fromisoformat(request.GET.get("to", ""))
    except ValueError as exc:
        raise Http404 from exc
    if unit is None or end < start:
        raise Http404
    if not selectors.can_view(request.user, unit):
        raise PermissionDenied
    body = build(collect(unit, start, end, user=request.user))
    response = HttpResponse(body, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-cchc-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.docx"'
    )
    return response
