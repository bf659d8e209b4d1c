"""The one check every uploaded file goes through, staff or citizen: PDF, JPEG or PNG
(DOCX / XLSX only where an office file is expected), recognised by their content (the
first bytes), not by the name, and no larger than ``settings.PORTAL_MAX_UPLOAD_MB``."""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (signature at offset 0, content type, extension). A PDF starts with "%PDF-" (ISO 32000-1
# §7.5.2), a JPEG with the SOI marker and the first segment's FF, a PNG with its 8-byte
# signature (ISO/IEC 15948 §5.2).
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
)
# Office files are ZIP packages (ECMA-376 Part 2): told apart by the part that only a
# word-processing or a spreadsheet package has.
OFFICE_PARTS: tuple[tuple[str, str, str], ...] = (
    (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
)
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
OFFICE_ACCEPT_ATTRIBUTE = ACCEPT_ATTRIBUTE + ",.docx,.xlsx"
# Several files per document (a scan page by page, both sides of a card), within reason.
MAX_FILES_PER_DOCUMENT = 10


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted file: its real type, size and SHA-256 digest."""

    name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def max_upload_bytes() -> int:
    return int(settings.PORTAL_MAX_UPLOAD_MB) * 1024 * 1024


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of the file that starts with ``head``, if accepted."""
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def sniff_office(upload: Any) -> tuple[str, str] | None:
    """(content type, extension) of a DOCX or XLSX package, read from its ZIP directory."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for part, content_type, extension in OFFICE_PARTS:
        if part in names:
            return content_type, extension
    return None


def display_name(name: str) -> str:
    """The file name as the citizen knows it, without any path a browser may send."""
    base = os.path.basename(name.replace("\\", "/")).strip() or "tep"
    stem, ext = os.path.splitext(base)
    return stem[: 250 - len(ext[:10])] + ext[:10]


def check_upload(upload: Any, *, office: bool = False) -> CheckedUpload:
    """Accept ``upload`` (a Django ``UploadedFile``) or raise ``ValidationError`` with a
    message for the user. The size is checked first, so an oversized file is never read;
    the content, not the extension, decides the type. ``office`` also admits DOCX/XLSX,
    for the places where an office file is expected."""
    name = display_name(upload.name or "")
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("Tệp “%(name)s” lớn hơn %(mb)d MB.")
            % {"name": name, "mb": settings.PORTAL_MAX_UPLOAD_MB},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    upload.seek(0)
    kind = sniff(upload.read(16))
    if kind is None and office:
        kind = sniff_office(upload)
    if kind is None:
        message = (
            _("Tệp “%(name)s” không phải PDF, JPEG, PNG, DOCX hoặc XLSX.")
            if office
            else _("Tệp “%(name)s” không phải PDF, JPEG hoặc PNG.")
        )
        raise ValidationError(message % {"name": name}, code="bad_type")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(name, kind[0], kind[1], upload.size, digest.hexdigest())
