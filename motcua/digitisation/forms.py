from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DigitiseForm(forms.Form):
    required_document = forms.IntegerField(widget=forms.HiddenInput)
    issuer = forms.CharField(label=_("Cơ quan cấp"), max_length=255, required=False)
    valid_until = forms.DateField(
        label=_("Có giá trị đến"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReuseForm(forms.Form):
    required_document = forms.IntegerField(widget=forms.HiddenInput)
    item = forms.IntegerField(widget=forms.HiddenInput)


class SignForm(forms.Form):
    result_summary = forms.CharField(
        label=_("Kết quả giải quyết"),
        max_length=500,
        error_messages={"required": _("Cần ghi kết quả giải quyết.")},
    )
    body = forms.CharField(
        label=_("Nội dung thêm (tùy chọn)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    upload = forms.FileField(
        label=_("Hoặc tải lên văn bản kết quả (PDF) thay cho mẫu"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
