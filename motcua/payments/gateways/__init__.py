"""Gateway registry: ``PAYMENT_GATEWAY`` names the gateway new orders go to — "sandbox"
(built in, the default), "vnpay", or the dotted path of a class with a ``from_settings()``
class method that returns a :class:`~motcua.payments.gateways.base.PaymentGateway`."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string

from motcua.payments.gateways.base import Outcome, PaymentGateway, VerifiedCallback

__all__ = ["Outcome", "PaymentGateway", "VerifiedCallback", "get_gateway", "register"]

_FACTORIES: dict[str, Callable[[], PaymentGateway]] = {}


def register(name: str, factory: Callable[[], PaymentGateway]) -> None:
    _FACTORIES[name] = factory


def _builtin() -> None:
    from motcua.payments.gateways.sandbox import SandboxGateway
    from motcua.payments.gateways.vnpay import VnpayGateway

    _FACTORIES.setdefault("sandbox", SandboxGateway.from_settings)
    _FACTORIES.setdefault("vnpay", VnpayGateway.from_settings)


def get_gateway(name: str | None = None) -> PaymentGateway:
    """The gateway called ``name`` (default: the configured one), built from the settings
    at each call so that a changed setting (or a test's override) takes effect."""
    _builtin()
    name = name or settings.PAYMENT_GATEWAY
    factory = _FACTORIES.get(name)
    if factory is None:
        if "." not in name:
            raise LookupError(f"unknown payment gateway {name!r}")
        factory = import_string(name).from_settings
    gateway = factory()
    if not isinstance(gateway, PaymentGateway):
        raise TypeError(f"{name!r} does not implement PaymentGateway")
    return gateway
