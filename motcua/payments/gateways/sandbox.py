"""The built-in sandbox gateway ("Cổng thanh toán thử nghiệm"): VNPay's protocol, played by
this very site, so that the whole payment path can be tried and tested without a merchant
account.

Merchant side (``SandboxGateway``): the same signed request as VNPay, sent to
``/payments/sandbox/pay/`` instead of VNPay's address.

Bank side (the functions below, used by ``views_sandbox``): check the signed request as
VNPay would, let the citizen pay, cancel or fail, then — like VNPay — send the signed
result twice: server-to-server to our IPN address by a real HTTP GET to
``PAYMENT_IPN_BASE_URL`` (``deliver_ipn``), and through the citizen's browser to the
return URL the request named.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.siteurl import public_base_url
from motcua.payments.gateways import vnpay

logger = logging.getLogger("motcua.payments.sandbox")

# The development secret: fine on a laptop, refused by `manage.py check --deploy`
# (payments.W001) on a server.
DEVELOPMENT_SECRET = "motcua-sandbox-secret-khong-dung-cho-san-xuat"
BANK_CODE = "MOTCUA"

# The sandbox's three buttons → (vnp_ResponseCode, vnp_TransactionStatus).
CHOICE_PAY = "pay"
CHOICE_CANCEL = "cancel"
CHOICE_FAIL = "fail"
CHOICES = {
    CHOICE_PAY: ("00", "00"),
    # VNPay: the customer cancelled; the transaction did not complete.
    CHOICE_CANCEL: ("24", "02"),
    # A plausible bank refusal: insufficient balance.
    CHOICE_FAIL: ("51", "02"),
}


class SandboxGateway(vnpay.VnpayProtocolGateway):
    name = "sandbox"
    label = "Cổng thanh toán thử nghiệm"

    @classmethod
    def from_settings(cls) -> SandboxGateway:
        return cls(
            # A path on this site; the browser is redirected there.
            pay_url=reverse("payments:sandbox_pay"),
            tmn_code=settings.PAYMENT_SANDBOX_TMN_CODE,
            secret=settings.PAYMENT_SANDBOX_SECRET,
        )


# -- bank side --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SandboxRequest:
    """A payment request the sandbox accepted."""

    params: dict[str, str]
    txn_ref: str
    amount: int
    order_info: str
    return_url: str
    expires_at: datetime | None


class InvalidRequest(ValueError):
    """The merchant's request is not one VNPay would accept."""


def check_request(params: Mapping[str, str], *, now: datetime | None = None) -> SandboxRequest:
    """What VNPay checks before showing its payment page: the merchant's signature and
    terminal, the command, an amount, a return address, and that the link has not expired."""
    gateway = SandboxGateway.from_settings()
    raw = {str(k): str(v) for k, v in params.items() if str(k).startswith("vnp_")}
    if not vnpay.signature_ok(raw, gateway.secret):
        raise InvalidRequest(_("Sai chữ ký dữ liệu (vnp_SecureHash)."))
    if raw.get("vnp_TmnCode") != gateway.tmn_code:
        raise InvalidRequest(_("Mã website (vnp_TmnCode) không đúng."))
    if raw.get("vnp_Command") != "pay" or raw.get("vnp_Version") != vnpay.VERSION:
        raise InvalidRequest(_("Yêu cầu thanh toán không đúng định dạng."))
    amount = vnpay.parse_amount(raw.get("vnp_Amount"))
    if not amount:
        raise InvalidRequest(_("Số tiền không hợp lệ."))
    return_url = raw.get("vnp_ReturnUrl", "")
    if urlsplit(return_url).scheme not in ("http", "https"):
        raise InvalidRequest(_("Địa chỉ trả kết quả (vnp_ReturnUrl) không hợp lệ."))
    expires_at = vnpay.parse_date(raw.get("vnp_ExpireDate", ""))
    if expires_at is not None and (now or timezone.now()) > expires_at:
        # VNPay's code 11: the time allowed for payment is over.
        raise InvalidRequest(_("Đã hết hạn chờ thanh toán. Vui lòng tạo lại giao dịch."))
    return SandboxRequest(
        params=raw,
        txn_ref=raw.get("vnp_TxnRef", ""),
        amount=amount,
        order_info=raw.get("vnp_OrderInfo", ""),
        return_url=return_url,
        expires_at=expires_at,
    )


