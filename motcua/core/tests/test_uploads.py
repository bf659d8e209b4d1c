"""The one upload check: by content, not by name; office files only where expected."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.uploads import check_upload


def _package(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return buffer.getvalue()


def test_a_pdf_named_exe_is_a_pdf():
    checked = check_upload(SimpleUploadedFile("ketqua.exe", b"%PDF-1.7\n..."))
    assert (checked.content_type, checked.extension) == ("application/pdf", ".pdf")


def test_a_windows_program_named_pdf_is_refused():
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("ketqua.pdf", b"MZ\x90\x00" + b"\x00" * 60))
    assert refused.value.code == "bad_type"
    assert "không phải PDF, JPEG hoặc PNG" in refused.value.messages[0]


def test_office_files_only_where_an_office_file_is_expected():
    docx = _package("word/document.xml")
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("to-trinh.docx", docx))
    checked = check_upload(SimpleUploadedFile("to-trinh.docx", docx), office=True)
    assert checked.extension == ".docx"
    xlsx = check_upload(SimpleUploadedFile("bang.bin", _package("xl/workbook.xml")), office=True)
    assert xlsx.extension == ".xlsx"


def test_a_plain_zip_is_not_an_office_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("virus.exe", "MZ")
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("bang.xlsx", buffer.getvalue()), office=True)
    assert refused.value.code == "bad_type"


def test_an_oversized_file_is_refused_before_it_is_read(settings):
    settings.PORTAL_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * (1024 * 1024)))
    assert refused.value.code == "too_large"
