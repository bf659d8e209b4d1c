"""Issue 7, forms under the 2025 frame: both sets of forms (TT 01/2018 and TT 03/2025),
chosen by the reception date; the control sheet's pauses and signatures; the receipt on
one A5 page; the QR code on the address served; downloads with an API token."""

import io
import re

import pytest
import segno
import time_machine
from django.test import Client
from docx import Document
from pypdf import PdfReader

from motcua.dossiers import actions
from motcua.dossiers.choices import FormKind
from motcua.dossiers.intake import ReceivedDocument
from motcua.dossiers.tests.conftest import DOCUMENTS, vn
from motcua.org.tokens import do_create_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_replacements(settings, tmp_path):
    settings.FORM_TEMPLATES_DIR = str(tmp_path / "form-templates")
    settings.PUBLIC_BASE_URL = ""


def html_of(client, dossier, kind):
    form = dossier.forms.get(kind=kind)
    return client.get(f"/dossiers/{dossier.code}/forms/{form.pk}/").content.decode()


def a_stopped_and_an_apologised(receive, clerk, leader, day):
    with time_machine.travel(vn(f"{day} 08:00"), tick=False):
        late = receive()
        actions.do_apologise(late, actor=leader, reason="Cần xác minh", extra_working_days=2)
        stopped = receive()
        actions.do_stop(stopped, actor=clerk, reason="Người nộp xin dừng")
    return late, stopped


def test_a_dossier_uses_the_forms_of_the_frame_in_force_on_its_reception_date(
    receive, clerk, leader, as_user
):
    old_late, old_stopped = a_stopped_and_an_apologised(receive, clerk, leader, "2025-09-12")
    new_late, new_stopped = a_stopped_and_an_apologised(receive, clerk, leader, "2025-09-16")
    client = as_user(clerk)
    old = html_of(client, old_late, FormKind.APOLOGY)
    assert "Mẫu số 04" in old and "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in old
    assert "apology.html (Thông tư 01/2018/TT-VPCP, phiên bản 2018.2)" in old
    new = html_of(client, new_late, FormKind.APOLOGY)
    assert "Mẫu số 04" in new
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in new
    assert "đề nghị gia hạn thời gian giải quyết hồ sơ đến" in new
    assert "apology.html (Thông tư 03/2025/TT-VPCP, phiên bản 2025.2)" in new
    old_stop = html_of(client, old_stopped, FormKind.STOP)
    assert "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ" in old_stop and "Mẫu số" not in old_stop
    new_stop = html_of(client, new_stopped, FormKind.STOP)
    assert "Mẫu số 05" in new_stop and "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in new_stop
    old_sheet = client.get(f"/dossiers/{old_late.code}/control-sheet/")
    new_sheet = client.get(f"/dossiers/{new_late.code}/control-sheet/")
    assert "Mẫu số 05" in old_sheet.content.decode()
    assert "Mẫu số 06" in new_sheet.content.decode()
    assert new_sheet["X-Form-Template"] == "tt03_2025/control_sheet.html; version=2025.2"
    old_register = client.get(
        "/dossiers/register/", {"from": "2025-09-01", "to": "2025-09-14", "print": "1"}
    )
    new_register = client.get(
        "/dossiers/register/", {"from": "2025-09-15", "to": "2025-09-30", "print": "1"}
    )
    assert "Mẫu số 06" in old_register.content.decode()
    assert "Mẫu số 07" in new_register.content.decode()
    # The Word files come from each frame's own set.
    form = new_late.forms.get(kind=FormKind.APOLOGY)
    docx = client.get(f"/dossiers/{new_late.code}/forms/{form.pk}.docx")
    assert docx["X-Form-Template"] == "tt03_2025/apology.docx; version=2025.2"
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    # The dossier page names the forms of its frame.
    page = client.get(f"/dossiers/{new_stopped.code}/").content.decode()
    assert "Mẫu 05: Thông báo dừng giải quyết hồ sơ" in page


def test_the_switch_date_is_data(receive, clerk, leader, as_user, settings):
    settings.FORM_FRAME_2025_FROM = "2025-10-01"
    late, _stopped = a_stopped_and_an_apologised(receive, clerk, leader, "2025-09-16")
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in html_of(
        as_user(clerk), late, FormKind.APOLOGY
    )


