"""System checks of the payment settings (run by `manage.py check`, and with --deploy)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from motcua.payments.gateways import get_gateway
from motcua.payments.gateways.sandbox import DEVELOPMENT_SECRET


@register(Tags.security, deploy=True)
def sandbox_in_production(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The sandbox takes no money and its default secret is public: on a server, either a
    real gateway is configured or the sandbox at least has its own secret."""
    if settings.PAYMENT_GATEWAY != "sandbox":
        return []
    hint = "Set PAYMENT_GATEWAY to a real gateway, or PAYMENT_SANDBOX_SECRET to a secret."
    if settings.PAYMENT_SANDBOX_SECRET == DEVELOPMENT_SECRET:
        return [
            Warning(
                "The sandbox payment gateway runs with its public development secret.",
                hint=hint,
                id="payments.W001",
            )
        ]
    return []


@register()
def gateway_configured(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        gateway = get_gateway()
    except Exception as exc:  # an unknown name, a bad dotted path: say which
        return [Error(f"PAYMENT_GATEWAY: {exc}", id="payments.E001")]
    if gateway.name == "vnpay" and not (
        settings.PAYMENT_VNPAY_TMN_CODE and settings.PAYMENT_VNPAY_SECRET
    ):
        return [
            Error(
                "PAYMENT_GATEWAY is vnpay but PAYMENT_VNPAY_TMN_CODE or PAYMENT_VNPAY_SECRET "
                "is empty.",
                id="payments.E002",
            )
        ]
    return []
