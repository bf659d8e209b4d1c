"""The online filing form, generated from the procedure's document list, and what happens
on submission: the draft becomes a dossier through ``do_submit_online``.

Documents the citizen already has in the system are offered for reuse (Nghị định
45/2020/NĐ-CP Điều 9: the applicant is not asked again for what the system holds):

* a ``DossierDocument`` of one of their earlier dossiers is passed as
  ``SubmittedDocument(reuse_of=...)``: the new row points at the same stored file;
* the electronic result of one of their delivered dossiers (``Dossier.result_file``) has
  no ``DossierDocument`` of its own. When it is reused for the first time it is wrapped
  in one, attached to the dossier that produced it with source "result"; that wrapper is
  then reused like any other document, and found again (not duplicated) the next time.
  The new dossier's document thus says "reused from the result of dossier X".
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core import inputs
from motcua.core.siteurl import public_base_url
from motcua.core.text import fold
from motcua.core.uploads import MAX_FILES_PER_DOCUMENT, check_upload, sniff
from motcua.dossiers.choices import DossierState
from motcua.dossiers.intake import Applicant, SubmittedDocument, do_submit_online
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.org.models import Unit
from motcua.portal.models import VALUE_FIELDS, DraftFile, OnlineDraft
from motcua.procedures.models import Procedure, RequiredDocument

logger = logging.getLogger(__name__)

# DossierDocument.source of the wrapper around an electronic result (see module docstring).
SOURCE_RESULT = "result"
# A reuse choice naming an item of the citizen's wallet (digitisation app).
WALLET_REF = "wallet:"


# -- documents the citizen already has ---------------------------------------------------


@dataclass(frozen=True)
class ReuseCandidate:
    ref: str  # "doc:<DossierDocument id>", "result:<Dossier id>" or "wallet:<WalletItem id>"
    label: str
    name: str  # the document's name, to offer same-named documents first
    is_result: bool
    # The required documents (pks) it may stand for; None: any of them.
    documents: frozenset[int] | None = None

    @property
    def from_wallet(self) -> bool:
        return self.ref.startswith(WALLET_REF)

    def offered_for(self, document: RequiredDocument) -> bool:
        return self.documents is None or document.pk in self.documents


def wallet_candidates(
    user: Any, id_number: str, documents: list[RequiredDocument]
) -> list[ReuseCandidate]:
    """The items of ``user``'s wallet kept under the identity number he files with, each
    offered for the required documents it fits ("Dùng từ kho dữ liệu của tôi")."""
    from motcua.digitisation.selectors import wallet_offers

    fits: dict[int, set[int]] = {}
    items: dict[int, Any] = {}
    for document_pk, offered in wallet_offers(user, id_number, documents).items():
        for item in offered:
            items[item.pk] = item
            fits.setdefault(item.pk, set()).add(document_pk)
    candidates = []
    for pk, item in items.items():
        source = item.source_dossier.code if item.source_dossier_id else ""
        label = _("Kho dữ liệu của tôi: %(name)s (%(pages)s trang, hồ sơ %(code)s)") % {
            "name": Truncator(item.name).chars(70),
            "pages": item.page_count or "—",
            "code": source or "—",
        }
        candidates.append(
            ReuseCandidate(f"{WALLET_REF}{pk}", label, item.name, False, frozenset(fits[pk]))
        )
    return candidates


def reuse_candidates(
    user: Any, id_number: str = "", documents: list[RequiredDocument] | None = None
) -> list[ReuseCandidate]:
    """What ``user`` may reuse: the items of his wallet that fit a required document
    (under ``id_number``), the documents of the dossiers they filed (one entry per
    distinct file, the original rather than its reuses) and the electronic results of
    their delivered dossiers."""
    candidates: list[ReuseCandidate] = wallet_candidates(user, id_number, documents or [])
    seen: set[str] = set()
    documents = (
        DossierDocument.objects.filter(dossier__applicant=user)
        .exclude(source=SOURCE_RESULT)
        .exclude(file="")
        .select_related("dossier")
        .order_by("id")
    )
    for doc in documents:
        key = doc.sha256 or doc.file.name
        if key in seen:
            continue
        seen.add(key)
        label = _("%(name)s — tệp “%(file)s”, hồ sơ %(code)s (%(date)s)") % {
            "name": Truncator(doc.name).chars(70),
            "file": Truncator(doc.original_name or os.path.basename(doc.file.name)).chars(40),
            "code": doc.dossier.code,
            "date": f"{timezone.localtime(doc.uploaded_at):%d/%m/%Y}",
        }
        candidates.append(ReuseCandidate(f"doc:{doc.pk}", label, doc.name, False))
    results = (
        Dossier.objects.filter(applicant=user, state=DossierState.DELIVERED)
        .exclude(result_file="")
        .select_related("procedure")
        .order_by("-delivered_at", "-id")
    )
    for dossier in results:
        summary = dossier.result_summary or dossier.procedure.name
        label = _("Kết quả điện tử: %(summary)s — hồ sơ %(code)s") % {
            "summary": Truncator(summary).chars(70),
            "code": dossier.code,
        }
        candidates.append(ReuseCandidate(f"result:{dossier.pk}", label, summary, True))
    return candidates


def resolve_reuse(user: Any, ref: str) -> DossierDocument:
    """The DossierDocument to pass as ``reuse_of`` for ``ref``; someone else's document,
    or one that does not exist, is a 404."""
    kind, _sep, raw_pk = ref.partition(":")
    if not raw_pk.isdigit():
        raise Http404
    if kind == "doc":
        doc = DossierDocument.objects.filter(pk=int(raw_pk), dossier__applicant=user).first()
        if doc is None or doc.source == SOURCE_RESULT or not doc.file:
            raise Http404
        return doc
    if kind == "result":
        dossier = Dossier.objects.filter(
            pk=int(raw_pk), applicant=user, state=DossierState.DELIVERED
        ).first()
        if dossier is None or not dossier.result_file:
            raise Http404
        return wrap_result(dossier)
    raise Http404


def wrap_result(dossier: Dossier) -> DossierDocument:
    """The DossierDocument standing for ``dossier``'s electronic result (created once)."""
    existing = DossierDocument.objects.filter(
        dossier=dossier, source=SOURCE_RESULT, file=dossier.result_file.name
    ).first()
    if existing is not None:
        return existing
    digest = hashlib.sha256()
    with dossier.result_file.open("rb") as stored:
        head = stored.read(16)
        stored.seek(0)
        for chunk in stored.chunks():
            digest.update(chunk)
    name = os.path.basename(dossier.result_file.name)
    kind = sniff(head)
    content_type = kind[0] if kind else (mimetypes.guess_type(name)[0] or "")
    return DossierDocument.objects.create(
        dossier=dossier,
        name=_("Kết quả giải quyết hồ sơ %(code)s: %(summary)s")
        % {"code": dossier.code, "summary": dossier.result_summary or dossier.procedure.name},
        copy_kind="original",
        file=dossier.result_file.name,
        original_name=name,
        content_type=content_type,
        size=dossier.result_file.size,
        sha256=digest.hexdigest(),
        source=SOURCE_RESULT,
    )


