"""Digitisation over /api/v1/: the signed result of a dossier, and the public
verification of a result PDF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.security import django_auth

from motcua.core.api import ApiError, ErrorOut
from motcua.core.inputs import Code
from motcua.core.querysets import get_restricted_or_404
from motcua.core.ratelimit import client_address, too_many
from motcua.digitisation import results
from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier
from motcua.org.tokens import TokenAuth

# GET /api/v1/dossiers/{code}/result: staff with a token or a session, and the applicant
# with his session.
results_router = Router(tags=["dossiers"], auth=[TokenAuth(), django_auth])
verify_router = Router(tags=["verification"], auth=None)

# The applicant gets the result once it exists for him: processed or delivered.
APPLICANT_RESULT_STATES = frozenset({DossierState.PROCESSED, DossierState.DELIVERED})


@results_router.get(
    "/{code}/result",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    summary="Tệp kết quả điện tử đã ký số (PDF)",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}, "description": "PDF"}}},
)
def result(request: HttpRequest, code: Code) -> Any:
    user = request.user
    dossier = get_restricted_or_404(Dossier.objects.all(), user, "view", code=code)
    is_applicant = dossier.applicant_id == user.pk
    staff_view = Dossier.objects.restrict(user, "change").filter(pk=dossier.pk).exists()
    if not staff_view and is_applicant and dossier.state not in APPLICANT_RESULT_STATES:
        raise ApiError("no_result", _("Hồ sơ chưa có kết quả."), 404)
    if not dossier.result_file:
        raise ApiError("no_result", _("Hồ sơ chưa có kết quả điện tử."), 404)
    try:
        handle = dossier.result_file.open("rb")
    except FileNotFoundError:
        raise ApiError("no_result", _("Không tìm thấy tệp kết quả."), 404) from None
    response = FileResponse(handle, filename=f"ket-qua-{dossier.code}.pdf", as_attachment=True)
    response["Content-Type"] = "application/pdf"
    return response


class VerifyOut(Schema):
    valid: bool
    signer: str
    signed_at: str | None
    dossier_code: str
    modified: bool
    message: str
    issued_here: bool


@verify_router.post(
    "",
    response={200: VerifyOut, 400: ErrorOut, 429: ErrorOut},
    summary="Kiểm tra chữ ký số của một văn bản kết quả (PDF)",
)
def verify(request: HttpRequest, file: File[UploadedFile]) -> Any:
    if too_many(
        "verify", client_address(request), limit=settings.VERIFY_RATE_LIMIT, window_seconds=60
    ):
        raise ApiError(
            "rate_limited", _("Quá nhiều lượt kiểm tra. Vui lòng thử lại sau một phút."), 429
        )
    return results.verify_upload(file).as_dict()
