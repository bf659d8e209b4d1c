"""The yearly round (đợt đánh giá): participants, their scores per sub-criterion with
the self-assessed and the appraised points both kept, evidence files, survey results,
every change with its reason, and the frozen publications (revisions)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.querysets import RestrictedQuerySet
from motcua.parindex.choices import ChangeStage, RoundState
from motcua.parindex.models.trees import CriteriaTree, Criterion, UnitGroup


class RoundQuerySet(RestrictedQuerySet["Round"]):
    pass


class Round(models.Model):
    """Đợt đánh giá Chỉ số CCHC of a year, run by the home-affairs office (``office``)."""

    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    name = models.CharField(_("tên đợt đánh giá"), max_length=300)
    office = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan chủ trì")
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=RoundState.choices(), default=RoundState.DRAFT
    )
    revision = models.PositiveSmallIntegerField(_("lần công bố"), default=0)
    decision_number = models.CharField(_("số quyết định công bố"), max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt đánh giá Chỉ số CCHC")
        verbose_name_plural = _("đợt đánh giá Chỉ số CCHC")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.state == RoundState.PUBLISHED

    def latest_revision(self) -> Revision | None:
        return self.revisions.order_by("-number").first()

    @classmethod
    def restrict_queryset(cls, qs: RoundQuerySet, user: Any, action: str) -> Any:
        """Staff who see the office or one of the participating units see the round."""
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        from motcua.org.models import Unit

        units = Unit.objects.restrict(user, "view")
        return qs.filter(Q(office__in=units) | Q(participants__unit__in=units)).distinct()


class RoundGroup(models.Model):
    """A group of the round and the tree it is scored on."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="groups")
    group = models.ForeignKey(UnitGroup, on_delete=models.PROTECT, related_name="+")
    tree = models.ForeignKey(CriteriaTree, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["group__position", "group__code"]
        constraints = [models.UniqueConstraint(fields=["round", "group"], name="round_group_once")]

    def __str__(self) -> str:
        return f"{self.round} — {self.group}"


class Participant(models.Model):
    """A unit scored in a round; ``score`` is the live sum of its final points."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    round_group = models.ForeignKey(
        RoundGroup, on_delete=models.CASCADE, related_name="participants"
    )
    score = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(0))
    self_score = models.DecimalField(max_digits=7, decimal_places=2, default=Decimal(0))
    submitted_at = models.DateTimeField(_("nộp tự đánh giá lúc"), null=True, blank=True)

    class Meta:
        ordering = ["round_group__group__position", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="participant_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.unit}"

    @property
    def tree(self) -> CriteriaTree:
        return self.round_group.tree


class Score(models.Model):
    """Điểm của một tiêu chí thành phần: the figure behind it (key, numerator,
    denominator, drill-down), the value the rule was given, the self-assessed points,
    the appraised points with their reason, and the final points (appraised if set,
    else self-assessed)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    figure_key = models.CharField(max_length=60, blank=True)
    figure_numerator = models.IntegerField(null=True, blank=True)
    figure_denominator = models.IntegerField(null=True, blank=True)
    figure_drilldown = models.CharField(max_length=500, blank=True)
    value = models.DecimalField(
        _("số liệu"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    self_points = models.DecimalField(
        _("điểm tự đánh giá"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    self_note = models.TextField(_("giải trình"), blank=True)
    appraised_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraisal_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    final_points = models.DecimalField(
        _("điểm đạt"), max_digits=6, decimal_places=2, default=Decimal(0)
    )

    class Meta:
        ordering = ["criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "criterion"], name="score_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.criterion.number}: {self.final_points}"

    @property
    def rate(self) -> Decimal | None:
        if self.figure_denominator:
            return (
                Decimal(100)
                * Decimal(self.figure_numerator or 0)
                / Decimal(self.figure_denominator)
            )
        return None


class Evidence(models.Model):
    """Tài liệu kiểm chứng attached by the unit to a self-assessed score."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="par/evidence/%Y/")
    file_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.file_name


class ScoreChange(models.Model):
    """Every change of a score's points: from the data, the unit, the appraiser or a
    correction after publication, with its reason (append-only)."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="changes")
    stage = models.CharField(max_length=20, choices=ChangeStage.choices())
    old_points = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    new_points = models.DecimalField(max_digits=6, decimal_places=2, null=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    revision = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.stage}: {self.old_points} → {self.new_points}"


class SurveyResult(models.Model):
    """A survey result of a unit for the round (SIPAS or the province's own survey),
    entered or imported by the office: ``key`` is what a survey sub-criterion names as
    its source (``"sipas"``, ``"sipas.access"``...), ``value`` an index in percent."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="survey_results")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=60)
    value = models.DecimalField(max_digits=6, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "key"], name="survey_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.key} = {self.value}"


class Revision(models.Model):
    """A publication of the round's results, frozen: number 1 is the publication, each
    correction after it a new revision with its reason. ``snapshot`` holds every unit's
    score, rank, classification and criteria as published."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} — {self.number}"
