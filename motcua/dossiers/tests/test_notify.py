"""Notifications to the applicant: e-mail through Django's backend, SMS and Zalo through
the configured senders, after commit, and never at the cost of the action."""

import logging

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from motcua.dossiers import actions, intake
from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier, Notification
from motcua.dossiers.tests.conftest import vn
from motcua.integrations import senders

pytestmark = pytest.mark.django_db

LOCMEM = "motcua.integrations.senders.LocmemSender"
CODE = "000.01.40.H99-240305-0001"


@pytest.fixture(autouse=True)
def locmem_senders(settings):
    settings.SMS_SENDER = LOCMEM
    settings.ZALO_SENDER = LOCMEM
    senders.outbox.clear()
    yield senders.outbox
    senders.outbox.clear()


@pytest.fixture
def clock():
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def texts(channel, to="+84905123456"):  # stored and sent in the +84 form
    return [m.text for m in senders.outbox if m.channel == channel and m.to == to]


def test_reception_sends_the_code_and_appointment_by_email_sms_and_zalo(receive, clock, on_commit):
    with on_commit():
        receive()
    [email] = mail.outbox
    assert email.to == ["binh@example.vn"]
    assert CODE in email.subject
    assert "đã được tiếp nhận; hẹn trả kết quả 17:00 12/03/2024" in email.body
    assert f"/lookup/{CODE}/" in email.body
    expected = f"Hồ sơ {CODE} đã được tiếp nhận; hẹn trả kết quả 17:00 12/03/2024."
    assert texts("sms") == [expected]
    assert texts("zalo") == [expected]


def test_nothing_leaves_when_the_transaction_rolls_back(receive, clock, on_commit):
    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        receive()
        raise RuntimeError("rollback")
    assert mail.outbox == [] and senders.outbox == []
    assert not Dossier.objects.exists()


def test_supplement_request_sends_the_reason(receive, clock, clerk, specialist, on_commit):
    dossier = receive()
    actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
    with on_commit():
        actions.do_request_supplement(dossier, actor=specialist, reason="Thiếu bản sao CCCD của vợ")
    assert texts("sms") == [f"Hồ sơ {CODE} cần bổ sung: Thiếu bản sao CCCD của vợ"]
    assert "Thiếu bản sao CCCD của vợ" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["binh@example.vn"]


def test_apology_sends_the_new_appointment(receive, clock, leader, on_commit):
    dossier = receive()
    clock.move_to(vn("2024-03-06 09:00"))
    with on_commit():
        actions.do_apologise(
            dossier, actor=leader, reason="Chờ xác minh", new_due_at=vn("2024-03-15 17:00")
        )
    [sms] = texts("sms")
    assert "hẹn lại ngày trả kết quả 17:00 15/03/2024" in sms and "Chờ xác minh" in sms
    assert "17:00 15/03/2024" in mail.outbox[-1].body


def test_completion_tells_the_applicant_the_result_is_ready(
    receive, clock, clerk, specialist, leader, on_commit
):
    dossier = receive()
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_hand_on(dossier, actor=specialist)
    with on_commit():
        actions.do_complete(dossier, actor=leader, result_summary="Giấy chứng nhận kết hôn")
    assert texts("sms") == [f"Hồ sơ {CODE} đã có kết quả: Giấy chứng nhận kết hôn."]
    assert texts("zalo") == texts("sms")
    assert any("đã có kết quả" in m.body and m.to == ["binh@example.vn"] for m in mail.outbox)


def test_staff_are_told_in_app_and_by_email_but_never_by_sms(
    receive, clock, clerk, specialist, on_commit
):
    specialist.phone = "0911000111"
    specialist.save(update_fields=["phone"])
    dossier = receive()
    with on_commit():
        actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
    assert Notification.objects.filter(user=specialist).count() == 1
    assert [m.to for m in mail.outbox] == [[specialist.email]]
    assert senders.outbox == []


def test_applicant_with_an_account_gets_the_in_app_row_and_the_account_contacts(
    marriage, commune, clerk, citizen, clock, on_commit
):
    citizen.phone = "0912345678"
    citizen.save(update_fields=["phone"])
    dossier = intake.do_submit_online(
        procedure=marriage, unit=commune, applicant=intake.Applicant("Lê Thị Cúc", user=citizen)
    )
    with on_commit():
        intake.do_accept_online(dossier, actor=clerk)
    assert Notification.objects.filter(user=citizen, dossier=dossier).count() == 1
    assert [m.to for m in mail.outbox] == [[citizen.email]]
    assert len(texts("sms", to="0912345678")) == 1
    assert len(texts("zalo", to="0912345678")) == 1


def test_a_failing_sender_is_retried_then_kept_as_failed_and_does_not_break_the_action(
    receive, clock, settings, on_commit, caplog, monkeypatch
):
    from motcua.integrations.models import FailedNotification

    calls = []

    def broken(self, to, text):
        calls.append(self.channel)
        raise ConnectionError("SMS gateway down")

    monkeypatch.setattr(senders.LocmemSender, "send", broken)
    settings.NOTIFY_RETRY_SECONDS = "30,120"
    with caplog.at_level(logging.ERROR, logger="motcua.integrations.tasks"), on_commit():
        dossier = receive()
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.RECEIVED
    # The e-mail still went; each failing channel was tried three times, then kept.
    assert len(mail.outbox) == 1
    assert calls == ["sms"] * 3 + ["zalo"] * 3
    failed = list(
        FailedNotification.objects.order_by("channel").values_list(
            "channel", "recipient", "dossier_code", "attempts", "error"
        )
    )
    assert failed == [
        ("sms", "+84905123456", CODE, 3, "ConnectionError: SMS gateway down"),
        ("zalo", "+84905123456", CODE, 3, "ConnectionError: SMS gateway down"),
    ]
    failures = [r.getMessage() for r in caplog.records if CODE in r.getMessage()]
    assert len(failures) == 2
    assert "thông báo sms" in failures[0] and "thông báo zalo" in failures[1]
    # The log names the dossier, not the whole phone number.
    assert all("+849…456" in f and "905123456" not in f for f in failures)


def test_a_failing_mail_server_does_not_stop_the_sms(receive, clock, on_commit, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("motcua.integrations.tasks.send_mail", broken)
    with on_commit():
        receive()
    assert mail.outbox == []
    assert len(texts("sms")) == 1 and len(texts("zalo")) == 1


def test_a_channel_switched_off_sends_nothing(receive, clock, settings, on_commit):
    settings.ZALO_SENDER = ""
    with on_commit():
        receive()
    assert len(texts("sms")) == 1
    assert texts("zalo") == []
