"""The SIPAS survey's rules as plain typed Python (no Django): drawing a stratified sample
and computing the index of a set of answers.

SIPAS (Chỉ số hài lòng về sự phục vụ hành chính) measures five elements of the service —
access to the service, the procedure, the civil servant, the result, the handling of
feedback — each asked as perception (nhận định), satisfaction (mức độ hài lòng) and
expectation (mong đợi) on a five-point scale. Sources and how sure they are: LAW.md §5 and
docs/surveys.md. What is not verified (the elements QĐ 1001/QĐ-BNV keeps for 2023–2026,
the levels that count as satisfied, how the overall index is made from the elements) is
data of the survey template, passed in here, never a constant.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

PERCEPTION = "perception"
SATISFACTION = "satisfaction"
EXPECTATION = "expectation"
ASPECTS = (PERCEPTION, SATISFACTION, EXPECTATION)
SCALE = (1, 2, 3, 4, 5)

# How the overall index is made from the elements (a template setting):
# the plain mean of the element indexes, or the share of respondents satisfied with every
# element.
MEAN_OF_ELEMENTS = "mean_of_elements"
ALL_ELEMENTS = "all_elements"
OVERALL_RULES = (MEAN_OF_ELEMENTS, ALL_ELEMENTS)

TWO_DECIMALS = Decimal("0.01")


# -- the sample ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One delivered dossier the sample may take: its id and its stratum (unit, field)."""

    dossier_id: int
    unit_id: int
    field_id: int | None


Stratum = tuple[int, int | None]


def allocate(sizes: Mapping[Stratum, int], total: int) -> dict[Stratum, int]:
    """How many to draw from each stratum: proportional to its size (largest remainder,
    ties to the larger stratum, then to the smaller key), never more than it holds. When
    the sample is at least the population, everything is taken."""
    population = sum(sizes.values())
    if total >= population:
        return dict(sizes)
    if total <= 0 or population == 0:
        return {key: 0 for key in sizes}
    quotas = {key: Fraction(n * total, population) for key, n in sizes.items()}
    out = {key: int(q) for key, q in quotas.items()}
    left = total - sum(out.values())
    order = sorted(
        sizes,
        key=lambda k: (-(quotas[k] - out[k]), -sizes[k], _sortable(k)),
    )
    for key in order[:left]:
        out[key] += 1
    return out


def _sortable(key: Stratum) -> tuple[int, int]:
    unit_id, field_id = key
    return unit_id, -1 if field_id is None else field_id


def draw(candidates: Iterable[Candidate], size: int, seed: int) -> list[int]:
    """A sample of ``size`` dossier ids stratified by (unit, field), reproducible: the
    same candidates, size and seed always give the same sample, whatever order the
    candidates come in. Each stratum is drawn with its own generator seeded from the
    survey's seed and the stratum, so that one stratum's draw does not move another's."""
    strata: dict[Stratum, list[int]] = {}
    for c in candidates:
        strata.setdefault((c.unit_id, c.field_id), []).append(c.dossier_id)
    quotas = allocate({key: len(ids) for key, ids in strata.items()}, size)
    chosen: list[int] = []
    for key in sorted(strata, key=_sortable):
        ids = sorted(strata[key])
        n = quotas[key]
        if n >= len(ids):
            chosen.extend(ids)
            continue
        unit_id, field_id = _sortable(key)
        rng = random.Random(f"{seed}:{unit_id}:{field_id}")
        chosen.extend(sorted(rng.sample(ids, n)))
    return sorted(chosen)


# -- the index -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementIndex:
    """One element over a set of respondents: ``satisfied`` of ``answered`` gave a
    satisfied level; averages of the three aspects (1–5, None when nobody answered)."""

    key: str
    answered: int
    satisfied: int
    perception: Decimal | None
    satisfaction: Decimal | None
    expectation: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        return percent(self.satisfied, self.answered)


@dataclass(frozen=True)
class SipasIndex:
    """The index of a set of respondents: per element, and overall as the template's rule
    says: ``numerator`` ÷ ``denominator`` (both whole numbers, so that the figure is an
    exact ratio: for the mean of the elements, satisfied answers over answers — the same
    as the mean of the element rates, every respondent answering every element)."""

    respondents: int
    elements: tuple[ElementIndex, ...]
    numerator: int
    denominator: int
    rule: str

    @property
    def rate(self) -> Decimal | None:
        return percent(self.numerator, self.denominator)

    def element(self, key: str) -> ElementIndex | None:
        for e in self.elements:
            if e.key == key:
                return e
        return None


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator ÷ denominator × 100 to two decimals (half up); None for 0 ÷ 0."""
    if denominator == 0:
        return None
    return (Decimal(numerator * 100) / Decimal(denominator)).quantize(
        TWO_DECIMALS, rounding=ROUND_HALF_UP
    )


def _mean(values: Sequence[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(
        TWO_DECIMALS, rounding=ROUND_HALF_UP
    )


# One respondent's answers: (element key, aspect) → level 1–5.
Answers = Mapping[tuple[str, str], int]


def compute(
    responses: Iterable[Answers],
    elements: Sequence[str],
    satisfied_levels: frozenset[int],
    rule: str = MEAN_OF_ELEMENTS,
) -> SipasIndex:
    """The SIPAS index of ``responses`` (one mapping per respondent) over ``elements``.

    Element index = respondents whose satisfaction with the element is one of
    ``satisfied_levels`` (the template's; 4 and 5, "hài lòng" and "rất hài lòng", in the
    shipped ones) ÷ respondents who answered it. Overall: ``mean_of_elements`` = satisfied
    answers over all elements ÷ answers (= the mean of the element indexes when everyone
    answers every element, as both answering paths require); ``all_elements`` =
    respondents satisfied with every element ÷ respondents."""
    if rule not in OVERALL_RULES:
        raise ValueError(f"unknown overall rule {rule!r}")
    responses = list(responses)
    values: dict[tuple[str, str], list[int]] = {(e, a): [] for e in elements for a in ASPECTS}
    satisfied = dict.fromkeys(elements, 0)
    all_satisfied = 0
    for answers in responses:
        every = bool(elements)
        for e in elements:
            for a in ASPECTS:
                level = answers.get((e, a))
                if level is not None:
                    values[(e, a)].append(level)
            level = answers.get((e, SATISFACTION))
            if level in satisfied_levels:
                satisfied[e] += 1
            else:
                every = False
        all_satisfied += int(every)
    per_element = tuple(
        ElementIndex(
            key=e,
            answered=len(values[(e, SATISFACTION)]),
            satisfied=satisfied[e],
            perception=_mean(values[(e, PERCEPTION)]),
            satisfaction=_mean(values[(e, SATISFACTION)]),
            expectation=_mean(values[(e, EXPECTATION)]),
        )
        for e in elements
    )
    if rule == MEAN_OF_ELEMENTS:
        numerator = sum(x.satisfied for x in per_element)
        denominator = sum(x.answered for x in per_element)
    else:
        numerator, denominator = all_satisfied, len(responses)
    return SipasIndex(
        respondents=len(responses),
        elements=per_element,
        numerator=numerator,
        denominator=denominator,
        rule=rule,
    )
