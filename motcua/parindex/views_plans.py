"""Pages built on the results: exports, lost points → remediation plan, the plan
document, and the head of unit's page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from motcua.core.querysets import get_restricted_or_404
from motcua.core.replica import reads_from_replica
from motcua.directives import selectors as directives
from motcua.directives.forms import unit_choices
from motcua.directives.permissions import can_issue
from motcua.directives.views import run
from motcua.org.models import Unit
from motcua.parindex import exports, plans, results, selectors
from motcua.parindex.models import RemediationPlan
from motcua.parindex.views import _revision_number, _round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@reads_from_replica
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    rows = selectors.standings(request.user, round_, _revision_number(request))
    return _download(
        exports.results_workbook(round_, rows), XLSX, f"chi-so-cchc-{round_.year}.xlsx"
    )


@login_required
@reads_from_replica
def results_docx(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    number = _revision_number(request)
    rows = selectors.standings(request.user, round_, number)
    revision = selectors.revision_of(round_, number)
    return _download(
        exports.results_document(round_, rows, revision),
        DOCX,
        f"quyet-dinh-chi-so-cchc-{round_.year}.docx",
    )


@login_required
def lost_points(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    round_ = _round(request, pk)
    selectors.unit_card(request.user, round_, code)  # the user may see this unit's card
    participant = selectors.participant_of(round_, code)
    lost = results.lost_points(participant)
    user = request.user
    can_plan = round_.is_published and (
        can_issue(user, participant.unit) or can_issue(user, round_.office)
    )
    units = unit_choices(Unit.objects.restrict(user, "view"))
    if request.method == "POST":
        if not can_plan:
            raise Http404
        by_id = {str(entry["score"].pk): entry for entry in lost}
        items: list[plans.PlanItem] = []
        problems: list[str] = []
        for score_id in request.POST.getlist("pick"):
            entry = by_id.get(score_id)
            if entry is None:
                continue
            lead = units.filter(pk=request.POST.get(f"lead-{score_id}") or 0).first()
            deadline = parse_date(request.POST.get(f"deadline-{score_id}", ""))
            if lead is None or deadline is None:
                problems.append(
                    _("Tiêu chí %(n)s: cần chọn đơn vị chủ trì và thời hạn.")
                    % {"n": entry["criterion"].number}
                )
                continue
            items.append(
                plans.PlanItem(
                    score=entry["score"],
                    lead_unit=lead,
                    deadline=deadline,
                    co_units=list(units.filter(pk__in=request.POST.getlist(f"co-{score_id}"))),
                    expected_result=request.POST.get(f"expected-{score_id}", "").strip(),
                    timeframe=request.POST.get(f"timeframe-{score_id}", "").strip(),
                )
            )
        issued_on = parse_date(request.POST.get("issued_on", "")) or timezone.localdate()
        if problems:
            for problem in problems:
                messages.error(request, problem)
        else:
            made: list[RemediationPlan] = []
            if run(
                request,
                lambda: made.append(
                    plans.do_make_remediation_plan(
                        participant,
                        actor=user,
                        number=request.POST.get("number", ""),
                        issued_on=issued_on,
                        signer=request.POST.get("signer", ""),
                        items=items,
                        purpose=request.POST.get("purpose", "").strip(),
                    )
                ),
                _("Đã lập kế hoạch khắc phục và giao nhiệm vụ."),
            ):
                return redirect("directives:directive_detail", pk=made[0].directive_id)
    return render(
        request,
        "parindex/lost_points.html",
        {
            "round": round_,
            "participant": participant,
            "lost": lost,
            "can_plan": can_plan,
            "units": units,
            "plans": participant.plans.select_related("directive"),
            "default_deadline": date(round_.year + 1, 6, 30),
            "today": timezone.localdate(),
        },
    )


@login_required
@reads_from_replica
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(
        RemediationPlan.objects.select_related(
            "participant__round", "participant__unit", "directive"
        ),
        pk=pk,
    )
    if not directives.directives_for(request.user).filter(pk=plan.directive_id).exists():
        raise Http404
    return _download(
        plans.plan_document(plan), DOCX, f"ke-hoach-khac-phuc-{plan.participant.round.year}.docx"
    )


def figure_misses(participant: Any) -> list[dict[str, Any]]:
    """The data-decided sub-criteria below their full points: the figure, its rate and
    what the tree asks for."""
    return [
        entry
        for entry in results.lost_points(participant)
        if entry["criterion"].source and entry["figure"] is not None
    ]


@login_required
def head_page(request: HttpRequest, code: str) -> HttpResponse:
    """What the head of a unit answers for, side by side."""
    unit = get_restricted_or_404(Unit.objects.all(), request.user, "view", code=code)
    published = selectors.latest_published_participant(unit)
    current = (
        unit_participants(unit).exclude(round__state="published").order_by("-round__year").first()
    )
    try:
        lost = results.lost_points(published) if published else []
    except ValidationError:
        lost = []
    today = timezone.localdate()
    return render(
        request,
        "parindex/head.html",
        {
            "unit": unit,
            "published": published,
            "published_row": _row(request, published) if published else None,
            "lost": lost,
            "misses": figure_misses(current or published) if (current or published) else [],
            "misses_round": (current or published).round if (current or published) else None,
            "overdue": directives.overdue_tasks(unit, today),
            "due_soon": directives.due_soon_tasks(unit, today),
            "findings": directives.unresolved_findings(unit),
        },
    )


def unit_participants(unit: Unit) -> Any:
    from motcua.parindex.models import Participant

    return Participant.objects.filter(unit=unit).select_related("round", "round_group__tree")


def _row(request: HttpRequest, participant: Any) -> dict[str, Any] | None:
    rows = selectors.standings(request.user, participant.round)
    return next((r for r in rows if r["unit"] == participant.unit.code), None)
