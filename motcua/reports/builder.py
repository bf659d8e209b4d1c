"""The periodic reform report (báo cáo CCHC định kỳ) of a unit as DOCX, in the layout of
administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, Times New Roman 13–14,
margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right; national motto and the
issuing body's name at the head).

The figures come from the indicators (``motcua.indicators.selectors``), the same numbers
the API returns, written in the seeds' sentences ("Trong 9 tháng đầu năm đã tiếp nhận và
giải quyết 3.579 hồ sơ…", seed 001); the sections that need a human (institutional reform,
organisation, civil service, public finance, directions) are left for the author.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from motcua.core.figures import Figure
from motcua.indicators import index766, periods, selectors
from motcua.indicators.formulas import check_target
from motcua.org.models import Unit

FOR_AUTHOR = "[Nội dung do người soạn báo cáo bổ sung.]"
LOCAL_LABELS = {
    "on_time": "Tỷ lệ hồ sơ giải quyết đúng và trước hạn",
    "online": "Tỷ lệ hồ sơ nộp trực tuyến",
    "partial_online": "Tỷ lệ hồ sơ trực tuyến (thủ tục DVC một phần)",
    "full_online": "Tỷ lệ hồ sơ trực tuyến (thủ tục DVC toàn trình)",
    "paid_online": "Tỷ lệ hồ sơ có phí được thanh toán trực tuyến",
    "digitised": "Tỷ lệ hồ sơ được số hóa",
    "electronic_result": "Tỷ lệ kết quả được cấp đồng thời bản điện tử",
    "online_reception_8h": "Tỷ lệ hồ sơ trực tuyến được tiếp nhận trong 8 giờ làm việc",
    "satisfaction": "Tỷ lệ người dân hài lòng",
}


def number(value: int) -> str:
    """3579 → "3.579"."""
    return f"{value:,}".replace(",", ".")


def rate(value: float | None) -> str:
    """96.5 → "96,50%"; no denominator → "N/A"."""
    if value is None:
        return "N/A"
    return f"{value:.2f}".replace(".", ",") + "%"


@dataclass(frozen=True)
class ReportData:
    unit: Unit
    period: periods.Period
    counts: dict[str, Any]
    figures: dict[str, Figure]
    index: index766.IndexResult
    targets: dict[str, float]


def collect(unit: Unit, start: date, end: date, *, user: Any = None) -> ReportData:
    period = _period_for(start, end)
    target_year, targets = selectors.targets_for(unit, end.year)
    figures = selectors.figures(unit, start, end, user=user)
    return ReportData(
        unit=unit,
        period=period,
        counts=selectors.counts(unit, start, end, user=user),
        figures=figures,
        index=index766.score(figures),
        targets=targets,
    )


def _period_for(start: date, end: date) -> periods.Period:
    """The period's name when it is a usual one (a month, a quarter, 6 or 9 months, a year)."""
    for kind, numbers in (
        ("year", [1]),
        ("nine", [1]),
        ("half", [1, 2]),
        ("quarter", [1, 2, 3, 4]),
        ("month", list(range(1, 13))),
    ):
        for n in numbers:
            p = periods.make(kind, start.year, n)
            if (p.start, p.end) == (start, end):
                return p
    return periods.make("custom", start.year, 1, start, end)


def procedure_paragraph(data: ReportData) -> str:
    c = data.counts
    phrase = data.period.phrase
    received = c["received"]
    settled = c["settled"]
    good = c["settled_early"] + c["settled_on_time"]
    open_total = c["open_on_time"] + c["open_late"]
    online = rate(data.figures["online"].rate)
    text = (
        f"Trong {phrase} đã tiếp nhận {number(received)} hồ sơ "
        f"(trong đó {number(c['received_online'])} hồ sơ trực tuyến, đạt {online}); "
        f"đã giải quyết {number(settled)} hồ sơ, trong đó {number(c['settled_early'])} hồ sơ "
        f"trước hạn, {number(c['settled_on_time'])} hồ sơ đúng hạn, "
        f"{number(c['settled_late'])} hồ sơ trễ hạn; tỷ lệ giải quyết đúng và trước hạn đạt "
        f"{rate(c['on_time_rate'])}."
    )
    if settled and c["settled_late"] == 0 and c["open_late"] == 0:
        text += (
            f" Tất cả {number(good)} hồ sơ đều được giải quyết đúng và trước hạn, không có hồ sơ "
            "trễ hẹn, tồn đọng."
        )
    text += (
        f" Đến hết kỳ còn {number(open_total)} hồ sơ đang giải quyết, trong đó "
        f"{number(c['open_late'])} hồ sơ đã quá hạn."
    )
    return text


