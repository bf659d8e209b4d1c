from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from motcua.core.querysets import get_restricted_or_404
from motcua.core.text import fold
from motcua.org.models import Unit, UnitQuerySet
from motcua.procedures.catalogue import records_from_database
from motcua.procedures.catalogue_files import CatalogueFileRejected, import_xlsx
from motcua.procedures.choices import Level, OnlineLevel
from motcua.procedures.models import Field, Procedure, ProcedureQuerySet
from motcua.procedures.xlsx import write_catalogue

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_change_catalogue(user: Any) -> bool:
    return Procedure.can_change_catalogue(user)


# The filters of the public list, by query parameter; each facet is counted with every
# filter applied except its own, so that a count says what a click on it will show.
FILTERS = ("q", "field", "level", "online", "unit")


def _filtered(qs: ProcedureQuerySet, params: dict[str, str], skip: str = "") -> Any:
    if skip != "q":
        qs = qs.search(params["q"])
    if skip != "field" and params["field"]:
        qs = qs.filter(field__code=params["field"])
    if skip != "level" and params["level"] in Level.values():
        qs = qs.at_level(params["level"])
    if skip != "online" and params["online"] in OnlineLevel.values():
        qs = qs.filter(online_level=params["online"])
    if skip != "unit" and params["unit"]:
        qs = qs.filter(units__code=params["unit"]).distinct()
    return qs


def _link(query: QueryDict, **changes: str) -> str:
    """The list's query string with ``changes`` applied (an empty value removes the
    parameter) and the page number dropped."""
    query = query.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value:
            query[key] = value
    return query.urlencode()


