"""The officer workspace, read side: the queue of each role, the search, the dossier page.

Every read goes through ``Dossier.objects.restrict(user, "view")``: a dossier outside the
user's scope answers 404, exactly like one that does not exist. The action endpoints and
the reception form are in ``views_actions.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.paging import window
from motcua.core.querysets import get_restricted_or_404
from motcua.dossiers import forms as dossier_forms
from motcua.dossiers.access import bearer_token
from motcua.dossiers.apology import apology_window
from motcua.dossiers.choices import Action, Channel, DeliveryMethod, DossierState, FormKind
from motcua.dossiers.documents.context import dossier_frame
from motcua.dossiers.extensions import render_panels
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, IssuedForm
from motcua.dossiers.search import SearchFilters, search_page
from motcua.dossiers.selectors import (
    QUEUES_BY_KEY,
    Calendars,
    QueueReader,
    allowed_actions,
    available_queues,
    next_step,
    row_for,
    rows_for,
    step_rows,
    units_by_role,
)
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, User
from motcua.procedures.choices import CopyKind
from motcua.workcalendar import engine

PAGE_SIZE = 25

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """The workspace is for officers: a signed-in user holding a role in some unit (or a
    superuser). Citizens follow their dossiers on the public lookup page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_staff_member:  # type: ignore[union-attr]
            raise PermissionDenied(_("Trang này dành cho cán bộ, công chức."))
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _query_without_page(request: HttpRequest, *drop: str) -> str:
    query = request.GET.copy()
    for key in ("page", *drop):
        query.pop(key, None)
    return query.urlencode()


# -- queues ---------------------------------------------------------------------------------


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """My queue: one tab per queue of the roles I hold, each ordered for that role."""
    now = timezone.now()
    reader = QueueReader(request.user, now)
    queues = available_queues(request.user, reader.roles)
    # Each tab counted once, up to the cap; the page reads one row more than it shows.
    counts = reader.figures()
    keys = [q.key for q in queues]
    key = request.GET.get("tab", "")
    if key not in keys:
        key = keys[0] if keys else ""
    page = None
    rows: list[Any] = []
    if key:
        page = window(reader.dossiers(key), request.GET.get("page"), PAGE_SIZE)
        rows = rows_for(page.object_list, now)
    return render(
        request,
        "dossiers/queue.html",
        {
            "tabs": [{"queue": q, "count": counts.get(q.key, "0")} for q in queues],
            "current": QUEUES_BY_KEY.get(key),
            "key": key,
            "page": page,
            "rows": rows,
            "now": now,
            "is_clerk": Role.CLERK in reader.roles,
            "online_limit": settings.ONLINE_RECEPTION_LIMIT_HOURS,
        },
    )


# -- search ---------------------------------------------------------------------------------


@staff_required
def search(request: HttpRequest) -> HttpResponse:
    """Tra cứu hồ sơ: code, applicant, procedure, state, period, on time / late."""
    now = timezone.now()
    form = dossier_forms.SearchForm(request.GET or None)
    page = None
    rows: list[Any] = []
    status = 200
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else SearchFilters()
        page = search_page(request.user, filters, now, request.GET.get("page"), PAGE_SIZE)
        rows = rows_for(page.object_list, now)
    else:
        status = 400
    context = {"form": form, "page": page, "rows": rows, "query": _query_without_page(request)}
    template = (
        "dossiers/_search_results.html"
        if request.headers.get("HX-Request")
        else "dossiers/search.html"
    )
    return render(request, template, context, status=status)


# -- the dossier page -----------------------------------------------------------------------

DETAIL_RELATED = (
    "procedure__field",
    "receiving_unit",
    "responsible_unit",
    "applicant",
    "current_step__unit",
    "current_step__handler",
)


def get_dossier(request: HttpRequest, code: str) -> Dossier:
    return get_restricted_or_404(
        Dossier.objects.select_related(*DETAIL_RELATED), request.user, "view", code=code
    )


@staff_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return render_detail(request, get_dossier(request, code))


