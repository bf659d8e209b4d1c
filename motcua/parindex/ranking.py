"""Ranking and classification of the units of a group (xếp hạng, xếp loại).

Ranks are competition ranks: units with the same score (to the two decimals published)
share a rank and the next rank skips (1, 2, 2, 4), as published rankings do. A group that
is only classified (seed 002: the vertically managed agencies, "xếp loại tốt, không xếp
hạng") gets no rank at all. Classification bands are data (e.g. the 2024 national bands,
group A ≥ 90 %, group B 80–90 %, LAW.md §5): a unit is in the highest band whose lower
bound its score reaches, as a percentage of the tree's maximum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from motcua.parindex.rules import HUNDRED, rounded


def competition_ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Unit key → rank, highest score first; equal (rounded) scores share a rank."""
    ordered = sorted(scores.items(), key=lambda item: (-rounded(item[1]), item[0]))
    ranks: dict[str, int] = {}
    previous: Decimal | None = None
    current = 0
    for position, (key, value) in enumerate(ordered, start=1):
        value = rounded(value)
        if value != previous:
            current, previous = position, value
        ranks[key] = current
    return ranks


@dataclass(frozen=True)
class ClassBand:
    label: str
    min_percent: Decimal


def percent_of(score: Decimal, maximum: Decimal) -> Decimal:
    if maximum <= 0:
        return Decimal(0)
    return HUNDRED * score / maximum


def classify(score: Decimal, maximum: Decimal, bands: Sequence[ClassBand]) -> str:
    """The label of the highest band reached, or ``""`` below every band."""
    percent = percent_of(score, maximum)
    for band in sorted(bands, key=lambda b: b.min_percent, reverse=True):
        if percent >= band.min_percent:
            return band.label
    return ""
