"""Writes of a round: open, advance (draft → self_assessment → appraisal → published),
score from the data, self-assess with evidence, appraise with a reason, enter survey
results, correct after publication (a new revision). One ``do_<verb>`` each, atomic,
audited; every change of points is a ``ScoreChange`` row."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.core.uploads import check_upload
from motcua.org.models import Unit
from motcua.parindex import permissions, results, rules, sources
from motcua.parindex.choices import ChangeStage, RoundState
from motcua.parindex.models import (
    CriteriaTree,
    Criterion,
    Evidence,
    Participant,
    Revision,
    Round,
    RoundGroup,
    Score,
    ScoreChange,
    SurveyResult,
    UnitGroup,
)


def _office_only(actor: Any, round_: Round) -> None:
    if actor is not None and not permissions.runs(actor, round_):
        raise PermissionDenied(_("Chỉ cơ quan chủ trì đánh giá được thực hiện thao tác này."))


def _in_state(round_: Round, *states: str) -> None:
    if round_.state not in states:
        raise ValidationError(
            _("Đợt đánh giá đang ở trạng thái “%(state)s”: không thực hiện được thao tác này.")
            % {"state": RoundState.label(round_.state)},
            code="wrong_state",
        )


def _active_in(unit: Unit, year: int) -> bool:
    from datetime import date

    start, end = date(year, 1, 1), date(year, 12, 31)
    return (unit.valid_from is None or unit.valid_from <= end) and (
        unit.valid_to is None or unit.valid_to >= start
    )


@transaction.atomic
def do_open_round(
    *, actor: Any, year: int, name: str, office: Unit, groups: Iterable[UnitGroup]
) -> Round:
    """A round for ``year`` over ``groups``, each scored on its latest tree of that year;
    every unit of a group that existed during the year takes part."""
    if actor is not None and not permissions.is_office(actor, office):
        raise PermissionDenied(_("Chỉ cơ quan phụ trách CCHC mở được đợt đánh giá."))
    groups = list(groups)
    if not groups:
        raise ValidationError(_("Chọn ít nhất một khối đơn vị."), code="no_group")
    round_ = Round.objects.create(
        year=year,
        name=name.strip() or _("Chỉ số CCHC năm %(year)s") % {"year": year},
        office=office,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    taken: set[int] = set()
    for group in groups:
        tree = CriteriaTree.objects.filter(year=year, group=group).order_by("-version").first()
        if tree is None:
            raise ValidationError(
                _("Khối “%(group)s” chưa có bộ tiêu chí năm %(year)s.")
                % {"group": group, "year": year},
                code="no_tree",
            )
        round_group = RoundGroup.objects.create(round=round_, group=group, tree=tree)
        leaves = [c for c in tree.criteria.all() if c.is_leaf]
        for unit in group.units.order_by("code"):
            if unit.pk in taken or not _active_in(unit, year):
                continue
            taken.add(unit.pk)
            participant = Participant.objects.create(
                round=round_, unit=unit, round_group=round_group
            )
            Score.objects.bulk_create(
                Score(participant=participant, criterion=c, figure_key=c.source) for c in leaves
            )
    record_audit(actor, "par.round_open", round_, f"{round_}: {len(taken)} đơn vị")
    return round_


def _final(score: Score) -> Decimal:
    if score.appraised_points is not None:
        return Decimal(score.appraised_points)
    return Decimal(score.self_points or 0)


def _change(
    score: Score,
    stage: str,
    old: Decimal | None,
    actor: Any,
    reason: str = "",
    revision: int | None = None,
) -> None:
    ScoreChange.objects.create(
        score=score,
        stage=stage,
        old_points=old,
        new_points=score.appraised_points
        if stage in (ChangeStage.APPRAISAL, ChangeStage.CORRECTION)
        else score.self_points,
        reason=reason,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        revision=revision,
    )


def save_fields(score: Score, fields: list[str]) -> None:
    """One UPDATE of the given fields (cheaper than ``bulk_update``'s CASE expressions for
    the few hundred rows a round changes at once)."""
    Score.objects.filter(pk=score.pk).update(**{f: getattr(score, f) for f in fields})


def _retotal(participant: Participant) -> None:
    sums = participant.scores.aggregate(final=Sum("final_points"), own=Sum("self_points"))
    participant.score = rounded_or_zero(sums["final"])
    participant.self_score = rounded_or_zero(sums["own"])
    participant.save(update_fields=["score", "self_score"])


def rounded_or_zero(value: Any) -> Decimal:
    return rules.rounded(Decimal(value or 0))


def _survey_value(round_: Round, unit: Unit, key: str) -> Decimal | None:
    row = SurveyResult.objects.filter(round=round_, unit=unit, key=key).first()
    return None if row is None else Decimal(row.value)


def score_from_data(round_: Round, actor: Any = None) -> int:
    """Score every data-decided sub-criterion from the figures of the scoring year (and
    the survey results entered for the round). Returns how many points changed. Never
    after publication: published scores are frozen."""
    _in_state(round_, RoundState.DRAFT, RoundState.SELF_ASSESSMENT, RoundState.APPRAISAL)
    surveys = {(r.unit_id, r.key): Decimal(r.value) for r in round_.survey_results.all()}
    who = actor if getattr(actor, "is_authenticated", False) else None
    changes: list[ScoreChange] = []
    fields = [
        "value",
        "figure_numerator",
        "figure_denominator",
        "figure_drilldown",
        "self_points",
        "final_points",
    ]
    for participant in round_.participants.select_related("unit"):
        figures = sources.figures_for(participant.unit, round_.year)
        for score in participant.scores.select_related("criterion").exclude(criterion__source=""):
            c = score.criterion
            rule = c.to_rule()
            assert rule is not None
            figure = figures.get(c.source)
            value = surveys.get((participant.unit_id, c.source)) if c.rule == rules.SURVEY else None
            if value is None and figure is not None:
                value = rules.value_from_figure(c.rule, figure.numerator, figure.denominator)
            before = tuple(getattr(score, f) for f in fields)
            old = score.self_points
            score.value = value
            score.figure_numerator = figure.numerator if figure else None
            score.figure_denominator = figure.denominator if figure else None
            score.figure_drilldown = figure.drilldown if figure else ""
            score.self_points = rules.score(rule, value)
            score.final_points = _final(score)
            if tuple(getattr(score, f) for f in fields) != before:
                save_fields(score, fields)
            if old != score.self_points:
                changes.append(
                    ScoreChange(
                        score=score,
                        stage=ChangeStage.DATA,
                        old_points=old,
                        new_points=score.self_points,
                        reason=c.source,
                        actor=who,
                    )
                )
    ScoreChange.objects.bulk_create(changes, batch_size=500)
    for participant in round_.participants.all():
        _retotal(participant)
    return len(changes)


@transaction.atomic
def do_refresh_round(round_: Round, *, actor: Any) -> int:
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _office_only(actor, round_)
    changed = score_from_data(round_, actor)
    record_audit(actor, "par.round_refresh", round_, f"{round_}: {changed} điểm thay đổi")
    return changed


@transaction.atomic
def do_advance_round(round_: Round, *, actor: Any, decision_number: str = "") -> Round:
    """Move the round to its next state. Entering self-assessment and appraisal scores
    the data again; publishing freezes the results as revision 1."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _office_only(actor, round_)
    target = RoundState.NEXT.get(round_.state)
    if target is None:
        raise ValidationError(_("Đợt đánh giá đã được công bố."), code="published")
    if target in (RoundState.SELF_ASSESSMENT, RoundState.APPRAISAL):
        score_from_data(round_, actor)
    old = round_.state
    round_.state = target
    fields = ["state"]
    if target == RoundState.PUBLISHED:
        round_.published_at = timezone.now()
        round_.decision_number = decision_number.strip()
        fields += ["published_at", "decision_number"]
    round_.save(update_fields=fields)
    if target == RoundState.PUBLISHED:
        _new_revision(round_, actor, _("Công bố kết quả"))
    record_audit(actor, "par.round_" + target, round_, f"{round_}: {old} → {target}")
    return round_


