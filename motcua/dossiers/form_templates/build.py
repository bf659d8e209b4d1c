"""Build the shipped DOCX form templates (docxtpl: Jinja placeholders in Word files).

Run from the project root after changing a layout, then bump ``VERSION`` in
``motcua/dossiers/documents/render.py``::

    .venv/bin/python motcua/dossiers/form_templates/build.py

The .docx files it writes are the templates: an administrator may open one in Word, edit
the wording or layout (keeping the ``{{ ... }}`` placeholders listed in docs/forms.md) and
put it in ``FORM_TEMPLATES_DIR`` under the same name to replace the shipped one.

Layout: Nghị định 30/2020/NĐ-CP Phụ lục I (Times New Roman; superior body and unit top
left, national motto top right; number and "place, date" line), forms of Thông tư
01/2018/TT-VPCP Mẫu 01–06 (now Thông tư 03/2025/TT-VPCP).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"

# (width, height, top, right, bottom, left) in millimetres.
PAGES = {
    "A5": (148, 210, 10, 10, 10, 15),
    "A4": (210, 297, 20, 15, 20, 30),
    "A4 landscape": (297, 210, 15, 15, 15, 20),
}


# -- building blocks -------------------------------------------------------------------------


def new_document(page: str, body_size: float) -> DocumentObject:
    document = Document()
    width, height, top, right, bottom, left = PAGES[page]
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(body_size)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    spacing = normal.paragraph_format
    spacing.space_before = Pt(0)
    spacing.space_after = Pt(3)
    spacing.line_spacing = 1.1
    return document


def text_width(document: DocumentObject) -> int:
    section = document.sections[0]
    return int(section.page_width - section.left_margin - section.right_margin)


def para(
    target: DocumentObject | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    align: str = "justify",
    grey: bool = False,
) -> Paragraph:
    paragraph = target.add_paragraph()
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        if grey:
            run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    return paragraph


def runs(paragraph: Paragraph, *parts: tuple[str, str]) -> Paragraph:
    """Add runs given as (style, text): style "" plain, "b" bold, "i" italic."""
    for style, text in parts:
        run = paragraph.add_run(text)
        run.bold = "b" in style
        run.italic = "i" in style
    return paragraph


def first_paragraph(cell: _Cell) -> Paragraph:
    return cell.paragraphs[0]


def cell_para(cell: _Cell, text: str, **kwargs: object) -> Paragraph:
    """Write into the cell's existing first paragraph if it is empty, else add one."""
    paragraph = first_paragraph(cell)
    if paragraph.text or paragraph.runs:
        return para(cell, text, **kwargs)  # type: ignore[arg-type]
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[str(kwargs.pop("align", "left"))]
    run = paragraph.add_run(text)
    run.bold = bool(kwargs.get("bold"))
    run.italic = bool(kwargs.get("italic"))
    run.underline = bool(kwargs.get("underline"))
    size = kwargs.get("size")
    if isinstance(size, int | float):
        run.font.size = Pt(size)
    return paragraph


