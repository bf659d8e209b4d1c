"""The pages: sending without an account (with attachments, rate-limited), following with
the secret, the public answers searchable without diacritics and without personal data,
the desk/hotline intake, the officer's actions, the dossier page's panel."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers.intake import Applicant, ReceivedDocument, do_receive_dossier
from motcua.feedback import actions
from motcua.feedback.models import Feedback
from motcua.testing.factories import marriage_procedure

PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {
    "title": "Hẹn trả kết quả trễ",
    "content": "Tôi là Trần Thị Bình, hồ sơ hẹn ngày 10 mà chưa có kết quả.",
    "name": "Trần Thị Bình",
    "phone": "0905123456",
    "email": "",
    "dossier_code": "",
    "procedure": "",
    "unit": "",
    "publish_consent": "on",
}


def test_anyone_sends_feedback_with_an_attachment_and_gets_the_code_and_secret(commune):
    client = Client()
    upload = SimpleUploadedFile("bien-nhan.pdf", PDF, content_type="application/pdf")
    page = client.post("/feedback/send/", {**FORM, "unit": commune.code, "files": [upload]})
    assert page.status_code == 200
    item = Feedback.objects.get()
    html = page.content.decode()
    assert item.code in html and 'id="feedback-secret"' in html
    attachment = item.attachments.get()
    assert (attachment.original_name, attachment.content_type) == (
        "bien-nhan.pdf",
        "application/pdf",
    )


def test_an_upload_that_is_not_a_pdf_or_image_is_refused(commune):
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    page = Client().post("/feedback/send/", {**FORM, "unit": commune.code, "files": [upload]})
    assert page.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in page.content.decode()
    assert not Feedback.objects.exists()


def test_the_send_page_is_rate_limited(commune, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    client = Client()
    assert client.post("/feedback/send/", {**FORM, "unit": commune.code}).status_code == 200
    assert client.post("/feedback/send/", {**FORM, "unit": commune.code}).status_code == 429
    assert Feedback.objects.count() == 1


def test_without_a_unit_feedback_goes_to_the_top_unit(province, commune):
    Client().post("/feedback/send/", FORM)
    assert Feedback.objects.get().unit == province


def test_the_sender_follows_and_reopens_on_the_tracking_page(receive, specialist):
    item, secret = receive()
    assert Client().get("/feedback/track/", {"code": item.code, "secret": "x"}).status_code == 200
    actions.do_accept(item, actor=specialist)
    actions.do_answer(item, actor=specialist, answer="Đã nhắc nhở cán bộ.")
    page = Client().get("/feedback/track/", {"code": item.code, "secret": secret})
    assert "Đã nhắc nhở cán bộ." in page.content.decode()
    Client().post(
        f"/feedback/track/{item.code}/", {"secret": secret, "action": "reopen", "reason": "Chưa"}
    )
    item.refresh_from_db()
    assert item.state == "accepted" and item.reopen_count == 1
    wrong = Client().post(f"/feedback/track/{item.code}/", {"secret": "x", "action": "rate"})
    assert wrong.status_code == 404


def test_the_public_page_finds_answers_without_diacritics_and_shows_no_personal_data(
    receive, specialist
):
    item, _ = receive(content="Chị Trần Thị Bình (0905123456) phản ánh việc đăng ký kết hôn.")
    actions.do_accept(item, actor=specialist)
    actions.do_answer(item, actor=specialist, answer="UBND xã đã liên hệ bà Trần Thị Bình.")
    actions.do_publish(item, actor=specialist)
    hidden, _ = receive(title="Không công khai", publish_consent=False)
    page = Client().get("/feedback/", {"q": "dang ky ket hon"})
    html = page.content.decode()
    assert item.code in html and hidden.code not in html
    assert (
        "Trần Thị Bình" not in html and "0905123456" not in html and "binh@example.vn" not in html
    )
    assert Client().get("/feedback/", {"q": "khai sinh"}).content.decode().count(item.code) == 0
    detail = Client().get(f"/feedback/published/{item.code}/").content.decode()
    assert "UBND xã đã liên hệ bà ***." in detail and "Trần Thị Bình" not in detail
    assert Client().get(f"/feedback/published/{hidden.code}/").status_code == 404


def test_the_hotline_operator_types_what_the_caller_says(clerk, commune, as_user):
    client = as_user(clerk)
    page = client.post("/feedback/work/new/", {**FORM, "unit": commune.code, "channel": "hotline"})
    assert page.status_code == 200
    item = Feedback.objects.get()
    assert (item.channel, item.received_by, item.sender_account) == ("hotline", clerk, None)


def test_the_officer_acts_on_the_item_page(receive, specialist, as_user):
    item, _ = receive()
    client = as_user(specialist)
    page = client.get(f"/feedback/work/{item.code}/").content.decode()
    assert 'id="action-accept"' in page and 'id="action-answer"' not in page
    client.post(f"/feedback/work/{item.code}/accept/", {"note": ""})
    client.post(f"/feedback/work/{item.code}/answer/", {"answer": "Đã xử lý."})
    item.refresh_from_db()
    assert item.state == "answered" and item.answer == "Đã xử lý."
    refused = client.post(f"/feedback/work/{item.code}/accept/", follow=True)
    assert "Không thể" in refused.content.decode()


def test_staff_of_other_units_do_not_see_the_item(receive, other_commune, as_user):
    from motcua.org.choices import Role
    from motcua.testing.factories import staff

    item, _ = receive()
    stranger = staff(other_commune, Role.SPECIALIST, username="nguoila")
    assert as_user(stranger).get(f"/feedback/work/{item.code}/").status_code == 404


def test_the_dossiers_units_see_its_feedback_on_the_dossier_page(
    commune, clerk, specialist, as_user
):
    procedure = marriage_procedure(commune)
    dossier = do_receive_dossier(
        procedure=procedure,
        unit=commune,
        applicant=Applicant("Trần Thị Bình", phone="0905123456"),
        documents=[
            ReceivedDocument(d.name, d.copy_kind) for d in procedure.documents.all() if d.mandatory
        ],
        actor=clerk,
    )
    response = Client().post(
        "/api/v1/feedback",
        {**FORM, "dossier_code": dossier.code, "email": "binh@example.vn"},
        content_type="application/json",
    )
    assert response.status_code == 201
    item = Feedback.objects.get()
    assert item.dossier == dossier and item.unit == commune
    page = as_user(specialist).get(f"/dossiers/{dossier.code}/").content.decode()
    assert 'id="feedback-panel"' in page and item.code in page


def test_the_citizen_sends_feedback_about_his_dossier_from_its_page(
    commune, clerk, citizen, as_user
):
    procedure = marriage_procedure(commune)
    dossier = do_receive_dossier(
        procedure=procedure,
        unit=commune,
        applicant=Applicant("Nguyễn Văn An", phone="0905123456", user=citizen),
        documents=[
            ReceivedDocument(d.name, d.copy_kind) for d in procedure.documents.all() if d.mandatory
        ],
        actor=clerk,
    )
    client = as_user(citizen)
    page = client.get(f"/portal/my/{dossier.code}/").content.decode()
    assert f"/feedback/send/?dossier={dossier.code}" in page
    form = client.get("/feedback/send/", {"dossier": dossier.code}).content.decode()
    assert f'value="{dossier.code}"' in form and 'value="Nguyễn Văn An"' in form
    client.post("/feedback/send/", {**FORM, "name": "Nguyễn Văn An", "dossier_code": dossier.code})
    item = Feedback.objects.get()
    assert (item.sender_account, item.dossier, item.unit) == (citizen, dossier, commune)


def test_the_home_page_shows_the_feedback_waiting_for_the_officer(receive, specialist, as_user):
    item, _ = receive()
    page = as_user(specialist).get("/").content.decode()
    assert 'id="feedback-home-panel"' in page and item.code in page
