"""Forms of the officer workspace: the desk reception form, the search filters and one
small form per workflow action. They only parse input; the action functions in
``actions.py`` decide and write."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core import inputs, uploads
from motcua.dossiers.choices import Action, DeliveryMethod, DossierState
from motcua.dossiers.intake import Applicant, ReceivedDocument
from motcua.dossiers.search import LATE_FILTER, ON_TIME, SearchFilters
from motcua.org.models import Unit, User
from motcua.procedures.choices import CopyKind
from motcua.procedures.models import Procedure, RequiredDocument

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
CHECK = {"class": "form-check-input"}
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={**TEXT, "rows": rows})


def _reason(label: Any = None, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label or _("Lý do"),
        required=required,
        max_length=inputs.NOTE_MAX,
        widget=_textarea(),
        error_messages={"required": _("Cần ghi rõ lý do.")},
    )


def _note() -> forms.CharField:
    return forms.CharField(
        label=_("Ghi chú"), required=False, max_length=inputs.NOTE_MAX, widget=_textarea()
    )


# -- reception at the desk ------------------------------------------------------------------


class ProcedureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {obj.name}"


class ReceptionForm(inputs.NfcFormMixin, forms.Form):
    """Tiếp nhận hồ sơ giấy: the procedure (among those the clerk's units settle), the
    applicant, the documents received (with copy kind and quantity) and the number of sets.
    One row of fields per required document of the chosen procedure is added on the fly."""

    unit = forms.ModelChoiceField(
        label=_("Nơi tiếp nhận"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs=SELECT),
        empty_label=None,
        error_messages={"required": _("Chọn nơi tiếp nhận.")},
    )
    procedure = ProcedureChoiceField(
        label=_("Thủ tục hành chính"),
        queryset=Procedure.objects.none(),
        widget=forms.Select(attrs=SELECT),
        empty_label=_("— Chọn thủ tục —"),
        error_messages={
            "required": _("Chọn thủ tục hành chính."),
            "invalid_choice": _("Thủ tục này không thuộc đơn vị của bạn."),
        },
    )
    applicant_name = forms.CharField(
        label=_("Họ tên người nộp"),
        max_length=inputs.NAME_MAX,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "name"}),
        error_messages={"required": _("Cần ghi họ tên người nộp hồ sơ.")},
    )
    applicant_id_number = forms.CharField(
        label=_("Số định danh cá nhân / CCCD"),
        max_length=inputs.ID_NUMBER_MAX,
        help_text=_("CCCD 12 chữ số, CMND cũ 9 chữ số hoặc hộ chiếu (ví dụ C1234567)."),
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}),
    )
    applicant_phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=inputs.PHONE_MAX,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "type": "tel", "autocomplete": "tel"}),
    )
    applicant_email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=inputs.EMAIL_MAX,
        required=False,
        widget=forms.EmailInput(attrs={**TEXT, "autocomplete": "email"}),
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    applicant_address = forms.CharField(
        label=_("Địa chỉ"),
        max_length=inputs.ADDRESS_MAX,
        required=False,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "street-address"}),
    )
    sets = forms.IntegerField(
        label=_("Số bộ hồ sơ"),
        min_value=1,
        max_value=inputs.QUANTITY_MAX,
        initial=1,
        widget=forms.NumberInput(attrs={**TEXT, "min": 1}),
        error_messages={
            "required": _("Nhập số bộ hồ sơ."),
            "min_value": _("Số bộ hồ sơ phải từ 1 trở lên."),
            "invalid": _("Số bộ hồ sơ phải là số."),
        },
    )
    note = _note()

    def __init__(
        self,
        *args: Any,
        units: Sequence[Unit],
        procedures: QuerySet[Procedure],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("name")
        if len(units) == 1:
            unit_field.initial = units[0].pk
            unit_field.widget = forms.HiddenInput()
        procedure_field = self.fields["procedure"]
        assert isinstance(procedure_field, forms.ModelChoiceField)
        procedure_field.queryset = procedures
        # Choosing the procedure brings its document checklist (htmx; a plain GET without).
        procedure_field.widget.attrs.update(
            {
                "hx-get": reverse("dossiers:receive"),
                "hx-trigger": "change",
                "hx-target": "#receive-documents",
                "hx-include": "[name=unit]",
            }
        )
        self.chosen_procedure = self._procedure_from_input(procedures)
        self.required_documents: list[RequiredDocument] = (
            list(self.chosen_procedure.documents.all()) if self.chosen_procedure else []
        )
        for doc in self.required_documents:
            self.fields[f"doc_{doc.pk}"] = forms.BooleanField(
                label=doc.name, required=False, widget=forms.CheckboxInput(attrs=CHECK)
            )
            self.fields[f"doc_{doc.pk}_kind"] = forms.ChoiceField(
                label=_("Loại bản"),
                choices=CopyKind.choices(),
                initial=doc.copy_kind,
                widget=forms.Select(attrs={**SELECT, "class": "form-select form-select-sm"}),
            )
            self.fields[f"doc_{doc.pk}_qty"] = forms.IntegerField(
                label=_("Số lượng"),
                min_value=1,
                max_value=inputs.QUANTITY_MAX,
                initial=doc.quantity or 1,
                widget=forms.NumberInput(attrs={**TEXT, "class": "form-control form-control-sm"}),
                error_messages={"min_value": _("Số lượng phải từ 1 trở lên.")},
            )

    def _procedure_from_input(self, procedures: QuerySet[Procedure]) -> Procedure | None:
        source = self.data if self.is_bound else self.initial
        value = source.get("procedure") if source else None
        if isinstance(value, Procedure):
            return value
        if not value:
            return None
        try:
            return procedures.filter(pk=int(value)).prefetch_related("documents").first()
        except (TypeError, ValueError):
            return None

    @property
    def document_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "document": doc,
                "received": self[f"doc_{doc.pk}"],
                "kind": self[f"doc_{doc.pk}_kind"],
                "quantity": self[f"doc_{doc.pk}_qty"],
            }
            for doc in self.required_documents
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, procedure = data.get("unit"), data.get("procedure")
        if unit is not None and procedure is not None:
            if not procedure.units.filter(pk=unit.pk).exists():
                self.add_error(
                    "procedure",
                    _("%(unit)s không giải quyết thủ tục này.") % {"unit": unit.name},
                )
        return data

    def clean_applicant_phone(self) -> str:
        return inputs.clean_phone(self.cleaned_data.get("applicant_phone", ""))

    def clean_applicant_id_number(self) -> str:
        return inputs.clean_id_number(self.cleaned_data.get("applicant_id_number", ""))

    def applicant(self) -> Applicant:
        d = self.cleaned_data
        return Applicant(
            name=d["applicant_name"],
            id_number=d.get("applicant_id_number", ""),
            phone=d.get("applicant_phone", ""),
            email=d.get("applicant_email", ""),
            address=d.get("applicant_address", ""),
        )

    def received_documents(self) -> list[ReceivedDocument]:
        """The documents ticked as received (the action checks the mandatory ones)."""
        d = self.cleaned_data
        return [
            ReceivedDocument(
                name=doc.name,
                copy_kind=d.get(f"doc_{doc.pk}_kind") or doc.copy_kind,
                quantity=d.get(f"doc_{doc.pk}_qty") or 1,
            )
            for doc in self.required_documents
            if d.get(f"doc_{doc.pk}")
        ]


# -- search -----------------------------------------------------------------------------------


class SearchForm(inputs.NfcFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        required=False,
        max_length=inputs.SEARCH_MAX,
        widget=forms.TextInput(attrs={**TEXT, "placeholder": _("Ví dụ: 000.00.06.H56-231027")}),
    )
    applicant = forms.CharField(
        label=_("Người nộp (tên, CCCD, điện thoại)"),
        required=False,
        max_length=inputs.SEARCH_MAX,
        widget=forms.TextInput(attrs=TEXT),
    )
    procedure = forms.CharField(
        label=_("Thủ tục (mã hoặc tên)"),
        required=False,
        max_length=inputs.SEARCH_MAX,
        widget=forms.TextInput(attrs=TEXT),
    )
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + DossierState.choices(),
        widget=forms.Select(attrs=SELECT),
    )
    date_from = forms.DateField(
        label=_("Nộp từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày không hợp lệ.")},
    )
    date_to = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Ngày không hợp lệ.")},
    )
    timeliness = forms.ChoiceField(
        label=_("Tiến độ"),
        required=False,
        choices=[
            ("", _("Tất cả")),
            (ON_TIME, _("Trong hạn, đúng hạn")),
            (LATE_FILTER, _("Trễ hạn")),
        ],
        widget=forms.Select(attrs=SELECT),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải sau “Nộp từ ngày”."))
        return data

    def filters(self) -> SearchFilters:
        d = self.cleaned_data
        return SearchFilters(
            code=d.get("code", ""),
            applicant=d.get("applicant", ""),
            procedure=d.get("procedure", ""),
            state=d.get("state", ""),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            timeliness=d.get("timeliness", ""),
        )


# -- one form per action ------------------------------------------------------------------------


class ActionForm(inputs.NfcFormMixin, forms.Form):
    """Carries the version of the dossier the officer was looking at: if someone acted in
    between, the view answers with the conflict message instead of acting on stale data."""

    action: str = ""
    version = forms.IntegerField(
        widget=forms.HiddenInput(), min_value=0, max_value=inputs.INT64_MAX
    )

    def __init__(self, *args: Any, dossier: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.action}_%s")
        super().__init__(*args, **kwargs)
        if dossier is not None and not self.is_bound:
            self.initial.setdefault("version", dossier.version)


class HandOnForm(ActionForm):
    action = Action.HAND_ON
    to_user = forms.ModelChoiceField(
        label=_("Người nhận"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— Chuyển cho cả bộ phận —"),
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Người nhận không thuộc đơn vị của bước tiếp theo.")},
    )
    note = _note()

    def __init__(self, *args: Any, handlers: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = handlers if handlers is not None else User.objects.none()


class RequestSupplementForm(ActionForm):
    action = Action.REQUEST_SUPPLEMENT
    reason = _reason(_("Nội dung cần bổ sung, hoàn thiện"))
    force = forms.BooleanField(
        label=_("Yêu cầu bổ sung lần thứ hai (hồ sơ sẽ bị tính trễ hạn)"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )

    def __init__(self, *args: Any, allow_force: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_force:
            del self.fields["force"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={**TEXT, "accept": uploads.ACCEPT_ATTRIBUTE})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AnswerSupplementForm(ActionForm):
    """Nhận hồ sơ bổ sung: tick the documents that came in (or name another), with the
    scans if any; the action stores them with the answer."""

    action = Action.ANSWER_SUPPLEMENT
    other = forms.CharField(
        label=_("Giấy tờ khác đã nhận (ghi tên)"),
        required=False,
        max_length=inputs.DOCUMENT_NAME_MAX,
        widget=forms.TextInput(attrs=TEXT),
    )
    scans = MultipleFileField(
        label=_("Bản quét (không bắt buộc; PDF, JPEG hoặc PNG)"), required=False
    )
    note = _note()

    def __init__(
        self, *args: Any, required_documents: list[RequiredDocument] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.required_documents = required_documents or []
        for doc in self.required_documents:
            self.fields[f"doc_{doc.pk}"] = forms.BooleanField(
                label=doc.name, required=False, widget=forms.CheckboxInput(attrs=CHECK)
            )
        # The checklist first, then the other name, the scans and the note.
        self.order_fields([*(f"doc_{d.pk}" for d in self.required_documents), "other"])

    def clean_scans(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("scans") or []
        for upload in files:
            uploads.check_upload(upload)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        from motcua.dossiers.supplements import SupplementItem

        items = [
            SupplementItem(doc.name, [], doc)
            for doc in self.required_documents
            if data.get(f"doc_{doc.pk}")
        ]
        other = (data.get("other") or "").strip()
        if other:
            items.append(SupplementItem(other))
        if not items:
            raise forms.ValidationError(
                _("Đánh dấu giấy tờ bổ sung đã nhận hoặc ghi tên giấy tờ khác.")
            )
        # The scans go with the first document named (one scan of the whole answer is usual).
        items[0].files = list(data.get("scans") or [])
        data["documents"] = items
        return data


class RequirePaymentForm(ActionForm):
    action = Action.REQUIRE_PAYMENT
    amount = forms.IntegerField(
        label=_("Số tiền phải nộp (đồng; để trống: theo biểu phí của thủ tục)"),
        required=False,
        min_value=1,
        max_value=inputs.AMOUNT_MAX,
        widget=forms.NumberInput(attrs={**TEXT, "min": 1}),
        error_messages={
            "min_value": _("Số tiền phải nộp phải lớn hơn 0."),
            "invalid": _("Số tiền phải là số."),
        },
    )
    note = _note()


class ApologiseForm(ActionForm):
    """The new appointment is chosen as a number of working days: each choice shows the
    date the working calendar gives for it (no free date field)."""

    action = Action.APOLOGISE
    reason = _reason(_("Lý do chậm trễ"))
    extra_working_days = forms.TypedChoiceField(
        label=_("Hẹn lại ngày trả kết quả"),
        coerce=int,
        choices=(),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Chọn ngày hẹn mới."),
            "invalid_choice": _("Chọn một ngày hẹn trong danh sách."),
        },
    )

    def __init__(self, *args: Any, window: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["extra_working_days"]
        assert isinstance(field, forms.TypedChoiceField)
        if window is not None:
            field.choices = [
                (
                    n,
                    _("Thêm %(n)d ngày làm việc: %(at)s")
                    % {"n": n, "at": f"{timezone.localtime(at):%H:%M %d/%m/%Y}"},
                )
                for n, at in window.choices()
            ]


class RefuseForm(ActionForm):
    action = Action.REFUSE
    reason = _reason(_("Lý do từ chối giải quyết"))


class StopForm(ActionForm):
    action = Action.STOP
    reason = _reason(_("Lý do dừng xử lý (theo đề nghị của người nộp)"))


class CompleteForm(ActionForm):
    action = Action.COMPLETE
    result_summary = forms.CharField(
        label=_("Kết quả giải quyết"),
        max_length=inputs.RESULT_SUMMARY_MAX,
        widget=forms.TextInput(
            attrs={**TEXT, "placeholder": _("Ví dụ: Giấy chứng nhận kết hôn số ...")}
        ),
        error_messages={"required": _("Cần ghi kết quả giải quyết.")},
    )
    result_file = forms.FileField(
        label=_("Tệp kết quả (không bắt buộc; PDF, JPEG hoặc PNG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={**TEXT, "accept": uploads.ACCEPT_ATTRIBUTE}),
    )

    def clean_result_file(self) -> Any:
        upload = self.cleaned_data.get("result_file")
        if upload:
            uploads.check_upload(upload)
        return upload or None


class ReturnResultForm(ActionForm):
    action = Action.RETURN_RESULT
    method = forms.ChoiceField(
        label=_("Hình thức trả kết quả"),
        choices=DeliveryMethod.choices(),
        initial=DeliveryMethod.DESK,
        widget=forms.Select(attrs=SELECT),
    )


class AcceptOnlineForm(ActionForm):
    action = Action.ACCEPT
    note = _note()


class NotAcceptForm(ActionForm):
    action = Action.NOT_ACCEPT
    reason = _reason(_("Lý do không tiếp nhận"))


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    reason = _reason(_("Lý do rút hồ sơ"), required=False)


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (
        AcceptOnlineForm,
        HandOnForm,
        AnswerSupplementForm,
        CompleteForm,
        ReturnResultForm,
        RequestSupplementForm,
        RequirePaymentForm,
        ApologiseForm,
        RefuseForm,
        NotAcceptForm,
        StopForm,
        WithdrawForm,
    )
}
