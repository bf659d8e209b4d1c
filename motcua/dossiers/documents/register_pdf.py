"""The register's PDF (Sổ theo dõi hồ sơ, TT 01/2018 Mẫu 06 / TT 03/2025 Mẫu 07) drawn with
ReportLab's platypus instead of WeasyPrint.

The register is the one large tabular document: a day of a busy ward is hundreds of rows,
and WeasyPrint's layout cost about 27 ms of CPU per row (500 rows of 200-character names:
13 s of CPU, 50 s on the shared machine). Issue 7 asks for under 2 s. This module lays out
the same page — A4 landscape, the same margins, the same twelve columns and widths as
``templates/dossiers/forms/register.html``, the same title block, totals, signature and
footer, in Liberation Serif (the metric twin of Times New Roman that WeasyPrint itself
falls back to, embedded as a subset) — in a single pass: every cell is wrapped once to get
the row heights, which are then given to one ``Table`` (header repeated on every page), so
splitting it across pages costs no new wrapping. See bench/bench_register_pdf.py.

Only the shipped template is drawn here: an administrator's replacement ``register.html``
keeps going through WeasyPrint (``render.render_pdf`` chooses).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from motcua.dossiers.documents.render import PDF_TEXT_MAX, REGISTER_COLUMNS, PdfUnavailable

# The font of the forms (base template: "Times New Roman", "Liberation Serif"): Liberation
# Serif is metric-compatible with Times New Roman and covers Vietnamese. Debian's
# fonts-liberation2 / fonts-liberation packages install it here.
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
FONT = "LiberationSerif"
_FACES = {
    FONT: "LiberationSerif-Regular.ttf",
    f"{FONT}-Bold": "LiberationSerif-Bold.ttf",
    f"{FONT}-Italic": "LiberationSerif-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSerif-BoldItalic.ttf",
}

MM = 72 / 25.4  # points per millimetre
PAGE_WIDTH, PAGE_HEIGHT = 297 * MM, 210 * MM  # A4 landscape
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 12 * MM, 12 * MM, 12 * MM, 15 * MM
# Column shares of the width, as the HTML template's <colgroup> (same order as
# REGISTER_COLUMNS).
COLUMN_SHARES = (4, 16, 13, 4, 10, 12, 8, 8, 7, 7, 5, 6)
CENTRED = {"index", "sets", "received_at", "due_at", "completed_at", "delivered_at", "outcome"}
PAD_X, PAD_Y, RULE = 3.0, 1.5, 0.6
FRAME_PAD = 6.0  # platypus Frame's default padding
GRID_SIZE, CODE_SIZE, BODY_SIZE, HEADER_SIZE = 10, 9, 13, 12

_fonts_ready = False


def _register_fonts() -> None:
    global _fonts_ready
    if _fonts_ready:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for folder in FONT_DIRS:
        if all((folder / name).is_file() for name in _FACES.values()):
            break
    else:
        raise PdfUnavailable(
            _("Máy chủ chưa cài phông chữ Liberation Serif (gói fonts-liberation2) để tạo PDF.")
        )
    for face, name in _FACES.items():
        pdfmetrics.registerFont(TTFont(face, str(folder / name)))
    for bold, italic, face in (
        (0, 0, FONT),
        (1, 0, f"{FONT}-Bold"),
        (0, 1, f"{FONT}-Italic"),
        (1, 1, f"{FONT}-BoldItalic"),
    ):
        addMapping(FONT, bold, italic, face)
    _fonts_ready = True


def _text(value: Any) -> str:
    """Plain text as paragraph markup: capped like every PDF text (``render.breakable``);
    ReportLab itself breaks a word wider than its cell (``splitLongWords``), in linear
    time, so no zero-width spaces are needed."""
    text = "" if value is None else str(value)
    if len(text) > PDF_TEXT_MAX:
        text = text[: PDF_TEXT_MAX - 1] + "…"
    return escape(text)


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
        extra.setdefault("fontName", FONT)
        return ParagraphStyle(name, fontSize=size, leading=size * 1.2, **extra)

    return {
        "cell": style("cell", GRID_SIZE, alignment=TA_LEFT),
        "cell_c": style("cell_c", GRID_SIZE, alignment=TA_CENTER),
        "code": style("code", CODE_SIZE, alignment=TA_LEFT),
        "head": style("head", GRID_SIZE, alignment=TA_CENTER, fontName=f"{FONT}-Bold"),
        "label": style("label", 9, alignment=TA_RIGHT, fontName=f"{FONT}-Italic", spaceAfter=2),
        "org": style("org", HEADER_SIZE, alignment=TA_CENTER),
        "org_b": style("org_b", HEADER_SIZE, alignment=TA_CENTER, fontName=f"{FONT}-Bold"),
        "dateline": style(
            "dateline", HEADER_SIZE * 1.08, alignment=TA_CENTER, fontName=f"{FONT}-Italic"
        ),
        "title": style(
            "title",
            BODY_SIZE,
            alignment=TA_CENTER,
            fontName=f"{FONT}-Bold",
            spaceBefore=10,
            spaceAfter=2,
        ),
        "subtitle": style(
            "subtitle", BODY_SIZE, alignment=TA_CENTER, fontName=f"{FONT}-Italic", spaceAfter=8
        ),
        "body": style("body", BODY_SIZE, alignment=TA_JUSTIFY, spaceBefore=4),
        "sign_b": style("sign_b", BODY_SIZE, alignment=TA_CENTER, fontName=f"{FONT}-Bold"),
        "sign_i": style("sign_i", BODY_SIZE * 0.9, alignment=TA_CENTER, fontName=f"{FONT}-Italic"),
        "footer": style("footer", 8, textColor="#555555"),
    }


def _rule(share: float) -> Any:
    """The short line centred under the unit's name and the motto (``.rule`` of the base
    template): ``share`` of the column's width, just below the text."""
    from reportlab.platypus.flowables import Flowable

    class Rule(Flowable):  # type: ignore[misc]
        def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
            self.full = available_width
            return available_width, 3 + RULE

        def draw(self) -> None:
            length = self.full * share
            start = (self.full - length) / 2
            self.canv.setLineWidth(RULE)
            self.canv.line(start, RULE / 2, start + length, RULE / 2)

    return Rule()


