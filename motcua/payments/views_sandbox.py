"""The sandbox gateway's payment page ("Cổng thanh toán thử nghiệm"), standing in for the
bank's page VNPay shows. Available only while ``PAYMENT_GATEWAY`` is "sandbox"."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from motcua.core.siteurl import public_base_url
from motcua.payments.choices import PaymentStatus
from motcua.payments.fees import format_vnd
from motcua.payments.gateways import sandbox
from motcua.payments.models import PaymentOrder
from motcua.payments.words import amount_in_words


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "payments/sandbox_pay.html", {"error": message}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def sandbox_pay(request: HttpRequest) -> HttpResponse:
    """GET: the signed request from our merchant side → the bank page with three buttons.
    POST (a button): send the signed result to the IPN address, then send the browser to
    the return URL, as VNPay does."""
    if settings.PAYMENT_GATEWAY != "sandbox":
        raise Http404
    data = request.GET if request.method == "GET" else request.POST
    try:
        payment = sandbox.check_request(data.dict())
    except sandbox.InvalidRequest as exc:
        return _refused(request, str(exc))
    # Like VNPay, the sandbox refuses a reference it already settled (it keeps its own
    # records; here it reads ours). A late success for an expired order is still possible.
    settled = PaymentOrder.objects.filter(
        txn_ref=payment.txn_ref, status__in=PaymentStatus.FINAL
    ).exists()
    if settled:
        return _refused(request, _("Giao dịch này đã được xử lý trước đó."))
    if request.method == "GET":
        return render(
            request,
            "payments/sandbox_pay.html",
            {
                "payment": payment,
                "amount_text": format_vnd(payment.amount),
                "amount_words": amount_in_words(payment.amount),
                "hidden": sorted(payment.params.items()),
                "choices": sandbox.CHOICES,
            },
        )
    choice = request.POST.get("choice", "")
    if choice not in sandbox.CHOICES:
        return _refused(request, _("Lựa chọn không hợp lệ."))
    result = sandbox.result_params(payment, choice)
    sandbox.deliver_ipn(sandbox.ipn_url(result, public_base_url(request)))
    return HttpResponseRedirect(sandbox.return_url(payment, result))
