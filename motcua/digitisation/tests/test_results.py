"""Signed electronic results: the unit head signs, anyone verifies (the API and poppler's
pdfsig agree), one flipped byte is seen by both, and the result is served to authorised
staff and to the applicant."""

from __future__ import annotations

import hashlib
import io
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from motcua.digitisation import results
from motcua.digitisation.models import SignedResult, WalletItem
from motcua.dossiers.choices import DossierState
from motcua.dossiers.workflow import TransitionRefused
from motcua.integrations import signing, storage
from motcua.org.tokens import do_create_token
from motcua.testing.factories import PASSWORD, UserFactory

from .conftest import api_verify, pdfsig, real_pdf


@pytest.fixture
def signed(signing_dir, receive, at_approval, leader, citizen):
    dossier = at_approval(receive(user=citizen))
    result = results.do_sign_result(
        dossier, actor=leader, result_summary="Cấp Giấy chứng nhận kết hôn số 12/2026"
    )
    dossier.refresh_from_db()
    return dossier, result, storage.read_blob(result.file)


def flip_one_byte(data: bytes) -> bytes:
    """Change one byte inside the signed content (the first stream's data)."""
    position = data.index(b"stream") + 40
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def test_signing_completes_the_dossier_with_a_stamped_signed_pdf(signed, leader):
    dossier, result, data = signed
    assert dossier.state == DossierState.PROCESSED
    assert dossier.electronic_result is True
    assert dossier.result_file.name == f"dossiers/{dossier.code}/results/{result.sha256}.pdf"
    assert hashlib.sha256(data).hexdigest() == result.sha256
    assert result.signer == "UBND xã An Bình (motcua)"
    assert result.signer_unit_code == "000.01.40.H99" and result.signed_by == leader
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert dossier.code in text and "Giấy chứng nhận kết hôn" in text
    assert f"/verify/{dossier.code}/{result.verify_token}/" in "".join(text.split())
    # The wallet keeps the signed result against the applicant's identity number.
    item = WalletItem.objects.get(sha256=result.sha256)
    assert (item.owner_id_number, item.kind, item.origin) == ("056090001234", "result", "result")