def test_every_hand_over_and_every_pause_is_a_row_with_signatures(
    receive, clerk, specialist, as_user
):
    with time_machine.travel(vn("2025-10-06 08:00"), tick=False) as clock:
        dossier = receive()  # Monday
        actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
        clock.move_to(vn("2025-10-06 10:00"))
        actions.do_request_supplement(dossier, actor=specialist, reason="Thiếu xác nhận")
        clock.move_to(vn("2025-10-07 10:00"))  # 8 working hours later
        actions.do_answer_supplement(
            dossier, actor=clerk, documents=[actions.SupplementItem("Giấy xác nhận")]
        )
        clock.move_to(vn("2025-10-07 14:00"))
        actions.do_require_payment(dossier, actor=specialist, amount=50_000)
        clock.move_to(vn("2025-10-07 16:00"))
        actions.do_record_payment(dossier, actor=clerk)
        html = as_user(clerk).get(f"/dossiers/{dossier.code}/control-sheet/").content.decode()
    kinds = re.findall(r'data-row-kind="(\w+)"', html)
    assert kinds == ["handover", "handover", "pause", "pause"]
    rows = re.findall(r'data-row-kind="pause">(.*?)</tr>', html, re.S)
    words = [
        [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        ]
        for r in rows
    ]
    assert words[0] == [
        "3",
        "Tạm dừng: chờ người nộp bổ sung, hoàn thiện hồ sơ",
        "10:00 06/10/2025 → 10:00 07/10/2025",
        "",
        "Thời gian chờ: 1 ngày làm việc, không tính vào thời hạn giải quyết",
        f"Người yêu cầu {specialist}",
        "Người tiếp nhận Lê Thị Mai",
    ]
    assert words[1][1:5] == [
        "Tạm dừng: chờ người nộp thực hiện nghĩa vụ tài chính",
        "14:00 07/10/2025 → 16:00 07/10/2025",
        "",
        "Thời gian chờ: 2 giờ làm việc, không tính vào thời hạn giải quyết",
    ]
    assert "Mẫu số 06" in html and "2 lần tạm dừng tính thời gian." in html


def test_the_receipt_fits_one_a5_page_for_eight_documents_and_keeps_signatures_with_the_last_rows(
    receive, clerk, as_user
):
    def extra(n):
        return [ReceivedDocument(f"Giấy tờ kèm theo số {i:02d}", "copy") for i in range(1, n + 1)]

    with time_machine.travel(vn("2025-10-06 08:00"), tick=False):
        eight = receive(documents=DOCUMENTS + extra(6))
        fifteen = receive(documents=DOCUMENTS + extra(13))
    client = as_user(clerk)

    def pages(dossier):
        form = dossier.forms.get(kind=FormKind.RECEIPT)
        pdf = client.get(f"/dossiers/{dossier.code}/forms/{form.pk}.pdf").content
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    one = pages(eight)
    assert len(one) == 1
    assert "Giấy tờ kèm theo số 06" in one[0] and "NGƯỜI TIẾP NHẬN HỒ SƠ" in one[0]
    two = pages(fifteen)
    assert len(two) == 2
    # The signature block is never alone: it goes over with the last rows of the list.
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" not in two[0] and "NGƯỜI TIẾP NHẬN HỒ SƠ" in two[1]
    assert "Giấy tờ kèm theo số 13" in two[1] and "Giấy tờ kèm theo số 12" in two[1]
    assert "Giấy tờ kèm theo số 01" in two[0]


def test_the_qr_code_follows_the_address_the_site_is_served_on(receive, clerk, as_user):
    dossier = receive()
    form = dossier.forms.get(kind=FormKind.RECEIPT)
    html = (
        as_user(clerk)
        .get(f"/dossiers/{dossier.code}/forms/{form.pk}/", HTTP_HOST="127.0.0.1:8102")
        .content.decode()
    )
    url = f"http://127.0.0.1:8102/lookup/{dossier.code}/?key={dossier.lookup_key}"
    expected = segno.make_qr(url, error="m").svg_inline()
    assert re.search(r'<path[^>]* d="([^"]+)"', html).group(1) == re.search(
        r'<path[^>]* d="([^"]+)"', expected
    ).group(1)
    assert (
        "Tra cứu tình trạng hồ sơ tại http://127.0.0.1:8102/lookup/ bằng mã hồ sơ và mã tra cứu "
        f"{dossier.lookup_key}, hoặc quét mã QR." in html
    )


def test_forms_and_files_download_with_an_api_token(receive, clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(vn("2025-10-06 08:00"), tick=False):
        dossier = receive()
    form = dossier.forms.get(kind=FormKind.RECEIPT)
    _token, raw = do_create_token(clerk, "tích hợp")
    token = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for path, kind in (
        (f"/dossiers/{dossier.code}/forms/{form.pk}.pdf", "application/pdf"),
        (f"/dossiers/{dossier.code}/forms/{form.pk}.docx", "application/vnd.openxmlformats"),
        (f"/dossiers/{dossier.code}/control-sheet.pdf", "application/pdf"),
        ("/dossiers/register.xlsx?from=2025-10-01&to=2025-10-31", "application/vnd.openxmlformats"),
    ):
        response = token.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith(kind), path
    from django.core.files.base import ContentFile

    from motcua.dossiers.models import DossierDocument

    scan = DossierDocument(dossier=dossier, name="Bản quét", source="scan")
    scan.file.save("ban-quet.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    downloaded = token.get(f"/dossiers/{dossier.code}/files/{scan.pk}/")
    assert downloaded.status_code == 200 and b"".join(downloaded.streaming_content) == (
        b"%PDF-1.4 scan"
    )
    bad = Client(HTTP_AUTHORIZATION="Bearer mc_sai").get(
        f"/dossiers/{dossier.code}/forms/{form.pk}.pdf"
    )
    assert bad.status_code == 401 and bad.json()["code"] == "unauthenticated"
    anonymous = Client().get(f"/dossiers/{dossier.code}/forms/{form.pk}.pdf")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")
    # A dossier of another unit stays out of reach, token or not.
    assert token.get("/dossiers/000.09.40.H99-251006-0001/forms/1.pdf").status_code == 404
