"""Biên lai thu phí, lệ phí: the printable receipt of an online payment, as HTML and as PDF
(WeasyPrint, from the same HTML). The layout is the administrative one the dossier forms
use (``dossiers/forms/_base_form.html``: unit top left, national motto top right)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.documents.context import date_line, unit_header
from motcua.payments.fees import fees_for, format_vnd
from motcua.payments.models import DeskPayment, PaymentOrder
from motcua.payments.words import amount_in_words

TEMPLATE = "payments/receipt.html"
# Printed in the footer, like the forms' template version.
VERSION = "receipt.html (phiên bản 2025.1)"


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the pango library it needs) is missing or failed."""


def receipt_context(order: PaymentOrder) -> dict[str, Any]:
    """Plain values only, so that a replacement template sees exactly these keys."""
    dossier = order.dossier
    receipt = order.receipt
    unit = dossier.responsible_unit
    paid_at = timezone.localtime(order.paid_at or receipt.issued_at)
    payer = dossier.applicant_name or (str(order.created_by) if order.created_by else "")
    return {
        **unit_header(unit),
        "title": _("Biên lai thu phí, lệ phí"),
        "number": receipt.number,
        "date_line": date_line(unit_header(unit)["place"], paid_at.date()),
        "txn_ref": order.txn_ref,
        "dossier_code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "payer": payer,
        "payer_address": dossier.applicant_address,
        "amount": order.amount,
        "amount_text": format_vnd(order.amount),
        "amount_words": amount_in_words(order.amount),
        "fees": fees_for(dossier.procedure),
        "paid_at": f"{paid_at:%H:%M:%S %d/%m/%Y}",
        "gateway": order.gateway,
        "transaction_no": order.gateway_transaction_no,
        "bank_code": order.bank_code,
        "payment_method": _("Thanh toán trực tuyến"),
        "signer_title": _("Đơn vị thu"),
        "signature_hint": _("(Biên lai điện tử, không cần chữ ký)"),
        "signer_name": unit.name,
        "template_version": VERSION,
        "site_name": settings.SITE_NAME,
    }


def desk_receipt_context(payment: DeskPayment) -> dict[str, Any]:
    """The receipt of a payment taken at the desk: the same keys, the clerk's receipt
    number, the method, and the clerk's signature (a paper receipt is signed)."""
    dossier = payment.dossier
    unit = payment.unit
    at = timezone.localtime(payment.recorded_at)
    header = unit_header(unit)
    return {
        **header,
        "title": _("Biên lai thu phí, lệ phí"),
        "number": payment.receipt_number,
        "date_line": date_line(header["place"], at.date()),
        "txn_ref": "",
        "dossier_code": dossier.code,
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "payer": dossier.applicant_name,
        "payer_address": dossier.applicant_address,
        "amount": payment.amount,
        "amount_text": format_vnd(payment.amount),
        "amount_words": amount_in_words(payment.amount) if payment.amount else _("Không đồng"),
        "amount_due_text": format_vnd(payment.amount_due),
        "exemption_reason": payment.exemption_reason,
        "fees": fees_for(dossier.procedure),
        "paid_at": f"{at:%H:%M:%S %d/%m/%Y}",
        "gateway": "",
        "transaction_no": "",
        "bank_code": "",
        "desk": True,
        "payment_method": _("Nộp tại Bộ phận Một cửa: %(method)s")
        % {"method": payment.method_label},
        "signer_title": _("Người thu tiền"),
        "signature_hint": _("(Ký, ghi rõ họ tên)"),
        "signer_name": str(payment.recorded_by),
        "template_version": VERSION,
        "site_name": settings.SITE_NAME,
    }


def render_html(order: PaymentOrder, *, toolbar: dict[str, str] | None = None) -> str:
    return render_to_string(TEMPLATE, {**receipt_context(order), "toolbar": toolbar})


def render_desk_html(payment: DeskPayment, *, toolbar: dict[str, str] | None = None) -> str:
    return render_to_string(TEMPLATE, {**desk_receipt_context(payment), "toolbar": toolbar})


def render_desk_pdf(payment: DeskPayment) -> bytes:
    return _pdf(render_to_string(TEMPLATE, {**desk_receipt_context(payment), "toolbar": None}))


def render_pdf(order: PaymentOrder) -> bytes:
    """Only ``data:`` URLs are fetched: the page cannot make the server read files."""
    return _pdf(render_to_string(TEMPLATE, {**receipt_context(order), "toolbar": None}))


def _pdf(html: str) -> bytes:
    try:  # Imported here: the site works on a machine without pango.
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _("Máy chủ chưa cài đặt thư viện tạo PDF (WeasyPrint, pango): %(error)s")
            % {"error": exc}
        ) from exc
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    try:
        pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "no PDF now".
        raise PdfUnavailable(_("Không tạo được tệp PDF: %(error)s") % {"error": exc}) from exc
    if not pdf:
        raise PdfUnavailable(_("Không tạo được tệp PDF."))
    return bytes(pdf)
