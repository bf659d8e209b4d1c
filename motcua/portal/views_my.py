"""Hồ sơ của tôi: a logged-in citizen follows their own dossiers, answers a supplement
request online, asks to stop a dossier, downloads the electronic result and rates the
service.

Every read goes through ``Dossier.objects.restrict(user, "view")`` narrowed to the
dossiers the user filed (``applicant=user``): another person's dossier — or a dossier an
officer may see at work but did not file — is a 404, indistinguishable from one that does
not exist. Writes only parse the form and call the action functions; their refusals
(``TransitionRefused``, ``DossierConflict``, ``ValidationError``) are shown in Vietnamese
on the dossier page (409 for a conflict, 400 otherwise).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.core import inputs
from motcua.dossiers import actions, intake
from motcua.dossiers.choices import DossierState, FormKind
from motcua.dossiers.documents.context import dossier_frame
from motcua.dossiers.models import Dossier, DossierQuerySet
from motcua.dossiers.transitions import DossierConflict
from motcua.dossiers.views_public import public_status
from motcua.dossiers.workflow import TransitionRefused
from motcua.payments.selectors import payments_of
from motcua.portal import my_uploads
from motcua.procedures.choices import CopyKind
from motcua.procedures.models import RequiredDocument
from motcua.surveys.actions import do_rate_dossier
from motcua.surveys.criteria import CRITERIA
from motcua.surveys.forms import RatingForm
from motcua.surveys.models import DossierRating

PAGE_SIZE = 20
# The result exists from "processed" on; it is the applicant's to download from then.
RESULT_STATES = frozenset({DossierState.PROCESSED, DossierState.DELIVERED})
# Issued forms the applicant is handed (the control sheet is the office's own record).
APPLICANT_FORMS = (
    FormKind.RECEIPT,
    FormKind.SUPPLEMENT,
    FormKind.REFUSAL,
    FormKind.APOLOGY,
    FormKind.STOP,
)
# Never received by the desk: no time limit runs, so no "on time / late".
NOT_RECEIVED = frozenset({DossierState.NEW, DossierState.NOT_ACCEPTED, DossierState.WITHDRAWN})
# The applicant may stop a dossier while no result exists (NĐ 118/2025), and withdraw one
# the desk has not received yet.
STOPPABLE = DossierState.STOPPABLE | {DossierState.NEW}


# -- reads -------------------------------------------------------------------------------------


def my_dossiers(user: Any) -> DossierQuerySet:
    """The dossiers ``user`` filed, through the permission-scoped queryset."""
    return Dossier.objects.restrict(user, "view").filter(applicant=user)


def _get_my_dossier(request: HttpRequest, code: str) -> Dossier:
    dossier = (
        my_dossiers(request.user)
        .select_related("procedure", "receiving_unit", "responsible_unit")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def payment_url(dossier: Dossier) -> str:
    """The online payment page of the payments area."""
    return f"/payments/dossier/{dossier.code}/"


@dataclass(frozen=True)
class Timing:
    key: str  # "late", "in_time", "on_time" or "" (no time limit running)
    label: str
    colour: str


def timing_of(dossier: Dossier) -> Timing:
    if dossier.state in NOT_RECEIVED or dossier.state == DossierState.STOPPED:
        return Timing("", "", "")
    if dossier.is_late or dossier.is_overdue(timezone.now()):
        return Timing("late", _("Trễ hạn"), "red")
    if dossier.is_open:
        return Timing("in_time", _("Trong hạn"), "green")
    return Timing("on_time", _("Đúng hạn"), "green")


@dataclass(frozen=True)
class MyRow:
    dossier: Dossier
    state_label: str
    state_colour: str
    timing: Timing
    needs_supplement: bool
    awaiting_payment: bool
    payment_url: str


def _row(dossier: Dossier) -> MyRow:
    return MyRow(
        dossier=dossier,
        state_label=DossierState.label(dossier.state),
        state_colour=DossierState.color(dossier.state),
        timing=timing_of(dossier),
        needs_supplement=dossier.state == DossierState.SUPPLEMENT_REQUESTED,
        awaiting_payment=dossier.state == DossierState.AWAITING_PAYMENT,
        payment_url=payment_url(dossier),
    )


@login_required
@never_cache
def my_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        my_dossiers(request.user).select_related("procedure").order_by("-submitted_at", "-id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/my/list.html",
        {"page": page, "rows": [_row(d) for d in page.object_list]},
    )


# -- forms -------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={
                    "class": "form-control",
                    "accept": my_uploads.ACCEPT_ATTRIBUTE,
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class SupplementForm(inputs.NfcFormMixin, forms.Form):
    required_document = forms.ModelChoiceField(
        label=gettext_lazy("Giấy tờ được yêu cầu"),
        queryset=RequiredDocument.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Giấy tờ khác (ghi tên bên dưới) —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=gettext_lazy("Tên giấy tờ bổ sung"),
        required=False,
        max_length=inputs.DOCUMENT_NAME_MAX,
        help_text=gettext_lazy("Để trống nếu đã chọn giấy tờ trong danh sách trên."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    files = MultipleFileField(
        label=gettext_lazy("Tệp (PDF, JPEG hoặc PNG)"),
        error_messages={"required": gettext_lazy("Chọn ít nhất một tệp để bổ sung.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Lời nhắn cho cơ quan giải quyết (không bắt buộc)"),
        required=False,
        max_length=inputs.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["required_document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = dossier.procedure.documents.all()
        self.fields["files"].help_text = _(
            "Tối đa %(n)d tệp, mỗi tệp không quá %(mb)d MB; ảnh chụp hoặc bản quét rõ nét."
        ) % {"n": my_uploads.MAX_FILES, "mb": my_uploads.max_upload_bytes() // (1024 * 1024)}

    def clean_files(self) -> list[Any]:
        uploads: list[Any] = self.cleaned_data.get("files") or []
        my_uploads.check_files(uploads)
        return uploads

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        document = data.get("required_document")
        name = (data.get("name") or "").strip() or (document.name if document else "")
        if not name:
            self.add_error("name", _("Ghi tên giấy tờ bổ sung hoặc chọn trong danh sách."))
        data["name"] = name
        return data


class StopForm(inputs.NfcFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do xin dừng xử lý"),
        max_length=inputs.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": gettext_lazy("Ghi lý do xin dừng xử lý.")},
    )


# -- the dossier page --------------------------------------------------------------------------


def _paper_documents(dossier: Dossier) -> list[dict[str, Any]]:
    """Documents handed in at the desk, as written on the receipt."""
    receipt = dossier.forms.filter(kind=FormKind.RECEIPT).order_by("issued_at", "id").first()
    raw = (receipt.data or {}).get("documents") if receipt else None
    return [
        {
            "name": d.get("name", ""),
            "copy_kind": CopyKind.label(d.get("copy_kind", "")),
            "quantity": d.get("quantity", 1),
        }
        for d in (raw or [])
        if isinstance(d, dict) and d.get("provided", True)
    ]


def _form_links(dossier: Dossier) -> list[dict[str, Any]]:
    """The issued forms the applicant may open: the forms pages read through
    ``Dossier.objects.restrict(user, "view")``, which includes the applicant's own."""
    links = []
    frame = dossier_frame(dossier)
    for issued in dossier.forms.filter(kind__in=APPLICANT_FORMS).order_by("issued_at", "id"):
        try:
            url = reverse("dossiers:form", args=[dossier.code, issued.pk])
        except NoReverseMatch:  # pragma: no cover - the forms pages are not installed
            continue
        links.append({"label": frame.title(issued.kind), "at": issued.issued_at, "url": url})
    return links