# -- the form ----------------------------------------------------------------------------


def reuse_field_name(document: RequiredDocument) -> str:
    return f"reuse_{document.pk}"


def upload_field_name(document: RequiredDocument) -> str:
    return f"doc_{document.pk}"


class FilingForm(inputs.NfcFormMixin, forms.Form):
    """Applicant, place of filing and, per required document, an optional reuse choice.
    Uploads are not form fields: each is checked and stored in the draft as it arrives
    (``store_uploads``), so a rejected file never costs the citizen an accepted one."""

    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        to_field_name="code",
        label=gettext_lazy("Nơi nộp hồ sơ"),
        empty_label=gettext_lazy("— Chọn cơ quan —"),
        error_messages={"required": gettext_lazy("Hãy chọn nơi nộp hồ sơ.")},
    )
    applicant_name = forms.CharField(
        label=gettext_lazy("Họ và tên người nộp"),
        max_length=inputs.NAME_MAX,
        error_messages={"required": gettext_lazy("Hãy nhập họ và tên.")},
    )
    applicant_id_number = forms.CharField(
        label=gettext_lazy("Số định danh cá nhân (CCCD)"),
        max_length=inputs.ID_NUMBER_MAX,
        help_text=gettext_lazy(
            "12 chữ số trên thẻ Căn cước (CMND cũ: 9 chữ số); hoặc số hộ chiếu (ví dụ C1234567)."
        ),
        error_messages={"required": gettext_lazy("Hãy nhập số định danh cá nhân.")},
    )
    applicant_phone = forms.CharField(
        label=gettext_lazy("Số điện thoại"),
        max_length=inputs.PHONE_MAX,
        error_messages={"required": gettext_lazy("Hãy nhập số điện thoại.")},
    )
    applicant_email = forms.EmailField(
        label=gettext_lazy("Thư điện tử"),
        max_length=inputs.EMAIL_MAX,
        required=False,
        help_text=gettext_lazy("Để nhận giấy xác nhận đã nộp và các thông báo về hồ sơ."),
        error_messages={"invalid": gettext_lazy("Địa chỉ thư điện tử không hợp lệ.")},
    )
    applicant_address = forms.CharField(
        label=gettext_lazy("Địa chỉ liên hệ"), max_length=inputs.ADDRESS_MAX, required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Ghi chú cho cơ quan tiếp nhận"),
        max_length=inputs.NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        units: Any,
        documents: list[RequiredDocument],
        candidates: list[ReuseCandidate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        self.documents = documents
        for document in documents:
            # Same-named documents first, then the others, then the results.
            folded = fold(document.name)
            ordered = sorted(
                (c for c in candidates if c.offered_for(document)),
                key=lambda c: (not c.from_wallet, c.is_result, fold(c.name) != folded, c.label),
            )
            self.fields[reuse_field_name(document)] = forms.ChoiceField(
                label=gettext_lazy("Dùng giấy tờ đã có trong hệ thống"),
                required=False,
                choices=[("", _("— Không, tôi tải tệp lên —"))]
                + [(c.ref, c.label) for c in ordered],
            )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        autocomplete = {
            "applicant_name": "name",
            "applicant_phone": "tel",
            "applicant_email": "email",
            "applicant_address": "street-address",
        }
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["applicant_phone"].widget.input_type = "tel"  # type: ignore[attr-defined]
        self.fields["applicant_id_number"].widget.attrs["inputmode"] = "numeric"

    def clean_applicant_phone(self) -> str:
        # "0905 123 456", "0905.123.456" and "+84 905 123 456" are one number: +84905123456.
        return inputs.clean_phone(str(self.cleaned_data["applicant_phone"]))

    def clean_applicant_id_number(self) -> str:
        return inputs.clean_id_number(str(self.cleaned_data["applicant_id_number"]))

    def reuse_field(self, document: RequiredDocument) -> forms.BoundField:
        return self[reuse_field_name(document)]

    def mark_errors(self) -> None:
        """aria-invalid and aria-describedby on the fields that have errors, so a screen
        reader announces the message with the field."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                bound = self[name]
                ids = [f"{bound.auto_id}_errors"]
                if bound.help_text:
                    ids.append(f"{bound.auto_id}_helptext")
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = " ".join(ids)


def initial_values(
    user: Any, draft: OnlineDraft | None, documents: list[RequiredDocument]
) -> dict[str, Any]:
    """What the form shows before the citizen types: the draft as saved, or else what is
    known about the user (account fields; the identity number and address of their
    latest dossier when the account has none)."""
    if draft is not None:
        initial: dict[str, Any] = draft.values()
        initial["unit"] = draft.unit.code if draft.unit else ""
        reuse = draft.reuse_choices()
        for document in documents:
            initial[reuse_field_name(document)] = reuse.get(document.name, "")
        return initial
    latest = Dossier.objects.filter(applicant=user).order_by("-submitted_at", "-id").first()
    return {
        "applicant_name": user.display_name if hasattr(user, "display_name") else str(user),
        # The ID number lives in the accounts app's profile (verified when it came from
        # VNeID); read loosely so that filing does not depend on that app.
        "applicant_id_number": getattr(getattr(user, "citizen_profile", None), "id_number", "")
        or (latest.applicant_id_number if latest else ""),
        "applicant_phone": getattr(user, "phone", "") or (latest.applicant_phone if latest else ""),
        "applicant_email": user.email or (latest.applicant_email if latest else ""),
        "applicant_address": getattr(user, "address", "")
        or (latest.applicant_address if latest else ""),
    }


# -- writing the draft -------------------------------------------------------------------


def reuse_refs_from(
    data: Any, documents: list[RequiredDocument], candidates: list[ReuseCandidate]
) -> dict[str, str]:
    """The reuse choices posted, by document name. A reference that is not among the
    user's own candidates is somebody else's document: 404, like a missing one."""
    chosen: dict[str, str] = {}
    for document in documents:
        ref = str(data.get(reuse_field_name(document), "")).strip()
        if not ref:
            continue
        if not any(c.ref == ref and c.offered_for(document) for c in candidates):
            raise Http404
        chosen[document.name] = ref
    return chosen


def save_draft_values(
    draft: OnlineDraft,
    data: Any,
    units: Any,
    documents: list[RequiredDocument],
    candidates: list[ReuseCandidate],
) -> None:
    """Keep what was typed, valid or not: a draft is allowed to be unfinished. A field
    absent from ``data`` keeps its saved value (a request that carries only a file must
    not wipe the rest); a field sent empty is cleared."""
    saved = draft.values()
    values = {key: str(data[key]).strip() if key in data else saved[key] for key in VALUE_FIELDS}
    reuse = reuse_refs_from(data, documents, candidates)
    saved_reuse = draft.reuse_choices()
    for document in documents:
        if reuse_field_name(document) not in data and document.name in saved_reuse:
            reuse[document.name] = saved_reuse[document.name]
    unit = draft.unit
    if "unit" in data:
        code = str(data.get("unit", ""))
        unit = units.filter(code=code).first() if code else None
    draft.store_values(values, reuse, unit)


def store_uploads(
    draft: OnlineDraft, documents: list[RequiredDocument], files: Any
) -> dict[int, list[str]]:
    """Check and store every uploaded file of ``files`` (a MultiValueDict) in the draft;
    the messages of the rejected ones, per required document. Files already in the draft
    are never touched here."""
    errors: dict[int, list[str]] = {}
    already, _orphans = draft.files_by_document(documents)
    for document in documents:
        uploads = files.getlist(upload_field_name(document))
        count = len(already.get(document.pk, []))
        for upload in uploads:
            if count >= MAX_FILES_PER_DOCUMENT:
                errors.setdefault(document.pk, []).append(
                    _("Mỗi giấy tờ tải lên tối đa %(n)d tệp; tệp “%(name)s” chưa được lưu.")
                    % {"n": MAX_FILES_PER_DOCUMENT, "name": upload.name}
                )
                continue
            try:
                checked = check_upload(upload)
            except ValidationError as exc:
                errors.setdefault(document.pk, []).extend(exc.messages)
                continue
            draft.add_file(document, upload, checked)
            count += 1
    return errors


def missing_documents(
    draft: OnlineDraft, documents: list[RequiredDocument]
) -> dict[int, list[str]]:
    """Mandatory documents with neither a file in the draft nor a reuse choice."""
    files, _orphans = draft.files_by_document(documents)
    reuse = draft.reuse_choices()
    return {
        d.pk: [_("Chưa có tệp cho giấy tờ bắt buộc này: hãy tải lên hoặc chọn giấy tờ đã có.")]
        for d in documents
        if d.mandatory and not files.get(d.pk) and not reuse.get(d.name)
    }


# -- submission --------------------------------------------------------------------------


def submit_draft(
    *,
    draft: OnlineDraft,
    form: FilingForm,
    user: Any,
    documents: list[RequiredDocument],
    base_url: str = "",
) -> Dossier:
    """Nộp hồ sơ: the draft's files and reuse choices become the dossier's documents
    (``do_submit_online``: state new, channel online). The draft is deleted only after
    the dossier exists; if the submission fails, it stays as it was, files included."""
    data = form.cleaned_data
    files, _orphans = draft.files_by_document(documents)
    reuse = draft.reuse_choices()
    submitted: list[SubmittedDocument] = []
    from_wallet: list[tuple[RequiredDocument, Any]] = []
    opened: list[DraftFile] = []
    for document in documents:
        for draft_file in files.get(document.pk, []):
            opened.append(draft_file)
            submitted.append(
                SubmittedDocument(
                    name=document.name,
                    copy_kind=document.copy_kind,
                    required_document=document,
                    content=draft_file.file,
                    original_name=draft_file.original_name,
                    content_type=draft_file.content_type,
                )
            )
        ref = reuse.get(document.name)
        if ref and ref.startswith(WALLET_REF):
            from_wallet.append((document, wallet_item(user, ref, data["applicant_id_number"])))
        elif ref:
            submitted.append(
                SubmittedDocument(
                    name=document.name,
                    copy_kind=document.copy_kind,
                    required_document=document,
                    reuse_of=resolve_reuse(user, ref),
                )
            )
    applicant = Applicant(
        name=data["applicant_name"],
        id_number=data["applicant_id_number"],
        phone=data["applicant_phone"],
        email=data["applicant_email"] or user.email,
        address=data["applicant_address"],
        user=user,
    )
    try:
        with transaction.atomic():  # a refused wallet reuse leaves no dossier
            dossier = do_submit_online(
                procedure=draft.procedure,
                unit=data["unit"],
                applicant=applicant,
                note=data["note"],
                documents=submitted,
                submission_key=draft.key,
                provided_later=frozenset(document.pk for document, _item in from_wallet),
            )
            reuse_from_wallet(dossier, user, from_wallet)
    finally:
        for draft_file in opened:
            draft_file.file.close()
    # The dossier holds its own copies now: the draft and its files can go.
    draft.delete()
    send_acknowledgement(dossier, base_url)
    return dossier


def wallet_item(user: Any, ref: str, id_number: str) -> Any:
    """The wallet item a "wallet:<id>" choice names: the user's own (else 404), and kept
    under the identity number the dossier is filed with (else a form error)."""
    from motcua.digitisation.selectors import wallet_for_user

    raw_pk = ref.removeprefix(WALLET_REF)
    item = wallet_for_user(user).filter(pk=int(raw_pk)).first() if raw_pk.isdigit() else None
    if item is None:
        raise Http404
    if item.owner_id_number != id_number:
        raise ValidationError(
            _(
                "“%(name)s” trong kho dữ liệu thuộc số định danh %(owner)s, khác số định danh "
                "người nộp hồ sơ: hãy tải tệp lên thay cho giấy tờ này."
            )
            % {"name": item.name, "owner": item.owner_id_number}
        )
    return item


def reuse_from_wallet(
    dossier: Dossier, user: Any, chosen: list[tuple[RequiredDocument, Any]]
) -> None:
    """The wallet items chosen at filing join the new dossier through the same action as
    the clerk's reuse at the desk (digitisation ``do_reuse_wallet_item``): marked reused
    and taken from the store, and counted as reuse (766 4.3)."""
    from django.core.exceptions import PermissionDenied

    from motcua.digitisation.actions import do_reuse_wallet_item

    for document, item in chosen:
        try:
            do_reuse_wallet_item(dossier, actor=user, item=item, required_document=document)
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc


def choose_from_wallet(
    draft: OnlineDraft,
    document: RequiredDocument,
    ref: str,
    candidates: list[ReuseCandidate],
) -> None:
    """One click on "Dùng từ kho dữ liệu của tôi": ``ref`` becomes the draft's reuse
    choice for ``document`` (a wallet item not offered for it is a 404)."""
    if not any(c.ref == ref and c.from_wallet and c.offered_for(document) for c in candidates):
        raise Http404
    reuse = draft.reuse_choices()
    reuse[document.name] = ref
    draft.store_values(draft.values(), reuse, draft.unit)


def send_acknowledgement(dossier: Dossier, base_url: str = "") -> None:
    """E-mail the applicant the dossier code and the lookup link, after commit: a
    rolled-back submission sends nothing. A mail failure never undoes a submission."""
    address = dossier.applicant_email
    if not address:
        return
    context = acknowledgement_context(dossier, base_url)
    subject = _("Đã nộp hồ sơ %(code)s") % {"code": dossier.code}
    body = render_to_string("portal/filing/ack_email.txt", context)

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # the dossier exists; the page showed the same facts
            logger.exception("acknowledgement e-mail for %s failed", dossier.code)

    transaction.on_commit(send)


def acknowledgement_context(dossier: Dossier, base_url: str = "") -> dict[str, Any]:
    # PUBLIC_BASE_URL, else the address the citizen is using (motcua.core.siteurl).
    base = (base_url or public_base_url()).rstrip("/")
    procedure: Procedure = dossier.procedure
    has_fees = dossier.fee_amount > 0 or any(f.amount for f in procedure.fees.all())
    return {
        "dossier": dossier,
        "procedure": procedure,
        "lookup_path": dossier.lookup_path,
        "lookup_url": f"{base}{dossier.lookup_path}",
        "payment_path": f"/payments/dossier/{dossier.code}/" if has_fees else "",
        "payment_url": f"{base}/payments/dossier/{dossier.code}/" if has_fees else "",
        "has_fees": has_fees,
        "reception_hours": settings.ONLINE_RECEPTION_LIMIT_HOURS,
        "submitted_at": timezone.localtime(dossier.submitted_at),
    }
