"""Writes on accounts (Zulip style): registration, profile changes and OpenID Connect
sign-in, each atomic and audited."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import CitizenProfile, OidcIdentity
from motcua.accounts.validators import (
    normalize_id_number,
    normalize_phone,
    phone_variants,
    validate_id_number,
)
from motcua.core.models import record_audit
from motcua.org.models import Membership, User

logger = logging.getLogger(__name__)

# Any constant: the key of the PostgreSQL advisory lock that serialises writes of contact
# data, so that two registrations with the same email cannot both pass the check.
_CONTACT_LOCK_KEY = 4_672_001


def _lock_contacts() -> None:
    """Serialise check-then-write of emails and phones. SQLite already runs one writer at
    a time (IMMEDIATE transactions, settings.py); PostgreSQL gets a transaction-scoped
    advisory lock. The uniqueness rule lives here rather than as a constraint on
    ``org.User`` because older staff rows may share an address."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CONTACT_LOCK_KEY])


def normalize_email(raw: str) -> str:
    return BaseUserManager.normalize_email((raw or "").strip())


def email_taken(email: str, exclude: User | None = None) -> bool:
    qs = User.objects.filter(email__iexact=email)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return bool(email) and qs.exists()


def phone_taken(phone: str, exclude: User | None = None) -> bool:
    qs = User.objects.filter(phone__in=phone_variants(phone))
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return bool(phone) and qs.exists()


def contact_holders(email: str, phone: str) -> list[User]:
    """The accounts already using ``email`` (any case) or ``phone`` (any spelling)."""
    condition = Q(pk__in=[])
    if email:
        condition |= Q(email__iexact=email)
    if phone:
        condition |= Q(phone__in=phone_variants(phone))
    return list(User.objects.filter(condition).order_by("pk"))


def contact_errors(email: str, phone: str, exclude: User | None = None) -> dict[str, str]:
    """Field → Vietnamese message for contacts already used by another account."""
    errors: dict[str, str] = {}
    if email and email_taken(email, exclude):
        errors["email"] = _("Địa chỉ thư điện tử này đã được dùng cho một tài khoản khác.")
    if phone and phone_taken(phone, exclude):
        errors["phone"] = _("Số điện thoại này đã được dùng cho một tài khoản khác.")
    return errors


@dataclass
class _Contacts:
    email: str
    phone: str
    id_number: str


def _clean_contacts(email: str, phone: str, id_number: str) -> _Contacts:
    """Normalise and validate what forms already validated: the action is the last line
    (the API, a management command or a test may call it directly)."""
    errors: dict[str, Any] = {}
    email = normalize_email(email)
    normalized_phone = ""
    if phone:
        normalized_phone = normalize_phone(phone) or ""
        if not normalized_phone:
            errors["phone"] = _("Số điện thoại di động không hợp lệ.")
    id_number = normalize_id_number(id_number)
    if id_number:
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    if not email and not normalized_phone and "phone" not in errors:
        errors["__all__"] = _("Cần nhập địa chỉ thư điện tử hoặc số điện thoại.")
    if errors:
        raise ValidationError(errors)
    return _Contacts(email, normalized_phone, id_number)


def _new_username() -> str:
    """Citizens sign in with their email or phone; the username is an internal handle that
    can never be mistaken for either (no "@", not all digits)."""
    while True:
        candidate = f"congdan-{secrets.token_hex(5)}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def do_register_citizen(
    *,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    id_number: str = "",
    actor: Any = None,
    active: bool = True,
) -> User:
    """Đăng ký tài khoản người dân: a user without any membership, reachable by email
    and/or phone (unique among all users, email compared case-insensitively). The
    registration page creates it inactive (``active=False``) until the link sent to the
    address or number is opened (``do_confirm_registration``)."""
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ValidationError({"full_name": _("Cần nhập họ và tên.")})
    contacts = _clean_contacts(email, phone, id_number)
    with transaction.atomic():
        _lock_contacts()
        errors = contact_errors(contacts.email, contacts.phone)
        if errors:
            raise ValidationError(errors)
        user = User(
            username=_new_username(),
            full_name=full_name,
            email=contacts.email,
            phone=contacts.phone,
            is_active=active,
        )
        user.set_password(password)
        user.save()
        if contacts.id_number:
            CitizenProfile.objects.create(user=user, id_number=contacts.id_number)
        record_audit(
            actor if actor is not None else user,
            "accounts.register",
            user,
            _("Đăng ký tài khoản người dân %(name)s") % {"name": full_name},
            # Which contacts were given, not their values: the audit trail is read by
            # administrators, personal data stays in the account.
            {
                "email": bool(contacts.email),
                "phone": bool(contacts.phone),
                "id_number": bool(contacts.id_number),
            },
        )
    return user


