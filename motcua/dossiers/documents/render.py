"""Rendering of the forms: HTML (Django templates), PDF (WeasyPrint, from the same HTML; the
register's shipped template by ReportLab, ``register_pdf``) and DOCX (docxtpl), with
templates an administrator can replace.

Template lookup: ``settings.FORM_TEMPLATES_DIR/<kind>.html`` / ``<kind>.docx`` first (the
administrator's replacement), then the shipped ones (``templates/dossiers/forms/<kind>.html``
and ``form_templates/<kind>.docx``). The version of the template used is printed in the
footer of every form (``template_version``) and given by :func:`find_template`.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.documents.context import KINDS, REGISTER
from motcua.dossiers.documents.frames import BY_KEY, TT03_2025, Frame

# Version of the shipped templates of the current frame: the year of its circular (Thông
# tư 03/2025/TT-VPCP) and a revision number. Each frame has its own (``Frame.version``);
# bump it whenever a shipped template of that frame changes.
VERSION = TT03_2025.version
SHIPPED_DOCX_DIR = Path(__file__).resolve().parent.parent / "form_templates"
SHIPPED_HTML = "dossiers/forms/{frame}/{kind}.html"
FORMATS = ("html", "docx")


class UnknownForm(ValueError):
    """A kind of form that has no template."""


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the pango library it needs) is missing or failed: the view answers
    503 with this message."""


@dataclass(frozen=True)
class FormTemplate:
    """Which template file renders a form, and the version printed in its footer."""

    kind: str
    fmt: str
    path: Path | None  # None: the shipped HTML template, found by Django's loader
    replaced: bool
    version: str  # printed in the footer, in Vietnamese
    ident: str  # the same in ASCII, for the X-Form-Template response header


def _frame(key: str | None) -> Frame:
    return BY_KEY.get(key or "", TT03_2025)


def find_template(kind: str, fmt: str, frame: str | None = None) -> FormTemplate:
    """The administrator's replacement if there is one — for this frame
    (``FORM_TEMPLATES_DIR/<frame>/<kind>.<fmt>``), else for every frame
    (``FORM_TEMPLATES_DIR/<kind>.<fmt>``) — otherwise the frame's shipped template."""
    if kind not in KINDS or fmt not in FORMATS:
        raise UnknownForm(f"no {fmt} template for form {kind!r}")
    chosen = _frame(frame)
    folder = Path(settings.FORM_TEMPLATES_DIR)
    custom = folder / chosen.key / f"{kind}.{fmt}"
    if not custom.is_file():
        custom = folder / f"{kind}.{fmt}"
    if custom.is_file():
        changed = datetime.fromtimestamp(custom.stat().st_mtime, tz=timezone.get_current_timezone())
        version = _("%(name)s (mẫu thay thế, cập nhật %(at)s)") % {
            "name": custom.name,
            "at": f"{changed:%d/%m/%Y %H:%M}",
        }
        ident = f"{custom.name}; replaced; modified={changed:%Y-%m-%dT%H:%M:%S%z}"
        return FormTemplate(kind, fmt, custom, True, version, ident)
    shipped = SHIPPED_DOCX_DIR / chosen.key / f"{kind}.docx" if fmt == "docx" else None
    version = _("%(name)s (%(circular)s, phiên bản %(version)s)") % {
        "name": f"{kind}.{fmt}",
        "circular": chosen.circular,
        "version": chosen.version,
    }
    ident = f"{chosen.key}/{kind}.{fmt}; version={chosen.version}"
    return FormTemplate(kind, fmt, shipped, False, version, ident)


# -- QR code -----------------------------------------------------------------------------------


def qr_code(url: str) -> segno.QRCode:
    """A full QR code (never a Micro QR), error correction M: still readable when the
    paper is creased or stamped on."""
    return segno.make_qr(url, error="m")


def qr_svg(url: str) -> str:
    """Inline SVG (no XML declaration) for the HTML page."""
    return str(qr_code(url).svg_inline(scale=3, svgclass="qr", lineclass="qrline", omitsize=True))


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=8)
    return buffer.getvalue()


