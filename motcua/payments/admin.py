"""Read-only admin of payments, for reconciliation: orders (filter "phải hoàn tiền" to find
the duplicates to refund) and the log of every gateway message."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.payments.models import PaymentEvent, PaymentOrder, PaymentReceipt


class ReadOnlyAdmin(admin.ModelAdmin):
    """Payments change only through the gateway's callbacks (actions.py), never by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnlyAdmin):
    list_display = [
        "txn_ref",
        "dossier",
        "amount",
        "gateway",
        "status",
        "refund_required",
        "created_at",
        "paid_at",
        "gateway_transaction_no",
    ]
    list_filter = ["status", "refund_required", "gateway"]
    search_fields = ["txn_ref", "dossier__code", "gateway_transaction_no"]
    date_hierarchy = "created_at"


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "txn_ref", "verified", "outcome", "message", "remote_addr"]
    list_filter = ["kind", "verified", "outcome"]
    search_fields = ["txn_ref"]
    date_hierarchy = "at"


@admin.register(PaymentReceipt)
class PaymentReceiptAdmin(ReadOnlyAdmin):
    list_display = ["number", "order", "issued_at"]
    search_fields = ["number", "order__txn_ref"]
