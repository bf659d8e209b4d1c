from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.workcalendar.choices import OverrideKind


class OverrideForm(forms.Form):
    day = forms.DateField(
        label=_("Ngày"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        error_messages={"required": _("Chọn ngày."), "invalid": _("Ngày không hợp lệ.")},
    )
    kind = forms.ChoiceField(
        label=_("Loại"),
        choices=OverrideKind.choices(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = forms.CharField(
        label=_("Nội dung"),
        max_length=255,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "placeholder": _("Ví dụ: Nghỉ bù, hoán đổi ngày làm việc"),
            }
        ),
        error_messages={"required": _("Cần ghi nội dung.")},
    )
    source = forms.CharField(
        label=_("Văn bản căn cứ"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    replace = forms.BooleanField(
        label=_("Thay thế ngày điều chỉnh đã có"),
        required=False,
        help_text=_("Ngày đã có điều chỉnh chỉ được thay khi đánh dấu ô này."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class DueDateForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Thời điểm tiếp nhận"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}),
        error_messages={
            "required": _("Nhập thời điểm tiếp nhận."),
            "invalid": _("Thời điểm tiếp nhận không hợp lệ."),
        },
    )
    amount = forms.IntegerField(
        label=_("Thời hạn"),
        min_value=0,
        max_value=3650,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"required": _("Nhập thời hạn."), "min_value": _("Thời hạn không được âm.")},
    )
    unit_kind = forms.ChoiceField(
        label=_("Đơn vị thời hạn"),
        choices=[("working_days", _("ngày làm việc")), ("working_hours", _("giờ làm việc"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    channel = forms.ChoiceField(
        label=_("Hình thức nộp"),
        choices=[
            ("in_person", _("Trực tiếp (hồ sơ giấy)")),
            ("online", _("Trực tuyến")),
            ("postal", _("Qua dịch vụ bưu chính")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    unit = forms.CharField(
        label=_("Mã định danh đơn vị (trống: lịch chung)"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
