"""Online payment of fees and charges (thanh toán trực tuyến phí, lệ phí): the orders sent to
a gateway, the append-only log of every message the gateway sent back, and the receipts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import AppendOnly, AppendOnlyQuerySet, Dossier
from motcua.payments.choices import CallbackKind, DeskMethod, PaymentStatus


class PaymentOrder(models.Model):
    """Giao dịch thanh toán: one attempt to pay a dossier's fees through a gateway.

    ``txn_ref`` is our order id, sent to the gateway as ``vnp_TxnRef`` and read back from
    its callbacks. The status moves only by compare-and-set from an open status
    (``PaymentStatus.OPEN``), so two callbacks for the same order cannot both apply."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="payment_orders", verbose_name=_("hồ sơ")
    )
    txn_ref = models.CharField(_("mã giao dịch"), max_length=64, unique=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    gateway = models.CharField(_("cổng thanh toán"), max_length=30)
    description = models.CharField(_("nội dung thanh toán"), max_length=255, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=PaymentStatus.choices(),
        default=PaymentStatus.PENDING,
        db_index=True,
    )
    # Paid at the gateway although the dossier had already been paid (two tabs, or paid at
    # the desk meanwhile): the money must go back; the dossier is charged once.
    refund_required = models.BooleanField(_("phải hoàn tiền"), default=False, db_index=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    expires_at = models.DateTimeField(_("hạn thanh toán"))
    paid_at = models.DateTimeField(_("thời điểm thanh toán"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    gateway_transaction_no = models.CharField(
        _("mã giao dịch tại cổng thanh toán"), max_length=64, blank=True
    )
    bank_code = models.CharField(_("ngân hàng"), max_length=20, blank=True)
    response_code = models.CharField(_("mã phản hồi"), max_length=4, blank=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The books charge a dossier once: at most one paid order counts for it.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(status=PaymentStatus.PAID, refund_required=False),
                name="payment_one_counted_paid_order_per_dossier",
            ),
            # Starting a payment twice (two tabs) reuses the pending order.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(status=PaymentStatus.PENDING),
                name="payment_one_pending_order_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return self.txn_ref

    @property
    def status_label(self) -> str:
        return PaymentStatus.label(self.status)

    @property
    def status_color(self) -> str:
        return PaymentStatus.color(self.status)

    @property
    def is_counted(self) -> bool:
        """This order is the dossier's payment in the books."""
        return self.status == PaymentStatus.PAID and not self.refund_required


class PaymentEvent(AppendOnly):
    """Nhật ký thanh toán: every message received from a gateway (return or IPN), verified
    or not, with the answer we gave. Written once, never changed."""

    order = models.ForeignKey(
        PaymentOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    # As received (the order may not exist: an unknown or forged reference).
    txn_ref = models.CharField(max_length=100, blank=True, db_index=True)
    kind = models.CharField(max_length=10, choices=CallbackKind.choices())
    params = models.JSONField(default=dict)
    verified = models.BooleanField(default=False)
    outcome = models.CharField(max_length=4)
    message = models.CharField(max_length=300, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thanh toán")
        verbose_name_plural = _("nhật ký thanh toán")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.txn_ref} {self.outcome}"


class PaymentReceipt(models.Model):
    """Biên lai thu phí, lệ phí: issued once, when the gateway confirms the payment."""

    order = models.OneToOneField(PaymentOrder, on_delete=models.PROTECT, related_name="receipt")
    number = models.CharField(_("số biên lai"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("thời điểm lập"), default=timezone.now)

    class Meta:
        verbose_name = _("biên lai")
        verbose_name_plural = _("biên lai")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("receipts are never changed once issued")
        super().save(*args, **kwargs)


class DeskPayment(models.Model):
    """Thu phí, lệ phí tại Bộ phận Một cửa: a payment taken at the counter — cash, a bank
    transfer or the card terminal — at reception, while the agency waits for it, or when
    the result is handed back. The clerk records the method, the amount (what was due, or
    less under a legal exemption stated with its reason) and the number of the paper
    receipt (biên lai) given to the payer. Written once, never changed: a mistake is
    settled by the unit's accounting, not by editing the row."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="desk_payment", verbose_name=_("hồ sơ")
    )
    # The desk that took the money and numbers its receipts.
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("nơi thu")
    )
    method = models.CharField(_("hình thức nộp"), max_length=20, choices=DeskMethod.choices())
    amount = models.PositiveBigIntegerField(_("số tiền đã nộp (đồng)"))
    amount_due = models.PositiveBigIntegerField(_("số tiền phải nộp (đồng)"))
    exemption_reason = models.TextField(_("căn cứ miễn, giảm"), blank=True)
    receipt_number = models.CharField(_("số biên lai"), max_length=40)
    dossier_state = models.CharField(_("trạng thái hồ sơ khi thu"), max_length=30)
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thu"),
    )
    recorded_at = models.DateTimeField(_("thời điểm thu"), default=timezone.now)

    class Meta:
        verbose_name = _("khoản thu tại quầy")
        verbose_name_plural = _("khoản thu tại quầy")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            # A receipt book's number is used once per desk.
            models.UniqueConstraint(
                fields=["unit", "receipt_number"], name="desk_payment_receipt_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} — {self.dossier_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("desk payments are never changed once recorded")
        super().save(*args, **kwargs)

    @property
    def method_label(self) -> str:
        return DeskMethod.label(self.method)

    @property
    def exempted(self) -> bool:
        return self.amount < self.amount_due
