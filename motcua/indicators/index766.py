"""The 766 index (Quyết định 766/QĐ-TTg, 23/06/2022; LAW.md §3): its tree is data
(``data/index766.csv``: groups, sub-indicators, points, thresholds, sources — secondary
facts an administrator may correct), its scoring a pure function of the counted figures.

Typed pure code: no Django.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from motcua.core.figures import Figure
from motcua.indicators.formulas import points

DATA = Path(__file__).parent / "data" / "index766.csv"


@dataclass(frozen=True)
class Definition:
    group: str
    group_name: str
    id: str
    name: str
    max_points: float
    threshold: float | None
    source: str


@dataclass(frozen=True)
class Scored:
    definition: Definition
    numerator: int
    denominator: int
    rate: float | None
    points: float


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    points: float
    max_points: float
    indicators: tuple[Scored, ...]


@dataclass(frozen=True)
class IndexResult:
    total_points: float
    max_points: float
    groups: tuple[Group, ...]


@cache
def definitions(path: Path = DATA) -> tuple[Definition, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Definition(
                group=row["group"],
                group_name=row["group_name"],
                id=row["id"],
                name=row["name"],
                max_points=float(row["points"]),
                threshold=float(row["threshold"]) if row["threshold"] else None,
                source=row["source"],
            )
            for row in csv.DictReader(handle)
        )


def score(figures: dict[str, Figure], path: Path = DATA) -> IndexResult:
    """Every sub-indicator of the tree scored on ``figures["766.<id>"]`` (a missing
    figure is N/A: zero denominator, no points)."""
    groups: dict[str, list[Scored]] = {}
    names: dict[str, str] = {}
    for d in definitions(path):
        figure = figures.get(f"766.{d.id}", Figure(f"766.{d.id}", 0, 0))
        rate = figure.rate
        groups.setdefault(d.group, []).append(
            Scored(
                d,
                figure.numerator,
                figure.denominator,
                rate,
                points(rate, d.max_points, d.threshold),
            )
        )
        names[d.group] = d.group_name
    built = tuple(
        Group(
            id=gid,
            name=names[gid],
            points=sum(s.points for s in items),
            max_points=sum(s.definition.max_points for s in items),
            indicators=tuple(items),
        )
        for gid, items in groups.items()
    )
    return IndexResult(
        total_points=sum(g.points for g in built),
        max_points=sum(g.max_points for g in built),
        groups=built,
    )
