"""The rating form shown to the applicant on their dossier page once the result was
delivered: one radio group per criterion, and a free-text comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core import inputs
from motcua.surveys.actions import COMMENT_MAX
from motcua.surveys.criteria import CRITERIA, TIMELINESS, suggested_timeliness


class RatingForm(inputs.NfcFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args: Any, dossier: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The criteria first, the comment last.
        comment = self.fields.pop("comment")
        for criterion in CRITERIA:
            self.fields[criterion.field] = forms.TypedChoiceField(
                label=criterion.label,
                choices=criterion.choices(),
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Chọn một mức cho tiêu chí này.")},
            )
        self.fields["comment"] = comment
        if dossier is not None and not self.is_bound:
            suggested = suggested_timeliness(dossier)
            if suggested is not None:
                self.initial.setdefault(TIMELINESS.field, suggested)

    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[c.field] for c in CRITERIA]

    def scores(self) -> dict[str, int]:
        return {c.field: self.cleaned_data[c.field] for c in CRITERIA}


# -- SIPAS -----------------------------------------------------------------------------------


class SurveyForm(forms.Form):
    """A new SIPAS survey: scope, year, sample size and seed (the same seed draws the same
    sample), optionally a frame other than the whole year."""

    unit = forms.ModelChoiceField(
        label=_("Phạm vi (đơn vị và các đơn vị trực thuộc)"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    sample_size = forms.IntegerField(
        label=_("Cỡ mẫu"),
        min_value=1,
        max_value=100000,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    seed = forms.IntegerField(
        label=_("Hạt giống chọn mẫu"),
        min_value=0,
        max_value=10**12,
        help_text=_("Cùng hạt giống, cùng cỡ mẫu và cùng danh sách hồ sơ cho cùng một mẫu."),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    name = forms.CharField(
        label=_("Tên đợt khảo sát (không bắt buộc)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    frame_start = forms.DateField(
        label=_("Hồ sơ trả kết quả từ ngày (mặc định: đầu năm)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )
    frame_end = forms.DateField(
        label=_("đến ngày (mặc định: cuối năm)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class TemplateImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp mẫu phiếu (JSON)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )
