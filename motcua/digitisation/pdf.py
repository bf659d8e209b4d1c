"""PDF work of the desk and of the results: page images assembled into one PDF, pages
counted, the result document generated from its template, and the stamp (dossier code and
the QR code of the verification page) put on an uploaded result."""

from __future__ import annotations

import base64
import io
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# A scan at 200 dpi of an A4 page is about 1650 × 2340 px; larger images are scaled down
# to this longest side, which keeps the text readable and the file small.
MAX_SIDE = 2400
PDF_RESOLUTION = 200.0


def images_to_pdf(images: list[Any]) -> bytes:
    """One PDF page per image, in the order given. Each image is turned upright by its
    EXIF orientation, converted to RGB and re-encoded without any metadata (EXIF, GPS,
    the camera's name are dropped)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    pages = []
    for upload in images:
        upload.seek(0)
        try:
            with Image.open(upload) as original:
                original.load()
                upright = ImageOps.exif_transpose(original) or original
                page = upright.convert("RGB")
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise ValidationError(
                _("Không đọc được ảnh “%(name)s”.") % {"name": getattr(upload, "name", "")},
                code="bad_image",
            ) from exc
        page.thumbnail((MAX_SIDE, MAX_SIDE))
        # A fresh image carries pixels only: no info dictionary, no EXIF.
        clean = Image.new("RGB", page.size)
        clean.paste(page)
        pages.append(clean)
    if not pages:
        raise ValidationError(_("Chọn ít nhất một ảnh."), code="no_files")
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=PDF_RESOLUTION)
    return out.getvalue()


def page_count(data: bytes) -> int:
    """Number of pages of a PDF, or ``ValidationError`` if it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(_("Tệp PDF bị hỏng, không đọc được."), code="bad_pdf") from exc


def _qr_img(url: str) -> str:
    from motcua.dossiers.documents.render import qr_png

    data = base64.b64encode(qr_png(url)).decode("ascii")
    return mark_safe(f'<img class="qr" src="data:image/png;base64,{data}" alt="QR">')


def _weasyprint(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return bytes(HTML(string=html, url_fetcher=fetcher).write_pdf())


def result_pdf(context: dict[str, Any]) -> bytes:
    """The result document from its template (``digitisation/result_pdf.html``), with the
    dossier code and the QR code of ``context["verify_url"]``."""
    html = render_to_string(
        "digitisation/result_pdf.html",
        {**context, "qr": _qr_img(context["verify_url"]), "site_name": settings.SITE_NAME},
    )
    return _weasyprint(html)


def stamp_pdf(data: bytes, *, dossier_code: str, verify_url: str) -> bytes:
    """An uploaded result with the stamp (dossier code, QR code to the verification page)
    drawn on its first page, in the bottom margin."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    first = reader.pages[0]
    width = float(first.mediabox.width)
    height = float(first.mediabox.height)
    html = render_to_string(
        "digitisation/stamp.html",
        {
            "width": width,
            "height": height,
            "dossier_code": dossier_code,
            "verify_url": verify_url,
            "qr": _qr_img(verify_url),
        },
    )
    overlay = PdfReader(io.BytesIO(_weasyprint(html))).pages[0]
    writer = PdfWriter(clone_from=reader)
    writer.pages[0].merge_page(overlay)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
