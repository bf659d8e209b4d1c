"""Writes of the digitisation area, one function per verb: digitise a required document at
the desk, reuse a wallet document, sign the result. Each checks who acts, writes the file
first (content-addressed in the dossier's folder) and the records after it in one
transaction, keeps the dossier's indicator facts true and writes its audit row."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.core.uploads import MAX_FILES_PER_DOCUMENT, check_upload
from motcua.digitisation import rules
from motcua.digitisation.choices import DocumentKind, WalletOrigin
from motcua.digitisation.models import WalletItem, WalletUse
from motcua.dossiers.choices import Actor, DigitisationState, DossierState
from motcua.dossiers.models import Dossier, DossierDocument, dossier_folder
from motcua.dossiers.transitions import actors_for
from motcua.integrations import storage
from motcua.procedures.models import RequiredDocument

# Nothing is digitised on a dossier that never came in or was taken back.
CLOSED_TO_SCANS = frozenset({DossierState.NOT_ACCEPTED, DossierState.WITHDRAWN})
# States in which the applicant may still add documents to his own dossier.
APPLICANT_STATES = frozenset({DossierState.NEW, DossierState.SUPPLEMENT_REQUESTED})
STAFF_ACTORS = frozenset({Actor.CLERK, Actor.SPECIALIST})


# -- the dossier's facts ------------------------------------------------------------------


def slots_for(dossier: Dossier) -> list[rules.Slot]:
    have = set(
        dossier.documents.exclude(file="")
        .exclude(required_document=None)
        .values_list("required_document_id", flat=True)
    )
    return [
        rules.Slot(
            mandatory=d.mandatory, shown_only=rules.is_shown_only(d.name), has_file=d.pk in have
        )
        for d in dossier.procedure.documents.all()
    ]


def refresh_facts(dossier: Dossier) -> None:
    """Derive the indicator facts the documents decide (docs/dossiers.md): digitisation
    from the kept required documents, reuse and the store link from how each document
    came. Written with ``update()``: the facts are not a workflow transition and do not
    touch the dossier's version."""
    documents = dossier.documents.all()
    facts = {
        "digitisation": rules.digitisation_state(slots_for(dossier)),
        "reuses_digitised_data": documents.filter(source=DossierDocument.SOURCE_REUSE).exists(),
        "national_store_linked": documents.filter(from_national_store=True).exists(),
    }
    assert facts["digitisation"] in DigitisationState.values()
    Dossier.objects.filter(pk=dossier.pk).update(**facts)
    for key, value in facts.items():
        setattr(dossier, key, value)


# -- the wallet ---------------------------------------------------------------------------