def _new_revision(round_: Round, actor: Any, reason: str) -> Revision:
    number = round_.revision + 1
    revision = Revision.objects.create(
        round=round_,
        number=number,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason,
        snapshot=results.snapshot(round_),
    )
    round_.revision = number
    round_.save(update_fields=["revision"])
    return revision


def _locked_score(score: Score) -> Score:
    return (
        Score.objects.select_for_update(of=("self",))
        .select_related("criterion", "participant__round__office", "participant__unit")
        .get(pk=score.pk)
    )


@transaction.atomic
def do_self_assess(score: Score, *, actor: Any, value: Decimal | None, note: str = "") -> Score:
    """The unit's own assessment of a sub-criterion the data does not decide: a rate in
    percent, 1/0, a count or claimed points, depending on the rule."""
    score = _locked_score(score)
    participant, c = score.participant, score.criterion
    if actor is not None and not permissions.self_assesses(actor, participant):
        raise PermissionDenied(_("Chỉ lãnh đạo, cán bộ CCHC của đơn vị được tự đánh giá."))
    _in_state(participant.round, RoundState.SELF_ASSESSMENT)
    if c.source:
        raise ValidationError(
            _("Tiêu chí này được chấm tự động từ số liệu của hệ thống."), code="auto"
        )
    if value is not None and value < 0:
        raise ValidationError(_("Giá trị tự đánh giá không được âm."), code="negative")
    rule = c.to_rule()
    assert rule is not None
    old = score.self_points
    score.value = value
    score.self_points = rules.score(rule, value, has_evidence=score.evidence.exists())
    score.self_note = note.strip()
    score.final_points = _final(score)
    score.save(update_fields=["value", "self_points", "self_note", "final_points"])
    _change(score, ChangeStage.SELF, old, actor, note)
    _retotal(participant)
    record_audit(actor, "par.self_assess", score, f"{c.number}: {value} → {score.self_points}")
    return score


