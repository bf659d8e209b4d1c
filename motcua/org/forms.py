from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.org.choices import UnitKind
from motcua.org.models import Unit
from motcua.org.validators import validate_electronic_id


class MergeUnitsForm(forms.Form):
    predecessors = forms.ModelMultipleChoiceField(
        label=_("Các đơn vị sáp nhập"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10}),
        error_messages={"required": _("Chọn ít nhất một đơn vị sáp nhập.")},
    )
    name = forms.CharField(
        label=_("Tên đơn vị mới"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    code = forms.CharField(
        label=_("Mã định danh của đơn vị mới"),
        max_length=20,
        validators=[validate_electronic_id],
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "000.00.00.H56"}),
    )
    kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=UnitKind.choices(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    parent = forms.ModelChoiceField(
        label=_("Đơn vị cấp trên"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    effective = forms.DateField(
        label=_("Ngày hiệu lực"),
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = units.active_on()
        self.fields["predecessors"].queryset = active
        self.fields["parent"].queryset = active
