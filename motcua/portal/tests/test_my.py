"""Hồ sơ của tôi, driven through the pages the way a citizen uses them: the list, the
dossier page, a supplement answered online, a stop request, the electronic result, the
issued forms and the rating."""

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers import actions, intake
from motcua.dossiers.choices import DossierState, FormKind
from motcua.dossiers.models import Dossier, DossierDocument, DossierEvent
from motcua.dossiers.tests import conftest as dossier_fixtures
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.transitions import DossierConflict
from motcua.portal import my_uploads
from motcua.surveys.models import DossierRating
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

# The dossier fixtures (a procedure with four steps; a paper dossier received at the desk).
marriage = dossier_fixtures.marriage
receive = dossier_fixtures.receive

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
FIRST = "000.01.40.H99-240305-0001"
SCORES = {
    "publicity": "2",
    "timeliness": "1",
    "contacts": "2",
    "attitude": "2",
    "lawful_result": "2",
    "overall": "4",
}


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def neighbour(db):
    return UserFactory(username="hangxom", full_name="Phạm Thị Hàng Xóm")


@pytest.fixture
def mine(receive, citizen):
    """A paper dossier received at the desk for the citizen's account."""

    def _mine(user=None):
        return receive(applicant=intake.Applicant("Nguyễn Văn An", user=user or citizen))

    return _mine


@pytest.fixture
def supplement_requested(mine, clerk, specialist):
    dossier = mine()
    actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
    actions.do_request_supplement(
        dossier, actor=specialist, reason="Thiếu bản sao CCCD của người kết hôn"
    )
    return dossier


def processed(dossier, clerk, specialist, leader, result_file=None):
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_hand_on(dossier, actor=specialist)
    actions.do_complete(
        dossier,
        actor=leader,
        result_summary="Giấy chứng nhận kết hôn",
        result_file=result_file,
    )
    return dossier


def pages(media):
    return sorted(p.name for p in media.rglob("*") if p.is_file())


# -- the list ----------------------------------------------------------------------------------


def test_the_list_shows_my_dossiers_with_state_appointment_and_what_i_must_do(
    mine, supplement_requested, neighbour, clerk, specialist, as_user, citizen
):
    plain = mine()
    to_pay = mine()
    actions.do_hand_on(to_pay, actor=clerk)
    actions.do_require_payment(to_pay, actor=specialist, amount=50000)
    theirs = mine(user=neighbour)

    response = as_user(citizen).get("/portal/my/")
    assert response.status_code == 200
    html = response.content.decode()
    for dossier in (supplement_requested, plain, to_pay):
        assert f'data-code="{dossier.code}"' in html
    assert theirs.code not in html
    assert 'data-state="supplement_requested">Yêu cầu bổ sung</span>' in html
    assert 'data-flag="supplement"' in html and "Cần bổ sung" in html
    assert 'data-flag="payment"' in html and "Chờ nộp phí" in html
    assert f'href="/payments/dossier/{to_pay.code}/"' in html
    assert "17:00 12/03/2024" in html  # the appointment
    assert 'data-timing="in_time">Trong hạn</span>' in html
    assert html.count('data-flag="') == 2


