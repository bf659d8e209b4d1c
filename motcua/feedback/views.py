"""Pages of feedback: for everybody (send, follow with the secret, the published answers),
for staff (the desk and hotline intake, the work list, an item with its actions, the
simplification proposals, the drill-down behind the indicators) and the dossier page's
panel. Thin: forms parse, actions decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.querysets import get_restricted_or_404
from motcua.core.ratelimit import client_address, too_many
from motcua.feedback import actions, dispatch, intake, proposals, selectors
from motcua.feedback.choices import (
    Channel,
    FeedbackAction,
    FeedbackState,
    ProposalKind,
    ProposalState,
    StepKind,
)
from motcua.feedback.forms import DeskForm, ProposalForm, SendForm, TrackForm
from motcua.feedback.models import Feedback, FeedbackAttachment, SimplificationProposal
from motcua.feedback.workflow import BY_ACTION, TransitionRefused
from motcua.org.models import Unit, memberships_of

LABELS = {
    "766.5.2": _("766 — 5.2 Phản ánh, kiến nghị được xử lý đúng hạn"),
    "766.5.3": _("766 — 5.3 Hài lòng về việc xử lý phản ánh, kiến nghị"),
    "feedback_on_time": _("Phản ánh, kiến nghị xử lý đúng hạn"),
    "feedback_resolved": _("Phản ánh, kiến nghị được giải quyết"),
    "dossiers_with_feedback": _("Hồ sơ có phản ánh, kiến nghị"),
    "simplification_proposed": _("Thủ tục được đề xuất đơn giản hóa"),
}


def rate_limited(request: HttpRequest) -> bool:
    """Submissions per address and hour (``FEEDBACK_RATE_LIMIT``), for the portal form and
    the public API alike; a signed-in account is counted apart from its address."""
    key = client_address(request)
    if getattr(request.user, "is_authenticated", False):
        key = f"user:{request.user.pk}"
    return too_many("feedback", key, limit=settings.FEEDBACK_RATE_LIMIT, window_seconds=3600)


def _receive(request: HttpRequest, form: SendForm, channel: str) -> tuple[Feedback, str]:
    data = form.cleaned_data
    unit, dossier, procedure = intake.resolve_links(
        data["unit"].strip(), data["dossier_code"].strip(), data["procedure"].strip()
    )
    return intake.do_receive_feedback(
        title=data["title"],
        content=data["content"],
        name=data["name"],
        phone=data["phone"],
        email=data["email"],
        unit=unit,
        channel=channel,
        actor=request.user,
        dossier=dossier,
        procedure=procedure,
        publish_consent=data["publish_consent"],
        attachments=data["attachments"],
    )


# -- public ----------------------------------------------------------------------------------


def send(request: HttpRequest) -> HttpResponse:
    """Gửi phản ánh, kiến nghị: signed in or not, rate-limited."""
    initial = {
        "dossier_code": request.GET.get("dossier", ""),
        "procedure": request.GET.get("procedure", ""),
        "publish_consent": True,
    }
    if request.user.is_authenticated and not request.user.is_staff_member:
        initial.update(
            name=request.user.get_full_name() or request.user.full_name,
            email=request.user.email,
            phone=getattr(request.user, "phone", ""),
        )
    form = SendForm(initial=initial)
    status = 200
    if request.method == "POST":
        if rate_limited(request):
            messages.error(request, _("Bạn đã gửi quá nhiều phản ánh. Vui lòng thử lại sau."))
            return render(request, "feedback/send.html", {"form": form}, status=429)
        form = SendForm(request.POST, request.FILES, files_list=request.FILES.getlist("files"))
        try:
            if form.is_valid():
                item, secret = _receive(request, form, Channel.PORTAL)
                return render(request, "feedback/sent.html", {"item": item, "secret": secret})
        except (ValidationError, TransitionRefused) as exc:
            form.add_error(None, getattr(exc, "message", None) or " ".join(exc.messages))  # type: ignore[union-attr]
        status = 400
    return render(request, "feedback/send.html", {"form": form}, status=status)


def _tracked(code: str, secret: str) -> Feedback:
    item = Feedback.objects.select_related("unit").filter(code=code).first()
    if item is None or not actions.secret_matches(item, secret):
        raise Http404
    return item


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code, secret = form.cleaned_data["code"].strip(), form.cleaned_data["secret"].strip()
        item = Feedback.objects.filter(code=code).first()
        if item is not None and actions.secret_matches(item, secret):
            return render(request, "feedback/track.html", _track_context(item, secret))
        messages.error(request, _("Mã phản ánh hoặc mã bí mật không đúng."))
    return render(request, "feedback/track_form.html", {"form": form})


def _track_context(item: Feedback, secret: str) -> dict[str, Any]:
    return {
        "item": item,
        "secret": secret,
        "state_label": FeedbackState.label(item.state),
        "state_colour": FeedbackState.color(item.state),
        "steps": _steps(item),
        "can_provide": item.state == FeedbackState.WAITING_SENDER,
        "can_reopen": item.state in FeedbackState.ANSWERED_STATES and item.reopen_count == 0,
        "can_rate": item.state in FeedbackState.ANSWERED_STATES,
    }


def _steps(item: Feedback) -> list[dict[str, Any]]:
    return [
        {
            "kind": StepKind.label(s.kind),
            "limit_days": s.limit_days,
            "started_at": s.started_at,
            "due_at": s.due_at,
            "finished_at": s.finished_at,
            "on_time": s.on_time,
            "cancelled": s.cancelled,
        }
        for s in item.steps.order_by("started_at", "pk")
    ]


@require_POST
def track_act(request: HttpRequest, code: str) -> HttpResponse:
    """The sender's own actions, proven by the secret: more information, not resolved
    (reopen once), satisfied or not."""
    secret = request.POST.get("secret", "")
    item = _tracked(code, secret)
    action = request.POST.get("action", "")
    try:
        if action == FeedbackAction.PROVIDE_MORE:
            actions.do_provide_more(
                item, actor=actions.SENDER, content=request.POST.get("content", "")
            )
        elif action == FeedbackAction.REOPEN:
            actions.do_reopen(item, actor=actions.SENDER, reason=request.POST.get("reason", ""))
        elif action == FeedbackAction.RATE:
            actions.do_rate(
                item, actor=actions.SENDER, satisfied=request.POST.get("satisfied") == "1"
            )
        else:
            raise Http404
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except actions.FeedbackConflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi nhận."))
    item.refresh_from_db()
    return render(request, "feedback/track.html", _track_context(item, secret))


def public(request: HttpRequest) -> HttpResponse:
    """Kết quả trả lời phản ánh, kiến nghị được công khai: searchable without diacritics,
    no personal data (only the published texts are shown)."""
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.published(query), 20).get_page(request.GET.get("page"))
    return render(request, "feedback/public.html", {"page": page, "q": query})


def public_detail(request: HttpRequest, code: str) -> HttpResponse:
    item = selectors.published().filter(code=code).first()
    if item is None:
        raise Http404
    return render(request, "feedback/public_detail.html", {"item": item})


# -- staff -----------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> None:
    if not request.user.is_staff_member:
        raise PermissionDenied(_("Chức năng này dành cho cán bộ, công chức."))


@login_required
def work_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    state = request.GET.get("state", "")
    query = request.GET.get("q", "").strip()
    qs = (
        selectors.open_items(request.user)
        if state == "" and not query
        else selectors.search(request.user, query, state if state != "all" else "")
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "feedback/work_list.html",
        {"page": page, "state": state, "q": query, "states": FeedbackState.CHOICES},
    )


@login_required
def work_new(request: HttpRequest) -> HttpResponse:
    """The desk or the hotline operator types what the sender says."""
    _staff(request)
    form = DeskForm(initial={"publish_consent": True, "channel": Channel.HOTLINE})
    if request.method == "POST":
        form = DeskForm(request.POST, request.FILES, files_list=request.FILES.getlist("files"))
        try:
            if form.is_valid():
                item, secret = _receive(request, form, form.cleaned_data["channel"])
                return render(
                    request, "feedback/sent.html", {"item": item, "secret": secret, "desk": True}
                )
        except TransitionRefused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
    return render(request, "feedback/work_new.html", {"form": form})


def _item(request: HttpRequest, code: str) -> Feedback:
    return get_restricted_or_404(
        Feedback.objects.select_related("unit", "handler", "dossier", "procedure"),
        request.user,
        "view",
        code=code,
    )


@login_required
def work_detail(request: HttpRequest, code: str) -> HttpResponse:
    _staff(request)
    item = _item(request, code)
    mine = actions.actors_for(request.user, item)
    allowed = [
        {"action": a, "label": FeedbackAction.label(a)}
        for a in dispatch.STAFF_ACTIONS
        if item.state in BY_ACTION[a].sources and BY_ACTION[a].actors & mine
    ]
    return render(
        request,
        "feedback/work_detail.html",
        {
            "item": item,
            "state_label": FeedbackState.label(item.state),
            "state_colour": FeedbackState.color(item.state),
            "steps": _steps(item),
            "events": item.events.select_related("actor"),
            "attachments": item.attachments.all(),
            "allowed": allowed,
            "proposal_form": ProposalForm(),
            "proposals": item.proposals.all(),
            "members": item.unit.memberships.filter(is_active=True).select_related("user"),
            "units": Unit.objects.subtree_of([item.unit]).order_by("path"),
            "redacted_answer": actions.redact(item.answer, item),
            "redacted_content": actions.redact(item.content, item),
        },
    )


@login_required
@require_POST
def work_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    _staff(request)
    item = _item(request, code)
    try:
        dispatch.perform(item, action, request.user, request.POST)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    except actions.FeedbackConflict as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": FeedbackAction.label(action)})
    try:
        _item(request, code)
    except Http404:  # assigned to a unit this officer does not see
        return redirect("feedback:work_list")
    return redirect("feedback:work_detail", code)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    row = FeedbackAttachment.objects.select_related("feedback").filter(pk=pk).first()
    if (
        row is None
        or not Feedback.objects.restrict(request.user).filter(pk=row.feedback_id).exists()
    ):
        raise Http404
    return FileResponse(
        row.file.open("rb"), filename=row.original_name, content_type=row.content_type
    )


# -- simplification proposals ------------------------------------------------------------------


@login_required
@require_POST
def propose(request: HttpRequest, code: str) -> HttpResponse:
    _staff(request)
    item = _item(request, code)
    form = ProposalForm(request.POST)
    if item.procedure is None:
        messages.error(request, _("Phản ánh này không gắn với thủ tục nào."))
    elif form.is_valid():
        try:
            proposals.do_propose_simplification(
                procedure=item.procedure,
                unit=item.unit,
                feedback=item,
                kind=form.cleaned_data["kind"],
                summary=form.cleaned_data["summary"],
                days_after=form.cleaned_data["days_after"],
                actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi đề xuất đơn giản hóa thủ tục."))
    else:
        messages.error(request, _("Đề xuất chưa hợp lệ."))
    return redirect("feedback:work_detail", code)


def _visible_proposals(request: HttpRequest) -> Any:
    units = Unit.objects.restrict(request.user, "view")
    return SimplificationProposal.objects.filter(unit__in=units).select_related(
        "procedure", "unit", "feedback"
    )


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    rows = _visible_proposals(request)
    return render(
        request,
        "feedback/proposals.html",
        {
            "rows": rows[:200],
            "saved": selectors.time_saved(rows),
            "kinds": dict(ProposalKind.choices()),
            "states": dict(ProposalState.choices()),
        },
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    _staff(request)
    proposal = _visible_proposals(request).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    try:
        if verb == "review":
            proposals.do_review_proposal(proposal, actor=request.user)
        elif verb in ("approve", "reject"):
            proposals.do_decide_proposal(
                proposal,
                actor=request.user,
                approved=verb == "approve",
                decision=request.POST.get("decision", ""),
                days_after=request.POST.get("days_after") or None,
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã cập nhật đề xuất."))
    return redirect("feedback:proposals")


# -- drill-down behind the indicators -----------------------------------------------------------


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def indicator(request: HttpRequest) -> HttpResponse:
    """The feedback items (or, for the simplification figure, the proposals) behind a
    figure of the dashboards."""
    _staff(request)
    unit = Unit.objects.restrict(request.user, "view").filter(code=request.GET.get("unit")).first()
    start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
    key = request.GET.get("indicator", "")
    outcome = request.GET.get("outcome", "")
    if unit is None or start is None or end is None or end < start or key not in LABELS:
        raise Http404
    context: dict[str, Any] = {
        "unit": unit,
        "start": start,
        "end": end,
        "key": key,
        "label": LABELS[key],
        "outcome": outcome if outcome in ("yes", "no") else "",
    }
    if key == "simplification_proposed":
        context["proposals"] = selectors.proposals_in(selectors.unit_ids(unit), start, end)
        context["items"] = []
    else:
        context["items"] = selectors.items_behind(unit, start, end, key, context["outcome"])
    return render(request, "feedback/indicator.html", context)


# -- the dossier page's panel ---------------------------------------------------------------------


def dossier_panel(request: HttpRequest, dossier: Any) -> str | None:
    """The feedback linked to the dossier, for the staff of its units."""
    user = request.user
    if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
        return None
    unit_ids = {dossier.responsible_unit_id, dossier.receiving_unit_id}
    if not user.is_superuser and not any(m.unit_id in unit_ids for m in memberships_of(user)):
        return None
    items = list(selectors.for_dossier(dossier)[:20])
    if not items:
        return None
    rows = [
        {"item": i, "label": FeedbackState.label(i.state), "colour": FeedbackState.color(i.state)}
        for i in items
    ]
    return render_to_string(
        "feedback/_dossier_panel.html", {"rows": rows, "dossier": dossier}, request=request
    )
