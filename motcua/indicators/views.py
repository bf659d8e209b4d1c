"""Dashboards: a unit subtree over a period — figures against their targets, trend by
month, the 766 groups, the ranking of units, per-procedure times — every figure linked to
the dossiers behind it; the chairman's one page; XLSX exports of every table."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.replica import reads_from_replica
from motcua.indicators import drilldown, periods, selectors
from motcua.indicators.api import index_payload
from motcua.indicators.choices import PeriodKind
from motcua.indicators.formulas import check_target, rate_of
from motcua.indicators.models import DailyCount
from motcua.indicators.xlsx import workbook_response
from motcua.org.models import Unit

# Local figures shown against targets, in the order of seed 000's directive.
LABELS = {
    "on_time": gettext_lazy("Hồ sơ giải quyết đúng và trước hạn"),
    "online": gettext_lazy("Hồ sơ nộp trực tuyến"),
    "partial_online": gettext_lazy("Hồ sơ trực tuyến của thủ tục DVC một phần"),
    "full_online": gettext_lazy("Hồ sơ trực tuyến của thủ tục DVC toàn trình"),
    "paid_online": gettext_lazy("Hồ sơ có phí được thanh toán trực tuyến"),
    "digitised": gettext_lazy("Hồ sơ được số hóa đầy đủ"),
    "electronic_result": gettext_lazy("Kết quả được cấp đồng thời bản điện tử"),
    "online_reception_8h": gettext_lazy("Hồ sơ trực tuyến được tiếp nhận trong 8 giờ làm việc"),
    "satisfaction": gettext_lazy("Người dân hài lòng"),
    "sipas": gettext_lazy("Chỉ số hài lòng SIPAS (khảo sát năm)"),
    "feedback_on_time": gettext_lazy("Phản ánh, kiến nghị xử lý đúng hạn"),
    "feedback_resolved": gettext_lazy("Phản ánh, kiến nghị được giải quyết"),
    "simplification_proposed": gettext_lazy("Thủ tục được đề xuất đơn giản hóa"),
}
COUNT_LABELS = {
    "received": gettext_lazy("Tiếp nhận trong kỳ"),
    "received_online": gettext_lazy("Trong đó trực tuyến"),
    "settled_early": gettext_lazy("Giải quyết trước hạn"),
    "settled_on_time": gettext_lazy("Giải quyết đúng hạn"),
    "settled_late": gettext_lazy("Giải quyết trễ hạn"),
    "open_on_time": gettext_lazy("Đang giải quyết, trong hạn"),
    "open_late": gettext_lazy("Đang giải quyết, quá hạn"),
}
CHART_COLOURS = {"received": "#206bc4", "online": "#2fb344", "on_time": "#f76707"}


def ranking_minimum() -> int:
    return int(getattr(settings, "INDICATORS_RANKING_MIN_DOSSIERS", 30))


# -- request parsing -------------------------------------------------------------------------


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value else default
    except ValueError:
        return default


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def period_of(request: HttpRequest) -> periods.Period:
    today = timezone.localdate()
    kind = request.GET.get("period") or "year"
    if kind not in PeriodKind.values():
        kind = "year"
    year = _int(request.GET.get("year"), today.year)
    default_number = {"month": today.month, "quarter": (today.month - 1) // 3 + 1}.get(kind, 1)
    number = _int(request.GET.get("n"), default_number)
    start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
    if kind == "custom" and (start is None or end is None or end < start):
        kind = "year"
    return periods.make(kind, year, number, start, end)


def unit_of(request: HttpRequest) -> Unit:
    """The unit asked for (``?unit=CODE``), else the user's own top unit; 403 outside the
    user's scope."""
    code = request.GET.get("unit")
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise Http404
    else:
        units = sorted(selectors.visible_units(request.user), key=lambda u: u.depth)
        if not units:
            raise PermissionDenied(_("Bạn không có đơn vị để xem chỉ số."))
        unit = units[0]
    if not selectors.can_view(request.user, unit):
        raise PermissionDenied(_("Bạn không được xem chỉ số của đơn vị này."))
    return unit


