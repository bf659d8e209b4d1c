"""Forms of the feedback pages: they parse input and leave every rule to the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.core.inputs import (
    LONG_TEXT_MAX,
    NAME_MAX,
    PHONE_MAX,
    TITLE_MAX,
    NfcFormMixin,
    clean_phone,
)
from motcua.core.uploads import ACCEPT_ATTRIBUTE, MAX_FILES_PER_DOCUMENT, check_upload
from motcua.feedback.choices import Channel, ProposalKind


class SendForm(NfcFormMixin, forms.Form):
    """Gửi phản ánh, kiến nghị (portal, desk, hotline share the fields). The attachments
    (``files``, several) come as ``files_list`` and go through the one upload check."""

    accept = ACCEPT_ATTRIBUTE

    title = forms.CharField(label=_("Tiêu đề"), max_length=TITLE_MAX)
    content = forms.CharField(
        label=_("Nội dung"), max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(label=_("Họ và tên"), max_length=NAME_MAX)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=PHONE_MAX, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    dossier_code = forms.CharField(
        label=_("Mã hồ sơ liên quan (nếu có)"), max_length=40, required=False
    )
    procedure = forms.CharField(
        label=_("Mã thủ tục đề xuất đơn giản hóa (nếu có)"), max_length=20, required=False
    )
    unit = forms.CharField(label=_("Mã định danh đơn vị (nếu biết)"), max_length=20, required=False)
    publish_consent = forms.BooleanField(
        label=_("Đồng ý công khai kết quả trả lời (không kèm thông tin cá nhân)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, files_list: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files_list = files_list or []

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if len(self.files_list) > MAX_FILES_PER_DOCUMENT:
            raise ValidationError(_("Đính kèm tối đa %(n)d tệp.") % {"n": MAX_FILES_PER_DOCUMENT})
        checked = []
        for upload in self.files_list:
            checked.append((upload, check_upload(upload)))
        data["attachments"] = checked
        return data


class DeskForm(SendForm):
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[(c, label) for c, label in Channel.choices() if c != Channel.PORTAL],
    )


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Mã phản ánh"), max_length=20)
    secret = forms.CharField(label=_("Mã bí mật"), max_length=40)


class ProposalForm(NfcFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Nội dung cắt giảm"), choices=ProposalKind.choices())
    summary = forms.CharField(
        label=_("Nội dung đề xuất"),
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    days_after = forms.DecimalField(
        label=_("Thời hạn đề xuất (ngày)"), required=False, max_digits=7, decimal_places=1
    )