# -- HTML and PDF ----------------------------------------------------------------------------


# -- bounded layout ---------------------------------------------------------------------------

# WeasyPrint breaks a word that does not fit its cell (``overflow-wrap: anywhere``) by
# trying longer and longer pieces of it, each laid out again: the time grows with the
# square of the word's length (a 100,000-character name took over 8 minutes). Every text of
# a PDF is therefore capped and long unbroken runs get a zero-width space, an ordinary
# line-break opportunity, every ``_BREAK_EVERY`` characters: layout stays linear. Input
# limits (motcua/core/inputs.py) keep new names at 200 characters; this also covers older
# rows and imported data.
PDF_TEXT_MAX = 2000
_BREAK_EVERY = 40
_LONG_RUN = re.compile(r"\S{" + str(_BREAK_EVERY + 1) + ",}")
_ZWSP = "\u200b"


def breakable(text: str) -> str:
    """``text`` at most ``PDF_TEXT_MAX`` characters (then "…"), with a zero-width space
    every ``_BREAK_EVERY`` characters of a run without spaces."""
    if len(text) > PDF_TEXT_MAX:
        text = text[: PDF_TEXT_MAX - 1] + "…"
    if len(text) <= _BREAK_EVERY:
        return text

    def split(match: re.Match[str]) -> str:
        run = match.group(0)
        return _ZWSP.join(run[i : i + _BREAK_EVERY] for i in range(0, len(run), _BREAK_EVERY))

    return _LONG_RUN.sub(split, text)


