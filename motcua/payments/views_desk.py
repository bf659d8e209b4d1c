"""Thu phí tại quầy: the clerk's form on a dossier, and the receipt of a desk payment.
Thin: reads through the permission-scoped querysets, the write through ``desk``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from motcua.core import inputs
from motcua.core.querysets import get_restricted_or_404
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import TransitionRefused
from motcua.payments import receipts
from motcua.payments.choices import DeskMethod
from motcua.payments.desk import PAYABLE_STATES, do_record_desk_payment, may_record
from motcua.payments.fees import amount_due, fees_for, format_vnd
from motcua.payments.models import DeskPayment
from motcua.payments.words import amount_in_words

TEXT = {"class": "form-control"}


class DeskPaymentForm(inputs.NfcFormMixin, forms.Form):
    method = forms.ChoiceField(
        label=gettext_lazy("Hình thức nộp"),
        choices=DeskMethod.choices(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    amount = forms.IntegerField(
        label=gettext_lazy("Số tiền thu (đồng)"),
        min_value=0,
        max_value=inputs.AMOUNT_MAX,
        widget=forms.NumberInput(attrs={**TEXT, "min": 0}),
        error_messages={
            "required": gettext_lazy("Nhập số tiền thu."),
            "invalid": gettext_lazy("Số tiền phải là số."),
        },
    )
    receipt_number = forms.CharField(
        label=gettext_lazy("Số biên lai"),
        max_length=inputs.RECEIPT_NUMBER_MAX,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": gettext_lazy("Ghi số biên lai đã giao cho người nộp.")},
    )
    exemption_reason = forms.CharField(
        label=gettext_lazy("Căn cứ miễn, giảm (chỉ khi thu ít hơn số phải nộp)"),
        required=False,
        max_length=inputs.NOTE_MAX,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"),
        required=False,
        max_length=inputs.NOTE_MAX,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )


def _dossier(request: HttpRequest, code: str) -> Dossier:
    queryset = Dossier.objects.select_related("procedure", "receiving_unit", "responsible_unit")
    return get_restricted_or_404(queryset, request.user, "view", code=code)


def _render(
    request: HttpRequest, dossier: Dossier, form: DeskPaymentForm, status: int = 200
) -> HttpResponse:
    due = amount_due(dossier)
    return render(
        request,
        "payments/desk.html",
        {
            "dossier": dossier,
            "form": form,
            "due": due,
            "due_text": format_vnd(due),
            "due_words": amount_in_words(due) if due else "",
            "fees": fees_for(dossier.procedure),
            "payable": dossier.state in PAYABLE_STATES and due > 0,
        },
        status=status,
    )


@login_required
@never_cache
def desk_payment(request: HttpRequest, code: str) -> HttpResponse:
    """GET: the form, the amount due; POST: record the payment, then print its receipt."""
    dossier = _dossier(request, code)
    if not may_record(request.user, dossier):
        raise Http404
    if request.method != "POST":
        return _render(request, dossier, DeskPaymentForm(initial={"amount": amount_due(dossier)}))
    form = DeskPaymentForm(request.POST)
    if not form.is_valid():
        return _render(request, dossier, form, status=400)
    data = form.cleaned_data
    try:
        payment = do_record_desk_payment(
            dossier,
            actor=request.user,
            method=data["method"],
            amount=data["amount"],
            receipt_number=data["receipt_number"],
            exemption_reason=data.get("exemption_reason", ""),
            note=data.get("note", ""),
        )
    except TransitionRefused as exc:
        form.add_error(None, exc.message)
        return _render(request, _dossier(request, code), form, status=409)
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _render(request, _dossier(request, code), form, status=400)
    messages.success(
        request,
        _("Đã thu %(amount)s phí, lệ phí của hồ sơ %(code)s (biên lai số %(number)s).")
        % {"amount": format_vnd(payment.amount), "code": code, "number": payment.receipt_number},
    )
    return redirect("payments:desk_receipt", pk=payment.pk)


def _desk_payment(request: HttpRequest, pk: int) -> DeskPayment:
    """The desk payment of a dossier the user may see (applicant, staff in scope)."""
    payment = (
        DeskPayment.objects.select_related("dossier__procedure", "unit__parent", "recorded_by")
        .filter(pk=pk, dossier__in=Dossier.objects.restrict(request.user, "view"))
        .first()
    )
    if payment is None:
        raise Http404
    return payment


@login_required
@never_cache
def desk_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    payment = _desk_payment(request, pk)
    toolbar: dict[str, Any] = {"pdf": reverse("payments:desk_receipt_pdf", args=[pk])}
    if request.user.is_staff_member:  # type: ignore[union-attr]
        toolbar["back"] = reverse("dossiers:detail", args=[payment.dossier.code])
    return HttpResponse(receipts.render_desk_html(payment, toolbar=toolbar))


@login_required
@never_cache
def desk_receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    payment = _desk_payment(request, pk)
    try:
        content = receipts.render_desk_pdf(payment)
    except receipts.PdfUnavailable as exc:
        return render(
            request, "dossiers/forms/screen/unavailable.html", {"message": str(exc)}, status=503
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bien-lai-quay-{pk}.pdf"'
    return response
