"""Online filing, driven through the pages the way a citizen uses them: the form generated
from the document list, uploads checked by content and size, the server-side draft, reuse
of documents already in the system, submission, and the acknowledgement."""

import hashlib
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import CitizenProfile
from motcua.core import uploads
from motcua.dossiers import intake
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.portal.models import DraftFile, OnlineDraft
from motcua.procedures.catalogue import (
    DocumentRecord,
    FeeRecord,
    ProcedureRecord,
    StepRecord,
    do_import_catalogue,
    records_from_database,
)
from motcua.procedures.models import Procedure
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 40
VALUES = {
    "unit": "000.01.40.H99",
    "applicant_name": "Nguyễn Văn An",
    "applicant_id_number": "056090001234",
    "applicant_phone": "0905123456",
    "applicant_email": "an@example.vn",
    "applicant_address": "12 Trần Phú, xã An Bình",
    "note": "",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def birth(commune, other_commune):
    """Đăng ký khai sinh: two mandatory documents, one optional, a charge of 8.000 đ."""
    do_import_catalogue(
        [
            ProcedureRecord(
                code="1.001193",
                name="Thủ tục đăng ký khai sinh",
                field_code="HT",
                field_name="Hộ tịch",
                levels=["commune"],
                time_limit=3,
                time_unit="working_days",
                online_level="full",
                unit_codes=[commune.code, other_commune.code],
                fees=[FeeRecord("charge", 8000, "Lệ phí đăng ký khai sinh")],
                documents=[
                    DocumentRecord("Tờ khai đăng ký khai sinh theo mẫu", "original"),
                    DocumentRecord("Giấy chứng sinh", "original"),
                    DocumentRecord("Văn bản ủy quyền", "certified_copy", mandatory=False),
                ],
                steps=[StepRecord("Xử lý", "specialist", Decimal(3))],
            )
        ]
    )
    return Procedure.objects.get(code="1.001193")


def docs(procedure):
    form, certificate, proxy = procedure.documents.order_by("order")
    return form, certificate, proxy


def pdf(name="to-khai.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(client, procedure, document, *files, **values):
    """What htmx sends when a file is chosen: the form's values and this document's files."""
    return client.post(
        f"/portal/file/{procedure.code}/documents/{document.pk}/upload/",
        {**VALUES, **values, f"doc_{document.pk}": list(files)},
        HTTP_HX_REQUEST="true",
    )


def submit(client, procedure, **values):
    return client.post(f"/portal/file/{procedure.code}/", {**VALUES, **values, "action": "submit"})


def html(response):
    return response.content.decode()


def stored_drafts(media):
    return sorted(p for p in (media / "drafts").rglob("*") if p.is_file())


# -- the happy path ----------------------------------------------------------------------------


def test_citizen_files_two_uploads_and_gets_a_new_online_dossier_and_an_acknowledgement(
    as_user, citizen, birth, media, django_capture_on_commit_callbacks
):
    client = as_user(citizen)
    form_doc, certificate, _proxy = docs(birth)
    page = html(client.get("/portal/file/1.001193/"))
    assert "Tờ khai đăng ký khai sinh theo mẫu" in page and "(nếu có)" in page
    assert f'name="doc_{form_doc.pk}"' in page and 'accept=".pdf,.jpg,.jpeg,.png' in page

    assert upload(client, birth, form_doc, pdf("to-khai.pdf")).status_code == 200
    scan = PDF + b"% giay chung sinh\n"
    upload(client, birth, certificate, pdf("giay-chung-sinh.pdf", scan))
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, birth, applicant_phone="0905 123 456")

    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portal/submitted/{dossier.code}/"
    assert (dossier.state, dossier.channel, dossier.applicant) == ("new", "online", citizen)
    assert (dossier.applicant_id_number, dossier.applicant_phone) == (
        "056090001234",
        "+84905123456",
    )
    stored = list(dossier.documents.order_by("id"))
    assert [(d.name, d.original_name, d.source) for d in stored] == [
        ("Tờ khai đăng ký khai sinh theo mẫu", "to-khai.pdf", "upload"),
        ("Giấy chứng sinh", "giay-chung-sinh.pdf", "upload"),
    ]
    assert [d.sha256 for d in stored] == [
        hashlib.sha256(PDF).hexdigest(),
        hashlib.sha256(scan).hexdigest(),
    ]
    assert stored[1].file.read() == scan
    # The draft is gone, and its files with it; the dossier keeps its own copies.
    assert not OnlineDraft.objects.exists() and stored_drafts(media) == []

    ack = html(client.get(response["Location"]))
    assert dossier.code in ack and "đã nộp, chờ tiếp nhận" in ack
    assert f'href="/lookup/{dossier.code}/?key={dossier.lookup_key}"' in ack
    assert f'href="/payments/dossier/{dossier.code}/"' in ack and "8.000 đ" in ack
    assert "8 giờ làm việc" in ack

    [message] = mail.outbox
    assert message.to == ["an@example.vn"]
    assert dossier.code in message.subject
    # No PUBLIC_BASE_URL: the link follows the address the citizen used (issue 7).
    assert f"http://testserver/lookup/{dossier.code}/?key={dossier.lookup_key}" in message.body
    assert f"Mã tra cứu: {dossier.lookup_key}" in message.body
    assert f"/payments/dossier/{dossier.code}/" in message.body
    assert "đã nộp, chờ tiếp nhận" in message.body


def test_form_is_prefilled_from_the_account_and_the_unit_chosen_on_the_procedure_page(
    as_user, citizen, birth
):
    CitizenProfile.objects.create(user=citizen, id_number="056090009999")
    page = html(as_user(citizen).get("/portal/file/1.001193/?unit=000.02.40.H99"))
    assert 'value="Nguyễn Văn An"' in page and 'value="congdan@example.vn"' in page
    assert 'value="056090009999"' in page
    assert '<option value="000.02.40.H99" selected>' in page


# -- what is refused, and what is kept ----------------------------------------------------------


def test_missing_mandatory_upload_is_refused_in_vietnamese_and_the_draft_keeps_the_good_file(
    as_user, citizen, birth, media
):
    client = as_user(citizen)
    form_doc, certificate, _proxy = docs(birth)
    upload(client, birth, form_doc, pdf())
    response = submit(client, birth)

    assert response.status_code == 400
    page = html(response)
    assert "Hồ sơ chưa nộp được, vui lòng sửa các lỗi sau" in page
    block = page.split(f'id="doc-{certificate.pk}"')[1].split("</fieldset>")[0]
    assert "Chưa có tệp cho giấy tờ bắt buộc này" in block
    assert not Dossier.objects.exists()
    draft = OnlineDraft.objects.get(user=citizen)
    [kept] = draft.files.all()
    assert kept.original_name == "to-khai.pdf" and kept.file.read() == PDF
    assert "to-khai.pdf" in page
    assert draft.values()["applicant_phone"] == "0905123456"


def test_invalid_applicant_fields_are_shown_next_to_the_field(as_user, citizen, birth):
    client = as_user(citizen)
    for document in docs(birth)[:2]:
        upload(client, birth, document, pdf())
    response = submit(client, birth, applicant_phone="12", applicant_name="")
    page = html(response)
    assert response.status_code == 400
    assert 'id="id_applicant_phone_errors"' in page and "Số điện thoại không hợp lệ" in page
    assert 'aria-invalid="true"' in page and "Hãy nhập họ và tên." in page
    assert not Dossier.objects.exists()


def test_an_exe_renamed_pdf_is_refused_by_its_content_and_never_costs_a_good_file(
    as_user, citizen, birth
):
    client = as_user(citizen)
    form_doc = docs(birth)[0]
    upload(client, birth, form_doc, pdf("to-khai.pdf"))
    response = upload(client, birth, form_doc, pdf("abc.pdf", EXE), pdf("trang-2.pdf"))
    assert response.status_code == 200  # htmx swaps the block in, with the message
    assert "Tệp “abc.pdf” không phải PDF, JPEG hoặc PNG." in html(response)
    names = list(DraftFile.objects.values_list("original_name", flat=True))
    assert names == ["to-khai.pdf", "trang-2.pdf"]
    response = upload(client, birth, form_doc, SimpleUploadedFile("abc.exe", EXE))
    assert "Tệp “abc.exe” không phải PDF, JPEG hoặc PNG." in html(response)


def test_an_oversized_file_is_refused(as_user, citizen, birth, settings):
    settings.PORTAL_MAX_UPLOAD_MB = 1
    client = as_user(citizen)
    form_doc = docs(birth)[0]
    big = PDF + b"0" * (1024 * 1024)
    response = upload(client, birth, form_doc, pdf("lon.pdf", big))
    assert "Tệp “lon.pdf” lớn hơn 1 MB." in html(response)
    assert not DraftFile.objects.exists()


def test_images_are_accepted_by_their_content_whatever_their_name():
    assert uploads.check_upload(SimpleUploadedFile("anh.pdf", PNG)).content_type == "image/png"
    checked = uploads.check_upload(SimpleUploadedFile("IMG_0001", JPEG))
    assert (checked.content_type, checked.extension) == ("image/jpeg", ".jpg")
    assert checked.sha256 == hashlib.sha256(JPEG).hexdigest()
    with pytest.raises(ValidationError) as exc:
        uploads.check_upload(SimpleUploadedFile("rong.pdf", b""))
    assert exc.value.messages == ["Tệp “rong.pdf” rỗng."]


def test_a_failed_submission_keeps_the_draft_and_its_files(
    as_user, citizen, birth, media, monkeypatch
):
    client = as_user(citizen)
    for document in docs(birth)[:2]:
        upload(client, birth, document, pdf())

    def refuse(**kwargs):
        raise ValidationError("UBND xã An Bình không giải quyết thủ tục này.")

    monkeypatch.setattr("motcua.portal.forms.do_submit_online", refuse)
    response = submit(client, birth)
    assert response.status_code == 400
    assert "UBND xã An Bình không giải quyết thủ tục này." in html(response)
    assert OnlineDraft.objects.get().files.count() == 2
    assert len(stored_drafts(media)) == 2


# -- the draft -------------------------------------------------------------------------------


def test_the_draft_survives_a_new_browser(as_user, citizen, birth):
    first = as_user(citizen)
    form_doc = docs(birth)[0]
    response = first.post(
        "/portal/file/1.001193/",
        {
            **VALUES,
            "applicant_address": "Thôn Phú Lộc, xã An Bình",
            f"doc_{form_doc.pk}": pdf("to-khai-da-ky.pdf"),
            "action": "save",
        },
    )
    assert response.status_code == 302

    second = as_user(citizen)  # another browser: nothing shared but the account
    drafts = html(second.get("/portal/drafts/"))
    assert "Thủ tục đăng ký khai sinh" in drafts and "1 tệp" in drafts
    page = html(second.get("/portal/file/1.001193/"))
    assert 'value="Thôn Phú Lộc, xã An Bình"' in page
    assert "to-khai-da-ky.pdf" in page and "Hồ sơ nháp đã lưu lúc" in page
    draft_file = DraftFile.objects.get()
    download = second.get(f"/portal/drafts/files/{draft_file.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"


def test_autosave_keeps_typed_values(as_user, citizen, birth):
    client = as_user(citizen)
    response = client.post(
        "/portal/file/1.001193/save/",
        {**VALUES, "applicant_name": "Nguyễn Văn A", "applicant_phone": "09"},
        HTTP_HX_REQUEST="true",
    )
    assert "Hồ sơ nháp đã lưu lúc" in html(response)
    values = OnlineDraft.objects.get().values()
    assert (values["applicant_name"], values["applicant_phone"]) == ("Nguyễn Văn A", "09")


def test_a_request_carrying_only_a_file_keeps_the_saved_values(as_user, citizen, birth):
    client = as_user(citizen)
    client.post("/portal/file/1.001193/save/", VALUES, HTTP_HX_REQUEST="true")
    form_doc = docs(birth)[0]
    client.post(
        f"/portal/file/1.001193/documents/{form_doc.pk}/upload/",
        {f"doc_{form_doc.pk}": pdf()},
        HTTP_HX_REQUEST="true",
    )
    draft = OnlineDraft.objects.get()
    assert draft.values()["applicant_id_number"] == "056090001234"
    assert draft.unit.code == "000.01.40.H99" and draft.files.count() == 1


def test_a_file_is_removed_from_the_draft_with_or_without_javascript(
    as_user, citizen, birth, media, django_capture_on_commit_callbacks
):
    client = as_user(citizen)
    form_doc = docs(birth)[0]
    upload(client, birth, form_doc, pdf("mot.pdf"), pdf("hai.pdf"))
    one, two = DraftFile.objects.order_by("id")
    with django_capture_on_commit_callbacks(execute=True):
        fragment = client.post(
            f"/portal/file/1.001193/files/{one.pk}/remove/", HTTP_HX_REQUEST="true"
        )
    assert "mot.pdf" not in html(fragment) and "hai.pdf" in html(fragment)
    assert len(stored_drafts(media)) == 1
    confirm = client.get(f"/portal/file/1.001193/files/{two.pk}/remove/")
    assert "Xóa tệp “hai.pdf”" in html(confirm)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/portal/file/1.001193/files/{two.pk}/remove/")
    assert not DraftFile.objects.exists() and stored_drafts(media) == []


def test_draft_files_survive_a_catalogue_reimport(as_user, citizen, birth, commune):
    client = as_user(citizen)
    for document in docs(birth)[:2]:
        upload(client, birth, document, pdf(f"tep-{document.order}.pdf"))
    do_import_catalogue(records_from_database(Procedure.objects.filter(pk=birth.pk)))
    assert DraftFile.objects.filter(required_document__isnull=True).count() == 2
    response = submit(client, birth)
    assert response.status_code == 302
    stored = Dossier.objects.get().documents.order_by("id")
    assert [d.original_name for d in stored] == ["tep-1.pdf", "tep-2.pdf"]
    assert [d.required_document.name for d in stored] == [
        "Tờ khai đăng ký khai sinh theo mẫu",
        "Giấy chứng sinh",
    ]


# -- reuse ---------------------------------------------------------------------------------


def earlier_dossier(procedure, unit, user):
    files = [
        intake.SubmittedDocument(
            d.name,
            d.copy_kind,
            d,
            ContentFile(PDF + f"% {i}\n".encode(), name="x.pdf"),
            f"cu-{i}.pdf",
            "application/pdf",
        )
        for i, d in enumerate(procedure.documents.filter(mandatory=True))
    ]
    return intake.do_submit_online(
        procedure=procedure,
        unit=unit,
        applicant=intake.Applicant("Nguyễn Văn An", user=user),
        documents=files,
    )


def test_reuse_of_an_earlier_document_points_at_the_same_file(as_user, citizen, birth, commune):
    earlier = earlier_dossier(birth, commune, citizen)
    old_form, old_certificate = earlier.documents.order_by("id")
    client = as_user(citizen)
    form_doc, certificate, _proxy = docs(birth)
    page = html(client.get("/portal/file/1.001193/"))
    assert f'value="doc:{old_form.pk}"' in page and "cu-0.pdf" in page

    upload(client, birth, form_doc, pdf("to-khai-moi.pdf"))
    response = submit(client, birth, **{f"reuse_{certificate.pk}": f"doc:{old_certificate.pk}"})
    assert response.status_code == 302
    dossier = Dossier.objects.exclude(pk=earlier.pk).get()
    reused = dossier.documents.get(required_document=certificate)
    assert reused.source == "reuse" and reused.reused_from == old_certificate
    # The same bytes, copied into the new dossier's own folder (issue 9: a record never
    # points at a file of another dossier).
    assert reused.file.name == f"dossiers/{dossier.code}/{old_certificate.sha256}.pdf"
    assert reused.file.read() == old_certificate.file.read()
    assert reused.sha256 == old_certificate.sha256


def test_reuse_of_an_electronic_result_wraps_it_once(as_user, citizen, birth, commune):
    delivered = Dossier.objects.create(
        code="000.01.40.H99-240305-0007",
        procedure=birth,
        receiving_unit=commune,
        responsible_unit=commune,
        channel="online",
        state="delivered",
        applicant=citizen,
        applicant_name="Nguyễn Văn An",
        result_summary="Giấy khai sinh bản điện tử",
    )
    delivered.result_file.save("giay-khai-sinh.pdf", ContentFile(PDF))
    client = as_user(citizen)
    form_doc, certificate, _proxy = docs(birth)
    page = html(client.get("/portal/file/1.001193/"))
    assert f'value="result:{delivered.pk}"' in page and "Kết quả điện tử" in page

    upload(client, birth, form_doc, pdf())
    response = submit(client, birth, **{f"reuse_{certificate.pk}": f"result:{delivered.pk}"})
    assert response.status_code == 302
    dossier = Dossier.objects.exclude(pk=delivered.pk).get()
    reused = dossier.documents.get(required_document=certificate)
    wrapper = reused.reused_from
    assert (reused.source, wrapper.source, wrapper.dossier) == ("reuse", "result", delivered)
    assert reused.file.name == f"dossiers/{dossier.code}/{wrapper.sha256}.pdf"
    assert reused.file.read() == PDF
    assert wrapper.sha256 == hashlib.sha256(PDF).hexdigest()
    assert wrapper.content_type == "application/pdf"

    # Reused again: the same wrapper, not a second one.
    upload(client, birth, form_doc, pdf())
    submit(client, birth, **{f"reuse_{certificate.pk}": f"result:{delivered.pk}"})
    assert DossierDocument.objects.filter(source="result").count() == 1


# -- who may do what -------------------------------------------------------------------------


def test_another_citizen_cannot_see_or_use_someone_elses_draft_or_documents(
    as_user, citizen, birth, commune
):
    earlier = earlier_dossier(birth, commune, citizen)
    owner = as_user(citizen)
    form_doc, certificate, _proxy = docs(birth)
    upload(owner, birth, form_doc, pdf())
    draft = OnlineDraft.objects.get()
    draft_file = DraftFile.objects.get()
    old = earlier.documents.first()

    other = as_user(UserFactory(username="hangxom", full_name="Trần Thị Bích"))
    page = html(other.get("/portal/file/1.001193/"))
    assert "to-khai.pdf" not in page and f"doc:{old.pk}" not in page
    assert "Thủ tục đăng ký khai sinh" not in html(other.get("/portal/drafts/"))
    assert other.get(f"/portal/drafts/files/{draft_file.pk}/").status_code == 404
    assert other.post(f"/portal/file/1.001193/files/{draft_file.pk}/remove/").status_code == 404
    assert other.post(f"/portal/drafts/{draft.pk}/delete/").status_code == 404
    stolen = submit(other, birth, **{f"reuse_{certificate.pk}": f"doc:{old.pk}"})
    assert stolen.status_code == 404
    assert other.get(f"/portal/submitted/{earlier.code}/").status_code == 404
    assert DraftFile.objects.filter(pk=draft_file.pk).exists()
    assert Dossier.objects.count() == 1


def test_staff_cannot_file_for_themselves(as_user, clerk, birth):
    response = as_user(clerk).get("/portal/file/1.001193/")
    assert response.status_code == 403
    assert "Không nộp hồ sơ bằng tài khoản cán bộ" in html(response)
    assert as_user(clerk).post("/portal/file/1.001193/", VALUES).status_code == 403
    assert not OnlineDraft.objects.exists()


def test_filing_requires_login(client, birth):
    response = client.get("/portal/file/1.001193/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_in_person_procedure_cannot_be_filed_online(as_user, citizen, birth):
    Procedure.objects.filter(pk=birth.pk).update(online_level="in_person")
    response = as_user(citizen).get("/portal/file/1.001193/")
    assert response.status_code == 404
    assert "nộp trực tiếp tại Bộ phận Một cửa" in html(response)


def test_a_discarded_draft_leaves_no_file(
    as_user, citizen, birth, media, django_capture_on_commit_callbacks
):
    client = as_user(citizen)
    upload(client, birth, docs(birth)[0], pdf())
    draft = OnlineDraft.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portal/drafts/{draft.pk}/delete/")
    assert response.status_code == 302
    assert not OnlineDraft.objects.exists() and stored_drafts(media) == []