@transaction.atomic
def do_add_evidence(score: Score, *, actor: Any, upload: Any) -> Evidence:
    score = _locked_score(score)
    participant = score.participant
    if actor is not None and not permissions.self_assesses(actor, participant):
        raise PermissionDenied(
            _("Chỉ lãnh đạo, cán bộ CCHC của đơn vị được nộp tài liệu kiểm chứng.")
        )
    _in_state(participant.round, RoundState.SELF_ASSESSMENT)
    checked = check_upload(upload, office=True)
    evidence = Evidence(score=score, file_name=checked.name, uploaded_by=actor)
    evidence.file.save(f"{checked.sha256[:16]}{checked.extension}", upload, save=False)
    evidence.save()
    if not score.criterion.source and score.value is not None:
        # A manual sub-criterion counts only with evidence: score it again.
        rule = score.criterion.to_rule()
        assert rule is not None
        old = score.self_points
        score.self_points = rules.score(rule, score.value, has_evidence=True)
        score.final_points = _final(score)
        score.save(update_fields=["self_points", "final_points"])
        if old != score.self_points:
            _change(score, ChangeStage.SELF, old, actor, checked.name)
        _retotal(participant)
    record_audit(actor, "par.evidence", score, f"{score.criterion.number}: {checked.name}")
    return evidence


@transaction.atomic
def do_submit_self_assessment(participant: Participant, *, actor: Any) -> Participant:
    participant = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("round", "unit")
        .get(pk=participant.pk)
    )
    if actor is not None and not permissions.self_assesses(actor, participant):
        raise PermissionDenied(
            _("Chỉ lãnh đạo, cán bộ CCHC của đơn vị được nộp kết quả tự đánh giá.")
        )
    _in_state(participant.round, RoundState.SELF_ASSESSMENT)
    participant.submitted_at = timezone.now()
    participant.save(update_fields=["submitted_at"])
    record_audit(
        actor, "par.self_submit", participant, f"{participant.unit.code}: {participant.self_score}"
    )
    return participant


def _check_points(score: Score, points: Decimal, reason: str) -> None:
    c = score.criterion
    low, high = (
        (-Decimal(c.max_points), Decimal(0))
        if c.rule == rules.DEDUCTION
        else (Decimal(0), Decimal(c.max_points))
    )
    if not low <= points <= high:
        raise ValidationError(
            _("Điểm của tiêu chí %(number)s phải từ %(low)s đến %(high)s.")
            % {"number": c.number, "low": low, "high": high},
            code="out_of_range",
        )
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do điều chỉnh điểm."), code="no_reason")