def digital_paragraph(data: ReportData) -> str:
    f = data.figures
    return (
        f"Tỷ lệ hồ sơ có phí được thanh toán trực tuyến đạt {rate(f['paid_online'].rate)}; "
        f"tỷ lệ hồ sơ được số hóa đạt {rate(f['digitised'].rate)}; tỷ lệ kết quả được cấp "
        f"đồng thời bản điện tử đạt {rate(f['electronic_result'].rate)}; tỷ lệ hồ sơ trực "
        f"tuyến được tiếp nhận trong 8 giờ làm việc đạt {rate(f['online_reception_8h'].rate)}. "
        f"Tỷ lệ người dân hài lòng đạt {rate(f['satisfaction'].rate)}. Điểm Bộ chỉ số phục vụ "
        f"người dân, doanh nghiệp (Quyết định 766/QĐ-TTg) đạt "
        f"{points_text(data.index.total_points)}/{points_text(data.index.max_points)} điểm."
    )


def points_text(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def shortfalls(data: ReportData) -> list[str]:
    lines = []
    for key, label in LOCAL_LABELS.items():
        target = data.targets.get(key)
        figure = data.figures.get(key)
        if target is None or figure is None:
            continue
        check = check_target(figure.rate, target)
        if check.met is False:
            lines.append(
                f"{label} đạt {rate(figure.rate)}, chưa đạt chỉ tiêu {rate(target)} "
                f"(còn thiếu {rate(check.shortfall)})."
            )
    return lines


# -- the document ----------------------------------------------------------------------------


def _paragraph(
    doc: Any,
    text: str,
    *,
    bold: bool = False,
    center: bool = False,
    italic: bool = False,
    size: int = 14,
    indent: bool = True,
) -> Any:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            p.paragraph_format.first_line_indent = Mm(12.7)
    p.paragraph_format.space_after = Pt(6)
    return p


def _cell(cell: Any, text: str, *, bold: bool = False, size: int = 13) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    run = p.add_run(text)
    run.bold, run.font.size = bold, Pt(size)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def build(data: ReportData, *, today: date | None = None) -> bytes:
    today = today or date.today()
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(20)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    parent = data.unit.parent.name.upper() if data.unit.parent else ""
    _cell(left, parent, size=13)
    left.add_paragraph().add_run(data.unit.name.upper()).bold = True
    left.add_paragraph("Số:      /BC-UBND")
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13)
    right.add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    right.add_paragraph().add_run(
        f"......., ngày {today.day:02d} tháng {today.month:02d} năm {today.year}"
    ).italic = True
    for cell in (left, right):
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _paragraph(doc, "BÁO CÁO", bold=True, center=True)
    _paragraph(
        doc,
        f"Kết quả thực hiện công tác cải cách hành chính {data.period.phrase}",
        bold=True,
        center=True,
    )
    _paragraph(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True, indent=False)
    sections = [
        ("1. Công tác chỉ đạo, điều hành cải cách hành chính", [FOR_AUTHOR]),
        ("2. Cải cách thể chế", [FOR_AUTHOR]),
        (
            "3. Cải cách thủ tục hành chính, thực hiện cơ chế một cửa, một cửa liên thông",
            [procedure_paragraph(data)],
        ),
        ("4. Cải cách tổ chức bộ máy hành chính", [FOR_AUTHOR]),
        ("5. Cải cách chế độ công vụ", [FOR_AUTHOR]),
        ("6. Cải cách tài chính công", [FOR_AUTHOR]),
        (
            "7. Xây dựng và phát triển chính quyền điện tử, chính quyền số",
            [digital_paragraph(data)],
        ),
    ]
    for title, texts in sections:
        _paragraph(doc, title, bold=True, indent=False)
        for text in texts:
            _paragraph(doc, text, italic=text == FOR_AUTHOR)
    _paragraph(doc, "II. TỒN TẠI, HẠN CHẾ", bold=True, indent=False)
    for line in shortfalls(data):
        _paragraph(doc, f"- {line}")
    _paragraph(doc, FOR_AUTHOR, italic=True)
    _paragraph(doc, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", bold=True, indent=False)
    _paragraph(doc, FOR_AUTHOR, italic=True)

    sign = doc.add_table(rows=1, cols=2)
    recipients, signer = sign.rows[0].cells
    recipients.text = ""
    recipients.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in ("- Như trên;", "- Lưu: VT."):
        recipients.add_paragraph(line)
    _cell(signer, "TM. ỦY BAN NHÂN DÂN", bold=True)
    signer.add_paragraph().add_run("CHỦ TỊCH").bold = True

    doc.add_page_break()
    _paragraph(doc, "PHỤ LỤC", bold=True, center=True)
    _paragraph(
        doc, f"Số liệu giải quyết thủ tục hành chính {data.period.phrase}", bold=True, center=True
    )
    _paragraph(
        doc,
        f"(Kèm theo báo cáo của {data.unit.name}; số liệu từ {data.period.start:%d/%m/%Y} đến "
        f"{data.period.end:%d/%m/%Y})",
        italic=True,
        center=True,
        size=13,
    )
    _appendix(doc, data)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc: Any, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, bold=True, size=12)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            _cell(cell, text, size=12)