def bounded(value: Any, key: str = "") -> Any:
    """The context with every plain text made ``breakable`` (trusted HTML and URLs, which
    the QR code and links need intact, are left alone)."""
    if isinstance(value, SafeData) or key.endswith("url"):
        return value
    if isinstance(value, str):
        return breakable(value)
    if isinstance(value, dict):
        return {k: bounded(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(bounded(v) for v in value)
    return value


def _render_html(kind: str, context: dict[str, Any], *, pdf: bool) -> str:
    frame = context.get("frame")
    template = find_template(kind, "html", frame)
    extra: dict[str, Any] = {"template_version": template.version, "for_pdf": pdf}
    url = context.get("lookup_url")
    if url and context.get("kind") == "receipt":
        if pdf:
            data = base64.b64encode(qr_png(url)).decode("ascii")
            extra["qr"] = mark_safe(f'<img class="qr" src="data:image/png;base64,{data}" alt="QR">')
        else:
            extra["qr"] = mark_safe(qr_svg(url))
    full = {**(bounded(context) if pdf else context), **extra}
    if template.replaced and template.path is not None:
        source = template.path.read_text(encoding="utf-8")
        return str(engines["django"].from_string(source).render(full))
    return str(get_template(SHIPPED_HTML.format(frame=_frame(frame).key, kind=kind)).render(full))


def render_html(kind: str, context: dict[str, Any]) -> str:
    """The printable page (the QR code inline as SVG)."""
    return _render_html(kind, context, pdf=False)


def render_pdf(kind: str, context: dict[str, Any]) -> bytes:
    """The same HTML through WeasyPrint (the QR code as PNG). Only ``data:`` URLs are
    fetched: a replacement template cannot make the server read files or call out.

    The register with its shipped template is drawn by ReportLab instead
    (``register_pdf``): same page, columns and text, about 30 times faster on hundreds of
    rows. A replaced ``register.html`` goes through WeasyPrint like every other form."""
    if kind == REGISTER:
        template = find_template(kind, "html", context.get("frame"))
        if not template.replaced:
            from motcua.dossiers.documents.register_pdf import render_register_pdf

            return render_register_pdf(context, template.version)
    # Imported here: the rest of the site works on a machine without pango.
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _("Máy chủ chưa cài đặt thư viện tạo PDF (WeasyPrint, pango): %(error)s")
            % {"error": exc}
        ) from exc
    # WeasyPrint logs every layout step at INFO; keep the server log for what matters.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    html = _render_html(kind, {**context, "toolbar": None}, pdf=True)
    try:
        fetcher = URLFetcher(allowed_protocols={"data"})
        pdf = HTML(string=html, url_fetcher=fetcher).write_pdf()
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "no PDF now".
        raise PdfUnavailable(_("Không tạo được tệp PDF: %(error)s") % {"error": exc}) from exc
    if not pdf:
        raise PdfUnavailable(_("Không tạo được tệp PDF."))
    return bytes(pdf)


# -- DOCX ------------------------------------------------------------------------------------


def render_docx(kind: str, context: dict[str, Any]) -> bytes:
    """Fill the DOCX template (docxtpl, Jinja placeholders; values are XML-escaped)."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    template = find_template(kind, "docx", context.get("frame"))
    if template.path is None or not template.path.is_file():
        raise UnknownForm(f"the DOCX template of {kind!r} is missing")
    document = DocxTemplate(str(template.path))
    full: dict[str, Any] = {**context, "template_version": template.version, "qr": ""}
    url = context.get("lookup_url")
    if url and context.get("kind") == "receipt":
        full["qr"] = InlineImage(document, io.BytesIO(qr_png(url)), width=Mm(28))
    document.render(full, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- XLSX (the register only) ------------------------------------------------------------------

REGISTER_COLUMNS: tuple[tuple[str, Any, int], ...] = (
    ("index", gettext_lazy("STT"), 6),
    ("code", gettext_lazy("Mã hồ sơ"), 26),
    ("procedure_name", gettext_lazy("Tên thủ tục hành chính"), 40),
    ("sets", gettext_lazy("Số bộ"), 7),
    ("applicant_name", gettext_lazy("Tên cá nhân, tổ chức"), 24),
    ("applicant_contact", gettext_lazy("Địa chỉ, số điện thoại"), 30),
    ("received_at", gettext_lazy("Nhận hồ sơ"), 17),
    ("due_at", gettext_lazy("Hẹn trả kết quả"), 17),
    ("completed_at", gettext_lazy("Có kết quả"), 17),
    ("delivered_at", gettext_lazy("Trả kết quả"), 17),
    ("outcome", gettext_lazy("Đúng hạn / trễ hạn"), 14),
    ("state", gettext_lazy("Trạng thái"), 22),
)


def render_xlsx(context: dict[str, Any]) -> bytes:
    """The dossier register as a spreadsheet: the heading lines, then one row per dossier
    (frozen header, filters on), then the totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Sổ theo dõi hồ sơ")[:31]
    plain = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    heading = [
        (context.get("superior_name", ""), plain),
        (context.get("unit_name", ""), bold),
        (context.get("title", ""), bold),
        (context.get("period", ""), plain),
    ]
    for row, (text, font) in enumerate(heading, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = font
    first = len(heading) + 2
    for column, (_key, label, width) in enumerate(REGISTER_COLUMNS, start=1):
        cell = sheet.cell(row=first, column=column, value=str(label))
        cell.font, cell.border = bold, box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    rows = context.get("rows", [])
    for offset, item in enumerate(rows, start=1):
        for column, (key, _label, _width) in enumerate(REGISTER_COLUMNS, start=1):
            cell = sheet.cell(row=first + offset, column=column, value=item.get(key, ""))
            cell.font, cell.border = plain, box
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    last = first + len(rows)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(REGISTER_COLUMNS))}{last}"
    totals = _(
        "Tổng số: %(total)s hồ sơ; trước hạn: %(early)s; đúng hạn: %(on_time)s; "
        "trễ hạn: %(late)s; đang giải quyết trong hạn: %(open)s."
    ) % {k: context.get(k, 0) for k in ("total", "early", "on_time", "late", "open")}
    sheet.cell(row=last + 2, column=1, value=totals).font = plain
    version = _("%(name)s (phiên bản %(version)s)") % {"name": "register.xlsx", "version": VERSION}
    sheet.cell(row=last + 3, column=1, value=version).font = Font(
        name="Times New Roman", size=9, italic=True
    )
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
