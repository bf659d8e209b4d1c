"""Write actions of the surveys area (one function per verb)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import TransitionRefused
from motcua.surveys.criteria import CRITERIA, OVERALL
from motcua.surveys.models import DossierRating

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