def short_rule(cell: _Cell, width_mm: float) -> None:
    """A centred horizontal line under the unit name: an empty paragraph with a bottom
    border, indented so that the line is ``width_mm`` long."""
    paragraph = cell.add_paragraph()
    margin = max(0, (int(cell.width or Mm(60)) - Mm(width_mm)) // 2)
    paragraph.paragraph_format.left_indent = margin
    paragraph.paragraph_format.right_indent = margin
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def borderless(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def set_widths(table: Table, widths: Sequence[int]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def header(document: DocumentObject, size: float) -> None:
    """Superior body and unit (left), national motto (right), number and date line."""
    width = text_width(document)
    table = document.add_table(rows=2, cols=2)
    borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [width * 40 // 100, width - width * 40 // 100]
    set_widths(table, widths)
    left, right = table.rows[0].cells
    cell_para(left, "{{ superior_name }}", align="center", size=size)
    para(left, "{{ unit_name }}", bold=True, align="center", size=size)
    short_rule(left, 18)
    cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center", size=size)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, align="center", size=size)
    number, dateline = table.rows[1].cells
    cell_para(number, "Số: {{ number }}", align="center", size=size)
    cell_para(dateline, "{{ date_line }}", italic=True, align="center", size=size + 1)
    for cell in table.rows[1].cells:
        first_paragraph(cell).paragraph_format.space_before = Pt(5)


def title(document: DocumentObject, *lines: str) -> None:
    paragraph = para(document, "{{ title }}", bold=True, align="center")
    paragraph.paragraph_format.space_before = Pt(10)
    for line in lines:
        para(document, line, align="center")


def grid(
    document: DocumentObject, columns: Sequence[tuple[str, int]], loop: str, cells: Sequence[str]
) -> Table:
    """A bordered table: a header row, then one row per item (``{%tr for ... %}``)."""
    table = document.add_table(rows=4, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(weight for _label, weight in columns)
    width = text_width(document)
    set_widths(table, [width * weight // total for _label, weight in columns])
    for cell, (label, _weight) in zip(table.rows[0].cells, columns, strict=True):
        cell_para(cell, label, bold=True, align="center")
    # docxtpl: a row holding only {%tr ... %} is replaced by the loop tag.
    cell_para(table.rows[1].cells[0], "{%tr for " + loop + " %}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell_para(cell, text)
    cell_para(table.rows[3].cells[0], "{%tr endfor %}")
    return table


def signatures(document: DocumentObject, left: Sequence[str], right: Sequence[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    borderless(table)
    width = text_width(document)
    set_widths(table, [width // 2, width - width // 2])
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        if not lines:
            continue
        title_line, hint, name = lines
        cell_para(cell, title_line, bold=True, align="center")
        para(cell, hint, italic=True, align="center")
        spacer = para(cell, "", align="center")
        spacer.paragraph_format.space_after = Pt(36)
        para(cell, name, bold=True, align="center")


def footer(document: DocumentObject) -> None:
    para(document, "Mẫu in: {{ template_version }} · {{ site_name }}", size=8, grey=True)


SIGNER = ("{{ signer_title }}", "{{ signature_hint }}", "{{ signer_name }}")


def notice_opening(document: DocumentObject, received: str) -> None:
    runs(para(document), ("", "Kính gửi: "), ("b", "{{ dossier.applicant_name }}"))
    para(document, received)
    runs(para(document), ("", "Mã hồ sơ: "), ("b", "{{ code }}"))
    para(document, "Nội dung yêu cầu giải quyết: {{ dossier.procedure_name }}")


# -- the forms -------------------------------------------------------------------------------


def receipt() -> DocumentObject:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    document = new_document("A5", 12)
    para(document, "{{ form_label }}", italic=True, size=9, align="right")
    header(document, 10.5)
    title(document)
    para(document, "Mã hồ sơ: {{ code }}", bold=True, align="center")
    para(document, "Bộ phận tiếp nhận và trả kết quả {{ unit_name_plain }}")
    runs(para(document), ("", "Tiếp nhận hồ sơ của: "), ("b", "{{ dossier.applicant_name }}"))
    para(document, "Số định danh cá nhân / CCCD: {{ dossier.applicant_id_number }}")
    para(document, "Địa chỉ: {{ dossier.applicant_address }}")
    para(
        document,
        "Số điện thoại: {{ dossier.applicant_phone }}"
        "{% if dossier.applicant_email %}; Thư điện tử: {{ dossier.applicant_email }}{% endif %}",
    )
    para(document, "Nội dung yêu cầu giải quyết: {{ dossier.procedure_name }}")
    para(document, "1. Thành phần hồ sơ nộp gồm:")
    para(document, "{%p if not documents %}")
    para(document, "Hồ sơ nộp trực tuyến: thành phần hồ sơ theo hồ sơ điện tử.", italic=True)
    para(document, "{%p endif %}")
    grid(
        document,
        [("STT", 1), ("Tên giấy tờ", 6), ("Hình thức", 3), ("Số lượng", 2)],
        "d in documents",
        ["{{ d.index }}", "{{ d.name }}", "{{ d.copy_kind }}", "{{ d.quantity }}"],
    )
    width = text_width(document)
    table = document.add_table(rows=1, cols=2)
    borderless(table)
    set_widths(table, [width - int(Mm(33)), int(Mm(33))])
    items, qr = table.rows[0].cells
    cell_para(items, "2. Số lượng hồ sơ: {{ sets }} bộ", align="justify")
    para(items, "3. Thời gian giải quyết hồ sơ theo quy định: {{ dossier.time_limit }}")
    para(items, "4. {{ received_text }}")
    para(items, "5. {{ appointment_text }}", bold=True)
    para(items, "6. Nơi trả kết quả: {{ return_place }}")
    cell_para(qr, "{{ qr }}", align="center")
    para(qr, "Quét mã để tra cứu", size=8, align="center")
    para(document, "{{ lookup_text }}", italic=True, size=10)
    signatures(
        document,
        ("{{ applicant_signer_title }}", "{{ signature_hint }}", "{{ dossier.applicant_name }}"),
        SIGNER,
    )
    footer(document)
    return document


def a5_notice(*, form_label: bool = True) -> DocumentObject:
    """The A5 notices (Mẫu 02, 03, 04 and the stop notice) open alike: the form's number
    (the stop notice has none in the circular), the two-column header and the title."""
    document = new_document("A5", 13)
    if form_label:
        para(document, "{{ form_label }}", italic=True, size=9, align="right")
    header(document, 10.5)
    title(document)
    return document


def supplement() -> DocumentObject:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    document = a5_notice()
    notice_opening(
        document,
        "Lúc {{ dossier.received_at }}, {{ unit_name_plain }} tiếp nhận hồ sơ của Ông/Bà.",
    )
    para(document, "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:")
    para(document, "{{ reason }}", bold=True)
    para(
        document,
        "Thời điểm yêu cầu: {{ requested_at }}. Thời gian chờ Ông/Bà bổ sung không tính vào "
        "thời hạn giải quyết; hồ sơ chỉ được yêu cầu bổ sung một lần.",
    )
    para(
        document,
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ {{ contact }} để "
        "được hướng dẫn.",
    )
    signatures(document, (), SIGNER)
    footer(document)
    return document


def refusal() -> DocumentObject:
    """Mẫu 03 — Phiếu từ chối tiếp nhận, giải quyết hồ sơ."""
    document = a5_notice()
    notice_opening(document, "Lúc {{ received_at }}, {{ unit_name_plain }} nhận hồ sơ của Ông/Bà.")
    para(
        document,
        "Sau khi xem xét hồ sơ, đối chiếu với các quy định hiện hành, {{ unit_name_plain }} từ "
        "chối tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
    )
    para(document, "{{ reason }}", bold=True)
    para(document, "Xin thông báo để Ông/Bà được biết và thực hiện./.")
    signatures(document, (), SIGNER)
    footer(document)
    return document


def apology_2025() -> DocumentObject:
    """TT 03/2025 Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết."""
    document = a5_notice()
    notice_opening(
        document,
        "{{ received_on|capitalize }}, {{ unit_name_plain }} tiếp nhận giải quyết hồ sơ của "
        "Ông/Bà.",
    )
    para(document, "Thời hạn trả kết quả giải quyết hồ sơ: {{ previous_due_at }}")
    para(
        document,
        "Tuy nhiên, đến nay {{ unit_name_plain }} chưa thể trả kết quả giải quyết hồ sơ cho "
        "Ông/Bà đúng thời hạn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Lý do:",
    )
    para(document, "{{ reason }}", bold=True)
    para(
        document,
        "{{ unit_name_plain }} thành thật xin lỗi Ông/Bà vì sự chậm trễ này và đề nghị gia hạn "
        "thời gian giải quyết hồ sơ đến:",
    )
    para(document, "Thời hạn trả kết quả mới: {{ new_due_at }}", bold=True)
    para(document, "Xin trân trọng cảm ơn./.")
    signatures(document, (), SIGNER)
    footer(document)
    return document


def apology() -> DocumentObject:
    """TT 01/2018 Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả."""
    document = a5_notice()
    notice_opening(
        document,
        "{{ received_on|capitalize }}, {{ unit_name_plain }} tiếp nhận giải quyết hồ sơ của "
        "Ông/Bà.",
    )
    para(document, "Ngày hẹn trả kết quả giải quyết hồ sơ: {{ previous_due_at }}")
    para(
        document,
        "Tuy nhiên, {{ unit_name_plain }} chưa thể trả kết quả giải quyết hồ sơ cho Ông/Bà đúng "
        "hẹn ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả. Lý do:",
    )
    para(document, "{{ reason }}", bold=True)
    para(
        document,
        "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {{ unit_name_plain }} xin lỗi Ông/Bà và sẽ "
        "trả kết quả giải quyết hồ sơ cho Ông/Bà vào:",
    )
    para(document, "Ngày hẹn trả kết quả mới: {{ new_due_at }}", bold=True)
    para(document, "Xin trân trọng cảm ơn./.")
    signatures(document, (), SIGNER)
    footer(document)
    return document


def stop() -> DocumentObject:
    """Thông báo dừng xử lý hồ sơ (TT 03/2025 Mẫu 05; no numbered form under TT 01/2018,
    whose frame gives an empty form label)."""
    document = a5_notice()
    notice_opening(
        document, "Lúc {{ received_at }}, {{ unit_name_plain }} tiếp nhận hồ sơ của Ông/Bà."
    )
    para(
        document,
        "{{ unit_name_plain }} thông báo dừng xử lý hồ sơ nêu trên kể từ {{ stopped_at }}.",
    )
    runs(para(document), ("", "Lý do: "), ("b", "{{ reason }}"))
    para(
        document,
        "Ông/Bà liên hệ Bộ phận tiếp nhận và trả kết quả để nhận lại hồ sơ giấy (nếu có)./.",
    )
    signatures(document, (), SIGNER)
    footer(document)
    return document


def control_sheet() -> DocumentObject:
    """Mẫu 05 — Phiếu kiểm soát quá trình giải quyết hồ sơ."""
    document = new_document("A4", 13)
    para(document, "{{ form_label }}", italic=True, size=10, align="right")
    header(document, 12)
    title(document)
    para(document, "Mã hồ sơ: {{ code }}", bold=True, align="center")
    para(
        document, "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)", italic=True, align="center"
    )
    para(document, "Thủ tục: {{ dossier.procedure_name }}")
    para(document, "Người nộp hồ sơ: {{ dossier.applicant_name }}")
    para(document, "Cơ quan (bộ phận) giải quyết hồ sơ: {{ dossier.responsible_unit }}")
    para(
        document,
        "Thời gian nhận hồ sơ: {{ dossier.received_at }}. Hẹn trả kết quả: {{ dossier.due_at }}",
    )
    table = grid(
        document,
        [
            ("STT", 2),
            ("Tên cơ quan, bộ phận (giao / nhận)", 10),
            ("Thời gian giao, nhận hồ sơ", 5),
            ("Kết quả giải quyết hồ sơ (trước hạn / đúng hạn / quá hạn)", 5),
            ("Ghi chú", 5),
            ("Người giao (ký, ghi rõ họ tên)", 5),
            ("Người nhận (ký, ghi rõ họ tên)", 5),
        ],
        "r in rows",
        [
            "{{ r.index }}",
            "{% if r.kind == 'pause' %}{{ r.from_step }}{% else %}Giao: {{ r.from_step }}; "
            "Nhận: {{ r.to_step }}{% endif %}",
            "{{ r.at }}",
            "{{ r.outcome }}{% if r.step_due_at %} (hạn bước {{ r.step_due_at }}){% endif %}",
            "{{ r.note }}",
            "{{ r.from_person }}",
            "{{ r.to_person }}",
        ],
    )
    _shrink(table, 11)
    para(document, "{{ summary }}")
    para(document, "Lập lúc: {{ generated_at }}", italic=True)
    footer(document)
    return document


def register() -> DocumentObject:
    """Mẫu 06 — Sổ theo dõi hồ sơ."""
    document = new_document("A4 landscape", 13)
    para(document, "{{ form_label }}", italic=True, size=10, align="right")
    header(document, 12)
    title(document, "{{ period }}")
    table = grid(
        document,
        [
            ("STT", 2),
            ("Mã hồ sơ", 7),
            ("Tên thủ tục hành chính", 9),
            ("Số bộ", 2),
            ("Tên cá nhân, tổ chức", 6),
            ("Địa chỉ, số điện thoại", 7),
            ("Nhận hồ sơ", 5),
            ("Hẹn trả kết quả", 5),
            ("Có kết quả", 5),
            ("Trả kết quả", 5),
            ("Đúng hạn / trễ hạn", 4),
            ("Trạng thái", 5),
        ],
        "r in rows",
        [
            "{{ r.index }}",
            "{{ r.code }}",
            "{{ r.procedure_name }}",
            "{{ r.sets }}",
            "{{ r.applicant_name }}",
            "{{ r.applicant_contact }}",
            "{{ r.received_at }}",
            "{{ r.due_at }}",
            "{{ r.completed_at }}",
            "{{ r.delivered_at }}",
            "{{ r.outcome }}",
            "{{ r.state }}",
        ],
    )
    _shrink(table, 9.5)
    para(
        document,
        "Tổng số: {{ total }} hồ sơ; trước hạn: {{ early }}; đúng hạn: {{ on_time }}; trễ hạn: "
        "{{ late }}; đang giải quyết trong hạn: {{ open }}.",
    )
    signatures(document, (), SIGNER)
    footer(document)
    return document


def _shrink(table: Table, size: float) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)


BUILDERS: dict[str, Callable[[], DocumentObject]] = {
    "receipt": receipt,
    "supplement": supplement,
    "refusal": refusal,
    "apology": apology,  # TT 01/2018; TT 03/2025 in FRAME_BUILDERS
    "stop": stop,
    "control_sheet": control_sheet,
    "register": register,
}


# One folder per legal frame (documents/frames.py): what differs from the shared builders.
FRAME_BUILDERS: dict[str, dict[str, Callable[[], DocumentObject]]] = {
    "tt01_2018": {},
    "tt03_2025": {"apology": apology_2025},
}


def build(target: Path = HERE) -> list[Path]:
    written = []
    for frame, overrides in FRAME_BUILDERS.items():
        folder = target / frame
        folder.mkdir(exist_ok=True)
        for kind, builder in {**BUILDERS, **overrides}.items():
            path = folder / f"{kind}.docx"
            builder().save(str(path))
            written.append(path)
    return written


if __name__ == "__main__":
    for written_path in build():
        print(written_path)