def _rating_rows(rating: DossierRating) -> list[dict[str, str]]:
    return [
        {"label": str(c.label), "value": c.label_of(getattr(rating, c.field))} for c in CRITERIA
    ]


def _render_detail(
    request: HttpRequest,
    dossier: Dossier,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    state = dossier.state
    open_request = (
        dossier.supplement_requests.filter(answered_at__isnull=True)
        .order_by("-requested_at")
        .first()
    )
    rating = DossierRating.objects.filter(dossier=dossier).first()
    context: dict[str, Any] = {
        "dossier": dossier,
        "status": public_status(dossier),
        "timing": timing_of(dossier),
        "paper_documents": _paper_documents(dossier),
        "uploaded_documents": list(dossier.documents.all()),
        "form_links": _form_links(dossier),
        "supplement_request": open_request if state == DossierState.SUPPLEMENT_REQUESTED else None,
        "supplement_form": (
            bound.get("supplement") or SupplementForm(dossier=dossier)
            if state == DossierState.SUPPLEMENT_REQUESTED
            else None
        ),
        "stop_form": bound.get("stop") or StopForm() if state in STOPPABLE else None,
        "withdraw": state == DossierState.NEW,
        "payment_url": payment_url(dossier) if state == DossierState.AWAITING_PAYMENT else "",
        # What was paid, when and how, each with its receipt (online or at the desk).
        "paid_lines": payments_of(dossier),
        "result_download": state in RESULT_STATES and bool(dossier.result_file),
        "rating": _rating_rows(rating) if rating else None,
        "rating_form": (
            bound.get("rating") or RatingForm(dossier=dossier)
            if state == DossierState.DELIVERED and rating is None
            else None
        ),
    }
    # What an action refused (its reason in Vietnamese) heads the page: the form that was
    # sent may no longer be shown once the dossier moved on.
    context["errors"] = [e for form in bound.values() for e in form.non_field_errors()]
    response = render(request, "portal/my/detail.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@never_cache
def my_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _render_detail(request, _get_my_dossier(request, code))


# -- writes ------------------------------------------------------------------------------------


def _attempt(
    request: HttpRequest,
    dossier: Dossier,
    key: str,
    form: forms.Form,
    run: Callable[[], Any],
    success: str,
) -> HttpResponse:
    """Validate ``form``, run the action; on success back to the dossier page with a
    message, otherwise the page again with the form and the action's reason."""
    status = 400
    if form.is_valid():
        try:
            run()
        except DossierConflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, success)
            return redirect("portal:my_detail", dossier.code)
    # Read again: a refused or conflicting attempt may mean the dossier moved meanwhile.
    return _render_detail(request, _get_my_dossier(request, dossier.code), {key: form}, status)


@login_required
@require_POST
def my_supplement(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _get_my_dossier(request, code)
    form = SupplementForm(request.POST, request.FILES, dossier=dossier)

    def run() -> None:
        data = form.cleaned_data
        my_uploads.answer_supplement_online(
            dossier,
            actor=request.user,
            files=data["files"],
            name=data["name"],
            required_document=data.get("required_document"),
            note=data.get("note", ""),
        )

    return _attempt(
        request,
        dossier,
        "supplement",
        form,
        run,
        _("Đã gửi hồ sơ bổ sung; cơ quan giải quyết tiếp tục xử lý hồ sơ %(code)s.")
        % {"code": dossier.code},
    )


@login_required
@require_POST
def my_stop(request: HttpRequest, code: str) -> HttpResponse:
    """Yêu cầu dừng xử lý (no result yet: a stop notice is issued); a dossier the desk has
    not yet received is simply withdrawn."""
    dossier = _get_my_dossier(request, code)
    form = StopForm(request.POST)
    if dossier.state == DossierState.NEW:
        return _attempt(
            request,
            dossier,
            "stop",
            form,
            lambda: intake.do_withdraw(
                dossier, actor=request.user, reason=form.cleaned_data["reason"]
            ),
            _("Đã rút hồ sơ %(code)s.") % {"code": dossier.code},
        )
    return _attempt(
        request,
        dossier,
        "stop",
        form,
        lambda: actions.do_stop(dossier, actor=request.user, reason=form.cleaned_data["reason"]),
        _("Hồ sơ %(code)s đã được dừng xử lý theo yêu cầu của ông/bà.") % {"code": dossier.code},
    )


@login_required
@require_POST
def my_rate(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _get_my_dossier(request, code)
    form = RatingForm(request.POST, dossier=dossier)
    return _attempt(
        request,
        dossier,
        "rating",
        form,
        lambda: do_rate_dossier(
            dossier,
            actor=request.user,
            scores=form.scores(),
            comment=form.cleaned_data.get("comment", ""),
        ),
        _("Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ %(code)s.") % {"code": dossier.code},
    )


@login_required
@never_cache
def my_result(request: HttpRequest, code: str) -> HttpResponse:
    """The electronic result, to its applicant only: served through this view, never a
    public media address."""
    dossier = _get_my_dossier(request, code)
    if dossier.state not in RESULT_STATES or not dossier.result_file:
        raise Http404
    try:
        handle = dossier.result_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    extension = os.path.splitext(dossier.result_file.name)[1].lower()
    safe_code = "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-") else "-" for ch in code)
    response = FileResponse(handle, as_attachment=True, filename=f"ket-qua-{safe_code}{extension}")
    response["Cache-Control"] = "private, no-store"
    return response