@transaction.atomic
def do_appraise(score: Score, *, actor: Any, points: Decimal, reason: str) -> Score:
    """The appraiser's points for a sub-criterion, with the reason; the self-assessed
    points stay beside them."""
    score = _locked_score(score)
    participant = score.participant
    _office_only(actor, participant.round)
    _in_state(participant.round, RoundState.APPRAISAL)
    _check_points(score, points, reason)
    old = score.appraised_points if score.appraised_points is not None else score.self_points
    score.appraised_points = rules.rounded(points)
    score.appraisal_reason = reason.strip()
    score.final_points = _final(score)
    score.save(update_fields=["appraised_points", "appraisal_reason", "final_points"])
    _change(score, ChangeStage.APPRAISAL, old, actor, reason)
    _retotal(participant)
    record_audit(
        actor, "par.appraise", score, f"{score.criterion.number}: {old} → {points}: {reason}"
    )
    return score


@transaction.atomic
def do_correct(score: Score, *, actor: Any, points: Decimal, reason: str) -> Revision:
    """A correction after publication: the score changes, and the results are published
    again as a new, visible revision (the earlier ones stay as they were)."""
    score = _locked_score(score)
    participant = score.participant
    round_ = Round.objects.select_for_update().get(pk=participant.round_id)
    _office_only(actor, round_)
    _in_state(round_, RoundState.PUBLISHED)
    _check_points(score, points, reason)
    old = score.final_points
    score.appraised_points = rules.rounded(points)
    score.appraisal_reason = reason.strip()
    score.final_points = _final(score)
    score.save(update_fields=["appraised_points", "appraisal_reason", "final_points"])
    _change(score, ChangeStage.CORRECTION, old, actor, reason, revision=round_.revision + 1)
    _retotal(participant)
    message = _("Đính chính tiêu chí %(number)s của %(unit)s: %(reason)s") % {
        "number": score.criterion.number,
        "unit": participant.unit.name,
        "reason": reason.strip(),
    }
    revision = _new_revision(round_, actor, message)
    record_audit(actor, "par.correct", round_, message, {"revision": revision.number})
    return revision


@transaction.atomic
def do_enter_survey(round_: Round, *, actor: Any, rows: Iterable[tuple[str, str, Decimal]]) -> int:
    """Survey results (unit code, key, value in percent) entered or imported; all or
    nothing. Survey-based sub-criteria are scored again."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _office_only(actor, round_)
    _in_state(round_, RoundState.DRAFT, RoundState.SELF_ASSESSMENT, RoundState.APPRAISAL)
    participants = {p.unit.code: p.unit for p in round_.participants.select_related("unit")}
    # The keys that the round's survey-based sub-criteria name (sipas, sipas.access...).
    keys = set(
        Criterion.objects.filter(
            tree__in=round_.groups.values("tree"), rule=rules.SURVEY
        ).values_list("source", flat=True)
    )
    errors: list[str] = []
    clean: list[tuple[Unit, str, Decimal]] = []
    for index, (code, key, value) in enumerate(rows, start=1):
        if code not in participants:
            errors.append(
                _("Dòng %(n)s: đơn vị %(code)s không tham gia đợt đánh giá.")
                % {"n": index, "code": code}
            )
        elif key not in keys:
            errors.append(_("Dòng %(n)s: chỉ số “%(key)s” không có.") % {"n": index, "key": key})
        elif value is None or not 0 <= value <= 100:
            errors.append(_("Dòng %(n)s: giá trị phải từ 0 đến 100.") % {"n": index})
        else:
            clean.append((participants[code], key, value))
    if errors:
        raise ValidationError(errors, code="bad_survey")
    for unit, key, value in clean:
        SurveyResult.objects.update_or_create(
            round=round_,
            unit=unit,
            key=key,
            defaults={
                "value": value,
                "entered_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
    score_from_data(round_, actor)
    record_audit(actor, "par.survey", round_, f"{round_}: {len(clean)} kết quả điều tra")
    return len(clean)
