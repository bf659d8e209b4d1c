"""Payment order states, callback kinds and the IPN answer codes of the VNPay protocol."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet


class PaymentStatus(ChoiceSet):
    """Trạng thái giao dịch thanh toán."""

    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    CHOICES = (
        (PENDING, _("Chờ thanh toán"), "yellow"),
        (PAID, _("Đã thanh toán"), "green"),
        (FAILED, _("Thanh toán không thành công"), "red"),
        (CANCELLED, _("Đã hủy giao dịch"), "secondary"),
        (EXPIRED, _("Hết hạn thanh toán"), "dark"),
    )

    # A gateway result may still be applied to these. "expired" is our own decision (the
    # order's time ran out on our side); if the gateway nevertheless took the money, its
    # word wins and the payment is recorded. "failed" and "cancelled" were reported by the
    # gateway itself and are final, like "paid".
    OPEN = frozenset({PENDING, EXPIRED})
    FINAL = frozenset({PAID, FAILED, CANCELLED})


class CallbackKind(ChoiceSet):
    """Where a gateway message came in: the browser's return or the server-to-server IPN."""

    RETURN = "return"
    IPN = "ipn"

    CHOICES = (
        (RETURN, _("Trang kết quả (trình duyệt)"), "blue"),
        (IPN, _("Thông báo IPN (máy chủ cổng thanh toán)"), "cyan"),
    )


class IpnCode:
    """Answer codes of VNPay's IPN (``{"RspCode": ..., "Message": ...}``). The messages are
    the protocol's, in English, read by the gateway's machine, not by a person."""

    CONFIRMED = "00"
    ORDER_NOT_FOUND = "01"
    ALREADY_CONFIRMED = "02"
    INVALID_AMOUNT = "04"
    INVALID_SIGNATURE = "97"
    UNKNOWN_ERROR = "99"

    MESSAGES = {
        CONFIRMED: "Confirm Success",
        ORDER_NOT_FOUND: "Order not found",
        ALREADY_CONFIRMED: "Order already confirmed",
        INVALID_AMOUNT: "Invalid amount",
        INVALID_SIGNATURE: "Invalid signature",
        UNKNOWN_ERROR: "Unknown error",
    }

    # Codes that mean a callback was refused: logged at WARNING.
    REJECTED = frozenset({ORDER_NOT_FOUND, INVALID_AMOUNT, INVALID_SIGNATURE, UNKNOWN_ERROR})


class DeskMethod(ChoiceSet):
    """Hình thức nộp phí, lệ phí tại Bộ phận Một cửa."""

    CASH = "cash"
    BANK_TRANSFER = "bank_transfer"
    CARD_TERMINAL = "card_terminal"

    CHOICES = (
        (CASH, _("Tiền mặt"), "green"),
        (BANK_TRANSFER, _("Chuyển khoản"), "blue"),
        (CARD_TERMINAL, _("Quẹt thẻ (máy POS)"), "cyan"),
    )
