from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.uploads import OFFICE_ACCEPT_ATTRIBUTE
from motcua.directives.forms import StyledForm
from motcua.org.models import Unit
from motcua.parindex.models import UnitGroup


class TreeImportForm(StyledForm):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    group = forms.ModelChoiceField(label=_("Khối đơn vị"), queryset=UnitGroup.objects.all())
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=300)
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )


class OpenRoundForm(StyledForm):
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Tên đợt đánh giá"), max_length=300, required=False)
    office = forms.ModelChoiceField(label=_("Cơ quan chủ trì"), queryset=Unit.objects.none())
    groups = forms.ModelMultipleChoiceField(
        label=_("Khối đơn vị"), queryset=UnitGroup.objects.all()
    )

    def __init__(self, *args: Any, offices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]


class SelfAssessForm(StyledForm):
    value = forms.DecimalField(
        label=_("Kết quả tự đánh giá"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    note = forms.CharField(label=_("Giải trình"), required=False, max_length=2000)


class EvidenceForm(StyledForm):
    file = forms.FileField(
        label=_("Tài liệu kiểm chứng"),
        widget=forms.ClearableFileInput(attrs={"accept": OFFICE_ACCEPT_ATTRIBUTE}),
    )


class PointsForm(StyledForm):
    points = forms.DecimalField(label=_("Điểm"), max_digits=6, decimal_places=2)
    reason = forms.CharField(label=_("Lý do"), max_length=2000)


class SurveyEntryForm(StyledForm):
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=20)
    key = forms.CharField(label=_("Chỉ số"), max_length=60, initial="sipas")
    value = forms.DecimalField(label=_("Giá trị (%)"), min_value=0, max_value=100, decimal_places=2)


class SurveyImportForm(StyledForm):
    file = forms.FileField(
        label=_("Tệp Excel kết quả điều tra (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class AdvanceForm(StyledForm):
    decision_number = forms.CharField(
        label=_("Số quyết định công bố"), max_length=60, required=False
    )
