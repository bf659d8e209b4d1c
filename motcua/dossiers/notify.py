"""Notifications to staff and applicants.

Staff: an in-app ``Notification`` row, and an e-mail when they have an address.

Applicants (reception or acceptance, supplement request, apology and new appointment,
result ready, refusal, delivery — the actions call ``notify_user(dossier.applicant, …)``):
the in-app row when they have an account, and, whether they have an account or not,

- an e-mail through Django's e-mail backend (``EMAIL_BACKEND``), to the account's address
  or else the one written on the dossier;
- an SMS and a Zalo message through the senders of ``motcua.integrations.senders``
  (``SMS_SENDER``, ``ZALO_SENDER``), to the phone written on the dossier or else the
  account's.

Every message is its own background task (``motcua.integrations.tasks``), and nothing is
announced that was rolled back: with the database task backend (the default) the task rows
are written inside the action's transaction and commit or roll back with it; with another
backend (Redis) they are queued after the commit. A gateway that is down never undoes or
slows the action that notified; the message is retried with growing delays, and after the
last attempt it is listed for the administrator (admin → "Thông báo gửi lỗi") with its
error and a "send again" action.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier, Notification
from motcua.integrations.senders import CHANNELS, Channel, get_sender
from motcua.integrations.tasks import (
    EMAIL,
    enqueue_in_transaction,
    enqueue_messages,
    queued_in_database,
)
from motcua.org.choices import Role
from motcua.org.models import Unit, User

logger = logging.getLogger(__name__)


def _after_commit(channel: str, to: str, subject: str, text: str, code: str) -> None:
    """Hand the message to the background worker once the current transaction commits
    (``motcua.integrations.tasks.deliver_message``: retried with backoff, kept as failed
    for the administrator after the last attempt). With the database backend the task row
    is written at once, in the current transaction; otherwise the messages of one
    transaction are queued together after its commit, in one transaction of their own, and
    a queue that is down never raises into the action (the message is sent at once)."""
    conn = transaction.get_connection()
    message = (channel, to, subject, text, code)
    if not conn.in_atomic_block:
        enqueue_messages([message])
        return
    if queued_in_database():
        # The queue is a table of this database: the message row is written with the
        # action and commits or rolls back with it (a rolled-back savepoint takes it too).
        enqueue_in_transaction(message)
        return
    # Join the batch registered just before, at the same savepoint level (so that a
    # rolled-back savepoint takes its messages with it); else start a batch.
    last = conn.run_on_commit[-1] if conn.run_on_commit else None
    batch = getattr(conn, "_notify_batch", None)
    if (
        batch is not None
        and last is not None
        and last[1] is batch[1]
        and last[0] == set(conn.savepoint_ids)
    ):
        batch[0].append(message)
        return
    messages = [message]

    def flush() -> None:
        enqueue_messages(messages)

    conn._notify_batch = (messages, flush)  # type: ignore[attr-defined]
    transaction.on_commit(flush, robust=True)


def _email_after_commit(address: str, subject: str, message: str, code: str = "") -> None:
    if not address:
        return
    _after_commit(EMAIL, address, subject, message, code)


def _text_after_commit(channel: Channel, phone: str, text: str, code: str) -> None:
    if not phone or get_sender(channel) is None:  # no number, or the channel is off
        return
    _after_commit(channel, phone, "", text, code)


def _is_applicant(user: User | None, dossier: Dossier) -> bool:
    return user is None or (dossier.applicant_id is not None and user.pk == dossier.applicant_id)


def _notify_applicant(user: User | None, dossier: Dossier, message: str) -> None:
    from motcua.dossiers.documents.context import lookup_url

    email = (user.email if user is not None else "") or dossier.applicant_email
    phone = dossier.applicant_phone or (user.phone if user is not None else "")
    body = "\n\n".join(
        [
            message,
            _("Tra cứu tình trạng hồ sơ: %(url)s")
            % {"url": lookup_url(dossier.code, key=dossier.lookup_key)},
        ]
    )
    _email_after_commit(email, f"[motcua] {dossier.code}", body, dossier.code)
    for channel in CHANNELS:
        _text_after_commit(channel, phone, message, dossier.code)


def notify_user(user: User | None, dossier: Dossier | None, message: str) -> None:
    """Tell ``user`` about ``dossier``. ``user`` None with a dossier means its applicant
    without an account: only the contact details written on the dossier are used."""
    if user is not None:
        Notification.objects.create(user=user, dossier=dossier, message=message[:500])
    if dossier is not None and _is_applicant(user, dossier):
        _notify_applicant(user, dossier, message)
    elif user is not None:
        code = dossier.code if dossier else ""
        _email_after_commit(user.email, f"[motcua] {code}", message, code)


@dataclass(frozen=True)
class StaffMessage:
    user: User
    dossier: Dossier | None
    message: str


def notify_staff_many(messages: list[StaffMessage]) -> None:
    """``notify_user`` for many messages at once (the deadline sweep): the in-app rows in
    one INSERT per thousand, then each e-mail after the commit as usual."""
    Notification.objects.bulk_create(
        [Notification(user=m.user, dossier=m.dossier, message=m.message[:500]) for m in messages],
        batch_size=1000,
    )
    for m in messages:
        if m.dossier is not None and _is_applicant(m.user, m.dossier):
            _notify_applicant(m.user, m.dossier, m.message)
        else:
            code = m.dossier.code if m.dossier else ""
            _email_after_commit(m.user.email, f"[motcua] {code}", m.message, code)


def notify_unit_role(
    unit: Unit, role: str, dossier: Dossier | None, message: str, *, also_heads: bool = False
) -> list[User]:
    roles = {role, Role.UNIT_HEAD} if also_heads else {role}
    users = list(
        User.objects.filter(
            memberships__unit=unit, memberships__role__in=roles, memberships__is_active=True
        ).distinct()
    )
    for user in users:
        notify_user(user, dossier, message)
    return users


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
