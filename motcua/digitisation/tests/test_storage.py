"""Dossier files on local disk and on an S3-compatible store (moto's server, started by
the tests) pass the same tests: content-addressed, never overwritten, never half-written,
and a dossier's records point only into its own folder."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from motcua.digitisation import actions
from motcua.digitisation.models import WalletItem
from motcua.dossiers.models import DossierDocument
from motcua.integrations import storage

from .conftest import CCCD, FORM, jpeg, png, real_pdf, required

PDF = real_pdf(2)


class BreaksHalfway(ContentFile):
    """A file whose reading fails after its first chunk: a connection lost mid-upload."""

    def chunks(self, chunk_size=None):
        yield self.read(64)
        raise OSError("connection reset by peer")

    def read(self, size=-1):
        data = super().read(size)
        if size == -1 or size is None or size > 64:
            raise OSError("connection reset by peer")
        return data


def test_same_bytes_are_one_file_and_a_name_is_never_overwritten(backend):
    first = storage.save_blob("dossiers/A", PDF, ".pdf")
    again = storage.save_blob("dossiers/A", ContentFile(PDF), ".pdf")
    assert first.name == f"dossiers/A/{hashlib.sha256(PDF).hexdigest()}.pdf"
    assert (first.created, again.created, again.name) == (True, False, first.name)
    other = storage.save_blob("dossiers/A", PDF + b"y", ".pdf")
    assert other.name != first.name
    assert storage.read_blob(first.name) == PDF
    assert storage.read_blob(other.name) == PDF + b"y"


def test_an_interrupted_write_leaves_no_file(backend):
    content = BreaksHalfway(PDF * 50, name="scan.pdf")
    digest = hashlib.sha256(PDF * 50).hexdigest()
    backend_storage = storage.default_storage_backend()
    with pytest.raises(OSError):
        backend_storage.save(f"dossiers/B/{digest}.pdf", content)
    assert not backend_storage.exists(f"dossiers/B/{digest}.pdf")
    # Written again in full, the file is complete.
    blob = storage.save_blob("dossiers/B", PDF * 50, ".pdf")
    assert blob.created and storage.read_blob(blob.name) == PDF * 50


def test_an_interrupted_scan_leaves_no_record(backend, receive, procedure, clerk, monkeypatch):
    dossier = receive()
    real_save = storage.save_blob

    def failing_save(folder, content, extension, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(storage, "save_blob", failing_save)
    upload = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    with pytest.raises(OSError):
        actions.do_digitise_document(
            dossier, actor=clerk, required_document=required(procedure, FORM), files=[upload]
        )
    assert not DossierDocument.objects.filter(dossier=dossier).exists()
    monkeypatch.setattr(storage, "save_blob", real_save)
    # Every record that exists points at a file that exists.
    upload.seek(0)
    actions.do_digitise_document(
        dossier, actor=clerk, required_document=required(procedure, FORM), files=[upload]
    )
    for document in DossierDocument.objects.all():
        assert storage.default_storage_backend().exists(document.file.name)


def test_three_images_become_a_three_page_pdf_on_the_right_document(
    backend, receive, procedure, clerk
):
    dossier = receive()
    cccd = required(procedure, CCCD)
    files = [
        SimpleUploadedFile("trang-1.jpg", jpeg("red", orientation=6), content_type="image/jpeg"),
        SimpleUploadedFile("trang-2.png", png("green"), content_type="image/png"),
        SimpleUploadedFile("trang-3.jpg", jpeg("blue"), content_type="image/jpeg"),
    ]
    document = actions.do_digitise_document(
        dossier, actor=clerk, required_document=cccd, files=files
    )
    document.refresh_from_db()
    assert (document.required_document, document.page_count, document.source) == (
        cccd,
        3,
        "scan",
    )
    assert document.digitised_by == clerk and document.digitised_at is not None
    assert document.file.name == f"dossiers/{dossier.code}/{document.sha256}.pdf"
    data = storage.read_blob(document.file.name)
    assert hashlib.sha256(data).hexdigest() == document.sha256
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3
    # The first photo was taken sideways (EXIF orientation 6): turned upright, 80 × 120.
    first = reader.pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert width < height
    # Nothing of the camera's metadata reached the PDF.
    assert b"Camera Thu Nghiem" not in data and b"Exif" not in data


def test_a_reused_document_is_copied_into_the_new_dossiers_folder(
    backend, receive, procedure, clerk
):
    first = receive()
    upload = SimpleUploadedFile("cccd.pdf", PDF, content_type="application/pdf")
    original = actions.do_digitise_document(
        first, actor=clerk, required_document=required(procedure, CCCD), files=[upload]
    )
    second = receive()
    item = WalletItem.objects.get(source_document=original)
    reused = actions.do_reuse_wallet_item(
        second, actor=clerk, item=item, required_document=required(procedure, CCCD)
    )
    assert reused.file.name == f"dossiers/{second.code}/{original.sha256}.pdf"
    assert reused.file.name != original.file.name
    assert storage.read_blob(reused.file.name) == PDF
    for document in DossierDocument.objects.all():
        assert document.file.name.startswith(f"dossiers/{document.dossier.code}/")
