"""SIPAS pages: the templates, the surveys (draw the sample, issue links, interviewer
entry), the results per unit with the index and their XLSX export (staff); and the public
answering page reached by a one-use link (no login). Thin shells around the actions and
selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.org.models import Unit, memberships_of
from motcua.surveys import actions, permissions, selectors, templatefile
from motcua.surveys.choices import SurveyState
from motcua.surveys.forms import SurveyForm, TemplateImportForm
from motcua.surveys.models import Respondent, Survey, SurveyTemplate
from motcua.surveys.sipas import ASPECTS
from motcua.surveys.xlsx import results_workbook

TEMPLATE_MAX_BYTES = 1024 * 1024


def _runner_units(user: Any) -> Any:
    if user.is_superuser:
        return Unit.objects.order_by("path")
    roots = [m.unit for m in memberships_of(user) if m.role in permissions.RUNNER_ROLES]
    return Unit.objects.subtree_of(roots).order_by("path")


def _reader_root(user: Any) -> Unit | None:
    if user.is_superuser:
        return Unit.objects.filter(parent__isnull=True).order_by("code").first()
    units = [m.unit for m in memberships_of(user) if m.role in permissions.READER_ROLES]
    return min(units, key=lambda u: u.depth) if units else None


def _error(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(str(m) for m in exc.messages))


def questions(template: SurveyTemplate, chosen: Any = None) -> list[dict[str, Any]]:
    """The questions of a template as the answering form shows them."""
    chosen = chosen or {}
    out = []
    for element in template.elements.all():
        rows = []
        for aspect in ASPECTS:
            name = f"{element.key}.{aspect}"
            rows.append(
                {
                    "name": name,
                    "text": element.question(aspect),
                    "choices": template.scale(aspect),
                    "chosen": str(chosen.get(name, "")),
                }
            )
        out.append({"element": element, "questions": rows})
    return out


# -- staff: templates --------------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    runner = permissions.runs_any(request.user)
    if not runner and _reader_root(request.user) is None:
        raise PermissionDenied
    form = TemplateImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST":
        if not runner:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > TEMPLATE_MAX_BYTES:
                    raise templatefile.TemplateFileError([_("Tệp mẫu phiếu lớn hơn 1 MB.")])
                content = upload.read()
                created = templatefile.do_import_template(
                    actor=request.user, content=content, file_name=upload.name
                )
            except templatefile.TemplateFileError as exc:
                errors = exc.errors
                messages.error(request, _("Tệp có lỗi; chưa nhập mẫu phiếu nào."))
            else:
                messages.success(request, _("Đã nhập %(n)d mẫu phiếu.") % {"n": len(created)})
                return redirect("surveys:templates")
    return render(
        request,
        "surveys/template_list.html",
        {
            "templates": SurveyTemplate.objects.prefetch_related("elements"),
            "form": form,
            "errors": errors,
            "runner": runner,
        },
    )


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.runs_any(request.user) and _reader_root(request.user) is None:
        raise PermissionDenied
    template = get_object_or_404(SurveyTemplate, pk=pk)
    return render(
        request,
        "surveys/template_detail.html",
        {"template": template, "blocks": questions(template)},
    )


# -- staff: surveys ----------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    if not permissions.runs_any(request.user):
        raise PermissionDenied(_("Chỉ cán bộ phụ trách CCHC được thực hiện khảo sát."))
    units = _runner_units(request.user)
    year = timezone.localdate().year - 1
    form = SurveyForm(
        request.POST or None, units=units, initial={"year": year, "sample_size": 400, "seed": year}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = actions.do_create_survey(
                actor=request.user,
                unit=data["unit"],
                year=data["year"],
                sample_size=data["sample_size"],
                seed=data["seed"],
                name=data["name"],
                frame_start=data["frame_start"],
                frame_end=data["frame_end"],
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            return redirect("surveys:survey", survey.pk)
    surveys = Survey.objects.filter(unit__in=units).select_related("unit", "template")
    return render(request, "surveys/survey_list.html", {"form": form, "surveys": surveys})


def _survey_for(request: HttpRequest, pk: int) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("unit", "template"), pk=pk)
    if not permissions.runs(request.user, survey.unit):
        raise PermissionDenied(_("Chỉ cán bộ phụ trách CCHC của đơn vị được thực hiện khảo sát."))
    return survey


def answer_url(request: HttpRequest, respondent: Respondent) -> str:
    return request.build_absolute_uri(reverse("survey:answer", args=[respondent.token]))


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    respondents = survey.respondents.select_related("dossier", "unit", "field").order_by(
        "unit__code", "field__name", "dossier__code"
    )
    rows = [{"r": r, "link": answer_url(request, r) if r.token else ""} for r in respondents]
    answered = sum(1 for r in respondents if r.answered_at)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "rows": rows,
            "answered": answered,
            "frame_size": len(actions.sample_frame(survey))
            if survey.state == SurveyState.DRAFT
            else None,
            "results_link": selectors.results_path(survey.unit, survey.year),
        },
    )


def _survey_action(verb: Any, success: str) -> Any:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        survey = _survey_for(request, pk)
        try:
            result = verb(survey, actor=request.user)
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, success % {"n": result if isinstance(result, int) else 0})
        return redirect("surveys:survey", survey.pk)

    return view


draw_sample = _survey_action(actions.do_draw_sample, gettext_lazy("Đã chọn mẫu: %(n)d hồ sơ."))
issue_links = _survey_action(
    actions.do_issue_links, gettext_lazy("Đã cấp %(n)d đường dẫn khảo sát.")
)
close_survey = _survey_action(actions.do_close_survey, gettext_lazy("Đã kết thúc đợt khảo sát."))


@login_required
def interview(request: HttpRequest, pk: int, respondent_pk: int) -> HttpResponse:
    """Điều tra viên nhập phiếu: what the respondent answered face to face or by phone."""
    survey = _survey_for(request, pk)
    respondent = get_object_or_404(
        Respondent.objects.select_related("dossier", "unit"), pk=respondent_pk, survey=survey
    )
    chosen: Any = {}
    if request.method == "POST":
        chosen = request.POST
        try:
            actions.do_enter_interview(
                respondent,
                actor=request.user,
                raw=request.POST,
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("Đã nhập phiếu khảo sát của hồ sơ %(code)s.") % {"code": respondent.dossier.code},
            )
            return redirect("surveys:survey", survey.pk)
    return render(
        request,
        "surveys/interview.html",
        {
            "survey": survey,
            "respondent": respondent,
            "blocks": questions(survey.template, chosen),
            "comment": chosen.get("comment", "") if chosen else "",
        },
    )


# -- staff: results ----------------------------------------------------------------------------


def _results_scope(request: HttpRequest) -> tuple[Unit, int]:
    code = request.GET.get("unit")
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise Http404
    else:
        unit = _reader_root(request.user)
        if unit is None:
            raise PermissionDenied(_("Bạn không có đơn vị để xem kết quả khảo sát."))
    if not permissions.reads(request.user, unit):
        raise PermissionDenied(_("Bạn không được xem kết quả khảo sát của đơn vị này."))
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError:
        year = timezone.localdate().year - 1
    return unit, year


@login_required
def results(request: HttpRequest) -> HttpResponse:
    unit, year = _results_scope(request)
    overall = selectors.sipas_result(unit, year)
    rows = selectors.unit_rows(unit, year)
    this_year = timezone.localdate().year
    return render(
        request,
        "surveys/results.html",
        {
            "unit": unit,
            "year": year,
            "overall": overall,
            "rows": rows,
            "years": list(range(this_year, this_year - 6, -1)),
            "xlsx": reverse("surveys:results_xlsx") + f"?unit={unit.code}&year={year}",
            "xlsx_par": reverse("surveys:results_xlsx")
            + f"?unit={unit.code}&year={year}&layout=par",
        },
    )


@login_required
def results_xlsx(request: HttpRequest) -> HttpResponse:
    unit, year = _results_scope(request)
    return results_workbook(unit, year, for_par=request.GET.get("layout") == "par")


# -- public: answering by link -------------------------------------------------------------


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Trả lời phiếu khảo sát qua đường dẫn: no login; one use."""
    respondent = (
        Respondent.objects.select_related("survey__template", "survey__unit", "dossier")
        .filter(token=token)
        .first()
    )
    if respondent is None:
        raise Http404
    context: dict[str, Any] = {"respondent": respondent, "survey": respondent.survey}
    if respondent.answered_at is not None or respondent.survey.state != SurveyState.OPEN:
        context["refused"] = _(
            "Phiếu khảo sát này đã được trả lời hoặc đợt khảo sát đã kết thúc. Xin cảm ơn Ông/Bà."
        )
        return render(request, "surveys/answer.html", context, status=410)
    chosen: Any = {}
    if request.method == "POST":
        chosen = request.POST
        try:
            actions.do_answer_by_link(
                token, raw=request.POST, comment=request.POST.get("comment", "")
            )
        except actions.LinkUsed as exc:
            context["refused"] = exc.messages[0]
            return render(request, "surveys/answer.html", context, status=410)
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        else:
            return render(request, "surveys/answer.html", {**context, "thanks": True})
    context["blocks"] = questions(respondent.survey.template, chosen)
    context["comment"] = chosen.get("comment", "") if chosen else ""
    return render(
        request, "surveys/answer.html", context, status=400 if "error" in context else 200
    )
