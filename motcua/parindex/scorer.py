"""A criteria tree scored: the pure arithmetic of fields → criteria → sub-criteria.

Only the leaves (sub-criteria) carry a rule and earn points; every other node's points
are the sum of the leaves below it, and a unit's score is the sum of all leaves, the
deductions (negative) included. The maximum of the tree is the sum of the maxima of the
leaves that are not deductions (a deduction's maximum is the most it can take off).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from motcua.parindex.rules import DEDUCTION, ZERO, Rule

NUMBER = re.compile(r"^\d+(\.\d+)*$")


@dataclass(frozen=True)
class Node:
    """One node of a tree: ``number`` like ``"7.3.3.2"``; ``rule`` None for a node that
    has children."""

    number: str
    name: str
    max_points: Decimal
    rule: Rule | None = None

    @property
    def is_deduction(self) -> bool:
        return self.rule is not None and self.rule.kind == DEDUCTION


def parent_number(number: str) -> str | None:
    """``"3.4.1"`` → ``"3.4"``; a field (``"3"``) has no parent."""
    head, sep, _tail = number.rpartition(".")
    return head if sep else None


def sort_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def leaf_numbers(nodes: Sequence[Node]) -> list[str]:
    parents = {parent_number(n.number) for n in nodes}
    return [n.number for n in nodes if n.number not in parents]


def max_score(nodes: Sequence[Node]) -> Decimal:
    leaves = set(leaf_numbers(nodes))
    return sum((n.max_points for n in nodes if n.number in leaves and not n.is_deduction), ZERO)


def node_maximum(nodes: Sequence[Node], number: str) -> Decimal:
    """The maximum of a node: its own for a leaf (0 for a deduction), else the sum of the
    maxima of the leaves below it."""
    leaves = set(leaf_numbers(nodes))
    prefix = number + "."
    return sum(
        (
            n.max_points
            for n in nodes
            if n.number in leaves
            and not n.is_deduction
            and (n.number == number or n.number.startswith(prefix))
        ),
        ZERO,
    )


def totals(nodes: Sequence[Node], leaf_points: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Points of every node: a leaf its own (0 when unscored), a parent the sum of the
    leaves below it. The key ``""`` holds the unit's score."""
    result: dict[str, Decimal] = {n.number: ZERO for n in nodes}
    result[""] = ZERO
    for number in leaf_numbers(nodes):
        points = leaf_points.get(number, ZERO)
        result[number] = points
        parent = parent_number(number)
        while parent is not None:
            result[parent] += points
            parent = parent_number(parent)
        result[""] += points
    return result


@dataclass(frozen=True)
class TreeProblem:
    """Where a tree is wrong: the node's ``number`` and a message key (see ``validate``)."""

    number: str
    problem: str


def validate(nodes: Sequence[Node]) -> list[TreeProblem]:
    """What is wrong with a tree, in order: ``bad_number`` (not like 3.4.1), ``duplicate``,
    ``orphan`` (its parent is not listed before it), ``parent_has_rule`` (a node with
    children carries a rule), ``leaf_without_rule``, ``max_mismatch`` (a parent's maximum is
    not the sum of its leaves' maxima, deductions counted as 0), ``empty``."""
    problems: list[TreeProblem] = []
    if not nodes:
        return [TreeProblem("", "empty")]
    seen: set[str] = set()
    for node in nodes:
        if not NUMBER.match(node.number):
            problems.append(TreeProblem(node.number, "bad_number"))
            continue
        if node.number in seen:
            problems.append(TreeProblem(node.number, "duplicate"))
            continue
        parent = parent_number(node.number)
        if parent is not None and parent not in seen:
            problems.append(TreeProblem(node.number, "orphan"))
        seen.add(node.number)
    if problems:
        return problems
    leaves = set(leaf_numbers(nodes))
    for node in nodes:
        if node.number in leaves and node.rule is None:
            problems.append(TreeProblem(node.number, "leaf_without_rule"))
        if node.number not in leaves:
            if node.rule is not None:
                problems.append(TreeProblem(node.number, "parent_has_rule"))
            elif node.max_points != node_maximum(nodes, node.number):
                problems.append(TreeProblem(node.number, "max_mismatch"))
    return problems
