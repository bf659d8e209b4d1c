"""The scoring rules of the PAR index (Chỉ số CCHC): one pure function per rule kind.

A criteria tree (``motcua.parindex.models.Criterion``) gives each sub-criterion a maximum
and one of these rules; the input is a plain number (a rate in percent, a count, a yes/no,
claimed points) and the output is points, rounded half-up to two decimals as the published
decisions print them (seed 002: "97.57 điểm"). ``None`` in means "no data": the
sub-criterion is not scored (0 points, shown as "N/A"), never silently full.

Sources of the rules:

- threshold-proportional: the national portal's formula for the 766 index (Quyết định
  766/QĐ-TTg, 23/06/2022, as the portal computes it — LAW.md §3, secondary): full points at
  or above the threshold, otherwise rate × points ÷ threshold; the provinces' PAR-index
  schemes use the same form for their rate criteria (e.g. 3.4.1/3.4.2 on time at 97 %,
  seed 003).
- bands, yes/no, count against a quota, manual with evidence, survey-based and deductions:
  the forms that the provincial and local PAR-index schemes use (Đề án of QĐ 876/QĐ-BNV
  for the provinces, and each province's own decision for its departments and communes,
  e.g. Hà Nội QĐ 5666/QĐ-UBND, 2025 — LAW.md §5); the numbers themselves (thresholds,
  bands, quotas, points off) are data in the tree, never constants here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

THRESHOLD = "threshold"
BANDS = "bands"
YES_NO = "yes_no"
QUOTA = "quota"
MANUAL = "manual"
SURVEY = "survey"
DEDUCTION = "deduction"
KINDS = (THRESHOLD, BANDS, YES_NO, QUOTA, MANUAL, SURVEY, DEDUCTION)
# Kinds whose input is a rate in percent.
RATE_KINDS = frozenset({THRESHOLD, BANDS, SURVEY})


def rounded(value: Decimal) -> Decimal:
    """Points as published: two decimals, half up."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    """A rate at or above ``min_rate`` (percent) earns ``points``."""

    min_rate: Decimal
    points: Decimal


@dataclass(frozen=True)
class Rule:
    """How one sub-criterion is scored. ``max_points`` is the maximum (for a deduction:
    the most that can be taken off). ``threshold`` in percent (threshold, survey),
    ``bands`` highest first (bands), ``quota`` (count against a quota), ``per_item``
    points off for each listed failure (deduction)."""

    kind: str
    max_points: Decimal
    threshold: Decimal | None = None
    bands: tuple[Band, ...] = field(default_factory=tuple)
    quota: int | None = None
    per_item: Decimal | None = None


def threshold_points(rate: Decimal | None, max_points: Decimal, threshold: Decimal) -> Decimal:
    """Full at ≥ ``threshold`` %, else rate × max ÷ threshold (QĐ 766 as the portal
    computes it). No data: 0."""
    if rate is None:
        return ZERO
    if rate >= threshold:
        return rounded(max_points)
    return rounded(max(rate, ZERO) * max_points / threshold)


def band_points(rate: Decimal | None, bands: Sequence[Band]) -> Decimal:
    """The points of the highest band whose lower bound the rate reaches (e.g. ≥ 97 %
    full, 90–97 % half, below nothing); below every band, or no data: 0."""
    if rate is None:
        return ZERO
    for band in sorted(bands, key=lambda b: b.min_rate, reverse=True):
        if rate >= band.min_rate:
            return rounded(band.points)
    return ZERO


def yes_no_points(done: bool | None, max_points: Decimal) -> Decimal:
    """Done: the maximum; not done or not reported: 0."""
    return rounded(max_points) if done else ZERO


def quota_points(count: int | None, quota: int, max_points: Decimal) -> Decimal:
    """A count against a quota (initiatives: 3 a year, seed 003): full at ≥ quota, else
    count × max ÷ quota."""
    if count is None or count <= 0:
        return ZERO
    if count >= quota:
        return rounded(max_points)
    return rounded(Decimal(count) * max_points / Decimal(quota))


def manual_points(claimed: Decimal | None, max_points: Decimal, has_evidence: bool) -> Decimal:
    """Points the unit claims, counted only with an evidence file (tài liệu kiểm chứng),
    and never beyond the maximum."""
    if claimed is None or not has_evidence:
        return ZERO
    return rounded(min(max(claimed, ZERO), max_points))


def survey_points(value: Decimal | None, max_points: Decimal, threshold: Decimal | None) -> Decimal:
    """A survey index in percent (SIPAS or the province's own survey): with a threshold,
    full at or above it and proportional below; without one, value × max ÷ 100."""
    if value is None:
        return ZERO
    if threshold is not None:
        return threshold_points(value, max_points, threshold)
    return rounded(min(max(value, ZERO), HUNDRED) * max_points / HUNDRED)


def deduction_points(failures: int | None, per_item: Decimal, cap: Decimal) -> Decimal:
    """Points taken off for each listed failure (điểm trừ, which seed 002 asks to
    strengthen), at most ``cap``: a number ≤ 0."""
    if failures is None or failures <= 0:
        return ZERO
    return -rounded(min(Decimal(failures) * per_item, cap))


def score(rule: Rule, value: Decimal | None, *, has_evidence: bool = False) -> Decimal:
    """The points of one sub-criterion for ``value``: a rate in percent (threshold, bands,
    survey), 1/0 (yes/no), a count (quota, deduction) or claimed points (manual)."""
    kind = rule.kind
    if kind == THRESHOLD:
        assert rule.threshold is not None
        return threshold_points(value, rule.max_points, rule.threshold)
    if kind == BANDS:
        return band_points(value, rule.bands)
    if kind == YES_NO:
        return yes_no_points(None if value is None else value > 0, rule.max_points)
    if kind == QUOTA:
        assert rule.quota is not None
        return quota_points(None if value is None else int(value), rule.quota, rule.max_points)
    if kind == MANUAL:
        return manual_points(value, rule.max_points, has_evidence)
    if kind == SURVEY:
        return survey_points(value, rule.max_points, rule.threshold)
    if kind == DEDUCTION:
        assert rule.per_item is not None
        return deduction_points(
            None if value is None else int(value), rule.per_item, rule.max_points
        )
    raise ValueError(f"unknown rule kind {kind!r}")


def value_from_figure(kind: str, numerator: int, denominator: int) -> Decimal | None:
    """The input a figure (``motcua.core.figures.Figure``) gives a rule: its rate for the
    rate kinds, its count (numerator) for a quota, "all done" for yes/no, and the misses
    (denominator − numerator) for a deduction. A zero denominator gives no rate (N/A)."""
    if kind in RATE_KINDS:
        if denominator == 0:
            return None
        return HUNDRED * Decimal(numerator) / Decimal(denominator)
    if kind == QUOTA:
        return Decimal(numerator)
    if kind == YES_NO:
        if denominator == 0:
            return None
        return Decimal(1) if numerator >= denominator else ZERO
    if kind == DEDUCTION:
        return Decimal(max(denominator - numerator, 0))
    return None


def parse_bands(text: str) -> tuple[Band, ...]:
    """``"97=2; 90=1"`` → rate ≥ 97 % earns 2 points, ≥ 90 % earns 1 (highest first).
    Raises ValueError on a malformed band."""
    bands: list[Band] = []
    for part in text.replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise ValueError(part)
        low, points = (p.strip().rstrip("%") for p in part.split("=", 1))
        bands.append(Band(Decimal(low), Decimal(points)))
    if not bands:
        raise ValueError(text)
    return tuple(sorted(bands, key=lambda b: b.min_rate, reverse=True))


def format_bands(bands: Sequence[Band]) -> str:
    return "; ".join(f"{plain(b.min_rate)}={plain(b.points)}" for b in bands)


def plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