# -- building the tables ---------------------------------------------------------------------


def local_rows(
    figures: dict[str, Any], targets: dict[str, float], keys: Any = None
) -> list[dict[str, Any]]:
    rows = []
    for key in keys or LABELS:
        figure = figures.get(key)
        if figure is None:
            continue
        target = targets.get(key)
        rows.append(
            {
                "key": key,
                "label": str(LABELS.get(key, key)),
                "figure": figure,
                "rate": figure.rate,
                "target": target,
                "check": check_target(figure.rate, target) if target is not None else None,
            }
        )
    return rows


def trend(ids: list[int], period: periods.Period) -> dict[str, Any]:
    """Month by month from January of the period's year to its last month: received, online
    share, on-time share (one grouped query)."""
    first = date(period.end.year, 1, 1) if period.kind != "custom" else period.start.replace(day=1)
    rows = {
        r["month"].date() if hasattr(r["month"], "date") else r["month"]: r
        for r in DailyCount.objects.filter(unit_id__in=ids, day__gte=first, day__lte=period.end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            received=Sum("received"),
            received_online=Sum("received_online"),
            settled=Sum("settled"),
            good=Sum("settled_early") + Sum("settled_on_time"),
        )
    }
    labels, received, online, on_time = [], [], [], []
    for month in periods.months_of(first, period.end):
        r = rows.get(month, {})
        labels.append(f"{month.month:02d}/{month.year}")
        received.append(int(r.get("received") or 0))
        o = rate_of(int(r.get("received_online") or 0), int(r.get("received") or 0))
        t = rate_of(int(r.get("good") or 0), int(r.get("settled") or 0))
        online.append(round(o, 2) if o is not None else None)
        on_time.append(round(t, 2) if t is not None else None)
    return {"labels": labels, "received": received, "online": online, "on_time": on_time}


