"""Citizen-facing payment pages and the gateway's endpoints. Thin: reads go through the
permission-scoped querysets, writes through ``actions``."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from motcua.core.querysets import get_restricted_or_404
from motcua.dossiers.models import Dossier
from motcua.payments import actions, receipts
from motcua.payments.choices import CallbackKind, IpnCode, PaymentStatus
from motcua.payments.fees import amount_due, fees_for, format_vnd, is_paid
from motcua.payments.gateways import get_gateway
from motcua.payments.gateways.vnpay import response_message
from motcua.payments.models import PaymentOrder
from motcua.payments.words import amount_in_words

PDF = "application/pdf"


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is trusted only once a proxy is configured.
    return str(request.META.get("REMOTE_ADDR") or "")


# -- the dossier's payment page -----------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def dossier_payment(request: HttpRequest, code: str) -> HttpResponse:
    """Phí, lệ phí của hồ sơ: the fee table, what is still due, past attempts, and the
    "Thanh toán trực tuyến" button."""
    queryset = Dossier.objects.select_related("procedure", "responsible_unit")
    dossier = get_restricted_or_404(queryset, request.user, "view", code=code)
    if request.method == "POST":
        return_url = request.build_absolute_uri(reverse("payments:return"))
        try:
            _order, url = actions.do_start_payment(
                dossier, actor=request.user, ip=client_ip(request), return_url=return_url
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("payments:dossier", code=dossier.code)
        return redirect(url)
    due = amount_due(dossier)
    orders = list(dossier.payment_orders.select_related("receipt").order_by("-created_at"))
    return render(
        request,
        "payments/dossier.html",
        {
            "dossier": dossier,
            "procedure": dossier.procedure,
            "fees": fees_for(dossier.procedure),
            "paid": is_paid(dossier),
            "due": due,
            "due_text": format_vnd(due),
            "due_words": amount_in_words(due) if due else "",
            "fee_text": format_vnd(dossier.fee_amount),
            "orders": orders,
            "gateway": get_gateway(),
        },
    )


# -- what the gateway sends back ---------------------------------------------------------------


@never_cache
@require_http_methods(["GET"])
def payment_return(request: HttpRequest) -> HttpResponse:
    """Kết quả thanh toán: where the gateway sends the browser back. It shows the result;
    it confirms the payment itself only if the IPN has not (same checks, idempotent)."""
    result = actions.handle_callback(
        request.GET.dict(), kind=CallbackKind.RETURN, remote_addr=client_ip(request)
    )
    order = result.order
    if order is None or result.code in (IpnCode.INVALID_SIGNATURE, IpnCode.ORDER_NOT_FOUND):
        return render(request, "payments/return.html", {"invalid": True}, status=400)
    order.refresh_from_db()
    if result.code == IpnCode.INVALID_AMOUNT:
        outcome = "invalid"
    elif order.status == PaymentStatus.PAID:
        outcome = "paid"
    elif order.status == PaymentStatus.CANCELLED:
        outcome = "cancelled"
    elif order.status == PaymentStatus.FAILED:
        outcome = "failed"
    else:
        outcome = "pending"
    receipt = getattr(order, "receipt", None) if order.status == PaymentStatus.PAID else None
    return render(
        request,
        "payments/return.html",
        {
            "outcome": outcome,
            "order": order,
            "amount_text": format_vnd(order.amount),
            "reason": response_message(result.verified.response_code),
            "receipt": receipt,
            "dossier_code": order.dossier.code,
            "dossier_lookup_path": order.dossier.lookup_path,
        },
        status=400 if outcome == "invalid" else 200,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def ipn(request: HttpRequest) -> JsonResponse:
    """IPN (Instant Payment Notification): the gateway's server-to-server call, a GET as
    VNPay sends it (a POSTed form is read too). No login, no CSRF: the HMAC signature is
    the authentication. Always HTTP 200 with ``{"RspCode", "Message"}``."""
    params = request.GET.dict() if request.method == "GET" else request.POST.dict()
    result = actions.handle_callback(params, kind=CallbackKind.IPN, remote_addr=client_ip(request))
    return JsonResponse(result.as_ipn_answer)


# -- receipts ------------------------------------------------------------------------------------

TXN_REF = re.compile(r"^[0-9A-Za-z.\-_]{1,64}$")


def _paid_order(request: HttpRequest, txn_ref: str) -> PaymentOrder:
    """A paid order with its receipt, if the user may see the dossier (applicant, or staff
    in scope); anything else is a 404."""
    if not TXN_REF.match(txn_ref):
        raise Http404
    order = (
        PaymentOrder.objects.select_related(
            "receipt", "dossier__procedure", "dossier__responsible_unit__parent", "created_by"
        )
        .filter(
            txn_ref=txn_ref,
            status=PaymentStatus.PAID,
            receipt__isnull=False,
            dossier__in=Dossier.objects.restrict(request.user, "view"),
        )
        .first()
    )
    if order is None:
        raise Http404
    return order


@login_required
@never_cache
def receipt_page(request: HttpRequest, txn_ref: str) -> HttpResponse:
    order = _paid_order(request, txn_ref)
    toolbar = {
        "pdf": reverse("payments:receipt_pdf", args=[txn_ref]),
        "back": reverse("payments:dossier", args=[order.dossier.code]),
    }
    return HttpResponse(receipts.render_html(order, toolbar=toolbar))


@login_required
@never_cache
def receipt_pdf(request: HttpRequest, txn_ref: str) -> HttpResponse:
    order = _paid_order(request, txn_ref)
    try:
        content = receipts.render_pdf(order)
    except receipts.PdfUnavailable as exc:
        return render(
            request, "dossiers/forms/screen/unavailable.html", {"message": str(exc)}, status=503
        )
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-") else "-" for ch in txn_ref)
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="bien-lai-{safe}.pdf"'
    return response