def test_the_list_needs_a_login(client):
    response = client.get("/portal/my/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_citizens_get_a_link_to_their_dossiers_and_staff_do_not(as_user, citizen, clerk):
    assert "Hồ sơ của tôi" in as_user(citizen).get("/lookup/").content.decode()
    assert "Hồ sơ của tôi" not in as_user(clerk).get("/lookup/").content.decode()


# -- the dossier page --------------------------------------------------------------------------


def test_the_page_shows_state_appointment_timeline_documents_and_the_reason(
    supplement_requested, as_user, citizen, clerk
):
    html = as_user(citizen).get(f"/portal/my/{FIRST}/").content.decode()
    for text in (
        'data-state="supplement_requested"',
        "17 giờ 00 phút, ngày 12/03/2024",
        "<span>Tiếp nhận hồ sơ giấy</span>",
        "<span>Chuyển bước xử lý</span>",
        "<span>Yêu cầu bổ sung</span>",
        "Tờ khai đăng ký kết hôn",  # handed in at the desk
        "Thiếu bản sao CCCD của người kết hôn",  # the supplement request's reason
        'action="/portal/my/000.01.40.H99-240305-0001/supplement/"',
        "Yêu cầu dừng xử lý",
    ):
        assert text in html, text
    assert clerk.full_name not in html  # no staff names


def test_another_persons_dossier_is_not_found_on_every_page(
    supplement_requested, as_user, neighbour, clerk
):
    for user in (neighbour, clerk):  # the clerk may see it at work, but did not file it
        client = as_user(user)
        assert client.get(f"/portal/my/{FIRST}/").status_code == 404
        assert client.get(f"/portal/my/{FIRST}/result/").status_code == 404
        for action in ("supplement", "stop", "rate"):
            response = client.post(f"/portal/my/{FIRST}/{action}/", {"reason": "x"})
            assert response.status_code == 404
    assert Dossier.objects.get().state == DossierState.SUPPLEMENT_REQUESTED


def test_my_issued_forms_open_for_me_and_no_one_else(mine, as_user, citizen, neighbour):
    dossier = mine()
    receipt = dossier.forms.get(kind=FormKind.RECEIPT)
    url = f"/dossiers/{dossier.code}/forms/{receipt.pk}/"
    assert f'href="{url}"' in as_user(citizen).get(f"/portal/my/{dossier.code}/").content.decode()
    assert as_user(citizen).get(url).status_code == 200
    assert as_user(neighbour).get(url).status_code == 404


# -- supplement online -------------------------------------------------------------------------


def test_answering_the_supplement_online_stores_the_files_and_restarts_the_clock(
    supplement_requested,
    as_user,
    citizen,
    marriage,
    media,
):
    required = marriage.documents.get(name="Văn bản ủy quyền")
    client = as_user(citizen)
    response = client.post(
        f"/portal/my/{FIRST}/supplement/",
        {
            "required_document": required.pk,
            "name": "",
            "note": "Gửi bản sao CCCD",
            "files": [
                SimpleUploadedFile("cccd mặt trước.pdf", PDF, "application/pdf"),
                SimpleUploadedFile("mat-sau.txt", PNG, "text/plain"),
            ],
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/portal/my/{FIRST}/"
    dossier = Dossier.objects.get()
    assert dossier.state == DossierState.IN_PROCESS and dossier.paused_since is None
    assert dossier.supplement_requests.get().answered_at is not None
    docs = list(DossierDocument.objects.order_by("id"))
    assert [(d.name, d.source, d.content_type) for d in docs] == [
        ("Văn bản ủy quyền (1/2)", "upload", "application/pdf"),
        ("Văn bản ủy quyền (2/2)", "upload", "image/png"),
    ]
    assert docs[0].required_document == required and docs[0].size == len(PDF)
    assert docs[1].file.name.endswith(".png")  # stored as what it is, not as it was named
    assert docs[0].file.read() == PDF
    event = DossierEvent.objects.get(action="answer_supplement")
    assert event.actor == citizen and event.note == "Gửi bản sao CCCD"
    page = client.get(f"/portal/my/{FIRST}/").content.decode()
    assert "Đã gửi hồ sơ bổ sung" in page and "Văn bản ủy quyền (1/2)" in page


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused_by_its_content(
    supplement_requested, as_user, citizen, media
):
    before = pages(media)
    response = as_user(citizen).post(
        f"/portal/my/{FIRST}/supplement/",
        {
            "name": "Bản sao CCCD",
            "files": [SimpleUploadedFile("cccd.pdf", b"MZ\x90\x00 not a pdf")],
        },
    )
    assert response.status_code == 400
    assert "Tệp “cccd.pdf” không phải PDF, JPEG hoặc PNG." in response.content.decode()
    assert Dossier.objects.get().state == DossierState.SUPPLEMENT_REQUESTED
    assert not DossierDocument.objects.exists() and pages(media) == before


def test_too_large_or_missing_files_are_refused(supplement_requested, as_user, citizen, settings):
    settings.PORTAL_MAX_UPLOAD_MB = 1
    client = as_user(citizen)
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024))
    response = client.post(f"/portal/my/{FIRST}/supplement/", {"name": "Scan", "files": [big]})
    assert response.status_code == 400 and "lớn hơn 1 MB" in response.content.decode()
    response = client.post(f"/portal/my/{FIRST}/supplement/", {"name": "Scan"})
    assert response.status_code == 400
    assert "Chọn ít nhất một tệp để bổ sung." in response.content.decode()
    assert not DossierDocument.objects.exists()


def test_if_the_answer_fails_the_files_are_removed_and_the_reason_shown(
    supplement_requested, as_user, citizen, media, monkeypatch
):
    before = pages(media)

    def conflict(*args, **kwargs):
        raise DossierConflict()

    monkeypatch.setattr(my_uploads.actions, "do_answer_supplement", conflict)
    response = as_user(citizen).post(
        f"/portal/my/{FIRST}/supplement/",
        {"name": "Bản sao CCCD", "files": [SimpleUploadedFile("cccd.pdf", PDF)]},
    )
    assert response.status_code == 409
    assert "Hồ sơ vừa được người khác cập nhật" in response.content.decode()
    assert not DossierDocument.objects.exists()
    assert pages(media) == before


def test_the_supplement_form_is_only_there_while_a_supplement_is_requested(
    mine, as_user, citizen, media
):
    dossier = mine()
    client = as_user(citizen)
    assert "/supplement/" not in client.get(f"/portal/my/{dossier.code}/").content.decode()
    response = client.post(
        f"/portal/my/{dossier.code}/supplement/",
        {"name": "Bản sao CCCD", "files": [SimpleUploadedFile("cccd.pdf", PDF)]},
    )
    assert response.status_code == 400
    assert "Không thể “Nhận hồ sơ bổ sung” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”" in (
        response.content.decode()
    )
    assert pages(media) == []


# -- stop, withdraw --------------------------------------------------------------------------


def test_i_may_ask_to_stop_while_no_result_exists(mine, as_user, citizen):
    dossier = mine()
    client = as_user(citizen)
    response = client.post(f"/portal/my/{dossier.code}/stop/", {"reason": " "})
    assert response.status_code == 400
    assert "Ghi lý do xin dừng xử lý." in response.content.decode()
    response = client.post(f"/portal/my/{dossier.code}/stop/", {"reason": "Không còn nhu cầu"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.STOPPED
    assert dossier.forms.get(kind=FormKind.STOP).data["reason"] == "Không còn nhu cầu"
    page = client.get(f"/portal/my/{dossier.code}/").content.decode()
    assert "Yêu cầu dừng xử lý</h2>" not in page
    assert "Thông báo dừng xử lý hồ sơ" in page  # the stop notice, linked


def test_once_a_result_exists_stopping_is_refused(
    mine, as_user, citizen, clerk, specialist, leader
):
    dossier = processed(mine(), clerk, specialist, leader)
    client = as_user(citizen)
    assert "Yêu cầu dừng xử lý" not in client.get(f"/portal/my/{dossier.code}/").content.decode()
    response = client.post(f"/portal/my/{dossier.code}/stop/", {"reason": "Đổi ý"})
    assert response.status_code == 400
    assert "Không thể “Dừng xử lý theo yêu cầu” khi hồ sơ đang ở trạng thái “Đã xử lý xong”" in (
        response.content.decode()
    )
    assert Dossier.objects.get().state == DossierState.PROCESSED


def test_an_online_dossier_not_yet_received_is_withdrawn(marriage, commune, as_user, citizen):
    dossier = intake.do_submit_online(
        procedure=marriage, unit=commune, applicant=intake.Applicant("Nguyễn Văn An", user=citizen)
    )
    client = as_user(citizen)
    assert "Rút hồ sơ" in client.get(f"/portal/my/{dossier.code}/").content.decode()
    response = client.post(f"/portal/my/{dossier.code}/stop/", {"reason": "Nộp nhầm thủ tục"})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.WITHDRAWN


# -- the electronic result ---------------------------------------------------------------------


def test_the_electronic_result_downloads_through_the_portal_for_me_only(
    mine, as_user, citizen, neighbour, clerk, specialist, leader
):
    dossier = mine()
    client = as_user(citizen)
    assert client.get(f"/portal/my/{dossier.code}/result/").status_code == 404  # no result yet
    processed(dossier, clerk, specialist, leader, ContentFile(PDF, name="giay-chung-nhan.pdf"))
    page = client.get(f"/portal/my/{dossier.code}/").content.decode()
    assert f'href="/portal/my/{dossier.code}/result/"' in page
    assert "/media/" not in page
    response = client.get(f"/portal/my/{dossier.code}/result/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == f'attachment; filename="ket-qua-{dossier.code}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert as_user(neighbour).get(f"/portal/my/{dossier.code}/result/").status_code == 404


# -- rating ------------------------------------------------------------------------------------


def test_once_delivered_i_rate_the_service_once(mine, as_user, citizen, clerk, specialist, leader):
    dossier = processed(mine(), clerk, specialist, leader)
    client = as_user(citizen)
    assert 'id="rating-form"' not in client.get(f"/portal/my/{dossier.code}/").content.decode()
    actions.do_return_result(dossier, actor=clerk)
    page = client.get(f"/portal/my/{dossier.code}/").content.decode()
    assert 'id="rating-form"' in page
    assert "Số lần phải liên hệ với cơ quan để hoàn thiện hồ sơ" in page

    incomplete = {k: v for k, v in SCORES.items() if k != "attitude"}
    response = client.post(f"/portal/my/{dossier.code}/rate/", incomplete)
    assert response.status_code == 400
    assert "Chọn một mức cho tiêu chí này." in response.content.decode()

    response = client.post(f"/portal/my/{dossier.code}/rate/", {**SCORES, "comment": "Nhanh"})
    assert response.status_code == 302
    rating = DossierRating.objects.get()
    assert (rating.rater, rating.overall, rating.contacts, rating.comment) == (
        citizen,
        4,
        2,
        "Nhanh",
    )
    page = client.get(f"/portal/my/{dossier.code}/").content.decode()
    assert 'id="rating-form"' not in page and "Đánh giá của ông/bà" in page and "Hài lòng" in page

    response = client.post(f"/portal/my/{dossier.code}/rate/", {**SCORES, "overall": "1"})
    assert response.status_code == 400
    assert "mỗi hồ sơ chỉ được đánh giá một lần" in response.content.decode()
    assert DossierRating.objects.get().overall == 4
