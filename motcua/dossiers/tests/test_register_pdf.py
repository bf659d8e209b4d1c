"""The register's PDF (TT 03/2025 Mẫu 07, A4 landscape) is drawn by ReportLab (issue 7:
500 rows of 200-character names in under 2 s; WeasyPrint took 13 s of CPU). Its content is
read back with pypdf: the same columns, title block, rows and totals as the HTML register,
the header on every page, Vietnamese text intact. The speed itself is measured by
bench/bench_register_pdf.py, not here."""

import io
import re
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from motcua.dossiers.documents import render
from motcua.dossiers.documents.context import REGISTER, register_context
from motcua.dossiers.intake import Applicant
from motcua.dossiers.tests.conftest import vn

pytestmark = pytest.mark.django_db

COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số bộ",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Có kết quả",
    "Trả kết quả",
    "Đúng hạn / trễ hạn",
    "Trạng thái",
)
WORDS = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Thị", "Văn", "Minh", "Ánh", "Tuyết"]


@pytest.fixture(autouse=True)
def clock(settings, tmp_path):
    settings.FORM_TEMPLATES_DIR = str(tmp_path / "form-templates")
    # Wednesday 15/10/2025, after the switch to TT 03/2025 (FORM_FRAME_2025_FROM): Mẫu 07.
    with time_machine.travel(vn("2025-10-15 08:00"), tick=False) as traveller:
        yield traveller


def squeezed(text: str) -> str:
    """Text without any whitespace: a cell's words wrap onto several lines."""
    return "".join(text.split())


def long_name(i: int) -> str:
    words, n = [], i
    while len(" ".join(words)) < 200:
        words.append(WORDS[n % len(WORDS)])
        n = n * 7 + 3
    return " ".join(words)[:200].strip()


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_register_pdf_download_has_the_form_columns_rows_and_totals(receive, clerk, as_user):
    dossier = receive()
    response = as_user(clerk).get(
        "/dossiers/register.pdf",
        {"unit": dossier.receiving_unit.code, "from": "2025-10-01", "to": "2025-10-31"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Form-Template"] == "tt03_2025/register.html; version=" + (
        render.TT03_2025.version
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert "ReportLab" in str(reader.metadata.producer)
    [page] = reader.pages
    # A4 landscape: 297 × 210 mm = 841.9 × 595.3 pt.
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = page.extract_text()
    flat = squeezed(text)
    for column in COLUMNS:
        assert squeezed(column) in flat, column
    assert "Mẫu số 07" in text
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Từ ngày 01/10/2025 đến ngày 31/10/2025" in text
    assert squeezed(dossier.code) in flat
    assert "Trần Văn Bình" in text
    assert squeezed("Thủ tục đăng ký kết hôn") in flat
    assert "Tổng số: 1 hồ sơ; trước hạn: 0; đúng hạn: 0; trễ hạn: 0;" in text
    assert "NGƯỜI LẬP SỔ" in text
    assert "Mẫu in: register.html (Thông tư 03/2025/TT-VPCP" in text
    # The Liberation Serif faces are embedded (subsets), no base-14 font stands in.
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].get_object().values()}
    assert fonts and all("LiberationSerif" in name for name in fonts)


def test_long_names_wrap_in_their_cell_and_the_header_repeats_on_every_page(
    receive, commune, clerk
):
    names = [long_name(i) for i in range(6)]
    codes = [receive(applicant=Applicant(name, phone="0905123456")).code for name in names]
    context = register_context(commune, date(2025, 10, 1), date(2025, 10, 31), clerk)
    pages = pages_text(render.render_pdf(REGISTER, context))
    # About 17 lines a name in its column: one to three rows a page, never a lost row.
    assert 2 <= len(pages) <= 7
    flat = squeezed(" ".join(pages))
    for name, code in zip(names, codes, strict=True):
        assert squeezed(name) in flat
        assert squeezed(code) in flat
    for page in pages:
        if any(squeezed(code) in squeezed(page) for code in codes):
            assert squeezed("Tên cá nhân, tổ chức") in squeezed(page)
    # The totals, the signature and the footer stay together.
    assert "Tổng số: 6 hồ sơ" in pages[-1] and "NGƯỜI LẬP SỔ" in pages[-1]
    assert "Mẫu in: register.html" in pages[-1]
    # The title block only on the first page.
    assert "SỔ THEO DÕI HỒ SƠ" in pages[0]
    assert not any("SỔ THEO DÕI HỒ SƠ" in page for page in pages[1:])