def result_params(request: SandboxRequest, choice: str, *, now: datetime | None = None) -> str:
    """The signed result (as a query string) the sandbox sends to the IPN and the return
    URL, with the parameters VNPay sends."""
    response_code, status = CHOICES[choice]
    paid = choice == CHOICE_PAY
    params = {
        "vnp_TmnCode": request.params["vnp_TmnCode"],
        "vnp_Amount": request.params["vnp_Amount"],
        "vnp_BankCode": BANK_CODE,
        "vnp_BankTranNo": f"MC{secrets.randbelow(10**10):010d}" if paid else "",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": request.order_info,
        "vnp_PayDate": vnpay.format_date(now or timezone.now()),
        "vnp_ResponseCode": response_code,
        # VNPay numbers every transaction it saw through; a cancelled one carries "0".
        "vnp_TransactionNo": str(10_000_000 + secrets.randbelow(90_000_000)) if paid else "0",
        "vnp_TransactionStatus": status,
        "vnp_TxnRef": request.txn_ref,
    }
    # Empty optional parameters are left out, as VNPay's own samples do.
    params = {key: value for key, value in params.items() if value != ""}
    return vnpay.signed_query(params, SandboxGateway.from_settings().secret)


def ipn_url(result_query: str, base_url: str = "") -> str:
    """``PAYMENT_IPN_BASE_URL`` (default ``PUBLIC_BASE_URL``), else the address the sandbox
    page was served on (``base_url``)."""
    base = (settings.PAYMENT_IPN_BASE_URL or base_url or public_base_url()).rstrip("/")
    return f"{base}{reverse('payments:ipn')}?{result_query}"


def return_url(request: SandboxRequest, result_query: str) -> str:
    separator = "&" if "?" in request.return_url else "?"
    return f"{request.return_url}{separator}{result_query}"


@dataclass(frozen=True)
class IpnDelivery:
    """What happened to the server-to-server notification."""

    url: str
    status: int | None
    answer: dict[str, str] | None
    error: str = ""

    @property
    def acknowledged(self) -> bool:
        # VNPay stops notifying on "00" (confirmed) and "02" (already confirmed).
        return bool(self.answer) and (self.answer or {}).get("RspCode") in ("00", "02")


def deliver_ipn(url: str, *, timeout: float | None = None) -> IpnDelivery:
    """Send the IPN as VNPay does: an HTTP GET carrying the signed result, answered with
    JSON ``{"RspCode": "00", "Message": "Confirm Success"}``. A network failure is
    logged and reported, never raised: the browser still goes to the return page, which
    confirms the payment by itself (with the same checks) when no IPN came through."""
    timeout = settings.PAYMENT_SANDBOX_IPN_TIMEOUT if timeout is None else timeout
    request = Request(url, headers={"User-Agent": "motcua-sandbox-gateway/1.0"}, method="GET")
    try:
        with urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured URL
            status = response.status
            body = response.read(4096)
    except (URLError, OSError, TimeoutError) as exc:
        logger.warning("sandbox IPN to %s failed: %s", url.split("?")[0], exc)
        return IpnDelivery(url, None, None, str(exc))
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):
        logger.warning("sandbox IPN to %s: answer is not JSON (HTTP %s)", url, status)
        return IpnDelivery(url, status, None, "invalid answer")
    return IpnDelivery(url, status, {str(k): str(v) for k, v in answer.items()})
