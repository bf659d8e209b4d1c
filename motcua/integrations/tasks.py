"""Outgoing notifications as background tasks (Django's tasks API): each message is one
task, sent by the worker; a failure is retried with growing delays
(``NOTIFY_RETRY_SECONDS``), and after the last attempt the message is kept as a
``FailedNotification`` for the administrator, who can send it again."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from motcua.integrations.models import FailedNotification
from motcua.integrations.senders import CHANNELS, get_sender, mask_phone

logger = logging.getLogger(__name__)

EMAIL = "email"


def retry_delays() -> list[int]:
    """Seconds to wait before the 2nd, 3rd… attempt: one attempt more than delays."""
    return [int(part) for part in str(settings.NOTIFY_RETRY_SECONDS).split(",") if part.strip()]


def send_now(channel: str, to: str, subject: str, text: str) -> None:
    """One attempt through the channel's sender; raises if it could not send."""
    if channel == EMAIL:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
        return
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    # Looked up when sending, so that the sender in force at that moment is used.
    sender = get_sender(channel)  # type: ignore[arg-type]
    if sender is not None:
        sender.send(to, text)


def shown(channel: str, to: str) -> str:
    """The recipient as logs show it (a phone number masked)."""
    return to if channel == EMAIL else mask_phone(to)


@task()
def deliver_message(
    channel: str, to: str, subject: str, text: str, code: str = "", attempt: int = 1
) -> str:
    try:
        send_now(channel, to, subject, text)
    except Exception as exc:
        delays = retry_delays()
        if attempt <= len(delays):
            later = deliver_message.using(backend=settings.NOTIFY_TASK_BACKEND)
            if later.get_backend().supports_defer:
                later = later.using(
                    run_after=timezone.now() + timedelta(seconds=delays[attempt - 1])
                )
            logger.warning(
                "Gửi thông báo %s (hồ sơ %s, tới %s) lỗi lần %d: %s; sẽ thử lại",
                channel,
                code,
                shown(channel, to),
                attempt,
                exc,
            )
            later.enqueue(channel, to, subject, text, code, attempt + 1)
            return f"lỗi lần {attempt}, sẽ thử lại"
        logger.error(
            "Không gửi được thông báo %s (hồ sơ %s, tới %s) sau %d lần: %s",
            channel,
            code,
            shown(channel, to),
            attempt,
            exc,
        )
        FailedNotification.objects.create(
            channel=channel,
            recipient=to,
            subject=subject[:255],
            text=text,
            dossier_code=code,
            attempts=attempt,
            error=f"{type(exc).__name__}: {exc}",
        )
        # The task itself ends failed too: the backend's own records show it.
        raise
    return "đã gửi"


def enqueue_message(channel: str, to: str, subject: str, text: str, code: str = "") -> Any:
    """Put one message on the queue; if the queue itself cannot take it, send it now (a
    message is never lost because the worker's backend is down)."""
    try:
        return deliver_message.using(backend=settings.NOTIFY_TASK_BACKEND).enqueue(
            channel, to, subject, text, code
        )
    except Exception:
        logger.exception("Không đưa được thông báo %s vào hàng đợi: gửi ngay", channel)
        return deliver_message.call(channel, to, subject, text, code)


Message = tuple[str, str, str, str, str]  # channel, to, subject, text, dossier code


def enqueue_messages(messages: list[Message]) -> None:
    """Put several messages on the queue in one transaction (one commit, not one each:
    what an action's notifications cost after its commit); if the queue cannot take
    them, each is sent now instead."""
    try:
        with transaction.atomic():
            for message in messages:
                deliver_message.using(backend=settings.NOTIFY_TASK_BACKEND).enqueue(*message)
    except Exception:
        logger.exception("Không đưa được %d thông báo vào hàng đợi: gửi ngay", len(messages))
        for message in messages:
            try:
                deliver_message.call(*message)
            except Exception:
                logger.exception("Không gửi được thông báo %s (hồ sơ %s)", message[0], message[4])


def queued_in_database(alias: str | None = None) -> bool:
    """Whether the tasks of backend ``alias`` (the notifications' by default) are rows of
    the database the current transaction writes (django-tasks-db on the default database):
    then a message can be queued inside the transaction that notifies, committed or rolled
    back with it, instead of in a transaction of its own after the commit."""
    from django.db import router
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    try:
        backend = task_backends[alias or settings.NOTIFY_TASK_BACKEND]
    except Exception:  # an unknown or broken backend: the after-commit path reports it
        return False
    if not isinstance(backend, DatabaseBackend):
        return False
    return router.db_for_write(DBTaskResult) == transaction.get_connection().alias


def enqueue_in_transaction(message: Message) -> None:
    """Queue ``message`` now, in the current transaction (``queued_in_database`` must
    hold): the row becomes visible to the worker at the commit, and vanishes with a
    rollback — nothing is announced that did not happen, and no second transaction is
    needed."""
    deliver_message.using(backend=settings.NOTIFY_TASK_BACKEND).enqueue(*message)


def retry_failed(failed: FailedNotification) -> None:
    """Send a failed notification again (from attempt one); the row stays as history."""
    enqueue_message(
        failed.channel, failed.recipient, failed.subject, failed.text, failed.dossier_code
    )
    FailedNotification.objects.filter(pk=failed.pk).update(retried_at=timezone.now())
