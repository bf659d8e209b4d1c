"""Notifications to staff and applicants: an in-app row now, an e-mail after commit.

Issue 4 adds SMS/Zalo senders behind the same two functions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from motcua.dossiers.models import Dossier, Notification
from motcua.org.choices import Role
from motcua.org.models import Unit, User


def _email_after_commit(address: str, subject: str, message: str) -> None:
    if not address:
        return
    transaction.on_commit(
        lambda: send_mail(
            subject, message, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True
        )
    )


def notify_user(user: User | None, dossier: Dossier | None, message: str) -> None:
    if user is None:
        if dossier is not None and dossier.applicant_email:
            _email_after_commit(dossier.applicant_email, f"[motcua] {dossier.code}", message)
        return
    Notification.objects.create(user=user, dossier=dossier, message=message[:500])
    _email_after_commit(user.email, f"[motcua] {dossier.code if dossier else ''}", message)


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
