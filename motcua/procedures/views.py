from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.querysets import get_restricted_or_404
from motcua.org.models import Unit
from motcua.procedures.catalogue import (
    CatalogueRejected,
    do_import_catalogue,
    find_problems,
    records_from_database,
)
from motcua.procedures.choices import Level, OnlineLevel
from motcua.procedures.models import Field, Procedure
from motcua.procedures.xlsx import (
    CatalogueFileError,
    locate_problems,
    read_catalogue,
    write_catalogue,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _can_change_catalogue(user: Any) -> bool:
    return Procedure.can_change_catalogue(user)


def procedure_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Procedure.objects.restrict(request.user, "view")
        .filter(is_active=True)
        .select_related("field")
        .prefetch_related("levels")
    )
    q = request.GET.get("q", "")
    qs = qs.search(q)
    field_code = request.GET.get("field", "")
    if field_code:
        qs = qs.filter(field__code=field_code)
    level = request.GET.get("level", "")
    if level in Level.values():
        qs = qs.at_level(level)
    online = request.GET.get("online", "")
    if online in OnlineLevel.values():
        qs = qs.filter(online_level=online)
    unit_code = request.GET.get("unit", "")
    if unit_code:
        qs = qs.filter(units__code=unit_code).distinct()
    page = Paginator(qs.order_by("field__name", "name"), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "procedures/list.html",
        {
            "page": page,
            "q": q,
            "fields": Field.objects.all(),
            "field_code": field_code,
            "level": level,
            "levels": Level.choices(),
            "online": online,
            "online_levels": OnlineLevel.choices(),
            "unit_code": unit_code,
            "query": query.urlencode(),
            "can_change": _can_change_catalogue(request.user),
        },
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_restricted_or_404(
        Procedure.objects.select_related("field").prefetch_related(
            "levels", "fees", "documents", "steps__unit", "units"
        ),
        request.user,
        "view",
        code=code,
    )
    return render(request, "procedures/detail.html", {"p": procedure})


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
                records, rows = read_catalogue(upload)
                result = do_import_catalogue(records, actor=request.user)
            except CatalogueFileError as exc:
                # Report the rule violations of the readable rows too, in one pass.
                problems = locate_problems(find_problems(exc.records), exc.rows_by_code)
                errors = [str(e) for e in [*exc.errors, *problems]]
            except CatalogueRejected as exc:
                errors = [str(e) for e in locate_problems(exc.problems, rows)]
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
