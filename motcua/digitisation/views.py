"""Pages of the digitisation area: the digitising screen of one dossier (desk), the sign
panel of the dossier page (unit head), the public verification, the citizen's wallet.
Views parse the request and call the actions; reads go through the selectors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.querysets import get_restricted_or_404
from motcua.core.ratelimit import client_address, too_many
from motcua.core.uploads import ACCEPT_ATTRIBUTE
from motcua.digitisation import actions, results, selectors
from motcua.digitisation.forms import DigitiseForm, ReuseForm, SignForm
from motcua.digitisation.models import SignedResult, WalletItem
from motcua.dossiers.choices import Action, Actor, DigitisationState, DossierState
from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import actors_for
from motcua.dossiers.workflow import TransitionRefused
from motcua.integrations import signing, storage


def _staff_dossier(request: HttpRequest, code: str) -> Dossier:
    if not request.user.is_authenticated:
        raise PermissionDenied
    return get_restricted_or_404(
        Dossier.objects.select_related("procedure", "responsible_unit", "current_step"),
        request.user,
        "change",
        code=code,
    )


def _wants_fragment(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request") or request.headers.get("X-Requested-With"))


def _screen_context(dossier: Dossier) -> dict[str, Any]:
    return {
        "dossier": dossier,
        "rows": selectors.checklist(dossier),
        "accept": ACCEPT_ATTRIBUTE,
        "max_mb": settings.PORTAL_MAX_UPLOAD_MB,
        "state_label": DigitisationState.label(dossier.digitisation),
        "state_colour": DigitisationState.color(dossier.digitisation),
        "form": DigitiseForm(),
    }


def digitise(request: HttpRequest, code: str) -> HttpResponse:
    """Số hóa hồ sơ: one screen per dossier, every required document with what is
    attached and what the applicant's wallet already holds."""
    dossier = _staff_dossier(request, code)
    if not (actors_for(request.user, dossier) & actions.STAFF_ACTORS):
        raise PermissionDenied(_("Chỉ cán bộ tiếp nhận, xử lý hồ sơ này được số hóa giấy tờ."))
    return render(request, "digitisation/digitise.html", _screen_context(dossier))


def _answer(request: HttpRequest, dossier: Dossier, error: str = "", status: int = 200) -> Any:
    if _wants_fragment(request):
        dossier.refresh_from_db()
        html = render_to_string(
            "digitisation/_checklist.html", _screen_context(dossier), request=request
        )
        return JsonResponse(
            {"ok": not error, "error": error, "html": html, "state": dossier.digitisation},
            status=status,
        )
    if error:
        messages.error(request, error)
    return redirect("digitisation:digitise", dossier.code)


@require_POST
def upload(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _staff_dossier(request, code)
    form = DigitiseForm(request.POST)
    if not form.is_valid():
        return _answer(request, dossier, _("Dữ liệu gửi lên không hợp lệ."), 400)
    try:
        actions.do_digitise_document(
            dossier,
            actor=request.user,
            required_document=form.cleaned_data["required_document"],
            # Files chosen one by one, then a scanner's folder (in file-name order).
            files=request.FILES.getlist("files")
            + sorted(request.FILES.getlist("folder"), key=lambda f: f.name),
            issuer=form.cleaned_data.get("issuer") or "",
            valid_until=form.cleaned_data.get("valid_until"),
        )
    except ValidationError as exc:
        return _answer(request, dossier, " ".join(exc.messages), 400)
    messages.success(request, _("Đã số hóa giấy tờ."))
    return _answer(request, dossier)


@require_POST
def reuse(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _staff_dossier(request, code)
    form = ReuseForm(request.POST)
    if not form.is_valid():
        return _answer(request, dossier, _("Dữ liệu gửi lên không hợp lệ."), 400)
    item = get_object_or_404(
        WalletItem, pk=form.cleaned_data["item"], owner_id_number=dossier.applicant_id_number
    )
    try:
        actions.do_reuse_wallet_item(
            dossier,
            actor=request.user,
            item=item,
            required_document=form.cleaned_data["required_document"],
        )
    except ValidationError as exc:
        return _answer(request, dossier, " ".join(exc.messages), 400)
    messages.success(request, _("Đã dùng lại giấy tờ trong kho dữ liệu, không cần tải lên."))
    return _answer(request, dossier)


@require_POST
def sign(request: HttpRequest, code: str) -> HttpResponse:
    """Ký kết quả điện tử (the unit head, at the last step of approval)."""
    dossier = _staff_dossier(request, code)
    form = SignForm(request.POST, request.FILES)
    if not form.is_valid():
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, problems)
        return redirect("dossiers:detail", code)
    try:
        results.do_sign_result(
            dossier,
            actor=request.user,
            result_summary=form.cleaned_data["result_summary"],
            upload=form.cleaned_data.get("upload"),
            body=form.cleaned_data.get("body") or "",
        )
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã ký số kết quả và hoàn thành hồ sơ %(code)s.") % {"code": code}
        )
    return redirect("dossiers:detail", code)