EVENT_LABELS = {"submit": _("Nộp hồ sơ trực tuyến")}


def _timeline(events: list[DossierEvent]) -> list[dict[str, Any]]:
    handler_ids = {e.data.get("to_user") for e in events if isinstance(e.data, dict)}
    handler_ids.discard(None)
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=handler_ids)}
    entries = []
    for e in events:
        data = e.data if isinstance(e.data, dict) else {}
        entries.append(
            {
                "event": e,
                "label": EVENT_LABELS.get(e.action) or Action.label(e.action),
                "colour": Action.color(e.action),
                "from_state": DossierState.label(e.from_state) if e.from_state else "",
                "to_state": DossierState.label(e.to_state),
                "state_changed": e.from_state != e.to_state,
                "to_user": names.get(data.get("to_user")),
                "new_due_at": _parse_time(data.get("new_due_at")),
                "issued_late": bool(data.get("issued_late")),
                "documents": [str(d) for d in data.get("documents") or [] if isinstance(d, str)]
                if e.action == Action.ANSWER_SUPPLEMENT
                else [],
                "files": data.get("files") or 0,
                "is_hand_over": e.from_step_id is not None and e.to_step_id is not None,
            }
        )
    return entries


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _documents(events: list[DossierEvent], issued: list[IssuedForm]) -> list[dict[str, Any]]:
    """The documents received at the desk, as recorded on the reception event (and on
    the receipt)."""
    raw: list[Any] = []
    for e in events:
        if e.action == Action.RECEIVE and isinstance(e.data, dict):
            raw = e.data.get("documents") or []
            break
    if not raw:
        for f in issued:
            if f.kind == FormKind.RECEIPT and isinstance(f.data, dict):
                raw = f.data.get("documents") or []
                break
    return [
        {
            "name": d.get("name", ""),
            "copy_kind": CopyKind.label(d.get("copy_kind", "")),
            "quantity": d.get("quantity", 1),
            "provided": d.get("provided", True),
        }
        for d in raw
        if isinstance(d, dict)
    ]


def _handlers(step: DossierStep | None) -> Any:
    """People who may receive the next step: its unit's members holding its role."""
    if step is None:
        return User.objects.none()
    ids = (
        Membership.objects.active()
        .filter(unit=step.unit, role=step.role)
        .values_list("user_id", flat=True)
    )
    return User.objects.filter(pk__in=ids).order_by("full_name", "username")


def action_forms(
    user: Any,
    dossier: Dossier,
    steps: list[DossierStep],
    roles: dict[str, list[Unit]],
    bound: dossier_forms.ActionForm | None = None,
) -> list[dict[str, Any]]:
    """One unbound form per action the user may take now (or the bound one that failed)."""
    actions = allowed_actions(user, dossier, steps, roles)
    nxt = next_step(dossier, steps)
    result = []
    for action in actions:
        if bound is not None and bound.action == action:
            form = bound
        else:
            form = build_action_form(action, user, dossier, steps, roles)
        result.append(
            {
                "action": action,
                "label": Action.label(action),
                "colour": Action.color(action),
                "form": form,
                "next_step": nxt if action == Action.HAND_ON else None,
                "multipart": action in (Action.COMPLETE, Action.ANSWER_SUPPLEMENT),
                "danger": action
                in (Action.REFUSE, Action.NOT_ACCEPT, Action.STOP, Action.WITHDRAW),
                "open": action
                in (
                    Action.ACCEPT,
                    Action.HAND_ON,
                    Action.ANSWER_SUPPLEMENT,
                    Action.COMPLETE,
                    Action.RETURN_RESULT,
                ),
            }
        )
    return result


