"""Forms of the account pages: they parse and check input, the actions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from motcua.accounts.actions import contact_errors, normalize_email
from motcua.accounts.validators import (
    normalize_id_number,
    normalize_phone,
    validate_id_number,
    validate_phone,
)
from motcua.org.models import User


def _text(**attrs: Any) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


class ContactFields(forms.Form):
    """Name, contacts and ID number, shared by registration and the profile page."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        widget=_text(autocomplete="name"),
        error_messages={"required": _("Cần nhập họ và tên.")},
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại di động"),
        required=False,
        max_length=20,
        validators=[validate_phone],
        widget=_text(autocomplete="tel", inputmode="tel", placeholder="0905123456"),
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân (căn cước)"),
        required=False,
        max_length=20,
        validators=[validate_id_number],
        help_text=_("Không bắt buộc. 12 chữ số trên thẻ căn cước."),
        widget=_text(inputmode="numeric", autocomplete="off"),
    )

    # The account whose own contacts do not count as taken (the profile page).
    owner: User | None = None
    # Registration says nothing about taken contacts (motcua.accounts.confirm).
    check_taken = True

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"]
        return (normalize_phone(raw) or "") if raw else ""

    def clean_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data["id_number"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, phone = cleaned.get("email", ""), cleaned.get("phone", "")
        if not email and not phone and not self.has_error("email") and not self.has_error("phone"):
            raise forms.ValidationError(
                _("Cần nhập địa chỉ thư điện tử hoặc số điện thoại (ít nhất một trong hai)."),
                code="contact_required",
            )
        if self.check_taken:
            for field, message in contact_errors(email, phone, exclude=self.owner).items():
                self.add_error(field, message)
        return cleaned


class RegistrationForm(ContactFields):
    check_taken = False

    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
        error_messages={"required": _("Cần nhập mật khẩu.")},
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password"}),
        error_messages={"required": _("Cần nhập lại mật khẩu.")},
    )

    field_order = ["full_name", "email", "phone", "password1", "password2", "id_number"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # At request time, in the request's language and with the current validators.
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hai mật khẩu không khớp nhau."))
        elif password1:
            # The validators compare the password with the person's name and contacts.
            candidate = User(
                full_name=cleaned.get("full_name", ""),
                email=cleaned.get("email", ""),
                phone=cleaned.get("phone", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class ProfileForm(ContactFields):
    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