def dossier_panel(request: HttpRequest, dossier: Dossier) -> str | None:
    """The side panel of the dossier page: the digitisation state with the link to the
    digitising screen, the signed result, and the sign form for the unit head."""
    user = request.user
    actors = actors_for(user, dossier)
    if not actors & {Actor.CLERK, Actor.SPECIALIST, Actor.UNIT_HEAD}:
        return None
    can_sign = (
        Actor.UNIT_HEAD in actors
        and dossier.state == DossierState.IN_PROCESS
        and signing.can_sign(dossier.responsible_unit.code)
    )
    context = {
        "dossier": dossier,
        "state_label": DigitisationState.label(dossier.digitisation),
        "state_colour": DigitisationState.color(dossier.digitisation),
        "can_digitise": bool(actors & actions.STAFF_ACTORS)
        and dossier.state not in actions.CLOSED_TO_SCANS,
        "signed": selectors.signed_result_of(dossier),
        "can_sign": can_sign,
        "sign_form": SignForm(initial={"result_summary": dossier.procedure.result[:500]}),
        "complete_label": Action.label(Action.COMPLETE),
    }
    return render_to_string("digitisation/_dossier_panel.html", context, request=request)


# -- public verification ------------------------------------------------------------------


def verify(request: HttpRequest) -> HttpResponse:
    """Kiểm tra văn bản điện tử: upload a result PDF and see whether its signature holds."""
    answer = None
    status = 200
    if request.method == "POST":
        if too_many(
            "verify", client_address(request), limit=settings.VERIFY_RATE_LIMIT, window_seconds=60
        ):
            messages.error(request, _("Quá nhiều lượt kiểm tra. Vui lòng thử lại sau một phút."))
            return render(request, "digitisation/verify.html", {}, status=429)
        upload_file = request.FILES.get("file")
        if upload_file is None:
            messages.error(request, _("Chọn tệp PDF cần kiểm tra."))
            status = 400
        else:
            try:
                answer = results.verify_upload(upload_file)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 400
    return render(request, "digitisation/verify.html", {"answer": answer}, status=status)


def verify_dossier(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The page the result's QR code opens: which unit signed the result of this dossier
    and when, and the file's fingerprint — no personal data."""
    record = (
        SignedResult.objects.select_related("dossier__procedure", "dossier__responsible_unit")
        .filter(dossier__code=code, verify_token=token)
        .first()
    )
    if record is None:
        raise Http404
    return render(request, "digitisation/verify_dossier.html", {"record": record})


# -- the citizen's wallet -----------------------------------------------------------------


@login_required
def wallet(request: HttpRequest) -> HttpResponse:
    items = selectors.wallet_for_user(request.user).order_by("-created_at", "-id")
    return render(request, "digitisation/wallet.html", {"items": items})


@login_required
def wallet_file(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.wallet_for_user(request.user), pk=pk)
    try:
        handle = storage.default_storage_backend().open(item.file, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=f"{item.name[:80]}.pdf", as_attachment=True)
