"""The dossier forms through HTTP: the printable pages, DOCX and PDF downloads, the control
sheet, the register, the administrator's replacement templates and who may see what."""

import io
import os
import re
import sys

import openpyxl
import pytest
import segno
import time_machine
from docx import Document
from pypdf import PdfReader

from motcua.dossiers import actions, intake
from motcua.dossiers.choices import FormKind
from motcua.dossiers.documents.context import date_line, place_name
from motcua.dossiers.tests.conftest import vn
from motcua.org.choices import Role
from motcua.testing.factories import staff

pytestmark = pytest.mark.django_db

CODE = "000.01.40.H99-240305-0001"
APPOINTMENT = "Ngày hẹn trả kết quả: 17 giờ 00 phút, ngày 12/03/2024"
PUBLIC = "https://dichvucong.example.vn"


@pytest.fixture(autouse=True)
def frozen_clock(settings, tmp_path):
    settings.PUBLIC_BASE_URL = PUBLIC + "/"
    # No administrator replacements unless a test puts some there.
    settings.FORM_TEMPLATES_DIR = str(tmp_path / "form-templates")
    # Tuesday 05/03/2024 08:00: counting starts on Wednesday, 5 working days → 12/03 17:00.
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def receipt(receive):
    dossier = receive()
    return dossier, dossier.forms.get(kind=FormKind.RECEIPT)


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def qr_path(svg: str) -> str:
    match = re.search(r'<path[^>]* d="([^"]+)"', svg)
    assert match, "no QR path in the page"
    return match.group(1)


# -- the receipt (Mẫu 01) ---------------------------------------------------------------------


def test_receipt_page_shows_code_documents_appointment_and_official_header(receipt, clerk, as_user):
    dossier, form = receipt
    assert dossier.code == CODE
    response = as_user(clerk).get(f"/dossiers/{CODE}/forms/{form.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Mẫu số 01",
        "UBND TỈNH THỬ NGHIỆM",
        "UBND XÃ AN BÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: {form.pk}/TNHS",
        "An Bình, ngày 05 tháng 3 năm 2024",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        f"Mã hồ sơ: {CODE}",
        "Tiếp nhận hồ sơ của: <strong>Trần Văn Bình</strong>",
        "056090001234",
        "0905123456",
        "Thủ tục đăng ký kết hôn",
        "<td>Tờ khai đăng ký kết hôn</td><td>Bản chính</td>",
        "<td>Giấy xác nhận tình trạng hôn nhân</td><td>Bản chính</td>",
        "Số lượng hồ sơ: 1 bộ",
        "5 ngày làm việc",
        "Thời gian nhận hồ sơ: 08 giờ 00 phút, ngày 05/03/2024",
        APPOINTMENT,
        "Bộ phận tiếp nhận và trả kết quả, UBND xã An Bình",
        f"Tra cứu tình trạng hồ sơ tại {PUBLIC}/lookup/",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Thị Mai",
        "@page { size: A5",
        "Times New Roman",
        '<button type="button" data-print>',
        f'href="/dossiers/{CODE}/forms/{form.pk}.docx"',
        f'href="/dossiers/{CODE}/forms/{form.pk}.pdf"',
        "receipt.html (Thông tư 01/2018/TT-VPCP, phiên bản 2018.2)",
    ):
        assert text in html, text
    # The unoptional document that was not brought is not listed.
    assert "Văn bản ủy quyền" not in html
    # No external resource: the page prints offline.
    assert "http://" not in html.replace(PUBLIC, "") and 'src="http' not in html


def test_receipt_qr_code_encodes_the_public_lookup_url(receipt, clerk, as_user):
    dossier, form = receipt
    html = as_user(clerk).get(f"/dossiers/{CODE}/forms/{form.pk}/").content.decode()
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" class="qr">', html)
    # The QR carries the secret; the text beside it spells it out.
    key = dossier.lookup_key
    assert f'Mã tra cứu: <strong class="lookup-key">{key}</strong>' in html
    assert f"bằng mã hồ sơ và mã tra cứu {key}, hoặc quét mã QR." in html
    expected = segno.make_qr(f"{PUBLIC}/lookup/{CODE}/?key={key}", error="m")
    assert qr_path(html) == qr_path(expected.svg_inline())
    # ... and not some other URL.
    other = segno.make_qr(f"{PUBLIC}/lookup/{CODE[:-1]}2/", error="m")
    assert qr_path(html) != qr_path(other.svg_inline())


