"""Nhận hồ sơ bổ sung: the answer to a supplement request, at the desk or online.

It records which documents came in — each named, linked to the procedure's required
document where there is one, with its files: the clerk's scans (optional) or the
applicant's uploads (required: an online answer without a file is no answer). Every
file goes through the one upload check (``motcua.core.uploads``) before anything is
written; files, documents and the transition are written together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import uploads
from motcua.dossiers.choices import Action, Actor
from motcua.dossiers.models import (
    ClockPause,
    Dossier,
    DossierDocument,
    SupplementRequest,
    dossier_folder,
)
from motcua.dossiers.notify import notify_unit_role
from motcua.dossiers.transitions import (
    actors_for,
    apply_transition,
    check_action,
    invalid,
    resume_clock,
)
from motcua.integrations import storage as blobs

# One answer rarely needs more pages than this; a cap keeps one request bounded.
MAX_FILES = uploads.MAX_FILES_PER_DOCUMENT


@dataclass
class SupplementItem:
    """One document that came in with the supplement, and its files (UploadedFile)."""

    name: str
    files: list[Any] = field(default_factory=list)
    required_document: Any = None  # procedures.RequiredDocument


@dataclass(frozen=True)
class _Checked:
    upload: Any
    check: uploads.CheckedUpload  # its real type (the stored extension), size and digest


def _check(upload: Any) -> _Checked:
    return _Checked(upload, uploads.check_upload(upload))


def _validate(
    actor_roles: set[str], documents: Sequence[SupplementItem]
) -> list[tuple[SupplementItem, list[_Checked]]]:
    items = [d for d in documents if d.name.strip()]
    count = sum(len(d.files) for d in items)
    applicant_only = Actor.APPLICANT in actor_roles and Actor.CLERK not in actor_roles
    if applicant_only and count == 0:
        raise ValidationError(_("Chọn ít nhất một tệp để bổ sung."), code="no_files")
    if not items:
        raise invalid(
            "documents_required", _("Ghi rõ giấy tờ bổ sung đã nhận (ít nhất một giấy tờ).")
        )
    if count > MAX_FILES:
        raise ValidationError(
            _("Mỗi lần bổ sung tối đa %(n)d tệp.") % {"n": MAX_FILES}, code="too_many_files"
        )
    return [(item, [_check(f) for f in item.files]) for item in items]


def do_answer_supplement(
    dossier: Dossier,
    *,
    actor: Any,
    documents: Sequence[SupplementItem] = (),
    note: str = "",
) -> list[DossierDocument]:
    """The supplement came in: store its files, restart the clock, tell the step's holders.
    Returns the documents stored (scans or uploads)."""
    row = check_action(Action.ANSWER_SUPPLEMENT, dossier, actor)
    roles = actors_for(actor, dossier)
    checked = _validate(roles, documents)
    source = DossierDocument.SOURCE_SCAN if Actor.CLERK in roles else DossierDocument.SOURCE_UPLOAD
    now = timezone.now()
    written: list[tuple[Any, str]] = []
    stored: list[DossierDocument] = []
    try:
        with transaction.atomic():
            for item, files in checked:
                for index, one in enumerate(files, start=1):
                    label = item.name.strip()
                    if len(files) > 1:
                        label = f"{label} ({index}/{len(files)})"
                    # Content-addressed in the dossier's own folder (issue 9's storage).
                    one.upload.seek(0)
                    blob = blobs.save_blob(
                        dossier_folder(dossier),
                        one.upload,
                        one.check.extension,
                        sha256=one.check.sha256,
                    )
                    document = DossierDocument(
                        dossier=dossier,
                        required_document=item.required_document,
                        name=label[:500],
                        copy_kind=getattr(item.required_document, "copy_kind", "") or "",
                        original_name=one.check.name[:255],
                        content_type=one.check.content_type,
                        size=one.check.size,
                        sha256=one.check.sha256,
                        source=source,
                        file=blob.name,
                    )
                    if blob.created:  # the same bytes already there are not ours to remove
                        written.append((document.file.storage, document.file.name))
                    document.save()
                    stored.append(document)
            changes = resume_clock(dossier, now, ClockPause.REASON_SUPPLEMENT)
            apply_transition(
                dossier,
                row,
                actor,
                note=note.strip(),
                event_fields={
                    "data": {
                        "documents": [item.name.strip() for item, _files in checked],
                        "files": len(stored),
                    }
                },
                **changes,
            )
            SupplementRequest.objects.filter(dossier=dossier, answered_at__isnull=True).update(
                answered_at=now
            )
            step = dossier.current_step
            if step is not None:
                notify_unit_role(
                    step.unit,
                    step.role,
                    dossier,
                    _("Hồ sơ %(code)s đã được bổ sung.") % {"code": dossier.code},
                )
    except BaseException:
        for storage, path in written:
            storage.delete(path)
        raise
    return stored