def _appendix(doc: Any, data: ReportData) -> None:
    c = data.counts
    _paragraph(doc, "1. Tình hình tiếp nhận, giải quyết hồ sơ", bold=True, indent=False, size=13)
    _table(
        doc,
        [
            "Tiếp nhận",
            "Trực tuyến",
            "Trước hạn",
            "Đúng hạn",
            "Trễ hạn",
            "Đang giải quyết trong hạn",
            "Đang giải quyết quá hạn",
        ],
        [
            [
                number(c[k])
                for k in (
                    "received",
                    "received_online",
                    "settled_early",
                    "settled_on_time",
                    "settled_late",
                    "open_on_time",
                    "open_late",
                )
            ]
        ],
    )
    _paragraph(doc, "2. Các chỉ số so với chỉ tiêu", bold=True, indent=False, size=13)
    rows = []
    for key, label in LOCAL_LABELS.items():
        f = data.figures[key]
        target = data.targets.get(key)
        rows.append(
            [
                label,
                number(f.numerator),
                number(f.denominator),
                rate(f.rate),
                rate(target) if target is not None else "—",
            ]
        )
    _table(doc, ["Chỉ số", "Đạt", "Tổng số", "Tỷ lệ", "Chỉ tiêu"], rows)
    _paragraph(doc, "3. Bộ chỉ số 766 (Quyết định 766/QĐ-TTg)", bold=True, indent=False, size=13)
    rows = []
    for g in data.index.groups:
        rows.append([g.id, g.name, "", "", points_text(g.points), points_text(g.max_points)])
        for s in g.indicators:
            rows.append(
                [
                    s.definition.id,
                    s.definition.name,
                    f"{number(s.numerator)}/{number(s.denominator)}",
                    rate(s.rate),
                    "N/A" if s.rate is None else points_text(s.points),
                    points_text(s.definition.max_points),
                ]
            )
    rows.append(
        [
            "",
            "Tổng điểm",
            "",
            "",
            points_text(data.index.total_points),
            points_text(data.index.max_points),
        ]
    )
    _table(doc, ["Mã", "Chỉ số", "Tử số/Mẫu số", "Tỷ lệ", "Điểm", "Tối đa"], rows)
