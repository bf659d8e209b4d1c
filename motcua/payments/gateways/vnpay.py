"""The VNPay protocol (Cổng thanh toán VNPAY, API version 2.1.0), shared by the real VNPay
adapter and the built-in sandbox.

Signing (VNPay integration guide, "Tạo URL thanh toán" and "Code IPN URL"; the change to
HMAC-SHA512 came with version 2.1.0): take every ``vnp_*`` parameter except
``vnp_SecureHash`` and ``vnp_SecureHashType``, sort by name, URL-encode each value the way
a form does (``quote_plus``: a space becomes ``+``), join as ``k=v&k=v``, and sign that
string with HMAC-SHA512 under the merchant's hash secret; the hex digest travels as
``vnp_SecureHash``. Amounts travel in đồng × 100 (``vnp_Amount=1000000`` is 10 000 đ).
Dates are ``yyyyMMddHHmmss`` in Vietnam time (GMT+7).

Result codes: ``vnp_ResponseCode`` "00" and ``vnp_TransactionStatus`` "00" mean paid; "24"
means the customer cancelled; anything else is a failure (see ``RESPONSE_MESSAGES``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.payments.gateways.base import Outcome, VerifiedCallback

if TYPE_CHECKING:
    from motcua.payments.models import PaymentOrder

VERSION = "2.1.0"
HASH_PARAM = "vnp_SecureHash"
UNSIGNED = frozenset({HASH_PARAM, "vnp_SecureHashType"})
VN_TIME = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
# VNPay carries amounts without decimals, multiplied by 100.
AMOUNT_FACTOR = 100

SUCCESS = "00"
CANCELLED = "24"
# vnp_ResponseCode, as listed in VNPay's integration guide (shown to the citizen).
RESPONSE_MESSAGES = {
    "00": _("Giao dịch thành công."),
    "07": _("Trừ tiền thành công, giao dịch bị nghi ngờ (liên quan tới lừa đảo, bất thường)."),
    "09": _("Thẻ/Tài khoản chưa đăng ký dịch vụ Internet Banking tại ngân hàng."),
    "10": _("Xác thực thông tin thẻ/tài khoản không đúng quá 3 lần."),
    "11": _("Đã hết hạn chờ thanh toán."),
    "12": _("Thẻ/Tài khoản bị khóa."),
    "13": _("Nhập sai mật khẩu xác thực giao dịch (OTP)."),
    "24": _("Khách hàng hủy giao dịch."),
    "51": _("Tài khoản không đủ số dư để thực hiện giao dịch."),
    "65": _("Tài khoản đã vượt quá hạn mức giao dịch trong ngày."),
    "75": _("Ngân hàng thanh toán đang bảo trì."),
    "79": _("Nhập sai mật khẩu thanh toán quá số lần quy định."),
    "99": _("Lỗi không xác định."),
}


def canonical_query(params: Mapping[str, str]) -> str:
    """The string that is signed: sorted ``vnp_*`` parameters, values form-encoded."""
    items = sorted(
        (key, str(value))
        for key, value in params.items()
        if key.startswith("vnp_") and key not in UNSIGNED
    )
    return "&".join(f"{key}={quote_plus(value)}" for key, value in items)


def sign(params: Mapping[str, str], secret: str) -> str:
    """HMAC-SHA512 (hex) of :func:`canonical_query` under ``secret``."""
    message = canonical_query(params).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha512).hexdigest()


def signed_query(params: Mapping[str, str], secret: str) -> str:
    """The query string of a signed request: the canonical query plus its signature."""
    return f"{canonical_query(params)}&{HASH_PARAM}={sign(params, secret)}"


def signature_ok(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get(HASH_PARAM, "")).lower()
    # Constant time: the comparison does not tell a forger how many characters matched.
    return bool(given) and hmac.compare_digest(given, sign(params, secret))


def format_date(value: datetime) -> str:
    return value.astimezone(VN_TIME).strftime(DATE_FORMAT)


def parse_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=VN_TIME)
    except (TypeError, ValueError):
        return None


def parse_amount(value: str | None) -> int | None:
    """``vnp_Amount`` → đồng; None unless a whole number of đồng."""
    if value is None or not str(value).isdigit():
        return None
    raw = int(value)
    if raw % AMOUNT_FACTOR:
        return None
    return raw // AMOUNT_FACTOR


def outcome_of(response_code: str, transaction_status: str | None) -> str:
    # The IPN carries both codes; VNPay's own samples require both to be "00". The return
    # URL of older versions may lack vnp_TransactionStatus: the response code decides then.
    if response_code == SUCCESS and transaction_status in (None, SUCCESS):
        return Outcome.PAID
    if response_code == CANCELLED:
        return Outcome.CANCELLED
    return Outcome.FAILED


def response_message(code: str) -> str:
    return str(RESPONSE_MESSAGES.get(code, RESPONSE_MESSAGES["99"]))


class VnpayProtocolGateway:
    """A gateway that speaks VNPay's protocol against ``pay_url`` with a terminal code and
    a hash secret. The real VNPay adapter and the sandbox differ only in those three."""

    name = "vnpay"
    label = "VNPAY"

    def __init__(self, *, pay_url: str, tmn_code: str, secret: str) -> None:
        self.pay_url = pay_url
        self.tmn_code = tmn_code
        self.secret = secret

    # -- outgoing ---------------------------------------------------------------------------

    def request_params(self, order: PaymentOrder, return_url: str, ip: str) -> dict[str, str]:
        created = timezone.now()
        return {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(order.amount * AMOUNT_FACTOR),
            "vnp_CurrCode": order.currency,
            "vnp_TxnRef": order.txn_ref,
            "vnp_OrderInfo": order.description or order.txn_ref,
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": ip or "127.0.0.1",
            "vnp_CreateDate": format_date(created),
            "vnp_ExpireDate": format_date(max(order.expires_at, created)),
        }

    def payment_url(self, order: PaymentOrder, return_url: str, ip: str) -> str:
        query = signed_query(self.request_params(order, return_url, ip), self.secret)
        return f"{self.pay_url}?{query}"

    # -- incoming ---------------------------------------------------------------------------

    def verify(self, params: Mapping[str, str]) -> VerifiedCallback:
        raw = {str(k): str(v) for k, v in params.items()}
        valid = signature_ok(raw, self.secret) and raw.get("vnp_TmnCode") == self.tmn_code
        response_code = raw.get("vnp_ResponseCode", "")
        return VerifiedCallback(
            valid_signature=valid,
            txn_ref=raw.get("vnp_TxnRef", ""),
            amount=parse_amount(raw.get("vnp_Amount")),
            outcome=outcome_of(response_code, raw.get("vnp_TransactionStatus")),
            response_code=response_code,
            transaction_no=raw.get("vnp_TransactionNo", ""),
            bank_code=raw.get("vnp_BankCode", ""),
            paid_at=parse_date(raw.get("vnp_PayDate", "")),
            params=raw,
        )


class VnpayGateway(VnpayProtocolGateway):
    """The real VNPay (sandbox.vnpayment.vn for merchant testing, the production address
    VNPay gives the merchant otherwise), configured by ``PAYMENT_VNPAY_*``."""

    name = "vnpay"
    label = "VNPAY"

    @classmethod
    def from_settings(cls) -> VnpayGateway:
        return cls(
            pay_url=settings.PAYMENT_VNPAY_URL,
            tmn_code=settings.PAYMENT_VNPAY_TMN_CODE,
            secret=settings.PAYMENT_VNPAY_SECRET,
        )