def test_sign_verify_through_the_api_and_pdfsig_then_flip_one_byte(signed, signing_dir, tmp_path):
    dossier, result, data = signed
    client = Client()
    answer = api_verify(client, data).json()
    assert answer["valid"] is True and answer["modified"] is False
    assert answer["dossier_code"] == dossier.code
    assert answer["signer"] == "UBND xã An Bình (motcua)"
    assert answer["signed_at"].startswith(f"{result.signed_at.astimezone().year}")
    assert answer["issued_here"] is True
    assert "hợp lệ" in answer["message"]

    original = tmp_path / "ket-qua.pdf"
    original.write_bytes(data)
    report = pdfsig(original, signing_dir, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Certificate Validation: Certificate is Trusted." in report
    assert "Total document signed" in report

    tampered = flip_one_byte(data)
    answer = api_verify(client, tampered).json()
    assert (answer["valid"], answer["modified"]) == (False, True)
    assert answer["dossier_code"] == dossier.code
    assert "sửa đổi" in answer["message"]
    altered = tmp_path / "ket-qua-sua.pdf"
    altered.write_bytes(tampered)
    assert "Signature Validation: Digest Mismatch." in pdfsig(altered, signing_dir, tmp_path / "b")


@pytest.fixture
def foreign_ca(tmp_path, settings, signing_dir):
    """Another CA, unknown to this system, with its own certificate for the same unit."""
    other = tmp_path / "other"
    signing.ensure_test_ca(other, organisation="Một tổ chức khác")
    signing.ensure_unit_certificate("000.01.40.H99", "UBND xã An Bình", other)
    return other


def test_unsigned_foreign_and_garbage_files_are_not_valid_and_never_a_500(
    db, signing_dir, foreign_ca, settings
):
    client = Client()
    unsigned = api_verify(client, real_pdf(1)).json()
    assert (unsigned["valid"], unsigned["message"]) == (False, "Tệp không có chữ ký số.")
    settings.SIGNING_DIR = str(foreign_ca)
    foreign_pdf = signing.sign_pdf(
        real_pdf(1), unit_code="000.01.40.H99", dossier_code="000.01.40.H99-260101-0001"
    )
    settings.SIGNING_DIR = str(signing_dir)
    foreign = api_verify(client, foreign_pdf).json()
    assert (foreign["valid"], foreign["modified"]) == (False, False)
    assert "không được tin cậy" in foreign["message"]
    picture = api_verify(client, b"\x89PNG\r\n\x1a\n" + b"0" * 50, "anh.png")
    assert picture.status_code == 200 and picture.json()["valid"] is False
    broken = api_verify(client, b"%PDF-1.7\n garbage without structure")
    assert broken.status_code == 200 and broken.json()["valid"] is False
    assert client.post("/api/v1/verify", {}).status_code == 400


def test_the_public_upload_is_rate_limited(db, signing_dir, settings):
    settings.VERIFY_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [api_verify(client, real_pdf(1)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    page = client.post("/verify/", {"file": SimpleUploadedFile("a.pdf", real_pdf(1))})
    assert page.status_code == 429


def test_the_verification_page_and_the_qr_code_page(signed):
    dossier, result, data = signed
    client = Client()
    page = client.post("/verify/", {"file": SimpleUploadedFile("kq.pdf", data)})
    assert page.status_code == 200 and 'data-valid="1"' in page.content.decode()
    qr = client.get(f"/verify/{dossier.code}/{result.verify_token}/")
    assert qr.status_code == 200 and result.sha256 in qr.content.decode()
    assert dossier.applicant_name not in qr.content.decode()
    assert client.get(f"/verify/{dossier.code}/doan-bua/").status_code == 404


def test_an_uploaded_result_is_stamped_and_signed(signing_dir, receive, at_approval, leader):
    dossier = at_approval(receive())
    upload = SimpleUploadedFile("giay-chung-nhan.pdf", real_pdf(2), content_type="application/pdf")
    result = results.do_sign_result(
        dossier, actor=leader, result_summary="Giấy chứng nhận", upload=upload
    )
    data = storage.read_blob(result.file)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2 and dossier.code in reader.pages[0].extract_text()
    assert results.verify_document(data).valid is True
    assert result.generated is False


def test_only_the_unit_head_signs_and_nothing_is_written_when_refused(
    signing_dir, receive, at_approval, specialist, clerk
):
    dossier = at_approval(receive())
    with pytest.raises(TransitionRefused):
        results.do_sign_result(dossier, actor=clerk, result_summary="Giấy chứng nhận")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS and not dossier.result_file
    assert not SignedResult.objects.exists()


def test_the_step_is_checked_before_anything_is_signed(
    signing_dir, settings, receive, clerk, specialist, leader, monkeypatch
):
    """The unit head refused at a step that is not his (the dossier still with the
    specialist): refused before a PDF is signed — no signature spent, no file written."""
    from motcua.dossiers import actions

    dossier = receive()
    actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
    dossier.refresh_from_db()
    calls = []
    real_sign = signing.sign_pdf
    monkeypatch.setattr(signing, "sign_pdf", lambda *a, **k: calls.append(1) or real_sign(*a, **k))
    with pytest.raises(TransitionRefused) as refused:
        results.do_sign_result(dossier, actor=leader, result_summary="Giấy chứng nhận")
    assert refused.value.code == "not_signing_step"
    assert calls == []
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS and not dossier.result_file
    assert not SignedResult.objects.exists()
    results_folder = settings.MEDIA_ROOT / "dossiers" / dossier.code / "results"
    assert not results_folder.exists() or not any(results_folder.iterdir())


def test_no_certificate_no_signature(settings, tmp_path, receive, at_approval, leader):
    settings.SIGNING_DIR = str(tmp_path / "trong")
    dossier = at_approval(receive())
    with pytest.raises(Exception, match="chưa có chứng thư số"):
        results.do_sign_result(dossier, actor=leader, result_summary="Giấy chứng nhận")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS


def test_the_result_api_serves_staff_with_a_token_and_the_applicant_only(signed, leader, citizen):
    dossier, result, data = signed
    _row, token = do_create_token(leader, "thu-nghiem")
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = staff.get(f"/api/v1/dossiers/{dossier.code}/result")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == data
    applicant = Client()
    applicant.login(username=citizen.username, password=PASSWORD)
    assert applicant.get(f"/api/v1/dossiers/{dossier.code}/result").status_code == 200
    stranger = Client()
    stranger.login(username=UserFactory().username, password=PASSWORD)
    missing = stranger.get(f"/api/v1/dossiers/{dossier.code}/result")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert Client().get(f"/api/v1/dossiers/{dossier.code}/result").status_code == 401


def test_pdfsig_is_installed():
    # The Makefile installs poppler-utils and libnss3-tools with the test packages.
    assert shutil.which("pdfsig") and shutil.which("certutil")
