"""Forms of the directives area: they parse input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.uploads import OFFICE_ACCEPT_ATTRIBUTE
from motcua.directives.choices import DirectiveKind, InitiativeState
from motcua.org.models import Unit


class StyledForm(forms.Form):
    """Tabler classes on every widget."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _date() -> forms.DateField:
    return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def _file(label: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": OFFICE_ACCEPT_ATTRIBUTE}),
    )


def unit_choices(queryset: Any) -> Any:
    return queryset.active_on().order_by("path")


class DirectiveForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=DirectiveKind.choices())
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=50)
    issued_on = _date()
    issued_on.label = _("Ngày ban hành")
    signer = forms.CharField(label=_("Người ký"), max_length=150)
    issuer = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Trích yếu"), max_length=500)
    summary = forms.CharField(
        label=_("Nội dung chính"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = _file(_("Tệp văn bản (PDF, DOCX)"))

    def __init__(self, *args: Any, issuers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]


class TaskForm(StyledForm):
    title = forms.CharField(label=_("Nhiệm vụ"), max_length=500)
    lead_unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    co_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Unit.objects.none(), required=False
    )
    deadline = _date()
    deadline.label = _("Thời hạn")
    expected_result = forms.CharField(label=_("Kết quả cần đạt"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["co_units"].queryset = units  # type: ignore[attr-defined]


class ProgressForm(StyledForm):
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    file = _file(_("Tệp kèm theo"))


class CompleteForm(StyledForm):
    done_on = _date()
    done_on.label = _("Ngày hoàn thành")
    note = forms.CharField(label=_("Ghi chú"), required=False)


class ExtensionForm(StyledForm):
    requested_deadline = _date()
    requested_deadline.label = _("Thời hạn đề nghị")
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(StyledForm):
    approve = forms.TypedChoiceField(
        label=_("Ý kiến"),
        choices=[("1", _("Đồng ý gia hạn")), ("0", _("Không đồng ý"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(
        label=_("Ý kiến, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InspectionPlanForm(StyledForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Tên kế hoạch"), max_length=300)
    issuer = forms.ModelChoiceField(label=_("Cơ quan kiểm tra"), queryset=Unit.objects.none())
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được kiểm tra"), queryset=Unit.objects.none()
    )
    scheduled_on = _date()
    scheduled_on.label = _("Thời gian dự kiến")
    target_percent = forms.IntegerField(
        label=_("Tỷ lệ đơn vị được kiểm tra (%)"), initial=30, min_value=0, max_value=100
    )

    def __init__(self, *args: Any, issuers: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers  # type: ignore[attr-defined]
        self.fields["units"].queryset = units  # type: ignore[attr-defined]


class InspectionRecordForm(StyledForm):
    done_on = _date()
    done_on.label = _("Ngày kiểm tra")
    conclusion = forms.CharField(label=_("Kết luận"), widget=forms.Textarea(attrs={"rows": 2}))
    findings = forms.CharField(
        label=_("Tồn tại, hạn chế (mỗi dòng một nội dung)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    due_on = forms.DateField(
        label=_("Hạn khắc phục"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class FollowUpForm(StyledForm):
    text = forms.CharField(label=_("Kết quả khắc phục"), widget=forms.Textarea(attrs={"rows": 2}))
    file = _file(_("Tệp kèm theo"))
    close = forms.BooleanField(label=_("Xác nhận đã khắc phục xong"), required=False)


class InitiativeForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=300)
    summary = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = _file(_("Tệp kèm theo"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class EvaluateForm(StyledForm):
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[
            (InitiativeState.EVALUATED, _("Đã đánh giá, chờ công nhận")),
            (InitiativeState.RECOGNISED, _("Công nhận")),
            (InitiativeState.REJECTED, _("Không công nhận")),
        ],
    )
    evaluation = forms.CharField(
        label=_("Ý kiến đánh giá"), widget=forms.Textarea(attrs={"rows": 2})
    )
