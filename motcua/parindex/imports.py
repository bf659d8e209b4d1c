"""Many scores at once, all or nothing: a unit's self-assessment and the office's
appraisal entered from a spreadsheet (one row per unit and sub-criterion). The same
rules as one score at a time (``actions.do_self_assess`` / ``do_appraise``), checked for
every row before anything is written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.core.uploads import check_upload
from motcua.parindex import permissions, rules
from motcua.parindex.actions import (
    _check_points,
    _final,
    _in_state,
    _office_only,
    _retotal,
    save_fields,
)
from motcua.parindex.choices import ChangeStage, RoundState
from motcua.parindex.models import Evidence, Participant, Round, Score, ScoreChange


def _scores(round_: Round) -> dict[tuple[str, str], Score]:
    return {
        (s.participant.unit.code, s.criterion.number): s
        for s in Score.objects.filter(participant__round=round_).select_related(
            "criterion", "participant__unit"
        )
    }


def _who(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def do_import_self_assessment(
    round_: Round,
    *,
    actor: Any,
    rows: Iterable[tuple[str, str, Decimal | None, str]],
    evidence: Mapping[tuple[str, str], Any] | None = None,
) -> int:
    """Rows of (unit code, number, value, note); ``evidence`` maps (unit code, number) to
    an uploaded file for that score."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _in_state(round_, RoundState.SELF_ASSESSMENT)
    scores = _scores(round_)
    evidence = evidence or {}
    errors: list[str] = []
    todo: list[tuple[Score, Decimal | None, str]] = []
    for index, (code, number, value, note) in enumerate(rows, start=1):
        score = scores.get((code, number))
        if score is None:
            errors.append(
                _("Dòng %(n)s: không có tiêu chí %(c)s của đơn vị %(u)s.")
                % {"n": index, "c": number, "u": code}
            )
        elif score.criterion.source:
            errors.append(
                _("Dòng %(n)s: tiêu chí %(c)s được chấm tự động.") % {"n": index, "c": number}
            )
        elif value is not None and value < 0:
            errors.append(_("Dòng %(n)s: giá trị không được âm.") % {"n": index})
        elif actor is not None and not permissions.self_assesses(actor, score.participant):
            raise PermissionDenied(_("Chỉ lãnh đạo, cán bộ CCHC của đơn vị được tự đánh giá."))
        else:
            todo.append((score, value, note))
    checked = {}
    for key, upload in evidence.items():
        try:
            checked[key] = check_upload(upload, office=True)
        except ValidationError as exc:
            errors.append(f"{key[0]} {key[1]}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError(errors, code="bad_rows")
    for key, upload in evidence.items():
        item = Evidence(score=scores[key], file_name=checked[key].name, uploaded_by=_who(actor))
        item.file.save(f"{checked[key].sha256[:16]}{checked[key].extension}", upload, save=False)
        item.save()
    with_evidence = set(
        Evidence.objects.filter(score__participant__round=round_).values_list("score_id", flat=True)
    )
    changes = []
    for score, value, note in todo:
        rule = score.criterion.to_rule()
        assert rule is not None
        old = score.self_points
        score.value, score.self_note = value, note.strip()
        score.self_points = rules.score(rule, value, has_evidence=score.pk in with_evidence)
        score.final_points = _final(score)
        changes.append(
            ScoreChange(
                score=score,
                stage=ChangeStage.SELF,
                old_points=old,
                new_points=score.self_points,
                reason=note,
                actor=_who(actor),
            )
        )
    for score, _value, _note in todo:
        save_fields(score, ["value", "self_note", "self_points", "final_points"])
    ScoreChange.objects.bulk_create(changes, batch_size=500)
    for participant in Participant.objects.filter(pk__in={t[0].participant_id for t in todo}):
        _retotal(participant)
    record_audit(actor, "par.self_import", round_, f"{round_}: {len(todo)} điểm tự đánh giá")
    return len(todo)


@transaction.atomic
def do_import_appraisal(
    round_: Round, *, actor: Any, rows: Iterable[tuple[str, str, Decimal, str]]
) -> int:
    """Rows of (unit code, number, points, reason)."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _office_only(actor, round_)
    _in_state(round_, RoundState.APPRAISAL)
    scores = _scores(round_)
    errors: list[str] = []
    todo: list[tuple[Score, Decimal, str]] = []
    for index, (code, number, points, reason) in enumerate(rows, start=1):
        score = scores.get((code, number))
        if score is None:
            errors.append(
                _("Dòng %(n)s: không có tiêu chí %(c)s của đơn vị %(u)s.")
                % {"n": index, "c": number, "u": code}
            )
            continue
        try:
            _check_points(score, points, reason)
        except ValidationError as exc:
            errors.append(_("Dòng %(n)s: %(e)s") % {"n": index, "e": " ".join(exc.messages)})
            continue
        todo.append((score, points, reason))
    if errors:
        raise ValidationError(errors, code="bad_rows")
    changes = []
    for score, points, reason in todo:
        old = score.appraised_points if score.appraised_points is not None else score.self_points
        score.appraised_points, score.appraisal_reason = rules.rounded(points), reason.strip()
        score.final_points = _final(score)
        changes.append(
            ScoreChange(
                score=score,
                stage=ChangeStage.APPRAISAL,
                old_points=old,
                new_points=score.appraised_points,
                reason=reason,
                actor=_who(actor),
            )
        )
    for score, _points, _reason in todo:
        save_fields(score, ["appraised_points", "appraisal_reason", "final_points"])
    ScoreChange.objects.bulk_create(changes, batch_size=500)
    for participant in Participant.objects.filter(pk__in={t[0].participant_id for t in todo}):
        _retotal(participant)
    record_audit(actor, "par.appraisal_import", round_, f"{round_}: {len(todo)} điểm thẩm định")
    return len(todo)
