"""Sign in with an email address or a mobile number instead of the username."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from motcua.accounts.validators import normalize_phone, phone_variants
from motcua.org.models import User


class EmailOrPhoneBackend(ModelBackend):
    """Finds the account by email (case-insensitive) or by mobile number (any common
    spelling: 0905 123 456, +84905123456); usernames are left to ``ModelBackend``, listed
    beside it in ``AUTHENTICATION_BACKENDS``. An identifier shared by several accounts
    (older staff rows) signs in nobody rather than guessing."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        identifier = username.strip()
        if "@" in identifier:
            candidates = User.objects.filter(email__iexact=identifier)
        elif phone := normalize_phone(identifier):
            candidates = User.objects.filter(phone__in=phone_variants(phone))
        else:
            return None
        matches = list(candidates[:2])
        if len(matches) != 1:
            # Same cost as a password check, so that timing does not reveal which
            # identifiers exist (as ModelBackend does).
            User().set_password(password)
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first in ``AUTHENTICATION_BACKENDS``: a sign-in through a page
    (``/login/``, ``/admin/login/``) while its account name or address is locked out is
    refused. Calls without a request (a management command, the test client's
    ``login()``) carry no address to count and are left to the other backends."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
