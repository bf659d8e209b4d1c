"""Write actions of the surveys area (one function per verb): the per-dossier rating, and
the SIPAS survey (create, draw the sample, issue links, answer by link, enter an
interview, close)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import TransitionRefused
from motcua.org.models import Unit
from motcua.surveys import permissions, sipas
from motcua.surveys.choices import AnswerChannel, SurveyState
from motcua.surveys.criteria import CRITERIA, OVERALL
from motcua.surveys.models import (
    Answer,
    DossierRating,
    Respondent,
    Survey,
    SurveyTemplate,
)
from motcua.surveys.templatefile import template_for

COMMENT_MAX = 2000


def _already_rated(dossier: Dossier) -> TransitionRefused:
    return TransitionRefused(
        "already_rated",
        _("Hồ sơ %(code)s đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần.")
        % {"code": dossier.code},
    )


def _clean_scores(scores: Mapping[str, Any]) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    for criterion in CRITERIA:
        raw = scores.get(criterion.field)
        try:
            points = int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            points = -1
        if points not in criterion.points():
            raise ValidationError(
                _("Chọn một mức cho tiêu chí “%(label)s”.") % {"label": criterion.label},
                code="invalid_score",
            )
        cleaned[criterion.field] = points
    return cleaned


def do_rate_dossier(
    dossier: Dossier, *, actor: Any, scores: Mapping[str, Any], comment: str = ""
) -> DossierRating:
    """Người nộp đánh giá việc giải quyết hồ sơ: only the applicant (their account), only
    once the result was delivered, only once. Writes the rating and its audit row in one
    transaction."""
    if not getattr(actor, "is_authenticated", False) or dossier.applicant_id != actor.pk:
        raise TransitionRefused(
            "forbidden", _("Chỉ người nộp hồ sơ được đánh giá việc giải quyết hồ sơ này.")
        )
    if dossier.state != DossierState.DELIVERED:
        raise TransitionRefused(
            "not_delivered",
            _("Chỉ đánh giá được sau khi đã nhận kết quả giải quyết hồ sơ."),
        )
    if DossierRating.objects.filter(dossier=dossier).exists():
        raise _already_rated(dossier)
    cleaned = _clean_scores(scores)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            _("Ý kiến dài tối đa %(n)d ký tự.") % {"n": COMMENT_MAX}, code="comment_too_long"
        )
    try:
        with transaction.atomic():
            rating = DossierRating.objects.create(
                dossier=dossier, rater=actor, comment=comment, **cleaned
            )
            record_audit(
                actor,
                "dossier.rate",
                rating,
                f"Đánh giá hồ sơ {dossier.code}: {OVERALL.label_of(cleaned['overall'])}",
                {"dossier": dossier.code, "scores": cleaned},
            )
    except IntegrityError:
        # Two submissions at once: the one-to-one key lets only the first in.
        if DossierRating.objects.filter(dossier=dossier).exists():
            raise _already_rated(dossier) from None
        raise
    return rating


# -- SIPAS surveys -----------------------------------------------------------------------------


def _runner_only(actor: Any, unit: Unit) -> None:
    if actor is not None and not permissions.runs(actor, unit):
        raise PermissionDenied(_("Chỉ cán bộ phụ trách CCHC của đơn vị được thực hiện khảo sát."))


def _state(survey: Survey, *states: str) -> None:
    if survey.state not in states:
        raise ValidationError(
            _("Đợt khảo sát đang ở trạng thái “%(state)s”: không thực hiện được thao tác này.")
            % {"state": SurveyState.label(survey.state)},
            code="wrong_state",
        )


@transaction.atomic
def do_create_survey(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    sample_size: int,
    seed: int,
    name: str = "",
    frame_start: date | None = None,
    frame_end: date | None = None,
) -> Survey:
    """A survey of ``unit``'s subtree for ``year`` on that year's template; the frame is
    the dossiers delivered in the year unless other dates are given."""
    _runner_only(actor, unit)
    template = template_for(year)
    if template is None:
        raise ValidationError(
            _("Chưa có mẫu phiếu SIPAS năm %(year)s.") % {"year": year}, code="no_template"
        )
    if sample_size < 1:
        raise ValidationError(_("Cỡ mẫu phải lớn hơn 0."), code="bad_size")
    frame_start = frame_start or date(year, 1, 1)
    frame_end = frame_end or date(year, 12, 31)
    if frame_end < frame_start:
        raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."), code="bad_frame")
    survey = Survey.objects.create(
        template=template,
        year=year,
        name=name.strip()
        or _("Khảo sát SIPAS năm %(year)s — %(unit)s") % {"year": year, "unit": unit.name},
        unit=unit,
        frame_start=frame_start,
        frame_end=frame_end,
        sample_size=sample_size,
        seed=seed,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_audit(
        actor, "survey.create", survey, f"{survey}: cỡ mẫu {sample_size}, hạt giống {seed}"
    )
    return survey


def sample_frame(survey: Survey) -> list[sipas.Candidate]:
    """The delivered dossiers of the survey's subtree (with the units it succeeded) in its
    frame, each with its stratum."""
    unit_ids: set[int] = set()
    for member in survey.unit.descendants(include_self=True):
        unit_ids |= member.lineage_ids()
    rows = dossier_selectors.delivered_between(
        unit_ids, survey.frame_start, survey.frame_end
    ).values_list("pk", "responsible_unit_id", "procedure__field_id")
    return [sipas.Candidate(pk, unit_id, field_id) for pk, unit_id, field_id in rows]


@transaction.atomic
def do_draw_sample(survey: Survey, *, actor: Any) -> int:
    """Draw (or draw again, while the survey is being prepared) the stratified sample;
    returns its size. The same frame, size and seed give the same sample."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _runner_only(actor, survey.unit)
    _state(survey, SurveyState.DRAFT)
    candidates = sample_frame(survey)
    strata = {c.dossier_id: c for c in candidates}
    chosen = sipas.draw(candidates, survey.sample_size, survey.seed)
    if not chosen:
        raise ValidationError(
            _("Không có hồ sơ nào đã trả kết quả trong phạm vi và thời gian khảo sát."),
            code="empty_frame",
        )
    survey.respondents.all().delete()
    Respondent.objects.bulk_create(
        Respondent(
            survey=survey,
            dossier_id=pk,
            unit_id=strata[pk].unit_id,
            field_id=strata[pk].field_id,
        )
        for pk in chosen
    )
    survey.sampled_at = timezone.now()
    survey.save(update_fields=["sampled_at"])
    record_audit(
        actor,
        "survey.sample",
        survey,
        f"{survey}: chọn {len(chosen)} / {len(candidates)} hồ sơ",
        {"chosen": len(chosen), "frame": len(candidates), "seed": survey.seed},
    )
    return len(chosen)


