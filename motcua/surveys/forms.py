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
