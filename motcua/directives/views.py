"""Pages of directives and tasks: thin shells around the actions and selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.querysets import get_restricted_or_404
from motcua.directives import actions, permissions
from motcua.directives.choices import ExtensionState, TaskState
from motcua.directives.forms import (
    CompleteForm,
    DecisionForm,
    DirectiveForm,
    ExtensionForm,
    ProgressForm,
    TaskForm,
    unit_choices,
)
from motcua.directives.models import Directive, ExtensionRequest, Task
from motcua.directives.selectors import directives_for, tasks_for
from motcua.org.models import Unit


def run(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Call ``action``; tell the user how it went (Vietnamese messages)."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
        return False
    messages.success(request, done)
    return True


def form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _issuer_units(user: Any) -> Any:
    units = Unit.objects.restrict(user, "view")
    ids = [u.pk for u in units if permissions.can_issue(user, u)]
    return unit_choices(Unit.objects.filter(pk__in=ids))


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    issuers = _issuer_units(request.user)
    form = DirectiveForm(request.POST or None, request.FILES or None, issuers=issuers)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            created: list[Directive] = []
            ok = run(
                request,
                lambda: created.append(
                    actions.do_create_directive(
                        actor=request.user,
                        kind=data["kind"],
                        number=data["number"],
                        issued_on=data["issued_on"],
                        signer=data["signer"],
                        issuer=data["issuer"],
                        title=data["title"],
                        summary=data["summary"],
                        upload=data["file"],
                    )
                ),
                _("Đã ghi văn bản."),
            )
            if ok:
                return redirect("directives:directive_detail", pk=created[0].pk)
        else:
            form_errors(request, form)
    return render(
        request,
        "directives/directive_list.html",
        {
            "directives": directives_for(request.user),
            "form": form,
            "can_issue": issuers.exists(),
        },
    )


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = get_restricted_or_404(
        Directive.objects.select_related("issuer"), request.user, "view", pk=pk
    )
    can_assign = permissions.can_issue(request.user, directive.issuer)
    units = unit_choices(Unit.objects.restrict(request.user, "view"))
    form = TaskForm(request.POST or None, units=units)
    if request.method == "POST":
        if not can_assign:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            if run(
                request,
                lambda: actions.do_assign_task(
                    directive,
                    actor=request.user,
                    title=data["title"],
                    lead_unit=data["lead_unit"],
                    co_units=data["co_units"],
                    deadline=data["deadline"],
                    description=data["description"],
                    expected_result=data["expected_result"],
                ),
                _("Đã giao nhiệm vụ."),
            ):
                return redirect("directives:directive_detail", pk=directive.pk)
        else:
            form_errors(request, form)
    tasks = directive.tasks.select_related("lead_unit").prefetch_related("co_units")
    return render(
        request,
        "directives/directive_detail.html",
        {"directive": directive, "tasks": tasks, "form": form, "can_assign": can_assign},
    )


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """Overdue and due-soon lists per unit (``?unit=CODE&state=overdue``)."""
    qs = tasks_for(request.user)
    unit = None
    if code := request.GET.get("unit"):
        unit = get_restricted_or_404(Unit.objects.all(), request.user, "view", code=code)
        qs = qs.filter(pk__in=Task.objects.for_unit(unit).values("pk"))
    state = request.GET.get("state", "")
    if state in TaskState.values():
        qs = qs.in_state(state)
    start, end = parse_date(request.GET.get("start", "")), parse_date(request.GET.get("end", ""))
    if start:
        qs = qs.filter(deadline__gte=start)
    if end:
        qs = qs.filter(deadline__lte=end)
    return render(
        request,
        "directives/task_list.html",
        {
            "tasks": qs.order_by("deadline", "id"),
            "unit": unit,
            "state": state,
            "states": TaskState.CHOICES,
            "units": unit_choices(Unit.objects.restrict(request.user, "view")),
        },
    )


def _task(request: HttpRequest, pk: int) -> Task:
    return get_restricted_or_404(
        Task.objects.select_related("directive__issuer", "lead_unit"), request.user, "view", pk=pk
    )


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    user = request.user
    pending = task.extensions.filter(state=ExtensionState.PENDING).first()
    return render(
        request,
        "directives/task_detail.html",
        {
            "task": task,
            "reports": task.reports.select_related("unit", "author"),
            "extensions": task.extensions.select_related("requested_by", "decided_by"),
            "pending": pending,
            "can_report": permissions.can_report(user, task) and not task.is_finished,
            "can_complete": permissions.can_lead(user, task) and not task.is_finished,
            "can_extend": permissions.leads(user, task.lead_unit)
            and not task.is_finished
            and pending is None,
            "can_decide": pending is not None
            and permissions.can_issue(user, task.directive.issuer),
            "progress_form": ProgressForm(),
            "complete_form": CompleteForm(),
            "extension_form": ExtensionForm(),
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        run(
            request,
            lambda: actions.do_report_progress(
                task,
                actor=request.user,
                text=data["text"],
                progress=data["progress"],
                upload=data["file"],
            ),
            _("Đã gửi báo cáo tiến độ."),
        )
    else:
        form_errors(request, form)
    return redirect("directives:task_detail", pk=task.pk)


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run(
            request,
            lambda: actions.do_complete_task(
                task, actor=request.user, done_on=data["done_on"], note=data["note"]
            ),
            _("Đã xác nhận hoàn thành nhiệm vụ."),
        )
    else:
        form_errors(request, form)
    return redirect("directives:task_detail", pk=task.pk)


@login_required
@require_POST
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run(
            request,
            lambda: actions.do_request_extension(
                task,
                actor=request.user,
                requested_deadline=data["requested_deadline"],
                reason=data["reason"],
            ),
            _("Đã gửi đề nghị gia hạn."),
        )
    else:
        form_errors(request, form)
    return redirect("directives:task_detail", pk=task.pk)


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    extension = ExtensionRequest.objects.filter(task=task, state=ExtensionState.PENDING).first()
    form = DecisionForm(request.POST)
    if extension is None:
        messages.error(request, _("Không có đề nghị gia hạn đang chờ."))
    elif form.is_valid():
        data = form.cleaned_data
        run(
            request,
            lambda: actions.do_decide_extension(
                extension, actor=request.user, approve=data["approve"], note=data["note"]
            ),
            _("Đã cho ý kiến về đề nghị gia hạn."),
        )
    else:
        form_errors(request, form)
    return redirect("directives:task_detail", pk=task.pk)
