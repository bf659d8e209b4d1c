"""Pages of reform inspections and initiatives, and the download of the files attached
anywhere in the directives area."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.querysets import get_restricted_or_404
from motcua.directives import actions_checks, permissions
from motcua.directives.forms import (
    EvaluateForm,
    FollowUpForm,
    InitiativeForm,
    InspectionPlanForm,
    InspectionRecordForm,
    unit_choices,
)
from motcua.directives.models import (
    Directive,
    Finding,
    FindingFollowUp,
    Initiative,
    Inspection,
    InspectionPlan,
    ProgressReport,
    Task,
)
from motcua.directives.selectors import (
    initiative_quota,
    initiatives_for,
    inspected_units,
    inspection_coverage,
    plans_for,
)
from motcua.directives.views import _issuer_units, form_errors, run
from motcua.org.models import Unit


def _year(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    issuers = _issuer_units(request.user)
    units = unit_choices(Unit.objects.restrict(request.user, "view"))
    form = InspectionPlanForm(request.POST or None, issuers=issuers, units=units)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            created: list[InspectionPlan] = []
            if run(
                request,
                lambda: created.append(
                    actions_checks.do_plan_inspections(
                        actor=request.user,
                        issuer=data["issuer"],
                        year=data["year"],
                        name=data["name"],
                        schedule=[(u, data["scheduled_on"]) for u in data["units"]],
                        target_percent=data["target_percent"],
                    )
                ),
                _("Đã lập kế hoạch kiểm tra."),
            ):
                return redirect("directives:inspection_plan", pk=created[0].pk)
        else:
            form_errors(request, form)
    plans = plans_for(request.user)
    year = _year(request)
    if year:
        plans = plans.filter(year=year)
    unit = None
    if code := request.GET.get("unit"):
        unit = get_restricted_or_404(Unit.objects.all(), request.user, "view", code=code)
        plans = plans.filter(inspections__unit=unit).distinct()
    return render(
        request,
        "directives/inspection_list.html",
        {
            "plans": [(p, inspection_coverage(p)) for p in plans],
            "form": form,
            "can_plan": issuers.exists(),
            "unit": unit,
            "year": year,
        },
    )


@login_required
def inspection_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_restricted_or_404(
        InspectionPlan.objects.select_related("issuer"), request.user, "view", pk=pk
    )
    inspections = inspected_units(plan).prefetch_related("findings__follow_ups")
    can_record = permissions.can_issue(request.user, plan.issuer)
    rows = []
    for inspection in inspections:
        findings = [
            (f, permissions.can_follow_up(request.user, f)) for f in inspection.findings.all()
        ]
        rows.append((inspection, findings))
    return render(
        request,
        "directives/inspection_plan.html",
        {
            "plan": plan,
            "rows": rows,
            "coverage": inspection_coverage(plan),
            "can_record": can_record,
            "record_form": InspectionRecordForm(initial={"done_on": timezone.localdate()}),
            "follow_form": FollowUpForm(),
        },
    )


@login_required
@require_POST
def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = Inspection.objects.select_related("plan").filter(pk=pk).first()
    if inspection is None or not plans_for(request.user).filter(pk=inspection.plan_id).exists():
        raise Http404
    form = InspectionRecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        lines = [line for line in data["findings"].splitlines() if line.strip()]
        run(
            request,
            lambda: actions_checks.do_record_inspection(
                inspection,
                actor=request.user,
                done_on=data["done_on"],
                conclusion=data["conclusion"],
                findings=[(line, data["due_on"]) for line in lines],
            ),
            _("Đã ghi kết luận kiểm tra."),
        )
    else:
        form_errors(request, form)
    return redirect("directives:inspection_plan", pk=inspection.plan_id)


@login_required
@require_POST
def finding_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_restricted_or_404(
        Finding.objects.select_related("inspection"), request.user, "view", pk=pk
    )
    form = FollowUpForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        run(
            request,
            lambda: actions_checks.do_follow_up_finding(
                finding,
                actor=request.user,
                text=data["text"],
                upload=data["file"],
                close=data["close"],
            ),
            _("Đã ghi kết quả khắc phục."),
        )
    else:
        form_errors(request, form)
    return redirect("directives:inspection_plan", pk=finding.inspection.plan_id)


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = Unit.objects.restrict(user, "view")
    own = unit_choices(
        Unit.objects.filter(pk__in=[u.pk for u in visible if permissions.leads(user, u)])
        if not user.is_superuser
        else visible
    )
    form = InitiativeForm(
        request.POST or None,
        request.FILES or None,
        units=own,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            if run(
                request,
                lambda: actions_checks.do_register_initiative(
                    actor=user,
                    unit=data["unit"],
                    year=data["year"],
                    title=data["title"],
                    summary=data["summary"],
                    upload=data["file"],
                ),
                _("Đã đăng ký sáng kiến."),
            ):
                return redirect(request.get_full_path())
        else:
            form_errors(request, form)
    items = initiatives_for(user)
    year = _year(request)
    if year:
        items = items.filter(year=year)
    unit = None
    if code := request.GET.get("unit"):
        unit = get_restricted_or_404(Unit.objects.all(), user, "view", code=code)
        items = items.filter(unit_id__in=unit.lineage_ids())
    rows = [
        (i, permissions.can_evaluate_initiative(user, i))
        for i in items.select_related("unit__parent")
    ]
    quota = initiative_quota(unit, year or timezone.localdate().year) if unit else None
    return render(
        request,
        "directives/initiative_list.html",
        {
            "rows": rows,
            "form": form,
            "can_register": own.exists(),
            "evaluate_form": EvaluateForm(),
            "unit": unit,
            "year": year,
            "quota": quota,
        },
    )


@login_required
@require_POST
def initiative_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_restricted_or_404(Initiative.objects.all(), request.user, "view", pk=pk)
    form = EvaluateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run(
            request,
            lambda: actions_checks.do_evaluate_initiative(
                initiative,
                actor=request.user,
                outcome=data["outcome"],
                evaluation=data["evaluation"],
            ),
            _("Đã ghi kết quả đánh giá sáng kiến."),
        )
    else:
        form_errors(request, form)
    return redirect(request.POST.get("next") or "directives:initiative_list")


def _attached(request: HttpRequest, kind: str, pk: int) -> Any:
    user = request.user
    if kind == "directive":
        return get_restricted_or_404(Directive.objects.all(), user, "view", pk=pk)
    if kind == "report":
        report = ProgressReport.objects.filter(pk=pk).first()
        if report and Task.objects.restrict(user, "view").filter(pk=report.task_id).exists():
            return report
    if kind == "follow_up":
        follow_up = FindingFollowUp.objects.filter(pk=pk).first()
        if (
            follow_up
            and Finding.objects.restrict(user, "view").filter(pk=follow_up.finding_id).exists()
        ):
            return follow_up
    if kind == "initiative":
        return get_restricted_or_404(Initiative.objects.all(), user, "view", pk=pk)
    raise Http404


@login_required
def attached_file(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    obj = _attached(request, kind, pk)
    if not obj.file:
        raise Http404
    return FileResponse(obj.file.open("rb"), as_attachment=True, filename=obj.file_name or None)
