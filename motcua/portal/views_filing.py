"""Nộp hồ sơ trực tuyến: the filing form, its draft, the uploads, the acknowledgement.

Views only parse the request and call the functions of ``forms.py`` (draft values,
uploads, submission); every read goes through the user's own drafts and dossiers, so
somebody else's draft, file or dossier answers 404 exactly like a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.core.querysets import get_restricted_or_404
from motcua.core.siteurl import public_base_url
from motcua.core.uploads import ACCEPT_ATTRIBUTE, MAX_FILES_PER_DOCUMENT
from motcua.dossiers.models import Dossier
from motcua.portal.forms import (
    FilingForm,
    ReuseCandidate,
    acknowledgement_context,
    choose_from_wallet,
    initial_values,
    missing_documents,
    reuse_candidates,
    save_draft_values,
    store_uploads,
    submit_draft,
    upload_field_name,
)
from motcua.portal.models import DraftFile, OnlineDraft, new_submission_key
from motcua.procedures.choices import OnlineLevel
from motcua.procedures.models import Procedure, RequiredDocument
from motcua.procedures.views import fees_template, filing_places

ONLINE_LEVELS = (OnlineLevel.FULL, OnlineLevel.PARTIAL)
SUBMISSION_KEY = re.compile(r"^[0-9a-f]{32}$")


def citizen_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required, and a citizen's account: staff file dossiers for others at the
    desk (reception), not here for themselves with their work account."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_staff_member:  # type: ignore[union-attr]
            return render(request, "portal/filing/staff_forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@dataclass
class Filing:
    """Everything a filing page needs about one procedure and one citizen."""

    procedure: Procedure
    units: Any
    documents: list[RequiredDocument]
    candidates: list[ReuseCandidate]
    draft: OnlineDraft | None
    errors: dict[int, list[str]] = field(default_factory=dict)

    def form(self, user: Any, data: Any = None, initial: dict[str, Any] | None = None) -> Any:
        return FilingForm(
            data,
            initial=initial or initial_values(user, self.draft, self.documents),
            units=self.units,
            documents=self.documents,
            candidates=self.candidates,
        )

    def ensure_draft(self, user: Any, key: str) -> OnlineDraft:
        """The draft, created on the first save with the key of the form the browser
        holds: the dossier carries that key, so a late save or a second click of that
        form finds the dossier instead of starting a new draft."""
        if self.draft is None:
            self.draft, _created = OnlineDraft.objects.get_or_create(
                user=user,
                procedure=self.procedure,
                defaults={"key": key or new_submission_key()},
            )
        return self.draft


def _load(request: HttpRequest, code: str) -> Filing | HttpResponse:
    procedure = get_restricted_or_404(
        Procedure.objects.select_related("field").prefetch_related("fees", "documents"),
        request.user,
        "view",
        code=code,
        is_active=True,
    )
    units = filing_places(procedure)
    if procedure.online_level not in ONLINE_LEVELS or not units.exists():
        return render(
            request,
            "portal/filing/not_online.html",
            {"p": procedure, "has_units": units.exists()},
            status=404,
        )
    draft = (
        OnlineDraft.objects.restrict(request.user)
        .filter(procedure=procedure)
        .select_related("unit")
        .first()
    )
    documents = list(procedure.documents.all())
    # The wallet offered is the one kept under the identity number the citizen files with.
    id_number = str(initial_values(request.user, draft, documents).get("applicant_id_number", ""))
    return Filing(
        procedure=procedure,
        units=units,
        documents=documents,
        candidates=reuse_candidates(request.user, id_number, documents),
        draft=draft,
    )


def _blocks(filing: Filing, form: Any) -> tuple[list[dict[str, Any]], list[DraftFile]]:
    files, orphans = filing.draft.files_by_document(filing.documents) if filing.draft else ({}, [])
    chosen = filing.draft.reuse_choices() if filing.draft else {}
    blocks = [
        {
            "doc": document,
            "files": files.get(document.pk, []),
            "errors": filing.errors.get(document.pk, []),
            "reuse": form.reuse_field(document),
            "upload_name": upload_field_name(document),
            # One click on "Dùng từ kho dữ liệu của tôi" for each item of the wallet that
            # fits the document; the one chosen is shown as chosen.
            "wallet": [
                {"ref": c.ref, "label": c.label, "chosen": chosen.get(document.name) == c.ref}
                for c in filing.candidates
                if c.from_wallet and c.offered_for(document)
            ],
        }
        for document in filing.documents
    ]
    return blocks, orphans


def _context(request: HttpRequest, filing: Filing, form: Any) -> dict[str, Any]:
    blocks, orphans = _blocks(filing, form)
    p = filing.procedure
    return {
        "p": p,
        "form": form,
        "draft": filing.draft,
        "blocks": blocks,
        "orphans": orphans,
        "has_candidates": bool(filing.candidates),
        "accept": ACCEPT_ATTRIBUTE,
        "max_mb": _max_mb(),
        "max_files": MAX_FILES_PER_DOCUMENT,
        "document_errors": [(b["doc"], message) for b in blocks for message in b["errors"]],
        "fees_template": fees_template(),
        # A new draft gets its key when first saved; until then the form carries a fresh one.
        "submission_key": filing.draft.key if filing.draft else new_submission_key(),
    }


def _max_mb() -> int:
    return int(settings.PORTAL_MAX_UPLOAD_MB)


def _render(request: HttpRequest, filing: Filing, form: Any, status: int = 200) -> HttpResponse:
    return render(
        request, "portal/filing/form.html", _context(request, filing, form), status=status
    )


@never_cache
@citizen_only
def file_form(request: HttpRequest, code: str) -> HttpResponse:
    """The form: GET shows the draft (or a new one prefilled from the account); POST
    saves the draft ("Lưu nháp"), removes a file, or submits ("Nộp hồ sơ")."""
    filing = _load(request, code)
    if isinstance(filing, HttpResponse):
        return filing
    if request.method != "POST":
        initial = initial_values(request.user, filing.draft, filing.documents)
        if filing.draft is None or not initial.get("unit"):
            wanted = request.GET.get("unit", "")
            units = list(filing.units)
            if any(u.code == wanted for u in units):
                initial["unit"] = wanted
            elif len(units) == 1:
                initial["unit"] = units[0].code
        return _render(request, filing, filing.form(request.user, initial=initial))

    action = request.POST.get("action", "save")
    key = _posted_key(request)
    if action == "submit":
        done = _submitted_with(request.user, key)
        if done is not None:  # a second click of "Nộp hồ sơ": the dossier exists already
            return redirect("portal:submitted", code=done.code)
    # The draft row is locked for the whole request: two submissions of one draft queue
    # here; the second finds the dossier the first made (and no files of its own are
    # written into a draft that is being turned into a dossier).
    with transaction.atomic():
        draft = _locked_draft(request.user, filing.procedure, key)
        filing.draft = draft
        if action == "submit":
            done = _submitted_with(request.user, key)
            if done is not None:
                transaction.set_rollback(True)
                return redirect("portal:submitted", code=done.code)
        save_draft_values(draft, request.POST, filing.units, filing.documents, filing.candidates)
        filing.errors = store_uploads(draft, filing.documents, request.FILES)
        if action == "submit":
            return _submit(request, filing, draft)
    if filing.errors:
        return _render(request, filing, filing.form(request.user), status=400)
    messages.success(
        request,
        _("Đã lưu nháp lúc %(time)s. Bạn có thể đóng trình duyệt và quay lại hoàn thiện sau.")
        % {"time": f"{timezone.localtime():%H:%M}"},
    )
    return redirect("portal:file", code=filing.procedure.code)


def _posted_key(request: HttpRequest) -> str:
    key = str(request.POST.get("submission_key", "")).strip().lower()
    return key if SUBMISSION_KEY.match(key) else ""


def _submitted_with(user: Any, key: str) -> Dossier | None:
    if not key:
        return None
    return Dossier.objects.filter(applicant=user, submission_key=key).first()


def _locked_draft(user: Any, procedure: Procedure, key: str) -> OnlineDraft:
    """The user's draft of ``procedure``, row-locked until the end of the transaction
    (created, with the form's key, if there is none)."""
    drafts = OnlineDraft.objects.select_for_update()
    draft = drafts.filter(user=user, procedure=procedure).first()
    if draft is None:
        created, _new = OnlineDraft.objects.get_or_create(
            user=user, procedure=procedure, defaults={"key": key or new_submission_key()}
        )
        draft = drafts.get(pk=created.pk)
    return draft


def _submit(request: HttpRequest, filing: Filing, draft: OnlineDraft) -> HttpResponse:
    form = filing.form(request.user, data=request.POST)
    valid = form.is_valid()
    for pk, missing in missing_documents(draft, filing.documents).items():
        filing.errors.setdefault(pk, []).extend(missing)
    if valid and not filing.errors:
        try:
            dossier = submit_draft(
                draft=draft,
                form=form,
                user=request.user,
                documents=filing.documents,
                base_url=public_base_url(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect("portal:submitted", code=dossier.code)
    form.mark_errors()
    return _render(request, filing, form, status=400)


def _document_fragment(
    request: HttpRequest, filing: Filing, document: RequiredDocument
) -> HttpResponse:
    form = filing.form(request.user)
    blocks, _orphans = _blocks(filing, form)
    block = next(b for b in blocks if b["doc"].pk == document.pk)
    return render(
        request,
        "portal/filing/_document.html",
        {
            "b": block,
            "p": filing.procedure,
            "accept": ACCEPT_ATTRIBUTE,
            "max_mb": _max_mb(),
            "has_candidates": bool(filing.candidates),
            "draft": filing.draft,
        },
    )


@never_cache
@require_POST
@citizen_only
def upload(request: HttpRequest, code: str, document_id: int) -> HttpResponse:
    """htmx: store the files chosen for one document (and the values typed so far) in
    the draft, and answer with that document's block, errors included. Always 200 so that
    htmx swaps the block in; the messages say what was refused."""
    filing = _load(request, code)
    if isinstance(filing, HttpResponse):
        return filing
    document = next((d for d in filing.documents if d.pk == document_id), None)
    if document is None:
        raise Http404
    draft = filing.ensure_draft(request.user, _posted_key(request))
    save_draft_values(draft, request.POST, filing.units, filing.documents, filing.candidates)
    filing.errors = store_uploads(draft, [document], request.FILES)
    if not request.headers.get("HX-Request"):
        return redirect("portal:file", code=code)
    return _document_fragment(request, filing, document)


@never_cache
@require_POST
@citizen_only
def use_wallet(request: HttpRequest, code: str, document_id: int) -> HttpResponse:
    """One click: this document is to be taken from the citizen's wallet (``ref`` posted
    by the button). htmx answers with the document's block; without JavaScript the whole
    form was posted here: its values and files are kept, then back to the form."""
    filing = _load(request, code)
    if isinstance(filing, HttpResponse):
        return filing
    document = next((d for d in filing.documents if d.pk == document_id), None)
    if document is None:
        raise Http404
    with transaction.atomic():
        draft = _locked_draft(request.user, filing.procedure, _posted_key(request))
        filing.draft = draft
        save_draft_values(draft, request.POST, filing.units, filing.documents, filing.candidates)
        filing.errors = store_uploads(draft, filing.documents, request.FILES)
        choose_from_wallet(draft, document, str(request.POST.get("wallet", "")), filing.candidates)
    if not request.headers.get("HX-Request"):
        messages.success(request, _("Đã chọn giấy tờ trong kho dữ liệu, không cần tải lên."))
        return redirect(reverse("portal:file", kwargs={"code": code}) + f"#doc-{document.pk}")
    return _document_fragment(request, filing, document)


def _own_file(request: HttpRequest, file_id: int) -> DraftFile:
    return get_object_or_404(
        DraftFile.objects.select_related("draft__procedure"),
        pk=file_id,
        draft__in=OnlineDraft.objects.restrict(request.user),
    )


@never_cache
@citizen_only
def remove_file(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    """Remove one file from the draft: htmx POST answers with the document's block;
    without JavaScript, GET asks for confirmation and POST redirects to the form."""
    draft_file = _own_file(request, file_id)
    if draft_file.draft.procedure.code != code:
        raise Http404
    if request.method != "POST":
        return render(request, "portal/filing/remove_file.html", {"f": draft_file, "code": code})
    document_id = draft_file.required_document_id
    draft_file.delete()
    if request.headers.get("HX-Request"):
        filing = _load(request, code)
        if isinstance(filing, HttpResponse):
            return filing
        document = next((d for d in filing.documents if d.pk == document_id), None)
        if document is not None:
            return _document_fragment(request, filing, document)
        return HttpResponse("")
    messages.success(
        request, _("Đã xóa tệp “%(name)s” khỏi hồ sơ nháp.") % {"name": draft_file.original_name}
    )
    return redirect(reverse("portal:file", kwargs={"code": code}) + "#documents")


@never_cache
@require_POST
@citizen_only
def autosave(request: HttpRequest, code: str) -> HttpResponse:
    """htmx: save the typed values into the draft when a field changes."""
    filing = _load(request, code)
    if isinstance(filing, HttpResponse):
        return filing
    # A save that reaches the server after "Nộp hồ sơ" (the browser waits 600 ms after a
    # change) must not bring back the draft that has just become a dossier. The check and
    # the save run under the draft's row lock (SQLite: the write lock of its IMMEDIATE
    # transactions), which a submission holds until the draft is a dossier: a save racing
    # the submission either lands before it or, re-reading after it, finds the dossier.
    with transaction.atomic():
        locked = (
            OnlineDraft.objects.select_for_update()
            .filter(user=request.user, procedure=filing.procedure)
            .first()
        )
        done = _submitted_with(request.user, _posted_key(request))
        if done is None:
            filing.draft = locked
            draft = filing.ensure_draft(request.user, _posted_key(request))
            save_draft_values(
                draft, request.POST, filing.units, filing.documents, filing.candidates
            )
    if done is not None:
        if not request.headers.get("HX-Request"):
            return redirect("portal:submitted", code=done.code)
        return render(request, "portal/filing/_draft_status.html", {"submitted": done})
    if not request.headers.get("HX-Request"):
        return redirect("portal:file", code=code)
    return render(request, "portal/filing/_draft_status.html", {"draft": draft})


@never_cache
@citizen_only
def draft_file(request: HttpRequest, file_id: int) -> FileResponse:
    """The citizen's own uploaded file, to check what they sent."""
    draft_file = _own_file(request, file_id)
    response = FileResponse(
        draft_file.file.open("rb"),
        content_type=draft_file.content_type,
        filename=draft_file.original_name,
    )
    # Shown inline, but never able to run anything in our origin.
    response["Content-Security-Policy"] = "sandbox"
    return response


@never_cache
@citizen_only
def draft_list(request: HttpRequest) -> HttpResponse:
    drafts = (
        OnlineDraft.objects.restrict(request.user)
        .select_related("procedure", "unit")
        .annotate(file_count=Count("files"))
    )
    return render(request, "portal/filing/drafts.html", {"drafts": drafts})


@require_POST
@citizen_only
def draft_delete(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = get_restricted_or_404(
        OnlineDraft.objects.select_related("procedure"), request.user, "change", pk=draft_id
    )
    name = draft.procedure.name
    draft.delete()
    messages.success(request, _("Đã xóa hồ sơ nháp “%(name)s”.") % {"name": name})
    return redirect("portal:drafts")


@never_cache
@login_required
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    """Xác nhận đã nộp: only the applicant sees it (the public lookup shows the rest)."""
    dossier = get_restricted_or_404(
        Dossier.objects.select_related("procedure", "receiving_unit").prefetch_related(
            "documents", "procedure__fees"
        ),
        request.user,
        "view",
        code=code,
        applicant=request.user,
    )
    context = acknowledgement_context(dossier, public_base_url(request))
    context["fees_template"] = fees_template()
    return render(request, "portal/filing/submitted.html", context)
