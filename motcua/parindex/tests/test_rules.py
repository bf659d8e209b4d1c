"""Every rule kind with exact points, and a hand-built unit scored on a small tree."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.parindex import ranking, rules, scorer
from motcua.parindex.rules import Band, Rule


def test_threshold_is_full_at_the_threshold_and_proportional_below():
    assert rules.threshold_points(D("97"), D("2"), D("97")) == D("2.00")
    assert rules.threshold_points(D("99.5"), D("2"), D("97")) == D("2.00")
    # 90 × 2 ÷ 97 = 1.8556… → 1.86
    assert rules.threshold_points(D("90"), D("2"), D("97")) == D("1.86")
    assert rules.threshold_points(None, D("2"), D("97")) == D("0")


def test_bands_give_the_points_of_the_highest_band_reached():
    bands = rules.parse_bands("90=1; 97=2")
    assert bands == (Band(D("97"), D("2")), Band(D("90"), D("1")))
    assert rules.band_points(D("97"), bands) == D("2.00")
    assert rules.band_points(D("96.99"), bands) == D("1.00")
    assert rules.band_points(D("89.9"), bands) == D("0")
    assert rules.format_bands(bands) == "97=2; 90=1"


def test_malformed_bands_are_refused():
    with pytest.raises(ValueError):
        rules.parse_bands("97:2")
    with pytest.raises(ValueError):
        rules.parse_bands("")


def test_yes_no_quota_manual_survey_and_deduction():
    assert rules.yes_no_points(True, D("1")) == D("1.00")
    assert rules.yes_no_points(False, D("1")) == D("0")
    assert rules.quota_points(3, 3, D("1.5")) == D("1.50")
    assert rules.quota_points(2, 3, D("1.5")) == D("1.00")
    assert rules.quota_points(0, 3, D("1.5")) == D("0")
    assert rules.manual_points(D("0.75"), D("1"), has_evidence=True) == D("0.75")
    assert rules.manual_points(D("0.75"), D("1"), has_evidence=False) == D("0")
    assert rules.manual_points(D("3"), D("1"), has_evidence=True) == D("1.00")
    # SIPAS 86.4 % on 10 points without a threshold: 8.64; with a threshold of 90: 9.60.
    assert rules.survey_points(D("86.4"), D("10"), None) == D("8.64")
    assert rules.survey_points(D("86.4"), D("10"), D("90")) == D("9.60")
    assert rules.deduction_points(3, D("0.5"), D("2")) == D("-1.50")
    assert rules.deduction_points(9, D("0.5"), D("2")) == D("-2.00")
    assert rules.deduction_points(0, D("0.5"), D("2")) == D("0")


def test_a_figure_gives_each_kind_its_input():
    assert rules.value_from_figure("threshold", 45, 50) == D("90")
    assert rules.value_from_figure("threshold", 0, 0) is None
    assert rules.value_from_figure("quota", 2, 3) == D("2")
    assert rules.value_from_figure("yes_no", 4, 4) == D("1")
    assert rules.value_from_figure("yes_no", 3, 4) == D("0")
    assert rules.value_from_figure("deduction", 7, 10) == D("3")


TREE = [
    scorer.Node("1", "Công tác chỉ đạo điều hành", D("4")),
    scorer.Node("1.5", "Đổi mới, sáng tạo", D("1.5"), Rule("quota", D("1.5"), quota=3)),
    scorer.Node("1.7", "Nhiệm vụ được giao", D("1"), Rule("yes_no", D("1"))),
    scorer.Node("1.8", "Báo cáo CCHC", D("1.5"), Rule("manual", D("1.5"))),
    scorer.Node("3", "Cải cách TTHC", D("4")),
    scorer.Node("3.4", "Kết quả giải quyết", D("4")),
    scorer.Node(
        "3.4.1", "Đúng hạn (cấp huyện)", D("2"), Rule("threshold", D("2"), threshold=D("97"))
    ),
    scorer.Node(
        "3.4.2",
        "Đúng hạn (cấp xã)",
        D("2"),
        Rule("bands", D("2"), bands=(Band(D("97"), D("2")), Band(D("90"), D("1")))),
    ),
    scorer.Node("8", "Tác động", D("10")),
    scorer.Node("8.1", "SIPAS", D("10"), Rule("survey", D("10"))),
    scorer.Node("9", "Điểm trừ", D("0")),
    scorer.Node(
        "9.1", "Hồ sơ trễ hạn không xin lỗi", D("2"), Rule("deduction", D("2"), per_item=D("0.5"))
    ),
]


def test_a_hand_built_unit_scores_exactly_on_a_small_tree():
    assert scorer.validate(TREE) == []
    inputs = {  # (value, has evidence)
        "1.5": (D("2"), False),  # 2 initiatives of 3: 1.00
        "1.7": (D("1"), False),  # done: 1.00
        "1.8": (D("1.25"), True),  # claimed with evidence: 1.25
        "3.4.1": (D("95.5"), False),  # 95.5 × 2 ÷ 97 = 1.969… → 1.97
        "3.4.2": (D("93"), False),  # band 90–97: 1.00
        "8.1": (D("86.4"), False),  # SIPAS: 8.64
        "9.1": (D("3"), False),  # 3 failures × 0.5: −1.50
    }
    nodes = {n.number: n for n in TREE}
    points = {
        number: rules.score(nodes[number].rule, value, has_evidence=evidence)
        for number, (value, evidence) in inputs.items()
    }
    assert points == {
        "1.5": D("1.00"),
        "1.7": D("1.00"),
        "1.8": D("1.25"),
        "3.4.1": D("1.97"),
        "3.4.2": D("1.00"),
        "8.1": D("8.64"),
        "9.1": D("-1.50"),
    }
    result = scorer.totals(TREE, points)
    assert result["1"] == D("3.25")
    assert result["3"] == result["3.4"] == D("2.97")
    assert result["9"] == D("-1.50")
    assert result[""] == D("13.36")
    assert scorer.max_score(TREE) == D("18")


def test_tree_problems_are_named_by_number():
    bad = [
        scorer.Node("1", "A", D("3")),
        scorer.Node("1.1", "B", D("1"), Rule("yes_no", D("1"))),
        scorer.Node("2.1", "C", D("1"), Rule("yes_no", D("1"))),
        scorer.Node("1.1", "D", D("1"), Rule("yes_no", D("1"))),
        scorer.Node("x.1", "E", D("1")),
    ]
    assert scorer.validate(bad) == [
        scorer.TreeProblem("2.1", "orphan"),
        scorer.TreeProblem("1.1", "duplicate"),
        scorer.TreeProblem("x.1", "bad_number"),
    ]
    mismatch = [
        scorer.Node("1", "A", D("3")),
        scorer.Node("1.1", "B", D("1"), Rule("yes_no", D("1"))),
    ]
    assert scorer.validate(mismatch) == [scorer.TreeProblem("1", "max_mismatch")]
    assert scorer.validate([scorer.Node("1", "A", D("3"))]) == [
        scorer.TreeProblem("1", "leaf_without_rule")
    ]


def test_ties_share_a_rank_and_the_next_rank_skips():
    ranks = ranking.competition_ranks(
        {"a": D("97.57"), "b": D("90.10"), "c": D("90.104"), "d": D("85.18")}
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_classification_uses_the_bands_as_data():
    bands = [ranking.ClassBand("A", D("90")), ranking.ClassBand("B", D("80"))]
    assert ranking.classify(D("90"), D("100"), bands) == "A"
    assert ranking.classify(D("44.5"), D("50"), bands) == "B"  # 89 %
    assert ranking.classify(D("79.99"), D("100"), bands) == ""


@settings(max_examples=60, deadline=None)
@given(
    rate=st.decimals(min_value=0, max_value=100, places=2),
    maximum=st.decimals(min_value=D("0.25"), max_value=20, places=2),
    threshold=st.decimals(min_value=1, max_value=100, places=2),
)
def test_threshold_points_never_exceed_the_maximum_and_grow_with_the_rate(rate, maximum, threshold):
    points = rules.threshold_points(rate, maximum, threshold)
    assert D(0) <= points <= rules.rounded(maximum)
    assert rules.threshold_points(min(rate + 1, D(100)), maximum, threshold) >= points
