"""The SIPAS rules as plain Python: the stratified, reproducible sample and the index of
a hand-built sample with exact values."""

from decimal import Decimal as D

import pytest

from motcua.surveys import sipas
from motcua.surveys.tests.sipas_sample import (
    ACCESS_EXPECTATIONS,
    ELEMENTS,
    SATISFACTIONS,
)

# Unit 1: 10 dossiers of field 10 and 5 of field 20; unit 2: 5 of field 10.
FRAME = (
    [sipas.Candidate(i, 1, 10) for i in range(1, 11)]
    + [sipas.Candidate(i, 1, 20) for i in range(11, 16)]
    + [sipas.Candidate(i, 2, 10) for i in range(16, 21)]
)


def test_the_sample_is_shared_between_strata_in_proportion_to_their_size():
    sizes = {(1, 10): 10, (1, 20): 5, (2, 10): 5}
    assert sipas.allocate(sizes, 8) == {(1, 10): 4, (1, 20): 2, (2, 10): 2}
    # Largest remainder: 3.5 / 1.0 / 0.5 → the tie on .5 goes to the larger stratum.
    assert sipas.allocate({(1, 1): 7, (1, 2): 2, (1, 3): 1}, 5) == {
        (1, 1): 4,
        (1, 2): 1,
        (1, 3): 0,
    }
    assert sipas.allocate(sizes, 50) == sizes  # more than the frame: everyone


def test_the_same_seed_draws_the_same_sample_whatever_the_order_of_the_frame():
    sample = sipas.draw(FRAME, 8, seed=2025)
    assert sample == [4, 5, 6, 10, 12, 15, 17, 19]
    assert sipas.draw(list(reversed(FRAME)), 8, seed=2025) == sample
    assert sipas.draw(FRAME, 8, seed=2026) != sample
    # Per stratum: 4 of unit 1 field 10, 2 of field 20, 2 of unit 2.
    assert [i for i in sample if i <= 10] and len([i for i in sample if i <= 10]) == 4
    assert len([i for i in sample if 11 <= i <= 15]) == 2
    assert len([i for i in sample if i >= 16]) == 2


def _responses():
    out = []
    for index, levels in enumerate(SATISFACTIONS):
        answers = {}
        for element, level in zip(ELEMENTS, levels, strict=True):
            answers[(element, sipas.PERCEPTION)] = 4
            answers[(element, sipas.SATISFACTION)] = level
            answers[(element, sipas.EXPECTATION)] = (
                ACCESS_EXPECTATIONS[index] if element == "access" else 4
            )
        out.append(answers)
    return out


def test_the_index_of_a_hand_built_sample():
    index = sipas.compute(_responses(), ELEMENTS, frozenset({4, 5}))
    assert index.respondents == 4
    assert {e.key: (e.satisfied, e.answered, e.rate) for e in index.elements} == {
        "access": (3, 4, D("75.00")),
        "procedure": (2, 4, D("50.00")),
        "official": (4, 4, D("100.00")),
        "result": (4, 4, D("100.00")),
        "feedback": (3, 4, D("75.00")),
    }
    assert (index.numerator, index.denominator, index.rate) == (16, 20, D("80.00"))
    access = index.element("access")
    assert (access.perception, access.satisfaction, access.expectation) == (
        D("4.00"),
        D("4.25"),
        D("2.75"),
    )


def test_the_overall_rule_and_the_satisfied_levels_are_template_data():
    every = sipas.compute(_responses(), ELEMENTS, frozenset({4, 5}), sipas.ALL_ELEMENTS)
    assert (every.numerator, every.denominator, every.rate) == (2, 4, D("50.00"))
    # Only "rất hài lòng" counted as satisfied: access 2/4, overall 9/20.
    strict = sipas.compute(_responses(), ELEMENTS, frozenset({5}))
    assert strict.element("access").rate == D("50.00")
    assert (strict.numerator, strict.denominator, strict.rate) == (9, 20, D("45.00"))
    with pytest.raises(ValueError):
        sipas.compute([], ELEMENTS, frozenset({4, 5}), "median")


def test_no_answers_is_not_a_zero():
    index = sipas.compute([], ELEMENTS, frozenset({4, 5}))
    assert index.rate is None and index.element("access").rate is None