def ranking(
    unit: Unit, period: periods.Period
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The units directly under ``unit`` ranked by their on-time rate; those with fewer
    settled dossiers than the minimum are listed apart, unranked (a rate on a handful of
    dossiers is not a fair comparison)."""
    children = list(
        Unit.objects.filter(parent=unit).exclude(valid_to__lt=period.start).order_by("name")
    )
    if not children:
        return [], []
    grouped = selectors.grouped_sums(children, period.start, period.end)
    minimum = ranking_minimum()
    ranked, unranked = [], []
    for child in children:
        s = grouped[child.pk]
        figs = selectors.local_figures(s)
        item = {
            "unit": child,
            "received": s.period["received"],
            "settled": s.period["settled"],
            "on_time": figs["on_time"].rate,
            "online": figs["online"].rate,
            "handled_rate": rate_of(s.population - s.population_late, s.population),
            "open_late": s.open_late,
        }
        (ranked if s.period["settled"] >= minimum else unranked).append(item)
    ranked.sort(key=lambda i: (-(i["on_time"] or 0), -i["settled"], i["unit"].name))
    for position, item in enumerate(ranked, 1):
        item["rank"] = position
    return ranked, unranked


def dashboard_context(request: HttpRequest) -> dict[str, Any]:
    unit = unit_of(request)
    period = period_of(request)
    ids = selectors.unit_ids(unit)
    s = selectors.sums(ids, period.start, period.end)
    counts = selectors.counts_from(unit, period.start, period.end, s)
    figures = selectors.figures_from(unit, ids, period.start, period.end, s)
    target_year, targets = selectors.targets_for(unit, period.end.year)
    ranked, unranked = ranking(unit, period) if selectors.subtree_only(request.user) else ([], [])
    count_rows = [
        {
            "key": key,
            "label": str(label),
            "value": counts[key],
            "link": selectors.drilldown_path(unit, period.start, period.end, key),
            "bad": key in ("settled_late", "open_late") and counts[key] > 0,
        }
        for key, label in COUNT_LABELS.items()
    ]
    return {
        "unit": unit,
        "period": period,
        "ancestors": [a for a in unit.ancestors() if selectors.can_view(request.user, a)],
        "counts": counts,
        "count_rows": count_rows,
        "figures_rows": local_rows(figures, targets),
        "target_year": target_year,
        "index": index_payload(unit, period.start, period.end, figures),
        "trend": trend(ids, period),
        "ranked": ranked,
        "unranked": unranked,
        "ranking_minimum": ranking_minimum(),
        "procedures": selectors.per_procedure(unit, period.start, period.end)[:30],
        "kinds": PeriodKind.CHOICES,
        "query": request.GET.urlencode(),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "colours": CHART_COLOURS,
    }


# -- pages -----------------------------------------------------------------------------------


@login_required
@reads_from_replica
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/dashboard.html", dashboard_context(request))


@login_required
@reads_from_replica
def dossiers(request: HttpRequest) -> HttpResponse:
    unit = unit_of(request)
    start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
    key = request.GET.get("indicator", "")
    outcome = request.GET.get("outcome", "")
    if start is None or end is None or end < start or not drilldown.known(key):
        raise Http404
    if outcome not in drilldown.OUTCOMES:
        outcome = ""
    qs = drilldown.dossiers_for(selectors.unit_ids(unit), key, outcome, start, end)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/dossiers.html",
        {
            "unit": unit,
            "start": start,
            "end": end,
            "key": key,
            "outcome": outcome,
            "label": LABELS.get(key) or COUNT_LABELS.get(key) or key,
            "page": page,
            "rows": [drilldown.row(d) for d in page.object_list],
            "query": request.GET.urlencode(),
        },
    )


def chairman_context(request: HttpRequest) -> dict[str, Any]:
    unit = unit_of(request)
    period = period_of(request)
    units = [unit] + list(
        Unit.objects.filter(parent=unit).exclude(valid_to__lt=period.start).order_by("name")
    )
    grouped = selectors.grouped_sums(units, period.start, period.end)
    keys = [k for k in LABELS if k not in ("satisfaction",) and k in selectors.LOCAL_KEYS]
    rows = []
    for member in units:
        _year, targets = selectors.targets_for(member, period.end.year)
        figures = selectors.local_figures(grouped[member.pk])
        cells = []
        for key in keys:
            figure = figures[key]
            target = targets.get(key)
            cells.append(
                {
                    "key": key,
                    "rate": figure.rate,
                    "target": target,
                    "check": check_target(figure.rate, target) if target is not None else None,
                    "link": selectors.drilldown_path(member, period.start, period.end, key),
                }
            )
        rows.append(
            {"unit": member, "received": grouped[member.pk].period["received"], "cells": cells}
        )
    return {
        "unit": unit,
        "period": period,
        "keys": [(k, str(LABELS[k])) for k in keys],
        "rows": rows,
        "kinds": PeriodKind.CHOICES,
        "query": request.GET.urlencode(),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
    }


@login_required
@reads_from_replica
def chairman(request: HttpRequest) -> HttpResponse:
    return render(request, "indicators/chairman.html", chairman_context(request))


@reads_from_replica
def public(request: HttpRequest) -> HttpResponse:
    """The province's public summary (when ``INDICATORS_PUBLIC`` is on): the counts and
    the local figures of the whole province for the current year, no dossier list."""
    if not getattr(settings, "INDICATORS_PUBLIC", False):
        raise Http404
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        raise Http404
    period = period_of(request)
    ids = selectors.unit_ids(root)
    s = selectors.sums(ids, period.start, period.end)
    figures = selectors.local_figures(s)
    return render(
        request,
        "indicators/public.html",
        {
            "unit": root,
            "period": period,
            "counts": selectors.counts_from(root, period.start, period.end, s),
            "rows": local_rows(figures, {}),
        },
    )


@login_required
@reads_from_replica
def export_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    """Every table of the dashboards as a workbook."""
    if table == "chairman":
        ctx = chairman_context(request)
        header = [_("Đơn vị"), _("Tiếp nhận")] + [label for _k, label in ctx["keys"]]
        body = [
            [r["unit"].name, r["received"]] + [c["rate"] for c in r["cells"]] for r in ctx["rows"]
        ]
        return workbook_response(f"chi-tieu-{ctx['unit'].code}", _("Chỉ tiêu"), header, body)
    if table == "dossiers":
        unit = unit_of(request)
        start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
        key = request.GET.get("indicator", "")
        if start is None or end is None or not drilldown.known(key):
            raise Http404
        qs = drilldown.dossiers_for(
            selectors.unit_ids(unit), key, request.GET.get("outcome", ""), start, end
        )
        header = [
            _("Mã hồ sơ"),
            _("Thủ tục"),
            _("Đơn vị"),
            _("Tiếp nhận"),
            _("Hẹn trả"),
            _("Kết thúc xử lý"),
            _("Bước"),
            _("Người giữ"),
        ]
        body = []
        for d in qs[:50_000]:
            r = drilldown.row(d)
            body.append(
                [
                    r["code"],
                    r["procedure_name"],
                    r["unit_name"],
                    r["received_at"],
                    r["due_at"],
                    r["completed_at"],
                    r["step"],
                    r["holder"],
                ]
            )
        return workbook_response(f"ho-so-{key}", _("Hồ sơ"), header, body)
    ctx = dashboard_context(request)
    name = f"{table}-{ctx['unit'].code}-{ctx['period'].start:%Y%m%d}-{ctx['period'].end:%Y%m%d}"
    if table == "figures":
        header = [_("Chỉ số"), _("Tử số"), _("Mẫu số"), _("Tỷ lệ (%)"), _("Chỉ tiêu (%)"), _("Đạt")]
        body = [
            [
                r["label"],
                r["figure"].numerator,
                r["figure"].denominator,
                r["rate"],
                r["target"],
                (None if r["check"] is None else r["check"].met),
            ]
            for r in ctx["figures_rows"]
        ]
        body += [[r["label"], r["value"], None, None, None, None] for r in ctx["count_rows"]]
    elif table == "index":
        header = [
            _("Mã"),
            _("Chỉ số"),
            _("Tử số"),
            _("Mẫu số"),
            _("Tỷ lệ (%)"),
            _("Điểm"),
            _("Điểm tối đa"),
            _("Ngưỡng (%)"),
        ]
        body = []
        for g in ctx["index"]["groups"]:
            body.append([g["id"], g["name"], None, None, None, g["points"], g["max_points"], None])
            for i in g["indicators"]:
                body.append(
                    [
                        i["id"],
                        i["name"],
                        i["numerator"],
                        i["denominator"],
                        i["rate"],
                        i["points"],
                        i["max_points"],
                        i["threshold"],
                    ]
                )
        body.append(
            [
                None,
                _("Tổng điểm"),
                None,
                None,
                None,
                ctx["index"]["total_points"],
                ctx["index"]["max_points"],
                None,
            ]
        )
    elif table == "ranking":
        header = [
            _("Hạng"),
            _("Đơn vị"),
            _("Tiếp nhận"),
            _("Đã giải quyết"),
            _("Đúng và trước hạn (%)"),
            _("Trực tuyến (%)"),
            _("Quá hạn đang xử lý"),
        ]
        body = [
            [
                i.get("rank"),
                i["unit"].name,
                i["received"],
                i["settled"],
                i["on_time"],
                i["online"],
                i["open_late"],
            ]
            for i in ctx["ranked"] + ctx["unranked"]
        ]
    elif table == "procedures":
        header = [
            _("Mã thủ tục"),
            _("Thủ tục"),
            _("Tiếp nhận"),
            _("Đã giải quyết"),
            _("Trễ hạn"),
            _("Thời gian trung bình (ngày làm việc)"),
        ]
        body = [
            [p.code, p.name, p.received, p.settled, p.settled_late, p.average_days]
            for p in selectors.per_procedure(ctx["unit"], ctx["period"].start, ctx["period"].end)
        ]
    else:
        raise Http404
    return workbook_response(name, table, header, body)
