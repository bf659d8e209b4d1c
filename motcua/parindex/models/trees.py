"""Criteria trees (bộ tiêu chí) as data: per year and per group of comparable units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.parindex import rules, scorer
from motcua.parindex.choices import RuleKind
from motcua.parindex.ranking import ClassBand


class UnitGroup(models.Model):
    """Khối đơn vị: units scored on the same tree and ranked together (departments,
    communes and wards...), or only classified (vertically managed agencies, seed 002)."""

    code = models.SlugField(_("mã khối"), max_length=40, unique=True)
    name = models.CharField(_("tên khối"), max_length=200)
    ranked = models.BooleanField(_("xếp hạng"), default=True)
    units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="+", verbose_name=_("đơn vị")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("khối đơn vị")
        verbose_name_plural = _("khối đơn vị")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class CriteriaTree(models.Model):
    """Bộ tiêu chí of one year for one group; importing again makes a new version (a tree
    a round uses never changes)."""

    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    group = models.ForeignKey(UnitGroup, on_delete=models.PROTECT, related_name="trees")
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    max_score = models.DecimalField(_("tổng điểm tối đa"), max_digits=7, decimal_places=2)
    source_name = models.CharField(_("tệp nguồn"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["-year", "group__position", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "group", "version"], name="tree_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year}, v{self.version})"

    def nodes(self) -> list[scorer.Node]:
        return [c.node() for c in self.criteria.all()]

    def class_bands(self) -> list[ClassBand]:
        return [ClassBand(b.label, b.min_percent) for b in self.bands.all()]


class ClassificationBand(models.Model):
    """Mức xếp loại: a score at or above ``min_percent`` of the maximum earns ``label``."""

    tree = models.ForeignKey(CriteriaTree, on_delete=models.CASCADE, related_name="bands")
    label = models.CharField(_("xếp loại"), max_length=100)
    min_percent = models.DecimalField(_("từ (% điểm tối đa)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-min_percent"]

    def __str__(self) -> str:
        return f"{self.label} ≥ {self.min_percent}%"


class Criterion(models.Model):
    """Lĩnh vực, tiêu chí or tiêu chí thành phần, numbered ``7.3.3.2``. Only leaves carry a
    rule; ``source`` names the figure that scores it automatically (``"766.2.1"``,
    ``"on_time"``, ``"sipas"``...), empty when the unit self-assesses it."""

    tree = models.ForeignKey(CriteriaTree, on_delete=models.CASCADE, related_name="criteria")
    number = models.CharField(_("số thứ tự"), max_length=30)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name = models.CharField(_("tên tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    rule = models.CharField(_("cách chấm"), max_length=20, choices=RuleKind.choices(), blank=True)
    threshold = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    bands = models.CharField(max_length=200, blank=True)
    quota = models.PositiveIntegerField(null=True, blank=True)
    per_item = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=60, blank=True)
    guidance = models.TextField(_("hướng dẫn"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["tree", "number"], name="criterion_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_leaf(self) -> bool:
        return bool(self.rule)

    @property
    def depth(self) -> int:
        return self.number.count(".")

    @property
    def is_auto(self) -> bool:
        return bool(self.source)

    def to_rule(self) -> rules.Rule | None:
        if not self.rule:
            return None
        return rules.Rule(
            kind=self.rule,
            max_points=Decimal(self.max_points),
            threshold=self.threshold,
            bands=rules.parse_bands(self.bands) if self.bands else (),
            quota=self.quota,
            per_item=self.per_item,
        )

    def node(self) -> scorer.Node:
        return scorer.Node(self.number, self.name, Decimal(self.max_points), self.to_rule())

    def rule_text(self) -> str:
        """The rule in a few words, as the scorecard shows it."""
        kind = self.rule
        parts: list[Any] = [RuleKind.label(kind)] if kind else []
        if self.threshold is not None:
            parts.append(f"≥ {rules.plain(Decimal(self.threshold))}%")
        if self.bands:
            parts.append(self.bands)
        if self.quota:
            parts.append(f"{_('chỉ tiêu')} {self.quota}")
        if self.per_item is not None:
            parts.append(f"−{self.per_item}/{_('lỗi')}")
        return " · ".join(str(p) for p in parts)