def test_receipt_docx_opens_and_holds_the_code_appointment_documents_and_qr(
    receipt, clerk, as_user
):
    dossier, form = receipt
    response = as_user(clerk).get(f"/dossiers/{CODE}/forms/{form.pk}.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{CODE}.docx"'
    assert response["X-Form-Template"] == "tt01_2018/receipt.docx; version=2018.2"
    text = docx_text(response.content)
    for expected in (
        CODE,
        "5. " + APPOINTMENT,
        "Tờ khai đăng ký kết hôn",
        "Giấy xác nhận tình trạng hôn nhân",
        "Trần Văn Bình",
        "An Bình, ngày 05 tháng 3 năm 2024",
        "receipt.docx (Thông tư 01/2018/TT-VPCP, phiên bản 2018.2)",
        f"mã tra cứu {dossier.lookup_key}, hoặc quét mã QR",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    document = Document(io.BytesIO(response.content))
    assert len(document.inline_shapes) == 1  # the QR code, as PNG
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert round(document.sections[0].page_width.mm) == 148  # A5


def test_receipt_pdf_is_an_a5_page_with_the_code(receipt, clerk, as_user):
    dossier, form = receipt
    response = as_user(clerk).get(f"/dossiers/{CODE}/forms/{form.pk}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert CODE in text
    assert "12/03/2024" in text
    assert dossier.lookup_key in text
    page = reader.pages[0]
    # A5 = 148 × 210 mm = 419.5 × 595.3 pt.
    assert round(float(page.mediabox.width)) == 420
    assert round(float(page.mediabox.height)) == 595
    assert len(page.images) == 1  # the QR code


def test_receipt_of_an_online_dossier_has_no_paper_list(
    marriage, commune, clerk, citizen, as_user, frozen_clock
):
    submitted = intake.do_submit_online(
        procedure=marriage, unit=commune, applicant=intake.Applicant("Lê Thị Cúc", user=citizen)
    )
    frozen_clock.move_to(vn("2024-03-05 16:00"))  # online: no 15:00 cut-off
    intake.do_accept_online(submitted, actor=clerk)
    form = submitted.forms.get(kind=FormKind.RECEIPT)
    html = as_user(clerk).get(f"/dossiers/{submitted.code}/forms/{form.pk}/").content.decode()
    assert "Hồ sơ nộp trực tuyến: thành phần hồ sơ theo hồ sơ điện tử." in html
    assert "Thời gian nhận hồ sơ: 16 giờ 00 phút, ngày 05/03/2024" in html
    assert APPOINTMENT in html
    # The applicant sees their own receipt too.
    assert as_user(citizen).get(f"/dossiers/{submitted.code}/forms/{form.pk}/").status_code == 200


def test_pdf_without_weasyprint_is_a_vietnamese_503(receipt, clerk, as_user, monkeypatch):
    _dossier, form = receipt
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails like a missing pango
    response = as_user(clerk).get(f"/dossiers/{CODE}/forms/{form.pk}.pdf")
    assert response.status_code == 503
    assert "Chưa tạo được tệp PDF" in response.content.decode()


# -- the notices (Mẫu 02, 03, 04 and the stop notice) ----------------------------------------


def test_each_notice_prints_its_reason_and_dates(
    receive, marriage, commune, clerk, specialist, leader, citizen, as_user, frozen_clock
):
    dossier = receive()
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_apologise(
        dossier,
        actor=leader,
        reason="Cần xác minh tại nơi cư trú",
        new_due_at=vn("2024-03-15 17:00"),
    )
    actions.do_request_supplement(dossier, actor=specialist, reason="Bổ sung bản sao CCCD")
    actions.do_answer_supplement(
        dossier, actor=clerk, documents=[actions.SupplementItem("Bản sao CCCD")]
    )
    actions.do_stop(dossier, actor=clerk, reason="Người nộp xin dừng")
    online = intake.do_submit_online(
        procedure=marriage, unit=commune, applicant=intake.Applicant("Lê Thị Cúc", user=citizen)
    )
    intake.do_not_accept(online, actor=clerk, reason="Nộp nhầm thủ tục")

    client = as_user(clerk)
    expected = {
        (dossier, FormKind.APOLOGY): [
            "Mẫu số 04",
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            "Kính gửi: <strong>Trần Văn Bình</strong>",
            "Ngày 05 tháng 3 năm 2024, UBND xã An Bình tiếp nhận giải quyết hồ sơ",
            "Ngày hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 12/03/2024",
            "Cần xác minh tại nơi cư trú",
            "Ngày hẹn trả kết quả mới: 17 giờ 00 phút, ngày 15/03/2024",
            "LÃNH ĐẠO ĐƠN VỊ",
        ],
        (dossier, FormKind.SUPPLEMENT): [
            "Mẫu số 02",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Bổ sung bản sao CCCD",
            "Thời điểm yêu cầu: 08 giờ 00 phút, ngày 05/03/2024",
            "NGƯỜI HƯỚNG DẪN",
        ],
        (dossier, FormKind.STOP): [
            "THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ",
            "dừng xử lý hồ sơ nêu trên kể từ 08 giờ 00 phút, ngày 05/03/2024",
            "Người nộp xin dừng",
        ],
        (online, FormKind.REFUSAL): [
            "Mẫu số 03",
            # The name of Thông tư 01/2018's form (received in 2024).
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "Kính gửi: <strong>Lê Thị Cúc</strong>",
            "Nộp nhầm thủ tục",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ],
    }
    for (owner, kind), texts in expected.items():
        form = owner.forms.get(kind=kind)
        html = client.get(f"/dossiers/{owner.code}/forms/{form.pk}/").content.decode()
        for text in texts:
            assert text in html, (kind, text)
        docx = client.get(f"/dossiers/{owner.code}/forms/{form.pk}.docx")
        text = docx_text(docx.content)
        assert owner.code in text and form.data["reason"] in text, kind
        assert "{{" not in text


# -- the processing control sheet (Mẫu 05) ----------------------------------------------------


def test_control_sheet_lists_each_hand_over_on_time_or_late(
    receive, clerk, specialist, leader, as_user, frozen_clock
):
    dossier = receive()
    frozen_clock.move_to(vn("2024-03-05 09:00"))
    actions.do_hand_on(dossier, actor=clerk, to_user=specialist)  # within the 4 hours
    frozen_clock.move_to(vn("2024-03-11 09:00"))
    actions.do_hand_on(dossier, actor=specialist)  # three working days were due 08/03 09:00

    response = as_user(leader).get(f"/dossiers/{CODE}/control-sheet/")
    assert response.status_code == 200
    html = response.content.decode()
    cells = sheet_cells(html)
    # Columns: STT, bodies giving / receiving, time, result, note, giver, receiver.
    assert [" ".join(c[1]) for c in cells] == [
        "08:00 05/03/2024",
        "09:00 05/03/2024",
        "09:00 11/03/2024",
    ]
    # Step due times: 4 office hours from 08:00 (lunch 11:30–13:00) → 13:30; 24 office
    # hours from 09:00 on Tuesday → 09:00 on Friday.
    assert [" ".join(c[2]) for c in cells] == [
        "",
        "Đúng hạn hạn bước 13:30 05/03/2024",
        "Trễ hạn hạn bước 09:00 08/03/2024",
    ]
    # Who gave, who received: the clerk hands her step to the named specialist.
    assert " ".join(cells[1][0]) == (
        "Giao: 1. Tiếp nhận, kiểm tra hồ sơ — UBND xã An Bình "
        "Nhận: 2. Thẩm định, xác minh — UBND xã An Bình"
    )
    assert (" ".join(cells[1][4]), " ".join(cells[1][5])) == ("Lê Thị Mai", str(specialist))
    assert "Có 1 bước trễ hạn." in html
    assert "@page { size: A4;" in html
    assert "Người giao (ký, ghi rõ họ tên)" in html and "Người nhận (ký, ghi rõ họ tên)" in html

    text = docx_text(as_user(leader).get(f"/dossiers/{CODE}/control-sheet.docx").content)
    assert "Đúng hạn" in text and "Trễ hạn" in text and CODE in text
    assert "Người nhận (ký, ghi rõ họ tên)" in text


def sheet_cells(html):
    """The rows of the control sheet: for each, the words of each cell after the STT."""
    rows = re.findall(r'<tr class="\w+" data-row-kind="\w+">(.*?)</tr>', html, re.S)
    return [
        [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)][
            1:
        ]
        for r in rows
    ]


# -- the register (Mẫu 06) -------------------------------------------------------------------


@pytest.fixture
def three_dossiers(receive, marriage, other_commune, frozen_clock):
    """February and March in commune A, March in commune B."""
    frozen_clock.move_to(vn("2024-02-28 09:00"))
    february = receive()
    frozen_clock.move_to(vn("2024-03-05 08:00"))
    march = receive()
    marriage.units.add(other_commune)
    other_clerk = staff(other_commune, Role.CLERK, username="motcuab")
    elsewhere = receive(unit=other_commune, actor=other_clerk)
    return february, march, elsewhere


def test_register_shows_this_month_of_the_users_unit_by_default(three_dossiers, clerk, as_user):
    february, march, elsewhere = three_dossiers
    response = as_user(clerk).get("/dossiers/register/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Từ ngày 01/03/2024 đến ngày 31/03/2024" in html
    assert march.code in html
    assert february.code not in html and elsewhere.code not in html
    assert "Tổng số: 1 hồ sơ" in html


def test_register_filters_by_period_and_unit(three_dossiers, monitor, as_user):
    february, march, elsewhere = three_dossiers
    client = as_user(monitor)
    commune_a = march.receiving_unit.code
    html = client.get(
        "/dossiers/register/", {"unit": commune_a, "from": "2024-02-01", "to": "2024-02-29"}
    ).content.decode()
    assert february.code in html and march.code not in html and elsewhere.code not in html
    html = client.get(
        "/dossiers/register/",
        {"unit": elsewhere.receiving_unit.code, "from": "01/03/2024", "to": "31/03/2024"},
    ).content.decode()
    assert elsewhere.code in html and march.code not in html and february.code not in html


def test_a_monitors_register_of_the_province_covers_its_subtree(
    three_dossiers, monitor, clerk, as_user, province
):
    february, march, elsewhere = three_dossiers
    query = {"unit": province.code, "from": "2024-02-01", "to": "2024-03-31"}
    html = as_user(monitor).get("/dossiers/register/", query).content.decode()
    for d in (february, march, elsewhere):
        assert d.code in html
    assert "Tổng số: 3 hồ sơ" in html
    rows = openpyxl.load_workbook(
        io.BytesIO(as_user(monitor).get("/dossiers/register.xlsx", query).content)
    ).active
    values = [c for row in rows.iter_rows(values_only=True) for c in row if c]
    assert {february.code, march.code, elsewhere.code} <= set(values)
    # A clerk's register of their own unit stays that unit's.
    own = {"unit": march.receiving_unit.code, "from": "2024-02-01", "to": "2024-03-31"}
    html = as_user(clerk).get("/dossiers/register/", own).content.decode()
    assert elsewhere.code not in html and "Tổng số: 2 hồ sơ" in html


def test_register_downloads_hold_the_same_rows(three_dossiers, clerk, as_user):
    february, march, _elsewhere = three_dossiers
    client = as_user(clerk)
    query = {"unit": march.receiving_unit.code, "from": "2024-03-01", "to": "2024-03-31"}

    xlsx = client.get("/dossiers/register.xlsx", query)
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert march.code in values and february.code not in values
    assert "Trần Văn Bình" in values and "Trong hạn" in values

    docx = client.get("/dossiers/register.docx", query)
    text = docx_text(docx.content)
    assert march.code in text and february.code not in text
    assert "SỔ THEO DÕI HỒ SƠ" in text and "{{" not in text
    assert docx["Content-Disposition"] == (
        f'attachment; filename="so-theo-doi-{march.receiving_unit.code}-20240301-20240331.docx"'
    )

    page = client.get("/dossiers/register/", {**query, "print": "1"}).content.decode()
    assert "@page { size: A4 landscape" in page and "Mẫu số 06" in page and march.code in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2024-13-01"}, "Ngày không hợp lệ"),
        ({"from": ""}, "Nhập ngày."),
        ({"from": "2024-03-31", "to": "2024-03-01"}, "“Từ ngày” phải trước hoặc bằng “Đến ngày”."),
        ({"from": "2023-01-01", "to": "2024-03-01"}, "Kỳ theo dõi dài nhất 366 ngày."),
        ({"unit": "000.02.40.H99"}, "bạn không được xem sổ của đơn vị này"),
        ({"unit": "<script>"}, "bạn không được xem sổ của đơn vị này"),
    ],
)
def test_bad_register_filter_re_renders_with_a_vietnamese_error(
    clerk, other_commune, as_user, query, message
):
    for url in ("/dossiers/register/", "/dossiers/register.xlsx", "/dossiers/register.pdf"):
        response = as_user(clerk).get(url, query)
        assert response.status_code == 400, url
        assert message in response.content.decode()


def test_register_for_someone_without_a_unit_says_so(citizen, as_user):
    response = as_user(citizen).get("/dossiers/register/")
    assert response.status_code == 403
    assert "Bạn chưa được phân công vào đơn vị nào" in response.content.decode()


# -- who may see ------------------------------------------------------------------------------


def test_staff_of_another_unit_get_404_on_every_form(receipt, other_commune, as_user):
    _dossier, form = receipt
    outsider = as_user(staff(other_commune, Role.UNIT_HEAD, username="lanhdaob"))
    for url in (
        f"/dossiers/{CODE}/forms/{form.pk}/",
        f"/dossiers/{CODE}/forms/{form.pk}.docx",
        f"/dossiers/{CODE}/forms/{form.pk}.pdf",
        f"/dossiers/{CODE}/control-sheet/",
        f"/dossiers/{CODE}/control-sheet.docx",
        f"/dossiers/{CODE}/control-sheet.pdf",
    ):
        assert outsider.get(url).status_code == 404, url


def test_a_form_of_another_dossier_is_404(receive, clerk, as_user):
    first = receive()
    second = receive()
    other_form = second.forms.get(kind=FormKind.RECEIPT)
    response = as_user(clerk).get(f"/dossiers/{first.code}/forms/{other_form.pk}/")
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_login(receipt, client):
    _dossier, form = receipt
    for url in (
        f"/dossiers/{CODE}/forms/{form.pk}/",
        f"/dossiers/{CODE}/forms/{form.pk}.pdf",
        f"/dossiers/{CODE}/control-sheet/",
        "/dossiers/register/",
        "/dossiers/register.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


# -- administrator's templates ---------------------------------------------------------------


def test_an_administrator_template_replaces_the_shipped_one_and_its_version_is_shown(
    receipt, clerk, as_user, settings, tmp_path
):
    _dossier, form = receipt
    folder = tmp_path / "form-templates"
    folder.mkdir()
    html = folder / "receipt.html"
    html.write_text(
        '{% extends "dossiers/forms/_base_form.html" %}'
        "{% block body %}<p>MẪU RIÊNG CỦA TỈNH {{ code }} — {{ appointment_text }}</p>{% endblock %}",
        encoding="utf-8",
    )
    custom = Document()
    custom.add_paragraph("Giấy hẹn riêng {{ code }} {{ due_at }} ({{ template_version }})")
    custom.save(str(folder / "receipt.docx"))
    stamp = vn("2025-07-01 10:30").timestamp()
    for path in folder.iterdir():
        os.utime(path, (stamp, stamp))

    client = as_user(clerk)
    response = client.get(f"/dossiers/{CODE}/forms/{form.pk}/")
    assert (
        response["X-Form-Template"] == "receipt.html; replaced; modified=2025-07-01T10:30:00+0700"
    )
    page = response.content.decode()
    assert f"MẪU RIÊNG CỦA TỈNH {CODE} — {APPOINTMENT}" in page
    assert "receipt.html (mẫu thay thế, cập nhật 01/07/2025 10:30)" in page
    text = docx_text(client.get(f"/dossiers/{CODE}/forms/{form.pk}.docx").content)
    assert text == (
        f"Giấy hẹn riêng {CODE} 17 giờ 00 phút, ngày 12/03/2024 "
        "(receipt.docx (mẫu thay thế, cập nhật 01/07/2025 10:30))"
    )
    # Other forms still use the shipped templates.
    sheet = client.get(f"/dossiers/{CODE}/control-sheet/").content.decode()
    assert "control_sheet.html (Thông tư 01/2018/TT-VPCP, phiên bản 2018.2)" in sheet


# -- formatting rules -------------------------------------------------------------------------


def test_the_date_line_follows_the_rule_on_leading_zeros():
    from datetime import date

    assert date_line("Nha Trang", date(2024, 2, 5)) == "Nha Trang, ngày 05 tháng 02 năm 2024"
    assert date_line("Nha Trang", date(2024, 3, 15)) == "Nha Trang, ngày 15 tháng 3 năm 2024"
    assert date_line("Nha Trang", date(2024, 12, 1)) == "Nha Trang, ngày 01 tháng 12 năm 2024"


def test_the_place_is_the_commune_or_the_province_of_the_unit(commune, department):
    assert place_name(commune) == "An Bình"
    assert place_name(department) == "Thử Nghiệm"


def test_user_data_is_escaped_in_html_and_docx(receive, clerk, as_user):
    from motcua.dossiers.intake import Applicant

    dossier = receive(applicant=Applicant("<b>Trần</b> & Co"))
    form = dossier.forms.get(kind=FormKind.RECEIPT)
    client = as_user(clerk)
    html = client.get(f"/dossiers/{dossier.code}/forms/{form.pk}/").content.decode()
    assert "&lt;b&gt;Trần&lt;/b&gt; &amp; Co" in html and "<b>Trần</b>" not in html
    text = docx_text(client.get(f"/dossiers/{dossier.code}/forms/{form.pk}.docx").content)
    assert "<b>Trần</b> & Co" in text