def test_an_empty_register_says_so(commune, clerk):
    context = register_context(commune, date(2025, 10, 1), date(2025, 10, 31), clerk)
    [page] = pages_text(render.render_pdf(REGISTER, context))
    assert "Không có hồ sơ nào được tiếp nhận trong kỳ." in page
    assert "Tổng số: 0 hồ sơ" in page


def test_a_name_longer_than_a_page_is_capped_and_split_inside_its_row(receive, commune, clerk):
    receive()
    context = register_context(commune, date(2025, 10, 1), date(2025, 10, 31), clerk)
    # Older data on SQLite (which does not enforce lengths) may hold what the input
    # limits now refuse: capped at PDF_TEXT_MAX like every PDF text, and the row continues
    # on the next pages under the repeated header.
    [row] = context["rows"]
    row["applicant_name"] = "Ư" * 100_000
    pages = pages_text(render.render_pdf(REGISTER, context))
    assert 2 <= len(pages) <= 12
    text = squeezed(" ".join(pages))
    assert text.count("Ư") < render.PDF_TEXT_MAX + 20
    assert "Ư…" in text
    assert "Tổng số: 1 hồ sơ" in pages[-1]


def test_a_replaced_register_template_still_goes_through_weasyprint(
    settings, tmp_path, receive, commune, clerk
):
    folder = tmp_path / "form-templates"
    folder.mkdir()
    (folder / "register.html").write_text(
        "<html><body><p>Sổ của tỉnh: {{ total }} hồ sơ</p></body></html>", encoding="utf-8"
    )
    receive()
    context = register_context(commune, date(2025, 10, 1), date(2025, 10, 31), clerk)
    pdf = render.render_pdf(REGISTER, context)
    reader = PdfReader(io.BytesIO(pdf))
    assert "WeasyPrint" in str(reader.metadata.producer)
    assert "Sổ của tỉnh: 1 hồ sơ" in reader.pages[0].extract_text()


def test_without_the_font_the_register_pdf_answers_503_in_vietnamese(
    monkeypatch, tmp_path, receive, clerk, as_user
):
    from motcua.dossiers.documents import register_pdf

    monkeypatch.setattr(register_pdf, "FONT_DIRS", (tmp_path / "no-fonts",))
    monkeypatch.setattr(register_pdf, "_fonts_ready", False)
    dossier = receive()
    response = as_user(clerk).get(
        "/dossiers/register.pdf",
        {"unit": dossier.receiving_unit.code, "from": "2025-10-01", "to": "2025-10-31"},
    )
    assert response.status_code == 503
    assert "phông chữ Liberation Serif" in response.content.decode()


def test_the_pdf_columns_are_those_of_the_print_page():
    from django.template.loader import get_template

    from motcua.dossiers.documents import register_pdf

    source = get_template("dossiers/forms/register.html").template.source
    colgroup = source.split("<colgroup>", 1)[1].split("</colgroup>", 1)[0]
    shares = tuple(int(n) for n in re.findall(r"width: (\d+)%", colgroup))
    assert shares == register_pdf.COLUMN_SHARES
    headers = re.findall(r'<th>{% translate "([^"]+)" %}</th>', source)
    assert tuple(headers) == tuple(str(label) for _k, label, _w in render.REGISTER_COLUMNS)
    assert tuple(headers) == COLUMNS
