"""The pluggable text-message senders and their registry."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.integrations import senders


@pytest.fixture(autouse=True)
def empty_outbox():
    senders.outbox.clear()
    yield
    senders.outbox.clear()


def test_the_console_sender_is_the_default_and_logs_a_masked_number(caplog):
    sender = senders.get_sender("sms")
    assert isinstance(sender, senders.ConsoleSender)
    with caplog.at_level(logging.INFO, logger="motcua.integrations.senders"):
        sender.send("0905123456", "Hồ sơ 000.01.40.H99-240305-0001 đã được tiếp nhận.")
    assert caplog.messages == [
        "[SMS to 0905…456] Hồ sơ 000.01.40.H99-240305-0001 đã được tiếp nhận."
    ]
    zalo = senders.get_sender("zalo")
    assert isinstance(zalo, senders.ConsoleSender) and zalo.channel == "zalo"


def test_the_locmem_sender_keeps_messages_per_channel(settings):
    settings.SMS_SENDER = "motcua.integrations.senders.LocmemSender"
    settings.ZALO_SENDER = "motcua.integrations.senders.LocmemSender"
    senders.get_sender("sms").send("0905123456", "một")
    senders.get_sender("zalo").send("0905123456", "hai")
    assert senders.outbox == [
        senders.SentMessage("sms", "0905123456", "một"),
        senders.SentMessage("zalo", "0905123456", "hai"),
    ]


def test_an_empty_setting_switches_the_channel_off(settings):
    settings.ZALO_SENDER = ""
    assert senders.get_sender("zalo") is None


class Gateway:
    """A sender a province would write: built with the channel, sends with send()."""

    def __init__(self, channel):
        self.channel = channel
        self.sent = []

    def send(self, to, text):
        self.sent.append((to, text))


class NotASender:
    def __init__(self, channel):
        pass


def test_any_class_with_send_can_be_plugged_in(settings):
    settings.SMS_SENDER = f"{__name__}.Gateway"
    sender = senders.get_sender("sms")
    assert isinstance(sender, Gateway) and sender.channel == "sms"
    assert isinstance(sender, senders.Sender)
    assert senders.get_sender("sms") is sender  # one instance per process


@pytest.mark.parametrize(
    "path", ["motcua.integrations.senders.NoSuchSender", f"{__name__}.NotASender"]
)
def test_a_wrong_setting_is_a_configuration_error(settings, path):
    settings.SMS_SENDER = path
    with pytest.raises(ImproperlyConfigured):
        senders.get_sender("sms")


@pytest.mark.parametrize(
    ("number", "masked"),
    [("0905123456", "0905…456"), ("+84905123456", "+849…456"), ("1022", "…22")],
)
def test_numbers_are_masked_in_logs(number, masked):
    assert senders.mask_phone(number) == masked
