"""Pages of the PAR index: trees, rounds, scorecards, results. Thin shells around the
actions and selectors."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import load_workbook

from motcua.core.querysets import get_restricted_or_404
from motcua.core.replica import reads_from_replica
from motcua.core.uploads import check_upload
from motcua.directives.views import form_errors, run
from motcua.org.models import Unit
from motcua.parindex import actions, permissions, selectors, sources, treefile
from motcua.parindex.choices import RoundState, RuleKind
from motcua.parindex.forms import (
    AdvanceForm,
    EvidenceForm,
    OpenRoundForm,
    PointsForm,
    SelfAssessForm,
    SurveyEntryForm,
    SurveyImportForm,
    TreeImportForm,
)
from motcua.parindex.models import CriteriaTree, Evidence, Round, Score


def _offices(user: Any) -> Any:
    units = Unit.objects.restrict(user, "view").active_on()
    return Unit.objects.filter(
        pk__in=[u.pk for u in units if permissions.is_office(user, u)]
    ).order_by("path")


def _is_any_office(user: Any) -> bool:
    return user.is_superuser or _offices(user).exists()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    offices = _offices(request.user)
    form = OpenRoundForm(request.POST or None, offices=offices)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            opened: list[Round] = []
            if run(
                request,
                lambda: opened.append(
                    actions.do_open_round(
                        actor=request.user,
                        year=data["year"],
                        name=data["name"],
                        office=data["office"],
                        groups=data["groups"],
                    )
                ),
                _("Đã mở đợt đánh giá."),
            ):
                return redirect("parindex:round", pk=opened[0].pk)
        else:
            form_errors(request, form)
    return render(
        request,
        "parindex/index.html",
        {
            "rounds": selectors.rounds_for(request.user),
            "form": form,
            "is_office": offices.exists() or request.user.is_superuser,
        },
    )


@login_required
def tree_list(request: HttpRequest) -> HttpResponse:
    is_office = _is_any_office(request.user)
    form = TreeImportForm(request.POST or None, request.FILES or None)
    errors: list[treefile.CellError] = []
    if request.method == "POST":
        if not is_office:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                check_upload(data["file"], office=True)
                criteria, bands = treefile.read_workbook(data["file"].read())
                tree = treefile.do_import_tree(
                    actor=request.user,
                    year=data["year"],
                    group=data["group"],
                    name=data["name"],
                    criteria_rows=criteria,
                    band_rows=bands,
                    source_name=data["file"].name,
                )
            except treefile.TreeFileError as exc:
                errors = exc.errors
                messages.error(
                    request, _("Tệp có %(n)s lỗi; chưa nhập tiêu chí nào.") % {"n": len(errors)}
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("Đã nhập bộ tiêu chí (phiên bản %(v)s).") % {"v": tree.version}
                )
                return redirect("parindex:tree", pk=tree.pk)
        else:
            form_errors(request, form)
    trees = CriteriaTree.objects.select_related("group")
    return render(
        request,
        "parindex/tree_list.html",
        {"trees": trees, "form": form, "errors": errors, "is_office": is_office},
    )


@login_required
def tree_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tree = get_object_or_404(CriteriaTree.objects.select_related("group"), pk=pk)
    if not request.user.is_staff_member:
        raise Http404
    criteria = list(tree.criteria.all())
    return render(
        request,
        "parindex/tree_detail.html",
        {"tree": tree, "criteria": criteria, "source_label": sources.label, "kinds": RuleKind},
    )


@login_required
@reads_from_replica
def tree_export(request: HttpRequest, pk: int) -> HttpResponse:
    tree = get_object_or_404(CriteriaTree, pk=pk)
    if not request.user.is_staff_member:
        raise Http404
    response = HttpResponse(
        treefile.export_workbook(tree),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bo-tieu-chi-{tree.year}-{tree.group.code}-v{tree.version}.xlsx"'
    )
    return response


def _round(request: HttpRequest, pk: int) -> Round:
    return get_restricted_or_404(
        Round.objects.select_related("office"), request.user, "view", pk=pk
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    runs = permissions.runs(request.user, round_)
    return render(
        request,
        "parindex/round.html",
        {
            "round": round_,
            "runs": runs,
            "rows": selectors.standings(request.user, round_),
            "next_state": RoundState.NEXT.get(round_.state),
            "next_label": RoundState.label(RoundState.NEXT.get(round_.state, "")),
            "advance_form": AdvanceForm(),
            "survey_form": SurveyEntryForm(),
            "survey_import_form": SurveyImportForm(),
            "surveys": round_.survey_results.select_related("unit").order_by("unit__code", "key"),
        },
    )


@login_required
@require_POST
def round_advance(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    form = AdvanceForm(request.POST)
    form.is_valid()
    run(
        request,
        lambda: actions.do_advance_round(
            round_, actor=request.user, decision_number=form.cleaned_data.get("decision_number", "")
        ),
        _("Đã chuyển trạng thái đợt đánh giá."),
    )
    return redirect("parindex:round", pk=round_.pk)


@login_required
@require_POST
def round_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    run(
        request,
        lambda: actions.do_refresh_round(round_, actor=request.user),
        _("Đã cập nhật điểm từ số liệu của hệ thống."),
    )
    return redirect("parindex:round", pk=round_.pk)


def survey_rows_from_workbook(content: bytes) -> list[tuple[str, str, Decimal]]:
    """Sheet 1, header row, then: unit code | key (sipas, sipas.<element>) | value (%)."""
    try:
        sheet = load_workbook(BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:
        raise ValidationError(_("Không đọc được tệp Excel (.xlsx).")) from exc
    rows = []
    for index, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        cells = list(row) + [None, None, None]
        if not any(cells[:3]):
            continue
        try:
            value = Decimal(str(cells[2]).replace(",", "."))
        except Exception:
            raise ValidationError(
                _("Dòng %(n)s, cột C: giá trị phải là một số.") % {"n": index}
            ) from None
        rows.append((str(cells[0] or "").strip(), str(cells[1] or "").strip(), value))
    return rows


@login_required
@require_POST
def round_surveys(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    if "file" in request.FILES:
        form: Any = SurveyImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]

            def imported() -> None:
                check_upload(upload, office=True)
                actions.do_enter_survey(
                    round_, actor=request.user, rows=survey_rows_from_workbook(upload.read())
                )

            run(request, imported, _("Đã nhập kết quả điều tra xã hội học."))
    else:
        form = SurveyEntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            run(
                request,
                lambda: actions.do_enter_survey(
                    round_,
                    actor=request.user,
                    rows=[(data["unit"].strip(), data["key"].strip(), data["value"])],
                ),
                _("Đã ghi kết quả điều tra xã hội học."),
            )
        else:
            form_errors(request, form)
    return redirect("parindex:round", pk=round_.pk)


def _flatten(items: list[dict[str, Any]], depth: int = 0) -> list[tuple[dict[str, Any], int]]:
    rows: list[tuple[dict[str, Any], int]] = []
    for item in items:
        rows.append((item, depth))
        rows.extend(_flatten(item["children"], depth + 1))
    return rows


@login_required
def scorecard(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    round_ = _round(request, pk)
    card = selectors.unit_card(request.user, round_, code)
    participant = selectors.participant_of(round_, code)
    user = request.user
    scores = {
        s.criterion.number: s
        for s in participant.scores.select_related("criterion").prefetch_related(
            "evidence", "changes"
        )
    }
    rows = [(item, depth, scores.get(item["number"])) for item, depth in _flatten(card["criteria"])]
    runs = permissions.runs(user, round_)
    return render(
        request,
        "parindex/scorecard.html",
        {
            "round": round_,
            "card": card,
            "participant": participant,
            "rows": rows,
            "can_self": permissions.self_assesses(user, participant)
            and round_.state == RoundState.SELF_ASSESSMENT,
            "can_appraise": runs and round_.state == RoundState.APPRAISAL,
            "can_correct": runs and round_.state == RoundState.PUBLISHED,
            "self_form": SelfAssessForm(),
            "evidence_form": EvidenceForm(),
            "points_form": PointsForm(),
            "kinds": RuleKind,
        },
    )


def _score(request: HttpRequest, pk: int) -> Score:
    score = get_object_or_404(
        Score.objects.select_related("participant__round", "participant__unit", "criterion"), pk=pk
    )
    if not selectors.rounds_for(request.user).filter(pk=score.participant.round_id).exists():
        raise Http404
    return score


def _back(score: Score) -> HttpResponse:
    url = reverse(
        "parindex:scorecard", args=[score.participant.round_id, score.participant.unit.code]
    )
    return redirect(f"{url}#c-{score.criterion.number}")


@login_required
@require_POST
def score_self(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = SelfAssessForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        run(
            request,
            lambda: actions.do_self_assess(
                score, actor=request.user, value=data["value"], note=data["note"]
            ),
            _("Đã ghi kết quả tự đánh giá tiêu chí %(n)s.") % {"n": score.criterion.number},
        )
    else:
        form_errors(request, form)
    return _back(score)


@login_required
@require_POST
def score_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    score = _score(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        run(
            request,
            lambda: actions.do_add_evidence(
                score, actor=request.user, upload=form.cleaned_data["file"]
            ),
            _("Đã nộp tài liệu kiểm chứng."),
        )
    else:
        form_errors(request, form)
    return _back(score)


@login_required
@require_POST
def score_points(request: HttpRequest, pk: int) -> HttpResponse:
    """Appraisal before publication, correction after it."""
    score = _score(request, pk)
    form = PointsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if score.participant.round.state == RoundState.PUBLISHED:
            run(
                request,
                lambda: actions.do_correct(
                    score, actor=request.user, points=data["points"], reason=data["reason"]
                ),
                _("Đã đính chính; kết quả được công bố lại thành một lần công bố mới."),
            )
        else:
            run(
                request,
                lambda: actions.do_appraise(
                    score, actor=request.user, points=data["points"], reason=data["reason"]
                ),
                _("Đã ghi điểm thẩm định tiêu chí %(n)s.") % {"n": score.criterion.number},
            )
    else:
        form_errors(request, form)
    return _back(score)


@login_required
@require_POST
def submit_self(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    round_ = _round(request, pk)
    participant = selectors.participant_of(round_, code)
    run(
        request,
        lambda: actions.do_submit_self_assessment(participant, actor=request.user),
        _("Đã nộp kết quả tự đánh giá."),
    )
    return redirect("parindex:scorecard", pk=round_.pk, code=code)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("score__participant"), pk=pk)
    round_ = _round(request, evidence.score.participant.round_id)
    allowed = selectors.visible_units(request.user, round_)
    if allowed is not None and evidence.score.participant.unit.code not in allowed:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file_name)


@login_required
@reads_from_replica
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    number = _revision_number(request)
    rows = selectors.standings(request.user, round_, number)
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        groups.setdefault(
            row["group"], {"name": row["group_name"], "ranked": row["ranked"], "rows": []}
        )["rows"].append(row)
    revision = selectors.revision_of(round_, number)
    return render(
        request,
        "parindex/results.html",
        {
            "round": round_,
            "groups": list(groups.values()),
            "revision": revision,
            "revisions": round_.revisions.select_related("published_by").order_by("number"),
        },
    )


def _revision_number(request: HttpRequest) -> int | None:
    try:
        return int(request.GET["revision"])
    except (KeyError, ValueError):
        return None
