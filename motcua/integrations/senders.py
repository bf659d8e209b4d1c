"""Text-message senders (SMS, Zalo) behind one small interface.

A sender is anything with ``send(to, text)``; which class sends each channel is a setting
(``SMS_SENDER``, ``ZALO_SENDER``: a dotted path, empty to switch the channel off), so that
a province plugs in the gateway it has a contract with without touching the code that
decides *what* to send (``motcua.dossiers.notify``). The registry builds the class with
one keyword argument, ``channel`` ("sms" or "zalo"), and keeps one instance per path and
channel for the life of the process.

Shipped senders: ``ConsoleSender`` (the default: writes the message to the log, as
Django's console e-mail backend does for mail) and ``LocmemSender`` (keeps messages in
``outbox`` for tests, like ``django.core.mail.outbox``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Literal, Protocol, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

Channel = Literal["sms", "zalo"]
CHANNELS: tuple[Channel, ...] = ("sms", "zalo")
# The setting that names the sender class of each channel.
SETTING: dict[Channel, str] = {"sms": "SMS_SENDER", "zalo": "ZALO_SENDER"}
DEFAULT_SENDER = "motcua.integrations.senders.ConsoleSender"


@runtime_checkable
class Sender(Protocol):
    """Sends one text message to one phone number; raises if it could not."""

    def send(self, to: str, text: str) -> None: ...


def mask_phone(number: str) -> str:
    """0905123456 → 0905…456: enough to tell messages apart in a log, not enough to call."""
    digits = number.strip()
    if len(digits) <= 7:
        return "…" + digits[-2:]
    return f"{digits[:4]}…{digits[-3:]}"


class ConsoleSender:
    """Writes "[SMS to 0905…456] text" to the log instead of sending: the default, so that
    a fresh installation shows what it would send and sends nothing."""

    def __init__(self, channel: str = "sms") -> None:
        self.channel = channel

    def send(self, to: str, text: str) -> None:
        logger.info("[%s to %s] %s", self.channel.upper(), mask_phone(to), text)


@dataclass(frozen=True)
class SentMessage:
    channel: str
    to: str
    text: str


# Messages "sent" by LocmemSender, oldest first; tests empty it between runs.
outbox: list[SentMessage] = []


class LocmemSender:
    """Keeps every message in ``motcua.integrations.senders.outbox`` (tests)."""

    def __init__(self, channel: str = "sms") -> None:
        self.channel = channel

    def send(self, to: str, text: str) -> None:
        outbox.append(SentMessage(self.channel, to, text))


@cache
def _build(path: str, channel: Channel) -> Sender:
    try:
        factory = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"{SETTING[channel]}: cannot import {path!r}") from exc
    sender = factory(channel=channel)
    if not isinstance(sender, Sender):
        raise ImproperlyConfigured(f"{path!r} has no send(to, text) method")
    return sender


def get_sender(channel: Channel) -> Sender | None:
    """The configured sender of ``channel``, or None when the channel is switched off
    (its setting is empty)."""
    path = getattr(settings, SETTING[channel], DEFAULT_SENDER)
    if not path:
        return None
    return _build(path, channel)
