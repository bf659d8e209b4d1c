"""Electronic results with a signature: the unit head's "sign the result" action, and the
verification anyone can do.

The result PDF is generated from its template (or uploaded by the unit head), stamped
with the dossier code and the QR code of its verification page, and signed (PAdES) with
the certificate of the unit that settles the dossier; the dossier is then completed by
the dossiers' own completion action (``do_complete``: who may complete, and when, is
decided there), with the signed file as its result."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.models import record_audit
from motcua.core.uploads import check_upload
from motcua.digitisation import pdf
from motcua.digitisation.actions import keep_in_wallet
from motcua.digitisation.choices import DocumentKind, WalletOrigin
from motcua.digitisation.models import SignedResult
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.choices import Action
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.transitions import check_action, check_signing
from motcua.integrations import signing


def verify_url(dossier: Dossier, token: str) -> str:
    path = reverse("verify:dossier", args=[dossier.code, token])
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def _context(dossier: Dossier, result_summary: str, url: str, body: str) -> dict[str, Any]:
    unit = dossier.responsible_unit
    now = timezone.localtime()
    return {
        "title": dossier.procedure.result or result_summary,
        "result_summary": result_summary,
        "body": body,
        "unit_name": unit.name,
        "parent_name": unit.parent.name if unit.parent_id and unit.parent else "",
        "place": (unit.address.split(",")[-1].strip() if getattr(unit, "address", "") else "")
        or unit.name,
        "signed_on": now.date(),
        "signer_title": _("Thủ trưởng cơ quan"),
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "applicant_name": dossier.applicant_name,
        "applicant_id_number": dossier.applicant_id_number,
        "dossier_code": dossier.code,
        "verify_url": url,
    }


def _no_certificate(unit: Any) -> ValidationError:
    return ValidationError(
        _(
            "%(unit)s chưa có chứng thư số để ký kết quả điện tử. Quản trị hệ thống cần "
            "cấu hình khóa ký (SIGNING_DIR hoặc PKCS#11)."
        )
        % {"unit": unit.name},
        code="no_certificate",
    )


def do_sign_result(
    dossier: Dossier,
    *,
    actor: Any,
    result_summary: str,
    upload: Any = None,
    body: str = "",
) -> SignedResult:
    """Ký kết quả: build (or take the uploaded) result PDF, stamp it, sign it with the
    unit's certificate and complete the dossier with it. Nothing is written when the
    completion is refused, the certificate is missing or the upload is not a PDF."""
    # Refuse before any PDF is made or signed (a signature is not wasted on a refusal):
    # the completion's own checks — the action, then the signing step and its holder;
    # do_complete checks them again inside.
    check_action(Action.COMPLETE, dossier, actor)
    check_signing(actor, dossier)
    result_summary = (result_summary or "").strip()
    if not result_summary:
        raise ValidationError(_("Cần ghi kết quả giải quyết."), code="result_required")
    unit = dossier.responsible_unit
    if not signing.can_sign(unit.code):
        raise _no_certificate(unit)
    token = secrets.token_urlsafe(12)
    url = verify_url(dossier, token)
    if upload is not None:
        checked = check_upload(upload)
        if checked.content_type != "application/pdf":
            raise ValidationError(_("Kết quả tải lên phải là tệp PDF."), code="result_not_pdf")
        upload.seek(0)
        raw = upload.read()
        pdf.page_count(raw)
        document = pdf.stamp_pdf(raw, dossier_code=dossier.code, verify_url=url)
    else:
        document = pdf.result_pdf(_context(dossier, result_summary, url, body))
    try:
        signed = signing.sign_pdf(
            document, unit_code=unit.code, dossier_code=dossier.code, location=unit.name
        )
    except signing.SigningUnavailable as exc:  # e.g. no key of that label on the token
        raise _no_certificate(unit) from exc
    checked_signature = signing.verify_pdf(signed)
    if not checked_signature.valid:
        raise ValidationError(
            _("Chữ ký số vừa tạo không kiểm tra được (%(problem)s): kiểm tra chứng thư số.")
            % {"problem": checked_signature.problem},
            code="signature_failed",
        )
    digest = hashlib.sha256(signed).hexdigest()
    with transaction.atomic():
        dossier_actions.do_complete(
            dossier,
            actor=actor,
            result_summary=result_summary,
            result_file=ContentFile(signed, name=f"{digest}.pdf"),
        )
        dossier.refresh_from_db()
        result = SignedResult.objects.create(
            dossier=dossier,
            file=dossier.result_file.name,
            sha256=digest,
            size=len(signed),
            signer=checked_signature.signer,
            signer_unit_code=checked_signature.signer_unit_code,
            signed_at=checked_signature.signed_at or timezone.now(),
            signed_by=actor,
            generated=upload is None,
            verify_token=token,
        )
        wrapper = DossierDocument.objects.create(
            dossier=dossier,
            name=_("Kết quả giải quyết hồ sơ %(code)s: %(summary)s")
            % {"code": dossier.code, "summary": result_summary},
            copy_kind="original",
            file=dossier.result_file.name,
            original_name=f"ket-qua-{dossier.code}.pdf",
            content_type="application/pdf",
            size=len(signed),
            sha256=digest,
            source="result",
        )
        keep_in_wallet(
            wrapper,
            actor=actor,
            origin=WalletOrigin.RESULT,
            kind=DocumentKind.RESULT,
            issuer=unit.name,
        )
        record_audit(
            actor,
            "sign_result",
            dossier,
            f"{dossier.code}: {checked_signature.signer}",
            {"sha256": digest},
        )
    return result


# -- verification -------------------------------------------------------------------------

MESSAGES = {
    "": gettext_lazy(
        "Chữ ký số hợp lệ: văn bản do %(signer)s ký lúc %(at)s, là kết quả của hồ sơ "
        "%(code)s và không bị sửa đổi sau khi ký."
    ),
    "altered": gettext_lazy(
        "Văn bản đã bị sửa đổi sau khi ký: nội dung không còn khớp với chữ ký số. "
        "Không sử dụng bản này."
    ),
    "added_after_signing": gettext_lazy(
        "Văn bản có nội dung được thêm vào sau khi ký; phần thêm vào không được chữ ký số bảo đảm."
    ),
    "untrusted": gettext_lazy(
        "Chữ ký số không phải của một cơ quan trong hệ thống (chứng thư số không được tin cậy)."
    ),
    "unsigned": gettext_lazy("Tệp không có chữ ký số."),
    "unreadable": gettext_lazy(
        "Tệp không phải PDF hoặc bị hỏng, không kiểm tra được.",
    ),
}


@dataclass(frozen=True)
class VerifyAnswer:
    valid: bool
    signer: str
    signed_at: datetime | None
    dossier_code: str
    modified: bool
    message: str
    issued_here: bool  # the very file this system issued for that dossier

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "signer": self.signer,
            "signed_at": timezone.localtime(self.signed_at).isoformat() if self.signed_at else None,
            "dossier_code": self.dossier_code,
            "modified": self.modified,
            "message": self.message,
            "issued_here": self.issued_here,
        }


def verify_document(data: bytes) -> VerifyAnswer:
    """What the public verification says about ``data``; never raises for a bad file."""
    found = signing.verify_pdf(data)
    digest = hashlib.sha256(data).hexdigest()
    record = SignedResult.objects.filter(sha256=digest).select_related("dossier").first()
    code = record.dossier.code if record is not None else found.dossier_code
    at = found.signed_at
    message = str(MESSAGES[found.problem]) % {
        "signer": found.signer,
        "at": f"{timezone.localtime(at):%H:%M %d/%m/%Y}" if at else "—",
        "code": code or "—",
    }
    if found.valid and record is None:
        message += " " + _("Lưu ý: hệ thống không lưu bản này trong hồ sơ %(code)s.") % {
            "code": code or "—"
        }
    return VerifyAnswer(
        valid=found.valid,
        signer=found.signer,
        signed_at=at,
        dossier_code=code,
        modified=found.modified,
        message=message,
        issued_here=record is not None,
    )


def verify_upload(upload: Any) -> VerifyAnswer:
    """The public upload: size and content checked first (``check_upload``); a file that
    is not a PDF is answered, not refused."""
    try:
        checked = check_upload(upload)
    except ValidationError as exc:
        if getattr(exc, "code", "") == "bad_type":
            return verify_document(b"")
        raise
    if checked.content_type != "application/pdf":
        return verify_document(b"")
    upload.seek(0)
    return verify_document(upload.read())
