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
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from motcua.core import uploads
from motcua.core.uploads import ACCEPT_ATTRIBUTE, max_upload_bytes
from motcua.dossiers import actions, transitions
from motcua.dossiers.choices import Action
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.workflow import check

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
    # Refuse before reading the files when the answer cannot be given anyway.
    check(Action.ANSWER_SUPPLEMENT, dossier.state, transitions.actors_for(actor, dossier))
    name = name.strip()
    if not name:
        raise ValidationError(_("Ghi tên giấy tờ bổ sung."), code="name_required")
    check_files(files)
    note = note.strip() or _("Người nộp bổ sung hồ sơ trực tuyến (%(n)d tệp).") % {"n": len(files)}
    return actions.do_answer_supplement(
        dossier,
        actor=actor,
        documents=[actions.SupplementItem(name, list(files), required_document)],
        note=note,
    )
