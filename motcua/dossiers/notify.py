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

Everything leaves after the transaction commits (nothing is announced that was rolled
back) and each channel on its own: a gateway that is down is logged and never undoes or
breaks the action that notified.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier, Notification
from motcua.integrations.senders import CHANNELS, Channel, get_sender, mask_phone
from motcua.org.choices import Role
from motcua.org.models import Unit, User

logger = logging.getLogger(__name__)


def _after_commit(channel: str, recipient: str, code: str, send: Callable[[], None]) -> None:
    """Run ``send`` once the current transaction commits; log, never raise, if it fails."""

    def run() -> None:
        try:
            send()
        except Exception:
            # The dossier is already saved; the applicant still sees the change in the
            # portal and on the lookup page. Log enough for support to resend by hand.
            logger.exception(
                "Không gửi được thông báo %s (hồ sơ %s, tới %s)", channel, code, recipient
            )

    transaction.on_commit(run, robust=True)


def _email_after_commit(address: str, subject: str, message: str, code: str = "") -> None:
    if not address:
        return
    _after_commit(
        "email",
        address,
        code,
        lambda: send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [address]),
    )


def _text_after_commit(channel: Channel, phone: str, text: str, code: str) -> None:
    if not phone:
        return

    def send() -> None:
        # Looked up when sending, so that the sender in force at that moment is used.
        sender = get_sender(channel)
        if sender is not None:
            sender.send(phone, text)

    _after_commit(channel, mask_phone(phone), code, send)


def _is_applicant(user: User | None, dossier: Dossier) -> bool:
    return user is None or (dossier.applicant_id is not None and user.pk == dossier.applicant_id)


def _notify_applicant(user: User | None, dossier: Dossier, message: str) -> None:
    from motcua.dossiers.documents.context import lookup_url

    email = (user.email if user is not None else "") or dossier.applicant_email
    phone = dossier.applicant_phone or (user.phone if user is not None else "")
    body = "\n\n".join(
        [message, _("Tra cứu tình trạng hồ sơ: %(url)s") % {"url": lookup_url(dossier.code, key=dossier.lookup_key)}]
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
