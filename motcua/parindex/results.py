"""Results of a round: the criteria of a unit with self, appraised and final points, the
ranking and classification per group, and the frozen snapshot a publication stores.

Points travel as strings with two decimals inside snapshots (exact), as numbers in the
API."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from motcua.parindex import ranking, scorer, sources
from motcua.parindex.models import Participant, Round, Score
from motcua.parindex.rules import ZERO, rounded


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(rounded(Decimal(value)))


def criteria_tree(
    participant: Participant, scores: Iterable[Score] | None = None
) -> list[dict[str, Any]]:
    """The unit's criteria as nested dicts (fields first), each with its points; a
    parent's points are the sums of its leaves' (its appraised points: the leaves'
    final points)."""
    tree = participant.tree
    criteria = list(tree.criteria.all())
    by_criterion = {
        s.criterion_id: s for s in (scores if scores is not None else participant.scores.all())
    }
    plain_nodes = [c.node() for c in criteria]
    nodes: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for c in criteria:
        score = by_criterion.get(c.pk)
        item: dict[str, Any] = {
            "number": c.number,
            "name": c.name,
            "max_points": _s(
                c.max_points if c.is_leaf else scorer.node_maximum(plain_nodes, c.number)
            ),
            "rule": c.rule,
            "source": c.source,
            "self_points": None,
            "appraised_points": None,
            "final_points": None,
            "children": [],
        }
        if c.is_leaf and score is not None:
            item.update(
                self_points=_s(score.self_points),
                appraised_points=_s(score.appraised_points),
                final_points=_s(score.final_points),
                reason=score.appraisal_reason,
                figure=_figure(score),
            )
        nodes[c.number] = item
        parent = scorer.parent_number(c.number)
        (nodes[parent]["children"] if parent in nodes else roots).append(item)
    for item in reversed(list(nodes.values())):
        if item["children"]:
            kids = item["children"]
            item["self_points"] = _s(sum((Decimal(k["self_points"] or 0) for k in kids), ZERO))
            item["final_points"] = _s(sum((Decimal(k["final_points"] or 0) for k in kids), ZERO))
            item["appraised_points"] = item["final_points"]
    return roots


def _figure(score: Score) -> dict[str, Any] | None:
    if not score.figure_key:
        return None
    rate = score.rate
    return {
        "key": score.figure_key,
        "label": sources.label(score.figure_key),
        "numerator": score.figure_numerator,
        "denominator": score.figure_denominator,
        "rate": None if rate is None else float(round(rate, 2)),
        "drilldown": score.figure_drilldown,
        "missed": _missed_link(score),
    }


def _missed_link(score: Score) -> str:
    """The dossiers the figure missed (its denominator less its numerator), where the
    drill-down is the indicators' dossier list (which takes ``outcome=no``)."""
    link = score.figure_drilldown
    missed = (score.figure_denominator or 0) - (score.figure_numerator or 0)
    if not link or "indicator=" not in link or missed <= 0:
        return ""
    return f"{link}&outcome=no"


def standings(round_: Round) -> list[dict[str, Any]]:
    """Every participant's score, maximum, rank (None in a group that is only
    classified) and classification, group by group, best first."""
    rows: list[dict[str, Any]] = []
    for round_group in round_.groups.select_related("group", "tree"):
        participants = list(round_group.participants.select_related("unit"))
        maximum = Decimal(round_group.tree.max_score)
        bands = round_group.tree.class_bands()
        ranks = ranking.competition_ranks({p.unit.code: Decimal(p.score) for p in participants})
        for p in sorted(participants, key=lambda p: (ranks[p.unit.code], p.unit.code)):
            rows.append(
                {
                    "unit": p.unit.code,
                    "name": p.unit.name,
                    "group": round_group.group.code,
                    "group_name": round_group.group.name,
                    "ranked": round_group.group.ranked,
                    "score": _s(p.score),
                    "self_score": _s(p.self_score),
                    "max_score": _s(maximum),
                    "rank": ranks[p.unit.code] if round_group.group.ranked else None,
                    "classification": ranking.classify(Decimal(p.score), maximum, bands),
                }
            )
    return rows


def snapshot(round_: Round) -> dict[str, Any]:
    """What a publication freezes: the standings and every unit's criteria."""
    rows = standings(round_)
    participants = {
        p.unit.code: p
        for p in round_.participants.select_related("unit", "round_group__tree").prefetch_related(
            "scores"
        )
    }
    for row in rows:
        row["criteria"] = criteria_tree(participants[row["unit"]])
    return {"units": rows}


def lost_points(participant: Participant) -> list[dict[str, Any]]:
    """Every sub-criterion that lost points, with how many and why (the rule, the figure
    behind it, the appraiser's reason)."""
    items = []
    for score in participant.scores.select_related("criterion").order_by("criterion__position"):
        c = score.criterion
        final = Decimal(score.final_points)
        lost = -final if c.rule == "deduction" else Decimal(c.max_points) - final
        if lost <= 0:
            continue
        items.append(
            {
                "score": score,
                "criterion": c,
                "lost": rounded(lost),
                "rule": c.rule_text(),
                "figure": _figure(score),
                "reason": score.appraisal_reason or score.self_note,
            }
        )
    return items
