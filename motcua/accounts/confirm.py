"""Registration that does not tell who is registered: every valid registration gets the
same answer ("we sent you a link"); a new account is created inactive and the link that
activates it goes to the address or number given; when that address or number already
belongs to an account, its holder gets a notice instead (and nothing is created).

The link is Django's password-reset token (``default_token_generator``): it is tied to the
account's state (password, last sign-in, activation) and expires after
``PASSWORD_RESET_TIMEOUT`` (3 days by default)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from motcua.core.siteurl import public_base_url
from motcua.integrations.senders import get_sender
from motcua.org.models import User

logger = logging.getLogger(__name__)


def confirmation_link(request: Any, user: User, next_url: str = "") -> str:
    path = reverse(
        "accounts:confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return f"{public_base_url(request)}{path}{query}"


def _deliver(email: str, phone: str, subject: str, text: str) -> None:
    """By e-mail when there is an address, else by SMS (never both: one channel
    answers for the registration)."""
    if email:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True)
        return
    sender = get_sender("sms")
    if sender is not None and phone:
        try:
            sender.send(phone, f"{subject}. {text}")
        except Exception:  # a failed SMS must not tell the registrant anything either
            logger.exception("registration SMS to an account holder failed")


def send_confirmation(request: Any, user: User, next_url: str = "") -> None:
    link = confirmation_link(request, user, next_url)
    _deliver(
        user.email,
        user.phone,
        _("Xác nhận đăng ký tài khoản"),
        _(
            "Chào %(name)s, mở liên kết sau để hoàn tất đăng ký tài khoản dịch vụ công: "
            "%(link)s . Nếu bạn không đăng ký, hãy bỏ qua tin này."
        )
        % {"name": user.full_name, "link": link},
    )


def send_already_registered(request: Any, holders: list[User], email: str, phone: str) -> None:
    """A registration used an address or number that is already an account's: tell its
    holder (on the channel that was typed), not the registrant. An account that was never
    confirmed gets its confirmation link again."""
    login_url = f"{public_base_url(request)}{reverse('login')}"
    for holder in holders:
        to_email = email if email and holder.email.lower() == email.lower() else ""
        to_phone = "" if to_email else (holder.phone or phone)
        if not holder.is_active and holder.last_login is None:
            send_confirmation(request, holder)
            continue
        _deliver(
            to_email or ("" if to_phone else holder.email),
            to_phone,
            _("Có người vừa đăng ký bằng địa chỉ của bạn"),
            _(
                "Chào %(name)s, có người vừa dùng địa chỉ thư điện tử hoặc số điện thoại này "
                "để đăng ký tài khoản mới. Bạn đã có tài khoản: đăng nhập tại %(url)s . Nếu "
                "không phải bạn, hãy bỏ qua tin này; tài khoản của bạn không thay đổi."
            )
            % {"name": holder.full_name, "url": login_url},
        )