def _heading(context: dict[str, Any], s: dict[str, Any], width: float) -> list[Any]:
    """Form number, the unit on the left and the national motto on the right, the date
    line, the title and the period (base template's header block)."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    org_width = width * 0.42
    left: list[Any] = []
    if context.get("superior_name"):
        left.append(Paragraph(_text(context["superior_name"]).upper(), s["org"]))
    left += [Paragraph(_text(context.get("unit_name", "")), s["org_b"]), _rule(0.35)]
    right = [
        Paragraph(_text(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")), s["org_b"]),
        Paragraph(_text(_("Độc lập - Tự do - Hạnh phúc")), s["org_b"]),
        _rule(0.40),
    ]
    number = context.get("number")
    number_cell = Paragraph(_text(f"{_('Số')}: {number}") if number else "", s["org"])
    header = Table(
        [
            [left, right],
            [number_cell, Paragraph(_text(context.get("date_line", "")), s["dateline"])],
        ],
        colWidths=[org_width, width - org_width],
    )
    header.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 5),
            ]
        )
    )
    story: list[Any] = []
    if context.get("form_label"):
        story.append(Paragraph(_text(context["form_label"]), s["label"]))
    story += [
        header,
        Paragraph(_text(context.get("title", "")).upper(), s["title"]),
        Paragraph(f"<i>{_text(context.get('period', ''))}</i>", s["subtitle"]),
    ]
    return story


def _grid(rows: list[dict[str, Any]], s: dict[str, Any], width: float, room: float) -> Any:
    """The register's table: header repeated on every page. Each cell is wrapped once here;
    the row heights go to the Table, which then splits across pages without wrapping again.
    ``room`` is the frame's height: a row taller than a page (only text of older data near
    the PDF cap) is left to ReportLab's split inside the row."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    widths = [width * share / 100 for share in COLUMN_SHARES]
    inner = [w - 2 * PAD_X for w in widths]
    header = [Paragraph(_text(str(label)), s["head"]) for _key, label, _w in REGISTER_COLUMNS]
    data: list[list[Any]] = [header]
    if not rows:
        empty = _("Không có hồ sơ nào được tiếp nhận trong kỳ.")
        data.append([Paragraph(_text(empty), s["cell"])] + [""] * (len(widths) - 1))
    styles = [
        s["cell_c"] if key in CENTRED else s["code"] if key == "code" else s["cell"]
        for key, _label, _w in REGISTER_COLUMNS
    ]
    for row in rows:
        cells: list[Any] = []
        for (key, _label, _w), style in zip(REGISTER_COLUMNS, styles, strict=True):
            value = row.get(key, "")
            # An empty cell (no result yet) needs no paragraph.
            cells.append(Paragraph(_text(value), style) if value not in ("", None) else "")
        data.append(cells)
    heights: list[float | None] = []
    for cells in data:
        height = 0.0
        for cell, w in zip(cells, inner, strict=True):
            if not isinstance(cell, str):
                height = max(height, cell.wrap(w, room)[1])
        heights.append(height + 2 * PAD_Y)
    # A row that cannot fit under the header on an empty page is split inside itself;
    # ReportLab only does that for a row whose height it measures itself.
    limit = room - (heights[0] or 0) - 2 * RULE
    tall = any(h is not None and h > limit for h in heights[1:])
    if tall:
        heights = [heights[0]] + [None if h is not None and h > limit else h for h in heights[1:]]
    table = Table(
        data,
        colWidths=widths,
        rowHeights=heights,
        repeatRows=1,
        splitInRow=1 if tall else 0,
    )
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), RULE, "#000000"),
        # Empty cells are plain strings: in the same font (else Helvetica is added).
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
    ]
    if not rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(commands))
    return table