def procedure_list(request: HttpRequest) -> HttpResponse:
    """Danh mục TTHC: search (without diacritics), and browse by field and by level."""
    base = Procedure.objects.restrict(request.user, "view").filter(is_active=True)
    params = {key: request.GET.get(key, "").strip() for key in FILTERS}
    qs = _filtered(base, params).select_related("field").prefetch_related("levels")
    # With a query: best match first (ProcedureQuerySet.search, as the API); else by field.
    ordered = qs if params["q"] else qs.order_by("field__name", "name")
    page = Paginator(ordered, 25).get_page(request.GET.get("page"))

    field_rows = (
        _filtered(base, params, skip="field")
        .values("field__code", "field__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("field__name")
    )
    field_facets = [
        {
            "code": row["field__code"],
            "name": row["field__name"],
            "count": row["n"],
            "active": row["field__code"] == params["field"],
            "link": _link(request.GET, field=row["field__code"]),
        }
        for row in field_rows
    ]
    level_counts = {
        row["levels__level"]: row["n"]
        for row in _filtered(base, params, skip="level")
        .values("levels__level")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    level_facets = [
        {
            "code": code,
            "name": label,
            "count": level_counts.get(code, 0),
            "active": code == params["level"],
            "link": _link(request.GET, level=code),
        }
        for code, label in Level.choices()
        if level_counts.get(code) or code == params["level"]
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "procedures/list.html",
        {
            "page": page,
            "q": params["q"],
            "fields": Field.objects.all(),
            "field_code": params["field"],
            "level": params["level"],
            "levels": Level.choices(),
            "online": params["online"],
            "online_levels": OnlineLevel.choices(),
            "unit_code": params["unit"],
            "field_facets": field_facets,
            "level_facets": level_facets,
            "all_fields_link": _link(request.GET, field=""),
            "all_levels_link": _link(request.GET, level=""),
            "filtered": any(params.values()),
            "query": query.urlencode(),
            "can_change": _can_change_catalogue(request.user),
        },
    )


FEES_TEMPLATE = "payments/_fees.html"

# Why each online level matters to the citizen (Nghị định 42/2022/NĐ-CP Điều 11).
ONLINE_LEVEL_EXPLANATIONS = {
    OnlineLevel.FULL: _lazy(
        "Dịch vụ công trực tuyến toàn trình: bạn nộp hồ sơ, nộp phí, lệ phí (nếu có) và nhận "
        "kết quả trực tuyến hoặc qua dịch vụ bưu chính, không phải đến cơ quan nhà nước."
    ),
    OnlineLevel.PARTIAL: _lazy(
        "Dịch vụ công trực tuyến một phần: bạn nộp hồ sơ trực tuyến; một số bước (xuất trình "
        "bản chính, nộp phí hoặc nhận kết quả) thực hiện trực tiếp tại Bộ phận Một cửa."
    ),
    OnlineLevel.IN_PERSON: _lazy(
        "Thủ tục này chưa cung cấp dịch vụ công trực tuyến: hồ sơ được nộp trực tiếp tại Bộ "
        "phận Một cửa của cơ quan giải quyết hoặc qua dịch vụ bưu chính công ích."
    ),
}
# Up to this many places are listed on the page; beyond that (a commune-level procedure
# settled by every commune of the province) the citizen searches for theirs.
PLACES_LISTED = 5


def fees_template() -> str | None:
    """The fees table of the payments app when it is installed, else None (the page then
    shows its own list). Templates cannot try an include, so the view asks the loader."""
    try:
        select_template([FEES_TEMPLATE])
    except TemplateDoesNotExist:
        return None
    return FEES_TEMPLATE


def filing_places(procedure: Procedure) -> UnitQuerySet:
    """Nơi nộp hồ sơ: the units settling ``procedure`` that exist today (a unit merged
    away on 1 July 2025 no longer receives dossiers)."""
    return Unit.objects.filter(procedures=procedure).active_on().order_by("name")


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_restricted_or_404(
        Procedure.objects.select_related("field").prefetch_related(
            "levels", "fees", "documents", "steps__unit", "units"
        ),
        request.user,
        "view",
        code=code,
    )
    places = list(filing_places(procedure))
    place_query = request.GET.get("noi_nop", "").strip()
    chooser = len(places) > PLACES_LISTED or Level.COMMUNE in procedure.level_codes
    matches = places
    if chooser and place_query:
        words = fold(place_query).split()
        matches = [u for u in places if all(w in fold(u.name) for w in words)]
    context = {
        "p": procedure,
        "places": places,
        "place_chooser": chooser,
        "place_query": place_query,
        "place_matches": matches,
        "forms_to_fill": [d for d in procedure.documents.all() if d.is_form],
        "fees_template": fees_template(),
        "online_explanation": ONLINE_LEVEL_EXPLANATIONS.get(procedure.online_level, ""),
        "can_file_online": procedure.is_active
        and procedure.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)
        and bool(places),
    }
    if request.headers.get("HX-Request") and "noi_nop" in request.GET:
        return render(request, "procedures/_places.html", context)
    return render(request, "procedures/detail.html", context)


@login_required
def catalogue_import(request: HttpRequest) -> HttpResponse:
    if not _can_change_catalogue(request.user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được nhập danh mục thủ tục."))
    errors: list = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        limit = settings.CATALOGUE_IMPORT_MAX_MB * 1024 * 1024
        if upload is None:
            errors = [_("Chưa chọn tệp XLSX để nhập.")]
        elif not upload.name.lower().endswith(".xlsx"):
            errors = [_("Tệp “%(name)s” không phải tệp .xlsx.") % {"name": upload.name}]
        elif upload.size > limit:
            errors = [
                _("Tệp lớn hơn giới hạn %(mb)d MB.") % {"mb": settings.CATALOGUE_IMPORT_MAX_MB}
            ]
        else:
            try:
                result = import_xlsx(upload, actor=request.user)
            except CatalogueFileRejected as exc:
                errors = [str(e) for e in exc.errors]
            else:
                messages.success(
                    request,
                    _("Đã nhập danh mục: %(created)d thủ tục mới, %(updated)d thủ tục cập nhật.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("procedures:list")
    return render(
        request, "procedures/import.html", {"errors": errors}, status=400 if errors else 200
    )


@login_required
def catalogue_export(request: HttpRequest) -> HttpResponse:
    qs = Procedure.objects.restrict(request.user, "view")
    unit_code = request.GET.get("unit", "")
    if unit_code:
        unit = get_restricted_or_404(Unit.objects.all(), request.user, "view", code=unit_code)
        qs = qs.filter(units=unit).distinct()
    content = write_catalogue(records_from_database(qs))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="danh-muc-tthc-{stamp}.xlsx"'
    return response
