"""Notifications through the tasks API: a failing sender is retried with growing delays on
the database worker, then kept as failed, listed for the administrator with its error, and
sent again from there."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from motcua.integrations import senders
from motcua.integrations.models import FailedNotification
from motcua.integrations.tasks import enqueue_message
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2025, 1, 24, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def broken_sms(settings, monkeypatch):
    settings.SMS_SENDER = "motcua.integrations.senders.LocmemSender"
    calls = []

    def broken(self, to, text):
        calls.append(to)
        raise ConnectionError("SMS gateway down")

    monkeypatch.setattr(senders.LocmemSender, "send", broken)
    return calls


def _worker():
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="test",
        excluded_queue_names=[],
    )


def test_a_failing_sender_is_retried_with_backoff_then_shows_as_failed(settings, broken_sms):
    from django_tasks_db.models import DBTaskResult

    settings.NOTIFY_TASK_BACKEND = "default"  # the database worker, as in production
    settings.NOTIFY_RETRY_SECONDS = "30,120"
    worker = _worker()
    due = START
    with time_machine.travel(START, tick=False) as clock:
        enqueue_message("sms", "0905123456", "", "Hồ sơ đã được tiếp nhận.", "H99-250124-0001")
        for attempt, wait in ((1, 30), (2, 120)):
            queued = DBTaskResult.objects.ready().get()
            worker.run_task(queued)
            queued.refresh_from_db()
            assert queued.status == "SUCCESSFUL"  # this attempt handed over to the next
            assert len(broken_sms) == attempt
            # The next attempt waits: nothing is ready until the delay has passed.
            assert not DBTaskResult.objects.ready().exists()
            later = DBTaskResult.objects.filter(status="READY").get()
            due += timedelta(seconds=wait)  # 30 s after the 1st failure, 120 s after the 2nd
            assert later.run_after == due
            clock.move_to(later.run_after)
        last = DBTaskResult.objects.ready().get()
        worker.run_task(last)
    last.refresh_from_db()
    assert last.status == "FAILED"
    assert len(broken_sms) == 3
    failed = FailedNotification.objects.get()
    assert (failed.channel, failed.recipient, failed.attempts, failed.error) == (
        "sms",
        "0905123456",
        3,
        "ConnectionError: SMS gateway down",
    )
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_administrator_sees_failed_notifications_and_sends_them_again(
    settings, broken_sms, monkeypatch
):
    settings.NOTIFY_RETRY_SECONDS = ""  # one attempt
    enqueue_message("sms", "0905123456", "", "Hồ sơ đã có kết quả.", "H99-250124-0007")
    enqueue_message("email", "binh@example.vn", "[motcua] x", "Đã xong.", "H99-250124-0008")
    failed = FailedNotification.objects.get()
    admin = UserFactory(username="quantri", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    page = client.get("/admin/integrations/failednotification/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "ConnectionError: SMS gateway down" in html
    assert "H99-250124-0007" in html and "0905…456" in html
    assert "0905123456" not in html
    # The gateway is back: "Gửi lại" sends it through the task again.
    monkeypatch.undo()
    settings.SMS_SENDER = "motcua.integrations.senders.LocmemSender"
    senders.outbox.clear()
    answer = client.post(
        "/admin/integrations/failednotification/",
        {"action": "send_again", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "Đã gửi lại 1 thông báo." in answer.content.decode()
    assert [(m.channel, m.to, m.text) for m in senders.outbox] == [
        ("sms", "0905123456", "Hồ sơ đã có kết quả.")
    ]
    failed.refresh_from_db()
    assert failed.retried_at is not None
    assert len(mail.outbox) == 1