@transaction.atomic
def do_issue_links(survey: Survey, *, actor: Any) -> int:
    """Give every sampled respondent without one a one-use link (a random token in the
    URL) and open the survey for answers. Returns how many links were issued."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _runner_only(actor, survey.unit)
    _state(survey, SurveyState.DRAFT, SurveyState.OPEN)
    if not survey.respondents.exists():
        raise ValidationError(_("Chưa chọn mẫu khảo sát."), code="no_sample")
    now = timezone.now()
    issued = 0
    for respondent in survey.respondents.filter(token__isnull=True):
        respondent.token = secrets.token_urlsafe(24)
        respondent.issued_at = now
        respondent.save(update_fields=["token", "issued_at"])
        issued += 1
    if survey.state != SurveyState.OPEN:
        survey.state = SurveyState.OPEN
        survey.save(update_fields=["state"])
    record_audit(actor, "survey.issue_links", survey, f"{survey}: {issued} đường dẫn")
    return issued


@transaction.atomic
def do_close_survey(survey: Survey, *, actor: Any) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _runner_only(actor, survey.unit)
    _state(survey, SurveyState.OPEN)
    survey.state = SurveyState.CLOSED
    survey.save(update_fields=["state"])
    record_audit(actor, "survey.close", survey, f"{survey}: kết thúc")
    return survey


class LinkUsed(ValidationError):
    """The link was already used (or the survey no longer takes answers)."""


def clean_answers(template: SurveyTemplate, raw: Mapping[str, Any]) -> dict[tuple[str, str], int]:
    """Every element × aspect must have a level 1–5 (``raw`` keyed ``<element>.<aspect>``)."""
    out: dict[tuple[str, str], int] = {}
    for element in template.elements.all():
        for aspect in sipas.ASPECTS:
            try:
                level = int(raw.get(f"{element.key}.{aspect}"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                level = 0
            if level not in sipas.SCALE:
                raise ValidationError(
                    _("Chọn một mức cho câu hỏi “%(q)s”.") % {"q": element.question(aspect)},
                    code="missing_answer",
                )
            out[(element.key, aspect)] = level
    return out


def _record_answers(
    respondent: Respondent,
    answers: Mapping[tuple[str, str], int],
    *,
    channel: str,
    interviewer: Any,
    comment: str,
) -> Respondent:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            _("Ý kiến dài tối đa %(n)d ký tự.") % {"n": COMMENT_MAX}, code="comment_too_long"
        )
    now = timezone.now()
    # Compare-and-set: of two submissions of one link, only the first finds it unanswered.
    won = Respondent.objects.filter(
        pk=respondent.pk, answered_at__isnull=True, survey__state=SurveyState.OPEN
    ).update(answered_at=now, channel=channel, interviewer=interviewer, comment=comment)
    if not won:
        raise LinkUsed(
            _(
                "Phiếu khảo sát này đã được trả lời hoặc đợt khảo sát đã kết thúc. Xin cảm ơn Ông/Bà."
            ),
            code="already_answered",
        )
    Answer.objects.bulk_create(
        Answer(respondent=respondent, element=e, aspect=a, value=v) for (e, a), v in answers.items()
    )
    respondent.refresh_from_db()
    return respondent


@transaction.atomic
def do_answer_by_link(token: str, *, raw: Mapping[str, Any], comment: str = "") -> Respondent:
    """The respondent answers through their link, without logging in; once only."""
    respondent = (
        Respondent.objects.select_related("survey__template").filter(token=token or None).first()
    )
    if respondent is None:
        raise Respondent.DoesNotExist
    if respondent.answered_at is not None or respondent.survey.state != SurveyState.OPEN:
        raise LinkUsed(
            _(
                "Phiếu khảo sát này đã được trả lời hoặc đợt khảo sát đã kết thúc. Xin cảm ơn Ông/Bà."
            ),
            code="already_answered",
        )
    answers = clean_answers(respondent.survey.template, raw)
    respondent = _record_answers(
        respondent, answers, channel=AnswerChannel.WEB, interviewer=None, comment=comment
    )
    record_audit(
        None, "survey.answer", respondent, f"Trả lời khảo sát qua đường dẫn ({respondent.survey})"
    )
    return respondent


@transaction.atomic
def do_enter_interview(
    respondent: Respondent, *, actor: Any, raw: Mapping[str, Any], comment: str = ""
) -> Respondent:
    """An interviewer (a reform officer of the survey's unit) enters what the respondent
    answered face to face or by phone; the respondent's link is then used up."""
    respondent = Respondent.objects.select_related("survey__template", "survey__unit").get(
        pk=respondent.pk
    )
    _runner_only(actor, respondent.survey.unit)
    answers = clean_answers(respondent.survey.template, raw)
    respondent = _record_answers(
        respondent,
        answers,
        channel=AnswerChannel.INTERVIEWER,
        interviewer=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
    )
    record_audit(
        actor, "survey.interview", respondent, f"Nhập phiếu khảo sát ({respondent.survey})"
    )
    return respondent
