"""Pages and downloads of the dossier forms (Mẫu 01–05) and of the dossier register
(Mẫu 06). Thin views: every read goes through the permission-scoped querysets, the
documents module builds and renders."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.core.querysets import get_restricted_or_404
from motcua.core.siteurl import public_base_url
from motcua.dossiers import documents
from motcua.dossiers.access import bearer_token
from motcua.dossiers.choices import FormKind
from motcua.dossiers.models import Dossier, IssuedForm, RegisterExport
from motcua.org.models import Unit, memberships_of

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
# A register longer than a year is a report, not a register (and would be slow to print).
MAX_PERIOD_DAYS = 366


# -- helpers ---------------------------------------------------------------------------------


def _dossier(request: HttpRequest, code: str) -> Dossier:
    queryset = Dossier.objects.select_related(
        "procedure", "receiving_unit__parent", "responsible_unit__parent"
    )
    return get_restricted_or_404(queryset, request.user, "view", code=code)


def _issued_form(request: HttpRequest, code: str, pk: int) -> IssuedForm:
    dossier = _dossier(request, code)
    form = dossier.forms.select_related("issued_by").filter(pk=pk).first()
    if form is None or form.kind not in documents.KINDS:
        raise Http404
    form.dossier = dossier
    return form


def _download(content: bytes, content_type: str, filename: str, template: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Which template (and version) produced the file: support can tell at a glance.
    response["X-Form-Template"] = template
    return response


def _filename(kind: str, code: str, extension: str) -> str:
    safe = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in ".-" else "-" for ch in code)
    return f"{kind}-{safe}.{extension}"


def _pdf_or_503(
    request: HttpRequest, kind: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    try:
        content = documents.render_pdf(kind, context)
    except documents.PdfUnavailable as exc:
        return render(
            request,
            "dossiers/forms/screen/unavailable.html",
            {"message": str(exc)},
            status=503,
        )
    template = documents.find_template(kind, "html", context.get("frame"))
    return _download(content, PDF, filename, template.ident)


def _page(kind: str, context: dict[str, Any], links: dict[str, str]) -> HttpResponse:
    response = HttpResponse(documents.render_html(kind, {**context, "toolbar": links}))
    response["X-Form-Template"] = documents.find_template(kind, "html", context.get("frame")).ident
    return response


# -- issued forms (Mẫu 01–04, stop notice) ---------------------------------------------------


def _form_context(request: HttpRequest, form: IssuedForm) -> dict[str, Any]:
    # Without PUBLIC_BASE_URL the QR code and links follow the address of this request.
    return documents.form_context(form, public_base_url(request))


@bearer_token
@login_required
def form_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    form = _issued_form(request, code, pk)
    links = {
        "docx": reverse("dossiers:form_docx", args=[code, pk]),
        "pdf": reverse("dossiers:form_pdf", args=[code, pk]),
    }
    return _page(form.kind, _form_context(request, form), links)


@bearer_token
@login_required
def form_docx(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    form = _issued_form(request, code, pk)
    context = _form_context(request, form)
    content = documents.render_docx(form.kind, context)
    template = documents.find_template(form.kind, "docx", context.get("frame")).ident
    return _download(content, DOCX, _filename(form.kind, code, "docx"), template)


@bearer_token
@login_required
def form_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    form = _issued_form(request, code, pk)
    return _pdf_or_503(
        request, form.kind, _form_context(request, form), _filename(form.kind, code, "pdf")
    )


# -- processing control sheet (Mẫu 05) -------------------------------------------------------

SHEET = FormKind.CONTROL_SHEET


def _sheet(request: HttpRequest, code: str) -> dict[str, Any]:
    return documents.control_sheet_context(_dossier(request, code), public_base_url(request))


@bearer_token
@login_required
def control_sheet(request: HttpRequest, code: str) -> HttpResponse:
    context = _sheet(request, code)
    links = {
        "docx": reverse("dossiers:control_sheet_docx", args=[code]),
        "pdf": reverse("dossiers:control_sheet_pdf", args=[code]),
    }
    return _page(SHEET, context, links)


@bearer_token
@login_required
def control_sheet_docx(request: HttpRequest, code: str) -> HttpResponse:
    context = _sheet(request, code)
    content = documents.render_docx(SHEET, context)
    template = documents.find_template(SHEET, "docx", context.get("frame")).ident
    return _download(content, DOCX, _filename(SHEET, code, "docx"), template)


@bearer_token
@login_required
def control_sheet_pdf(request: HttpRequest, code: str) -> HttpResponse:
    context = _sheet(request, code)
    return _pdf_or_503(request, SHEET, context, _filename(SHEET, code, "pdf"))


# -- dossier register (Mẫu 06) ---------------------------------------------------------------


class RegisterFilterForm(forms.Form):
    """Đơn vị (mã định danh) và kỳ: from / to are the query parameter names."""

    DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

    unit = forms.ChoiceField(
        label=gettext_lazy("Đơn vị"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": gettext_lazy("Chọn đơn vị."),
            "invalid_choice": gettext_lazy(
                "Đơn vị không có hoặc bạn không được xem sổ của đơn vị này."
            ),
        },
    )

    def __init__(self, data: dict[str, str], units: list[Unit]) -> None:
        super().__init__(data)
        self.units = {u.code: u for u in units}
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [(u.code, f"{u.name} ({u.code})") for u in units]
        for name, label in (("from", gettext_lazy("Từ ngày")), ("to", gettext_lazy("Đến ngày"))):
            self.fields[name] = forms.DateField(
                label=label,
                input_formats=self.DATE_FORMATS,
                widget=forms.DateInput(
                    format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}
                ),
                error_messages={
                    "required": _("Nhập ngày."),
                    "invalid": _("Ngày không hợp lệ (dd/mm/yyyy)."),
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
            if (end - start).days >= MAX_PERIOD_DAYS:
                raise forms.ValidationError(
                    _("Kỳ theo dõi dài nhất %(days)d ngày.") % {"days": MAX_PERIOD_DAYS}
                )
        return data

    @property
    def selected_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]


def _default_filter(user: Any, units: list[Unit]) -> dict[str, str]:
    """The user's own unit (the first of their memberships that they may view) and the
    current month."""
    today = timezone.localdate()
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    codes = [u.code for u in units]
    own = [m.unit.code for m in memberships_of(user) if m.unit.code in codes]  # pinned
    unit = own[0] if own else (codes[0] if codes else "")
    return {"unit": unit, "from": first.isoformat(), "to": last.isoformat()}


def _register_form(
    request: HttpRequest, source: Any = None
) -> tuple[RegisterFilterForm | None, list[Unit]]:
    source = request.GET if source is None else source
    units = list(Unit.objects.restrict(request.user, "view").select_related("parent"))
    if not units:
        return None, units
    keys = ("unit", "from", "to")
    data = _default_filter(request.user, units)
    data.update({k: source[k].strip() for k in keys if k in source})
    return RegisterFilterForm(data, units), units


# Rows per page of the register on screen (the downloads and the export hold every row).
REGISTER_PAGE_SIZE = 50


def _register_context(
    request: HttpRequest, form: RegisterFilterForm, *, paged: bool = False
) -> dict[str, Any]:
    start: date = form.cleaned_data["from"]
    end: date = form.cleaned_data["to"]
    if paged:
        return documents.register_context(
            form.selected_unit,
            start,
            end,
            request.user,
            page=request.GET.get("page"),
            size=REGISTER_PAGE_SIZE,
        )
    return documents.register_context(form.selected_unit, start, end, request.user)


def _register_query(form: RegisterFilterForm) -> str:
    return urlencode(
        {
            "unit": form.cleaned_data["unit"],
            "from": form.cleaned_data["from"].isoformat(),
            "to": form.cleaned_data["to"].isoformat(),
        }
    )


def _register_screen(
    request: HttpRequest, form: RegisterFilterForm | None, context: dict[str, Any], status: int
) -> HttpResponse:
    return render(
        request,
        "dossiers/forms/screen/register.html",
        {"form": form, **context},
        status=status,
    )


@bearer_token
@login_required
def register(request: HttpRequest) -> HttpResponse:
    form, _units = _register_form(request)
    if form is None:
        return _register_screen(request, None, {"no_units": True}, 403)
    if not form.is_valid():
        return _register_screen(request, form, {}, 400)
    printing = request.GET.get("print") == "1"
    context = _register_context(request, form, paged=not printing)
    query = _register_query(form)
    links = {
        name: f"{reverse('dossiers:register_' + name)}?{query}" for name in ("docx", "pdf", "xlsx")
    }
    if printing:
        links["back"] = f"{reverse('dossiers:register')}?{query}"
        return _page(documents.REGISTER, context, links)
    links["print"] = f"{reverse('dossiers:register')}?{query}&print=1"
    links["export"] = reverse("dossiers:register_export")
    return _register_screen(
        request, form, {"register": context, "links": links, "query": query}, 200
    )


def _register_download(
    make: Callable[[HttpRequest, dict[str, Any], str], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    @bearer_token
    @login_required
    def view(request: HttpRequest) -> HttpResponse:
        form, _units = _register_form(request)
        if form is None:
            return _register_screen(request, None, {"no_units": True}, 403)
        if not form.is_valid():
            return _register_screen(request, form, {}, 400)
        start, end = form.cleaned_data["from"], form.cleaned_data["to"]
        stem = f"so-theo-doi-{form.selected_unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
        return make(request, _register_context(request, form), stem)

    return view


def _docx(request: HttpRequest, context: dict[str, Any], stem: str) -> HttpResponse:
    content = documents.render_docx(documents.REGISTER, context)
    template = documents.find_template(documents.REGISTER, "docx", context.get("frame")).ident
    return _download(content, DOCX, f"{stem}.docx", template)


def _pdf(request: HttpRequest, context: dict[str, Any], stem: str) -> HttpResponse:
    return _pdf_or_503(request, documents.REGISTER, context, f"{stem}.pdf")


def _xlsx(request: HttpRequest, context: dict[str, Any], stem: str) -> HttpResponse:
    frame = documents.frame_for(timezone.localdate())
    ident = f"{context.get('frame', frame.key)}/register.xlsx; version={documents.VERSION}"
    return _download(documents.render_xlsx(context), XLSX, f"{stem}.xlsx", ident)


register_docx = _register_download(_docx)
register_pdf = _register_download(_pdf)
register_xlsx = _register_download(_xlsx)


# -- the full register as a background job ------------------------------------------------------


@login_required
@require_POST
def register_export(request: HttpRequest) -> HttpResponse:
    """Xuất toàn bộ sổ (XLSX) in the background: checked like the screen, then queued."""
    from motcua.dossiers.exports import do_request_register_export

    form, _units = _register_form(request, request.POST)
    if form is None:
        return _register_screen(request, None, {"no_units": True}, 403)
    if not form.is_valid():
        return _register_screen(request, form, {}, 400)
    export = do_request_register_export(
        user=request.user,
        unit=form.selected_unit,
        start=form.cleaned_data["from"],
        end=form.cleaned_data["to"],
    )
    return redirect("dossiers:register_export_status", pk=export.pk)


def _own_export(request: HttpRequest, pk: int) -> RegisterExport:
    # Only the requester sees the job and its file: anyone else gets 404.
    return get_object_or_404(
        RegisterExport.objects.select_related("unit"), pk=pk, user_id=request.user.pk
    )


@login_required
def register_export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress; the page polls it (htmx) until the file is ready."""
    export = _own_export(request, pk)
    template = (
        "dossiers/forms/screen/_register_export_status.html"
        if request.headers.get("HX-Request")
        else "dossiers/forms/screen/register_export.html"
    )
    return render(request, template, {"export": export})


@login_required
def register_export_file(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    if export.status != RegisterExport.DONE or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type=XLSX,
    )
