"""Per-dossier ratings (đánh giá việc giải quyết hồ sơ) by the applicant."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.surveys.criteria import (
    ATTITUDE,
    CONTACTS,
    CRITERIA,
    LAWFUL_RESULT,
    OVERALL,
    PUBLICITY,
    TIMELINESS,
    Criterion,
)


def _score_field(criterion: Criterion) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(criterion.label, choices=criterion.choices())


def _in_levels(criterion: Criterion) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{criterion.field}__in": sorted(criterion.points())}),
        name=f"dossier_rating_{criterion.field}_level",
    )


class DossierRating(models.Model):
    """Đánh giá của người nộp về việc giải quyết một hồ sơ: once per dossier, after the
    result was delivered; one column per criterion holding the points of the chosen level
    (``motcua.surveys.criteria``)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="rating",
        verbose_name=_("hồ sơ"),
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người đánh giá"),
    )
    created_at = models.DateTimeField(_("thời điểm đánh giá"), default=timezone.now, db_index=True)
    publicity = _score_field(PUBLICITY)
    timeliness = _score_field(TIMELINESS)
    contacts = _score_field(CONTACTS)
    attitude = _score_field(ATTITUDE)
    lawful_result = _score_field(LAWFUL_RESULT)
    overall = _score_field(OVERALL)
    comment = models.TextField(_("ý kiến khác"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("đánh giá giải quyết hồ sơ")
        verbose_name_plural = _("đánh giá giải quyết hồ sơ")
        ordering = ["-created_at", "-id"]
        constraints = [_in_levels(c) for c in CRITERIA]

    def __str__(self) -> str:
        return f"{self.dossier_id} — {OVERALL.label_of(self.overall)}"
