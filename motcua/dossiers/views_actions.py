"""The officer workspace, write side: the desk reception form and one endpoint per
workflow action. Each view parses its form and calls the action function; the action
checks the workflow table, writes atomically and raises ``TransitionRefused``,
``DossierConflict`` or ``ValidationError``, which are shown in Vietnamese on the page
(409 for a conflict, 400 otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers import actions, intake
from motcua.dossiers.apology import apology_window
from motcua.dossiers.choices import Action
from motcua.dossiers.forms import ACTION_FORMS, ActionForm, ReceptionForm
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import units_by_role
from motcua.dossiers.transitions import DossierConflict
from motcua.dossiers.views_workspace import (
    build_action_form,
    get_dossier,
    render_detail,
    staff_required,
)
from motcua.dossiers.workflow import TransitionRefused
from motcua.org.choices import Role
from motcua.procedures.models import Procedure

# -- reception at the desk -------------------------------------------------------------------


@staff_required
def receive(request: HttpRequest) -> HttpResponse:
    """Tiếp nhận hồ sơ giấy → the dossier page with its code and appointment."""
    clerk_units = units_by_role(request.user).get(Role.CLERK, [])
    if not clerk_units:
        raise PermissionDenied(_("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ."))
    procedures = (
        Procedure.objects.filter(is_active=True, units__in=clerk_units).distinct().order_by("name")
    )
    status = 200
    if request.method == "POST":
        form = ReceptionForm(request.POST, units=clerk_units, procedures=procedures)
        if form.is_valid():
            data = form.cleaned_data
            try:
                dossier = intake.do_receive_dossier(
                    procedure=data["procedure"],
                    unit=data["unit"],
                    applicant=form.applicant(),
                    documents=form.received_documents(),
                    actor=request.user,
                    sets=data["sets"],
                    note=data.get("note", ""),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            except TransitionRefused as exc:
                form.add_error(None, exc.message)
            else:
                due = timezone.localtime(dossier.due_at) if dossier.due_at else None
                messages.success(
                    request,
                    _("Đã tiếp nhận hồ sơ %(code)s; hẹn trả kết quả %(due)s.")
                    % {"code": dossier.code, "due": f"{due:%H:%M %d/%m/%Y}" if due else "—"},
                )
                return redirect("dossiers:detail", dossier.code)
        status = 400
    else:
        initial = {key: value for key, value in request.GET.items() if value}
        initial.setdefault("unit", clerk_units[0].pk)
        form = ReceptionForm(initial=initial, units=clerk_units, procedures=procedures)
        if request.headers.get("HX-Request"):
            return render(request, "dossiers/_receive_documents.html", {"form": form})
    return render(request, "dossiers/receive.html", {"form": form}, status=status)


# -- the action endpoints ------------------------------------------------------------------

Call = Callable[[Dossier, Any, dict[str, Any]], Dossier]

ACTION_CALLS: dict[str, Call] = {
    Action.ACCEPT: lambda d, u, c: intake.do_accept_online(d, actor=u, note=c["note"]),
    Action.NOT_ACCEPT: lambda d, u, c: intake.do_not_accept(d, actor=u, reason=c["reason"]),
    Action.WITHDRAW: lambda d, u, c: intake.do_withdraw(d, actor=u, reason=c["reason"]),
    Action.HAND_ON: lambda d, u, c: actions.do_hand_on(
        d, actor=u, to_user=c.get("to_user"), note=c["note"]
    ),
    Action.REQUEST_SUPPLEMENT: lambda d, u, c: actions.do_request_supplement(
        d, actor=u, reason=c["reason"], force=bool(c.get("force"))
    ),
    Action.ANSWER_SUPPLEMENT: lambda d, u, c: actions.do_answer_supplement(
        d, actor=u, documents=c["documents"], note=c["note"]
    ),
    Action.REQUIRE_PAYMENT: lambda d, u, c: actions.do_require_payment(
        d, actor=u, amount=c.get("amount"), note=c["note"]
    ),
    Action.APOLOGISE: lambda d, u, c: actions.do_apologise(
        d, actor=u, reason=c["reason"], extra_working_days=int(c["extra_working_days"])
    ),
    Action.REFUSE: lambda d, u, c: actions.do_refuse(d, actor=u, reason=c["reason"]),
    Action.STOP: lambda d, u, c: actions.do_stop(d, actor=u, reason=c["reason"]),
    Action.COMPLETE: lambda d, u, c: actions.do_complete(
        d, actor=u, result_summary=c["result_summary"], result_file=c.get("result_file")
    ),
    Action.RETURN_RESULT: lambda d, u, c: actions.do_return_result(d, actor=u, method=c["method"]),
}
assert set(ACTION_CALLS) == set(ACTION_FORMS)


def _refused(
    request: HttpRequest,
    code: str,
    message: str,
    status: int,
    bound: ActionForm | None = None,
) -> HttpResponse:
    """Show the failure on a fresh copy of the dossier page, without redirecting."""
    messages.error(request, message)
    return render_detail(request, get_dossier(request, code), bound=bound, status=status)


def _refresh_version(form: ActionForm, dossier: Dossier) -> ActionForm:
    """The failed form again, with what the officer typed, against the current version."""
    data = form.data.copy()
    data["version"] = str(dossier.version)
    fresh = type(form)(data, form.files, dossier=dossier, **_extra_kwargs(form, dossier))
    fresh.is_valid()
    return fresh


def _extra_kwargs(form: ActionForm, dossier: Dossier) -> dict[str, Any]:
    if form.action == Action.HAND_ON:
        return {"handlers": form.fields["to_user"].queryset}  # type: ignore[attr-defined]
    if form.action == Action.REQUEST_SUPPLEMENT:
        return {"allow_force": "force" in form.fields}
    if form.action == Action.ANSWER_SUPPLEMENT:
        return {"required_documents": form.required_documents}  # type: ignore[attr-defined]
    if form.action == Action.APOLOGISE:
        return {"window": apology_window(dossier, timezone.now())}
    return {}


@staff_required
@require_POST
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if action not in ACTION_CALLS:
        raise Http404
    dossier = get_dossier(request, code)
    roles = units_by_role(request.user)
    steps = list(dossier.steps.all())
    form = build_action_form(
        action, request.user, dossier, steps, roles, data=request.POST, files=request.FILES
    )
    label = Action.label(action)
    if not form.is_valid():
        if "version" in form.errors:
            return _refused(request, code, DossierConflict().message, 409)
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return _refused(
            request,
            code,
            _("Chưa thực hiện “%(action)s”: %(problems)s")
            % {"action": label, "problems": problems},
            400,
            bound=form,
        )
    if form.cleaned_data["version"] != dossier.version:
        # The page the officer acted on is stale: someone else acted first.
        return _refused(request, code, DossierConflict().message, 409)
    try:
        ACTION_CALLS[action](dossier, request.user, form.cleaned_data)
    except DossierConflict as exc:
        return _refused(request, code, exc.message, 409)
    except TransitionRefused as exc:
        fresh = get_dossier(request, code)
        return _refused(request, code, exc.message, 400, bound=_refresh_version(form, fresh))
    except ValidationError as exc:
        fresh = get_dossier(request, code)
        return _refused(
            request, code, " ".join(exc.messages), 400, bound=_refresh_version(form, fresh)
        )
    messages.success(
        request,
        _("Đã thực hiện “%(action)s” cho hồ sơ %(code)s.") % {"action": label, "code": code},
    )
    return redirect(reverse("dossiers:detail", args=[code]))