def do_update_profile(
    user: User,
    *,
    full_name: str,
    email: str = "",
    phone: str = "",
    id_number: str = "",
) -> User:
    """Tài khoản của tôi: the owner changes their name, contacts and ID number, with the
    same rules as at registration. Changing a number the identity provider vouched for
    makes it self-declared again."""
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ValidationError({"full_name": _("Cần nhập họ và tên.")})
    contacts = _clean_contacts(email, phone, id_number)
    with transaction.atomic():
        _lock_contacts()
        errors = contact_errors(contacts.email, contacts.phone, exclude=user)
        if errors:
            raise ValidationError(errors)
        user = User.objects.select_for_update().get(pk=user.pk)
        changed = [
            name
            for name, value in (
                ("full_name", full_name),
                ("email", contacts.email),
                ("phone", contacts.phone),
            )
            if getattr(user, name) != value
        ]
        user.full_name, user.email, user.phone = full_name, contacts.email, contacts.phone
        if changed:
            user.save(update_fields=changed)
        profile = CitizenProfile.objects.filter(user=user).first()
        if (profile.id_number if profile else "") != contacts.id_number:
            changed.append("id_number")
            if profile is None:
                profile = CitizenProfile(user=user)
            profile.id_number = contacts.id_number
            profile.id_number_verified = False
            profile.save()
        if changed:
            record_audit(
                user,
                "accounts.update_profile",
                user,
                _("Cập nhật thông tin tài khoản"),
                {"fields": changed},
            )
    return user


# -- OpenID Connect ------------------------------------------------------------------------


class OidcAccountRefused(Exception):
    """The identity is valid but may not sign in (a locked account)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _is_staff(user: User) -> bool:
    return (
        user.is_superuser
        or user.is_staff
        # Any membership, even an ended one: a former officer's account is not a citizen's.
        or Membership.objects.filter(user=user).exists()
    )


def _claim_name(claims: Mapping[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    if not name:
        # Vietnamese order: family (họ), middle, given (tên).
        parts = [claims.get("family_name"), claims.get("middle_name"), claims.get("given_name")]
        name = " ".join(str(p).strip() for p in parts if p)
    return " ".join(name.split())[:150]


def _claim_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def do_oidc_login(
    *, issuer: str, claims: Mapping[str, Any], id_number_claim: str = "citizen_id"
) -> User:
    """Đăng nhập bằng định danh điện tử: the user linked to (issuer, sub); otherwise a
    citizen account whose email the provider verified (never a staff account); otherwise a
    new citizen account made from the claims. Contacts already used by another account
    are left out of the new one rather than shared."""
    subject = str(claims["sub"])
    now = timezone.now()
    with transaction.atomic():
        _lock_contacts()
        identity = (
            OidcIdentity.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is not None:
            if not identity.user.is_active:
                raise OidcAccountRefused(_("Tài khoản liên kết với định danh này đã bị khóa."))
            identity.last_login = now
            identity.save(update_fields=["last_login"])
            _fill_id_number(identity.user, claims.get(id_number_claim))
            return identity.user

        email = normalize_email(str(claims.get("email") or ""))
        phone = normalize_phone(str(claims.get("phone_number") or "")) or ""
        user: User | None = None
        if email and _claim_true(claims.get("email_verified")):
            matches = list(User.objects.filter(email__iexact=email)[:2])
            if len(matches) == 1 and not _is_staff(matches[0]):
                user = matches[0]
                if not user.is_active:
                    raise OidcAccountRefused(
                        _("Tài khoản gắn với địa chỉ thư điện tử này đã bị khóa.")
                    )
            elif matches:
                logger.warning(
                    "OIDC %s sub %s: email belongs to a staff account; not linked", issuer, subject
                )
        created = user is None
        if user is None:
            user = User(
                username=_new_username(),
                full_name=_claim_name(claims),
                email="" if email_taken(email) else email,
                phone="" if phone_taken(phone) else phone,
            )
            user.set_unusable_password()
            user.save()
        identity = OidcIdentity.objects.create(
            user=user, issuer=issuer, subject=subject, last_login=now
        )
        _fill_id_number(user, claims.get(id_number_claim))
        record_audit(
            user,
            "accounts.oidc_register" if created else "accounts.oidc_link",
            identity,
            (
                _("Tạo tài khoản người dân từ định danh điện tử")
                if created
                else _("Liên kết định danh điện tử với tài khoản người dân")
            ),
            {"issuer": issuer, "user": user.pk},
        )
    return user


def _fill_id_number(user: User, raw: Any) -> None:
    """Record the ID number the provider vouches for; it replaces a self-declared one."""
    id_number = normalize_id_number(str(raw or ""))
    if not id_number:
        return
    try:
        validate_id_number(id_number)
    except ValidationError:
        logger.warning("OIDC citizen ID claim of user %s is not 12 digits; ignored", user.pk)
        return
    profile, _created = CitizenProfile.objects.get_or_create(user=user)
    if profile.id_number != id_number or not profile.id_number_verified:
        profile.id_number, profile.id_number_verified = id_number, True
        profile.save(update_fields=["id_number", "id_number_verified"])


def do_confirm_registration(user: User) -> User:
    """The registrant opened the link sent to their address or number: the account is
    active from now on."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
            record_audit(user, "accounts.confirm", user, _("Xác nhận đăng ký tài khoản"))
    return user
