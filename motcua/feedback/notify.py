"""Messages about feedback: to the sender (e-mail, SMS, Zalo to the contact he gave; the
in-app row when he sent it from his account) and to the officers of the unit (in-app row
and e-mail, through the dossiers' notifications with no dossier attached). Everything
leaves after the transaction commits, each channel on its own."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.siteurl import public_base_url
from motcua.dossiers.notify import notify_user
from motcua.feedback.models import Feedback
from motcua.integrations.senders import CHANNELS, get_sender, mask_phone
from motcua.org.choices import Role
from motcua.org.models import User

logger = logging.getLogger(__name__)


def _after_commit(what: str, code: str, send: Callable[[], None]) -> None:
    def run() -> None:
        try:
            send()
        except Exception:
            logger.exception("Không gửi được thông báo %s (phản ánh %s)", what, code)

    transaction.on_commit(run, robust=True)


def tracking_url(item: Feedback) -> str:
    return f"{public_base_url()}/feedback/track/{item.code}/"


def notify_sender(item: Feedback, message: str) -> None:
    body = "\n\n".join(
        [message, _("Theo dõi phản ánh, kiến nghị: %(url)s") % {"url": tracking_url(item)}]
    )
    if item.sender_account_id is not None:
        notify_user(item.sender_account, None, message)
    if item.sender_email:
        address = item.sender_email
        _after_commit(
            "email",
            item.code,
            lambda: send_mail(
                f"[motcua] {item.code}", body, settings.DEFAULT_FROM_EMAIL, [address]
            ),
        )
    if item.sender_phone:
        phone = item.sender_phone
        for channel in CHANNELS:

            def send(channel: str = channel) -> None:
                sender = get_sender(channel)  # type: ignore[arg-type]
                if sender is not None:
                    sender.send(phone, message)

            _after_commit(f"{channel} {mask_phone(phone)}", item.code, send)


def officers_of(item: Feedback) -> list[User]:
    """Who must act: the handler (and the unit heads), else the specialists and unit heads
    of the item's unit."""
    roles = {Role.UNIT_HEAD} if item.handler_id else {Role.SPECIALIST, Role.UNIT_HEAD}
    users = list(
        User.objects.filter(
            memberships__unit=item.unit, memberships__role__in=roles, memberships__is_active=True
        ).distinct()
    )
    if item.handler_id and item.handler not in users:
        users.insert(0, item.handler)
    return users


def notify_officers(item: Feedback, message: str, users: list[User] | None = None) -> None:
    for user in users if users is not None else officers_of(item):
        notify_user(user, None, message)