def _closing(
    context: dict[str, Any], s: dict[str, Any], width: float, template_version: str
) -> Any:
    """The totals, the signature of the register's keeper and the footer, kept together on
    one page (never a signature alone on a page)."""
    from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import HRFlowable

    totals = _(
        "Tổng số: %(total)s hồ sơ; trước hạn: %(early)s; đúng hạn: %(on_time)s; "
        "trễ hạn: %(late)s; đang giải quyết trong hạn: %(open)s."
    ) % {k: context.get(k, 0) for k in ("total", "early", "on_time", "late", "open")}
    block = [
        Paragraph(_text(context.get("signer_title", "")), s["sign_b"]),
        Paragraph(_text(context.get("signature_hint", "")), s["sign_i"]),
        Spacer(1, 11 * MM),
        Paragraph(_text(context.get("signer_name", "")), s["sign_b"]),
    ]
    signature = Table([["", block]], colWidths=[width / 2, width / 2])
    signature.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    )
    footer = f"{_('Mẫu in')}: {template_version}"
    if context.get("site_name"):
        footer += f" · {context['site_name']}"
    return KeepTogether(
        [
            Paragraph(_text(totals), s["body"]),
            Spacer(1, 8),
            signature,
            HRFlowable(width="100%", thickness=0.4, color="#999999", spaceBefore=6, spaceAfter=2),
            Paragraph(_text(footer), s["footer"]),
        ]
    )


def render_register_pdf(context: dict[str, Any], template_version: str) -> bytes:
    """The register of ``register_context`` as PDF bytes."""
    try:
        from reportlab.platypus import SimpleDocTemplate
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise PdfUnavailable(
            _("Máy chủ chưa cài đặt thư viện tạo PDF (ReportLab): %(error)s") % {"error": exc}
        ) from exc
    _register_fonts()
    s = _styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        # The frame pads its content by FRAME_PAD on each side: the margins are the
        # template's @page margins minus that, so the text sits where the print page's does.
        leftMargin=MARGIN_LEFT - FRAME_PAD,
        rightMargin=MARGIN_RIGHT - FRAME_PAD,
        topMargin=MARGIN_TOP - FRAME_PAD,
        bottomMargin=MARGIN_BOTTOM - FRAME_PAD,
        title=str(context.get("title", "")),
        author=str(context.get("unit_name_plain") or context.get("unit_name", "")),
        creator="motcua",
        initialFontName=FONT,  # or the canvas puts Helvetica in every page's resources
    )
    width = document.width - 2 * FRAME_PAD
    room = document.height - 2 * FRAME_PAD
    story = _heading(context, s, width)
    story.append(_grid(list(context.get("rows", [])), s, width, room))
    story.append(_closing(context, s, width, template_version))
    try:
        document.build(story)
    except Exception as exc:  # LayoutError and the like: "no PDF now", as with WeasyPrint
        raise PdfUnavailable(_("Không tạo được tệp PDF: %(error)s") % {"error": exc}) from exc
    return buffer.getvalue()
