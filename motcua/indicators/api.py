"""The indicators over /api/v1/indicators — a stable interface that tools and other systems
read (docs/indicators.md): counts, the 766 index, and the dossiers behind a figure.

Rates are percentages (0–100) or ``null`` for a zero denominator; points are unrounded.
Monitors, reform officers, administrators and unit heads read their subtree; other staff
their own unit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from motcua.core.api import ApiError
from motcua.core.inputs import OFFSET_MAX, Code
from motcua.core.replica import replica_reads
from motcua.indicators import drilldown, index766, selectors
from motcua.org.models import Unit
from motcua.org.tokens import staff_auth

router = Router(tags=["indicators"], auth=staff_auth)
PAGE_SIZE = 50


class PeriodIn(Schema):
    unit: Code = ""
    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")


class DrilldownIn(PeriodIn):
    indicator: Code = "766.2.1"
    outcome: Code = ""
    page: Annotated[int, Field(ge=1, le=OFFSET_MAX)] = 1


def resolve(request: HttpRequest, params: PeriodIn) -> tuple[Unit, date, date]:
    """The unit and period asked for, checked: 400 for missing or inverted dates, 404 for an
    unknown unit, 403 for one outside the caller's scope."""
    problems = []
    if not params.unit:
        problems.append({"field": "unit", "error": _("bắt buộc")})
    if params.start is None:
        problems.append({"field": "from", "error": _("bắt buộc (YYYY-MM-DD)")})
    if params.end is None:
        problems.append({"field": "to", "error": _("bắt buộc (YYYY-MM-DD)")})
    if problems:
        raise ApiError("invalid_input", _("Dữ liệu gửi lên không hợp lệ."), 400, problems)
    assert params.start is not None and params.end is not None
    if params.end < params.start:
        raise ApiError(
            "invalid_period",
            _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
            400,
            [{"field": "to", "error": _("trước ngày bắt đầu")}],
        )
    unit = Unit.objects.filter(code=params.unit).first()
    if unit is None:
        raise ApiError("not_found", _("Không có đơn vị có mã %s.") % params.unit, 404)
    if not selectors.can_view(request.user, unit):
        raise ApiError("forbidden", _("Bạn không được xem chỉ số của đơn vị này."), 403)
    return unit, params.start, params.end


@router.get("", summary="Số liệu giải quyết hồ sơ và các chỉ số của một đơn vị trong kỳ")
def indicators(request: HttpRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    with replica_reads():
        return _indicators(request, params)


def _indicators(request: HttpRequest, params: PeriodIn) -> dict[str, Any]:
    unit, start, end = resolve(request, params)
    ids = selectors.unit_ids(unit)
    s = selectors.sums(ids, start, end)
    out = selectors.counts_from(unit, start, end, s)
    figs = selectors.figures_from(unit, ids, start, end, s)
    out["figures"] = {
        key: {
            "numerator": f.numerator,
            "denominator": f.denominator,
            "rate": f.rate,
            "drilldown": f.drilldown,
        }
        for key, f in figs.items()
        if not key.startswith("766.")
    }
    return out


def index_payload(unit: Unit, start: date, end: date, figs: dict[str, Any]) -> dict[str, Any]:
    result = index766.score(figs)
    return {
        "unit": unit.code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "total_points": result.total_points,
        "max_points": result.max_points,
        "groups": [
            {
                "id": g.id,
                "name": g.name,
                "points": g.points,
                "max_points": g.max_points,
                "indicators": [
                    {
                        "id": s.definition.id,
                        "name": s.definition.name,
                        "numerator": s.numerator,
                        "denominator": s.denominator,
                        "rate": s.rate,
                        "points": s.points,
                        "max_points": s.definition.max_points,
                        "threshold": s.definition.threshold,
                        "drilldown": figs[f"766.{s.definition.id}"].drilldown
                        if f"766.{s.definition.id}" in figs
                        else "",
                    }
                    for s in g.indicators
                ],
            }
            for g in result.groups
        ],
    }


@router.get("/766", summary="Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)")
def index_766(request: HttpRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    with replica_reads():
        unit, start, end = resolve(request, params)
        return index_payload(unit, start, end, selectors.figures(unit, start, end))


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@router.get("/dossiers", summary="Danh sách hồ sơ đằng sau một số liệu (xem chi tiết)")
def dossiers(request: HttpRequest, params: Query[DrilldownIn]) -> dict[str, Any]:
    with replica_reads():
        return _dossiers(request, params)


def _dossiers(request: HttpRequest, params: DrilldownIn) -> dict[str, Any]:
    unit, start, end = resolve(request, params)
    if not drilldown.known(params.indicator):
        raise ApiError(
            "invalid_input",
            _("Chỉ số không có danh sách hồ sơ: %s") % params.indicator,
            400,
            [{"field": "indicator", "error": _("không hỗ trợ")}],
        )
    if params.outcome not in drilldown.OUTCOMES:
        raise ApiError(
            "invalid_input",
            _("Giá trị outcome không hợp lệ."),
            400,
            [{"field": "outcome", "error": ", ".join(o for o in drilldown.OUTCOMES if o)}],
        )
    qs = drilldown.dossiers_for(
        selectors.unit_ids(unit), params.indicator, params.outcome, start, end
    )
    total = qs.count()
    page = max(params.page, 1)
    items = qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = []
    for d in items:
        row = drilldown.row(d)
        for key in ("received_at", "due_at", "completed_at"):
            row[key] = _iso(row[key])
        rows.append(row)
    return {
        "unit": unit.code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "indicator": params.indicator,
        "outcome": params.outcome,
        "count": total,
        "page": page,
        "page_size": PAGE_SIZE,
        "items": rows,
    }