def build_action_form(
    action: str,
    user: Any,
    dossier: Dossier,
    steps: list[DossierStep],
    roles: dict[str, list[Unit]],
    data: Any = None,
    files: Any = None,
) -> dossier_forms.ActionForm:
    form_class = dossier_forms.ACTION_FORMS[action]
    kwargs: dict[str, Any] = {"dossier": dossier}
    initial: dict[str, Any] = {}
    if action == Action.HAND_ON:
        kwargs["handlers"] = _handlers(next_step(dossier, steps))
    elif action == Action.REQUEST_SUPPLEMENT:
        kwargs["allow_force"] = dossier.supplement_count >= 1 and any(
            u.pk in {dossier.responsible_unit_id, dossier.receiving_unit_id}
            or (dossier.current_step is not None and u.pk == dossier.current_step.unit_id)
            for u in roles.get(Role.UNIT_HEAD, [])
        )
    elif action == Action.RETURN_RESULT:
        initial["method"] = (
            DeliveryMethod.ONLINE if dossier.channel == Channel.ONLINE else DeliveryMethod.DESK
        )
    elif action == Action.REQUIRE_PAYMENT and dossier.fee_amount:
        initial["amount"] = dossier.fee_amount
    elif action == Action.ANSWER_SUPPLEMENT:
        kwargs["required_documents"] = list(dossier.procedure.documents.all())
    elif action == Action.APOLOGISE and dossier.due_at is not None:
        kwargs["window"] = apology_window(dossier, timezone.now())
    if data is not None:
        return form_class(data, files, **kwargs)
    return form_class(initial=initial, **kwargs)


def render_detail(
    request: HttpRequest,
    dossier: Dossier,
    *,
    bound: dossier_forms.ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The dossier page: data, documents, steps with time used and left, timeline of every
    transition and hand-over, issued forms, and the forms of the allowed actions."""
    now = timezone.now()
    roles = units_by_role(request.user)
    steps = list(dossier.steps.select_related("unit", "handler"))
    events = list(dossier.events.select_related("actor", "from_step", "to_step"))
    issued = list(dossier.forms.select_related("issued_by"))
    pauses = [engine.Pause(p.start, p.end) for p in dossier.pauses.all()]
    calendars = Calendars()
    receipt = next((f for f in reversed(issued) if f.kind == FormKind.RECEIPT), None)
    frame = dossier_frame(dossier)
    return render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "row": row_for(dossier, now, calendars),
            "steps": step_rows(dossier, steps, pauses, now, calendars),
            "timeline": _timeline(events),
            "documents": _documents(events, issued),
            "issued": [
                {"form": f, "label": frame.title(f.kind), "number": frame.number(f.kind) or "—"}
                for f in issued
                if f.kind in FormKind.FORM_NUMBER
            ],
            "frame": frame,
            "receipt": receipt,
            "panels": render_panels(request, dossier),
            "actions": action_forms(request.user, dossier, steps, roles, bound),
            "state_label": DossierState.label(dossier.state),
            "state_colour": DossierState.color(dossier.state),
            "channel_label": Channel.label(dossier.channel),
            "delivery_label": DeliveryMethod.label(dossier.delivery_method)
            if dossier.delivery_method
            else "",
            "now": now,
        },
        status=status,
    )


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """Thông báo của tôi: the latest 100, marked read once shown."""
    from motcua.dossiers.models import Notification

    mine = Notification.objects.filter(user=request.user).select_related("dossier")
    items = list(mine[:100])
    mine.filter(read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "dossiers/notifications.html", {"items": items})


def _serve(field: Any, download_name: str) -> HttpResponse:
    """A stored file through Django, after the permission check: dossier files are never
    reachable by a public media URL."""
    from django.http import FileResponse, Http404

    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=download_name)


@bearer_token
@staff_required
def dossier_file(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Tệp thành phần hồ sơ (uploaded online, scanned, or reused)."""
    from django.shortcuts import get_object_or_404

    dossier = get_dossier(request, code)
    # The dossier was read through the permission scope; the file must belong to it.
    document = get_object_or_404(dossier.documents, pk=pk)
    return _serve(document.file, document.original_name or document.name)


@bearer_token
@staff_required
def dossier_result(request: HttpRequest, code: str) -> HttpResponse:
    dossier = get_dossier(request, code)
    name = dossier.result_file.name.rsplit("/", 1)[-1] if dossier.result_file else ""
    return _serve(dossier.result_file, name)
