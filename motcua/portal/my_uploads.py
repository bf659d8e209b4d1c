"""Files a citizen uploads on their own dossier — the documents a supplement request asks
for — checked like the files of online filing (``motcua.core.uploads``: PDF, JPEG or
PNG recognised from the first bytes, never from the name or the browser's content type;
at most ``PORTAL_MAX_UPLOAD_MB`` megabytes per file), stored as ``DossierDocument`` rows
together with the answer to the request, all or nothing. A stored file gets the extension
of what it really is, so that a PDF named ``x.html`` is kept as ``x.pdf``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from motcua.core import uploads
from motcua.core.uploads import ACCEPT_ATTRIBUTE, max_upload_bytes
from motcua.dossiers import actions, transitions
from motcua.dossiers.choices import Action
from motcua.dossiers.models import Dossier, DossierDocument, dossier_folder
from motcua.dossiers.workflow import check
from motcua.integrations import storage

__all__ = [
    "ACCEPT_ATTRIBUTE",
    "MAX_FILES",
    "CheckedFile",
    "answer_supplement_online",
    "check_files",
    "max_upload_bytes",
]

# One supplement rarely needs more pages than this; a cap keeps one request bounded.
MAX_FILES = uploads.MAX_FILES_PER_DOCUMENT


@dataclass(frozen=True)
class CheckedFile:
    upload: Any  # the UploadedFile
    check: uploads.CheckedUpload
    filename: str  # the name it is stored under: safe, with the real extension


def check_file(upload: Any) -> CheckedFile:
    """Raise ``ValidationError`` (Vietnamese) unless ``upload`` is a non-empty PDF, JPEG or
    PNG file within the size limit."""
    checked = uploads.check_upload(upload)
    stem = get_valid_filename(os.path.splitext(checked.name)[0]) or "tep"
    return CheckedFile(upload, checked, f"{stem[:80]}{checked.extension}")


def check_files(files: list[Any]) -> list[CheckedFile]:
    if not files:
        raise ValidationError(_("Chọn ít nhất một tệp để bổ sung."), code="no_files")
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("Mỗi lần bổ sung tối đa %(n)d tệp.") % {"n": MAX_FILES}, code="too_many_files"
        )
    return [check_file(f) for f in files]


def _store(
    dossier: Dossier, item: CheckedFile, name: str, required_document: Any
) -> DossierDocument:
    item.upload.seek(0)
    blob = storage.save_blob(
        dossier_folder(dossier), item.upload, item.check.extension, sha256=item.check.sha256
    )
    document = DossierDocument(
        dossier=dossier,
        required_document=required_document,
        name=name,
        original_name=item.check.name[:255],
        content_type=item.check.content_type,
        size=item.check.size,
        sha256=item.check.sha256,
        source=DossierDocument.SOURCE_UPLOAD,
        file=blob.name,
    )
    document._blob_created = blob.created  # type: ignore[attr-defined]
    return document


def answer_supplement_online(
    dossier: Dossier,
    *,
    actor: Any,
    files: list[Any],
    name: str,
    required_document: Any = None,
    note: str = "",
) -> list[DossierDocument]:
    """Người nộp bổ sung hồ sơ trực tuyến: store ``files`` as documents named ``name``
    and answer the supplement request (``do_answer_supplement``: the clock restarts) in
    one transaction. Files that reached the storage are removed again if anything fails —
    a refused transition, a conflict with an officer acting at the same moment, a full
    disk."""
    # Refuse before writing anything when the answer cannot be given anyway.
    check(Action.ANSWER_SUPPLEMENT, dossier.state, transitions.actors_for(actor, dossier))
    name = name.strip()
    if not name:
        raise ValidationError(_("Ghi tên giấy tờ bổ sung."), code="name_required")
    checked = check_files(files)
    count = len(checked)
    note = note.strip() or _("Người nộp bổ sung hồ sơ trực tuyến (%(n)d tệp).") % {"n": count}
    written: list[tuple[Any, str]] = []
    stored: list[DossierDocument] = []
    try:
        with transaction.atomic():
            for index, item in enumerate(checked, start=1):
                label = name if count == 1 else f"{name} ({index}/{count})"
                document = _store(dossier, item, label[:500], required_document)
                if document._blob_created:  # type: ignore[attr-defined]
                    written.append((document.file.storage, document.file.name))
                document.save()
                stored.append(document)
            actions.do_answer_supplement(dossier, actor=actor, note=note)
    except BaseException:
        for storage, path in written:
            storage.delete(path)
        raise
    return stored