def keep_in_wallet(
    document: DossierDocument,
    *,
    actor: Any,
    origin: str = WalletOrigin.DIGITISED,
    kind: str = "",
    issuer: str = "",
    valid_until: date | None = None,
) -> WalletItem | None:
    """Keep ``document`` against its owner's identity (the dossier's applicant), once per
    file; forms filled in for one dossier are not kept."""
    dossier = document.dossier
    owner = dossier.applicant_id_number.strip()
    if not owner or (origin == WalletOrigin.DIGITISED and rules.is_form(document.name)):
        return None
    existing = WalletItem.objects.filter(owner_id_number=owner, sha256=document.sha256).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return WalletItem.objects.create(
                owner_id_number=owner,
                owner_kind=rules.owner_kind(owner),
                owner_name=dossier.applicant_name,
                kind=kind or rules.document_kind(document.name),
                name=document.name,
                issuer=issuer,
                valid_until=valid_until,
                origin=origin,
                source_dossier=dossier,
                source_document=document,
                file=document.file.name,
                sha256=document.sha256,
                size=document.size,
                content_type=document.content_type or "application/pdf",
                page_count=document.page_count,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # the same file kept at the same moment by someone else
        return WalletItem.objects.get(owner_id_number=owner, sha256=document.sha256)


def _required(dossier: Dossier, required_document: Any) -> RequiredDocument:
    if isinstance(required_document, RequiredDocument):
        required_document = required_document.pk
    found = dossier.procedure.documents.filter(pk=required_document).first()
    if found is None:
        raise ValidationError(
            _("Giấy tờ này không thuộc thành phần hồ sơ của thủ tục."), code="not_required"
        )
    return found


def _check_staff(actor: Any, dossier: Dossier) -> None:
    if not (actors_for(actor, dossier) & STAFF_ACTORS):
        raise PermissionDenied(_("Chỉ cán bộ tiếp nhận, xử lý hồ sơ này được số hóa giấy tờ."))
    if dossier.state in CLOSED_TO_SCANS:
        raise ValidationError(
            _("Hồ sơ ở trạng thái “%(state)s”: không số hóa được.")
            % {"state": DossierState.label(dossier.state)},
            code="closed",
        )


# -- digitising at the desk ---------------------------------------------------------------


def do_digitise_document(
    dossier: Dossier,
    *,
    actor: Any,
    required_document: Any,
    files: list[Any],
    issuer: str = "",
    valid_until: date | None = None,
) -> DossierDocument:
    """Số hóa một thành phần hồ sơ: one PDF, or page images assembled into one PDF (one
    page per image, upright, without EXIF), stored content-addressed in the dossier's
    folder and linked to ``required_document``; marked digitised by ``actor`` now. The
    file is written before the record: if anything fails, no record exists."""
    from motcua.digitisation import pdf

    _check_staff(actor, dossier)
    required = _required(dossier, required_document)
    if not files:
        raise ValidationError(_("Chọn tệp PDF hoặc ảnh chụp các trang."), code="no_files")
    from django.conf import settings

    limit = max(MAX_FILES_PER_DOCUMENT, settings.SCAN_MAX_PAGES)
    if len(files) > limit:
        raise ValidationError(
            _("Mỗi giấy tờ tối đa %(n)d tệp.") % {"n": limit}, code="too_many_files"
        )
    checked = [check_upload(f) for f in files]
    kinds = {c.content_type for c in checked}
    if "application/pdf" in kinds:
        if len(files) != 1:
            raise ValidationError(
                _("Chọn một tệp PDF, hoặc các ảnh chụp từng trang (không trộn lẫn)."),
                code="mixed_files",
            )
        files[0].seek(0)
        data = files[0].read()
        pages = pdf.page_count(data)
        original_name = checked[0].name
    else:
        data = pdf.images_to_pdf(files)
        pages = len(files)
        original_name = f"{os.path.splitext(checked[0].name)[0]}.pdf"
    blob = storage.save_blob(dossier_folder(dossier), data, ".pdf")
    now = timezone.now()
    try:
        with transaction.atomic():
            document = DossierDocument.objects.create(
                dossier=dossier,
                required_document=required,
                name=required.name,
                copy_kind=required.copy_kind,
                file=blob.name,
                original_name=original_name[:255],
                content_type="application/pdf",
                size=blob.size,
                sha256=blob.sha256,
                source=DossierDocument.SOURCE_SCAN,
                page_count=pages,
                digitised_at=now,
                digitised_by=actor,
                uploaded_at=now,
            )
            keep_in_wallet(document, actor=actor, issuer=issuer.strip(), valid_until=valid_until)
            refresh_facts(dossier)
            record_audit(
                actor,
                "digitise_document",
                document,
                f"{dossier.code}: {required.name} ({pages} trang)",
                {"sha256": blob.sha256, "pages": pages},
            )
    except BaseException:
        if blob.created and not DossierDocument.objects.filter(file=blob.name).exists():
            storage.default_storage_backend().delete(blob.name)
        raise
    return document


# -- reuse --------------------------------------------------------------------------------


def _check_reuser(actor: Any, dossier: Dossier) -> None:
    actors = actors_for(actor, dossier)
    if actors & STAFF_ACTORS and dossier.state not in CLOSED_TO_SCANS:
        return
    if Actor.APPLICANT in actors and dossier.state in APPLICANT_STATES:
        return
    raise PermissionDenied(_("Bạn không được bổ sung giấy tờ cho hồ sơ này lúc này."))


def do_reuse_wallet_item(
    dossier: Dossier, *, actor: Any, item: WalletItem, required_document: Any
) -> DossierDocument:
    """Dùng lại giấy tờ đã có trong kho dữ liệu: the document joins the dossier without a
    new upload (its file copied into the dossier's folder), marked reused and taken from
    the store (DuocLayTuKhoDMQG); the dossier counts as reusing digitised data (766 4.3)."""
    _check_reuser(actor, dossier)
    required = _required(dossier, required_document)
    owner = dossier.applicant_id_number.strip()
    if not owner or item.owner_id_number != owner:
        raise PermissionDenied(_("Giấy tờ này không thuộc kho dữ liệu của người nộp hồ sơ."))
    if not rules.is_valid_on(item.valid_until, timezone.localdate()):
        raise ValidationError(
            _("Giấy tờ đã hết giá trị sử dụng từ ngày %(day)s.")
            % {"day": f"{item.valid_until:%d/%m/%Y}" if item.valid_until else ""},
            code="expired",
        )
    if item.kind != DocumentKind.RESULT and not rules.fits(required.name, item.name, item.kind):
        raise ValidationError(
            _("“%(item)s” không phù hợp với giấy tờ “%(required)s”.")
            % {"item": item.name, "required": required.name},
            code="does_not_fit",
        )
    already = dossier.documents.filter(required_document=required, sha256=item.sha256).first()
    if already is not None:
        return already
    blob = storage.copy_blob(item.file, dossier_folder(dossier))
    now = timezone.now()
    with transaction.atomic():
        document = DossierDocument.objects.create(
            dossier=dossier,
            required_document=required,
            name=required.name,
            copy_kind=required.copy_kind,
            file=blob.name,
            # The name the file had when it was kept (not its content address).
            original_name=(item.source_document.original_name if item.source_document else "")
            or os.path.basename(item.file),
            content_type=item.content_type,
            size=blob.size,
            sha256=blob.sha256,
            source=DossierDocument.SOURCE_REUSE,
            reused_from=item.source_document,
            page_count=item.page_count,
            digitised_at=now,
            digitised_by=actor if getattr(actor, "is_staff_member", False) else None,
            from_national_store=True,
            uploaded_at=now,
        )
        WalletUse.objects.create(item=item, dossier=dossier, document=document, used_by=actor)
        refresh_facts(dossier)
        record_audit(
            actor,
            "reuse_wallet_item",
            document,
            f"{dossier.code}: {required.name} ← kho dữ liệu #{item.pk}",
            {"item": item.pk, "source_dossier": item.source_dossier_id},
        )
    return document
