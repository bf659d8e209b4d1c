"""Results as files: an XLSX table and a DOCX decision shaped like the published ones
(seed 002: "Khối sở, ban, ngành gồm 26 đơn vị, tất cả đều xếp loại tốt. Trong đó Sở Tư
pháp có điểm cao nhất 97.57 điểm, xếp hạng 1; ..."), with the results table appended."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.org.choices import UnitKind
from motcua.parindex.models import Revision, Round
from motcua.parindex.ranking import percent_of


def _groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        groups.setdefault(
            row["group"],
            {"code": row["group"], "name": row["group_name"], "ranked": row["ranked"], "rows": []},
        )["rows"].append(row)
    return list(groups.values())


def _percent(row: dict[str, Any]) -> str:
    return f"{percent_of(Decimal(row['score']), Decimal(row['max_score'])):.2f}"


def results_workbook(round_: Round, rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kết quả"
    sheet.append([round_.name])
    sheet.append(
        [
            "Khối",
            "STT",
            "Mã đơn vị",
            "Đơn vị",
            "Điểm đạt",
            "Điểm tối đa",
            "Tỷ lệ (%)",
            "Xếp hạng",
            "Xếp loại",
        ]
    )
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for group in _groups(rows):
        for index, row in enumerate(group["rows"], start=1):
            sheet.append(
                [
                    group["name"],
                    index,
                    row["unit"],
                    row["name"],
                    float(row["score"]),
                    float(row["max_score"]),
                    float(_percent(row)),
                    row["rank"] if row["rank"] is not None else _("Không xếp hạng"),
                    row["classification"],
                ]
            )
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["D"].width = 50
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def group_sentence(group: dict[str, Any]) -> str:
    """One sentence per group, as the published decisions summarise."""
    rows = group["rows"]
    n = len(rows)
    counts = Counter(r["classification"] for r in rows)
    if len(counts) == 1:
        classes = _("tất cả đều xếp loại %(c)s") % {"c": next(iter(counts))}
    else:
        classes = ", ".join(
            _("%(n)s đơn vị xếp loại %(c)s") % {"n": k, "c": c} for c, k in counts.most_common()
        )
    best = max(rows, key=lambda r: Decimal(r["score"]))
    worst = min(rows, key=lambda r: Decimal(r["score"]))
    if group["ranked"]:
        tail = _(
            "Trong đó %(best)s có điểm cao nhất %(bs)s điểm, xếp hạng %(br)s; %(worst)s có điểm "
            "thấp nhất %(ws)s điểm, xếp hạng %(wr)s."
        ) % {
            "best": best["name"],
            "bs": best["score"],
            "br": best["rank"],
            "worst": worst["name"],
            "ws": worst["score"],
            "wr": worst["rank"],
        }
        head = _("%(group)s gồm %(n)s đơn vị, %(classes)s.")
    else:
        tail = _(
            "Trong đó %(best)s có điểm cao nhất %(bs)s điểm, %(worst)s có điểm thấp nhất %(ws)s điểm."
        ) % {
            "best": best["name"],
            "bs": best["score"],
            "worst": worst["name"],
            "ws": worst["score"],
        }
        head = _("%(group)s gồm %(n)s đơn vị, %(classes)s, không xếp hạng.")
    return f"{head % {'group': group['name'], 'n': n, 'classes': classes}} {tail}"


def _centered(document: Any, text: str, bold: bool = False, size: int = 13) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def results_document(round_: Round, rows: list[dict[str, Any]], revision: Revision | None) -> bytes:
    office = round_.office
    province = next(
        (u for u in [*office.ancestors(), office] if u.kind == UnitKind.PROVINCE), office
    )
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(13)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = f"{province.name.upper()}\n{_('Số')}: {round_.decision_number or '.../QĐ-UBND'}"
    day = timezone.localtime(revision.published_at if revision else timezone.now())
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n" + _(
        "ngày %(d)s tháng %(m)s năm %(y)s"
    ) % {"d": f"{day:%d}", "m": f"{day:%m}", "y": day.year}
    _centered(document, "QUYẾT ĐỊNH", bold=True, size=14)
    _centered(
        document,
        _("Phê duyệt và công bố Chỉ số cải cách hành chính năm %(year)s") % {"year": round_.year},
        bold=True,
    )
    if revision is not None and revision.number > 1:
        _centered(
            document,
            _("(Công bố lại lần %(n)s: %(reason)s)")
            % {"n": revision.number, "reason": revision.reason},
        )
    _centered(document, f"CHỦ TỊCH {province.name.upper()}", bold=True)
    document.add_paragraph(
        _("Căn cứ kết quả tự đánh giá của các cơ quan, đơn vị và kết quả thẩm định của %(office)s;")
        % {"office": office.name}
    )
    _centered(document, "QUYẾT ĐỊNH:", bold=True)
    groups = _groups(rows)
    document.add_paragraph(
        _(
            "Điều 1. Phê duyệt và công bố Chỉ số cải cách hành chính năm %(year)s (chi tiết tại "
            "Phụ lục kèm theo), cụ thể:"
        )
        % {"year": round_.year}
    )
    for group in groups:
        document.add_paragraph(group_sentence(group), style="List Bullet")
    document.add_paragraph(
        _(
            "Điều 2. Giao %(office)s tổng hợp các nội dung cần khắc phục, cải thiện của các tiêu chí "
            "bị trừ điểm tương ứng với từng đơn vị; triển khai đến các đơn vị để có giải pháp khắc "
            "phục. Thủ trưởng các cơ quan, đơn vị căn cứ kết quả Chỉ số CCHC năm %(year)s đề ra kế "
            "hoạch khắc phục để nâng cao công tác CCHC tại đơn vị."
        )
        % {"office": office.name, "year": round_.year}
    )
    document.add_paragraph(
        _(
            "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm thi hành Quyết định này."
        )
    )
    document.add_page_break()
    _centered(
        document,
        _("PHỤ LỤC: KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM %(year)s") % {"year": round_.year},
        bold=True,
    )
    for group in groups:
        document.add_paragraph(group["name"].upper()).runs[0].bold = True
        table = document.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            [_("STT"), _("Đơn vị"), _("Điểm đạt"), _("Tỷ lệ (%)"), _("Xếp hạng"), _("Xếp loại")],
            strict=True,
        ):
            cell.text = text
        for index, row in enumerate(group["rows"], start=1):
            cells = table.add_row().cells
            values = [
                str(index),
                row["name"],
                row["score"],
                _percent(row),
                str(row["rank"]) if row["rank"] is not None else _("Không xếp hạng"),
                row["classification"],
            ]
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
    out = BytesIO()
    document.save(out)
    return out.getvalue()
