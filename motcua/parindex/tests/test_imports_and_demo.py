"""Many scores at once (all or nothing), and the demo's PAR content."""

from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError

from motcua.parindex import actions, imports
from motcua.parindex.models import Score


@pytest.fixture
def round_(groups, province, office):
    with time_machine.travel("2026-01-20 09:00 +07:00", tick=False):
        round_ = actions.do_open_round(
            actor=office, year=2025, name="R", office=province, groups=groups
        )
        return actions.do_advance_round(round_, actor=office)


def test_self_assessment_and_appraisal_imports_are_all_or_nothing(
    round_, office, commune, other_commune
):
    with pytest.raises(ValidationError) as caught:
        imports.do_import_self_assessment(
            round_,
            actor=None,
            rows=[
                (commune.code, "1.3", D("1"), ""),
                (commune.code, "1.1", D("1"), ""),
                (commune.code, "7.7", D("1"), ""),
            ],
        )
    assert len(caught.value.messages) == 2  # 1.1 is data-decided, 7.7 does not exist
    assert Score.objects.get(participant__unit=commune, criterion__number="1.3").self_points is None
    assert (
        imports.do_import_self_assessment(
            round_,
            actor=None,
            rows=[(commune.code, "1.3", D("1"), ""), (other_commune.code, "3.2", D("40"), "")],
        )
        == 2
    )
    assert round_.participants.get(unit=other_commune).self_score == D("1.00")  # 40 × 2 ÷ 80
    round_ = actions.do_advance_round(round_, actor=office)
    with pytest.raises(ValidationError):
        imports.do_import_appraisal(
            round_,
            actor=office,
            rows=[
                (commune.code, "1.3", D("0"), "Không có kế hoạch"),
                (commune.code, "9.1", D("1"), "x"),
            ],
        )
    imports.do_import_appraisal(
        round_, actor=office, rows=[(commune.code, "1.3", D("0"), "Không có kế hoạch")]
    )
    s = Score.objects.get(participant__unit=commune, criterion__number="1.3")
    assert (s.self_points, s.appraised_points, s.appraisal_reason) == (
        D("1.00"),
        D("0.00"),
        "Không có kế hoạch",
    )


@pytest.mark.django_db
def test_the_demo_has_a_published_round_a_plan_and_overdue_tasks():
    from django.test.utils import override_settings

    from motcua.demo.loader import load_demo
    from motcua.directives.models import Directive, Task
    from motcua.parindex.models import RemediationPlan, Round
    from motcua.parindex.results import standings

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        load_demo()
        load_demo()  # idempotent
    [round_] = Round.objects.all()
    assert (round_.year, round_.state, round_.revision) == (2025, "published", 1)
    rows = standings(round_)
    by_group = {}
    for row in rows:
        by_group.setdefault(row["group"], []).append(row)
    assert {g: len(r) for g, r in by_group.items()} == {
        "departments": 12,
        "communes": 13,
        "vertical": 3,
    }
    assert [r["rank"] for r in by_group["communes"]][:6] == [1, 2, 3, 4, 4, 6]  # a shared rank
    assert all(r["rank"] is None and r["classification"] for r in by_group["vertical"])
    nha_trang = next(r for r in rows if r["unit"] == "000.04.40.H56")
    assert (nha_trang["score"], nha_trang["rank"], nha_trang["classification"]) == (
        "87.95",
        12,
        "Nhóm B",
    )
    # Its data-decided leaves are scored from the indicators of the history the demo has
    # just imported (in the same transaction), not N/A.
    from motcua.parindex.models import Score
    from motcua.parindex.sources import figures_for

    leaf = Score.objects.select_related("participant__unit").get(
        participant__round=round_,
        participant__unit__code="000.04.40.H56",
        criterion__number="3.4.1",
    )
    on_time = figures_for(leaf.participant.unit, 2025)["on_time"]
    assert leaf.figure_denominator == on_time.denominator > 0
    assert leaf.figure_numerator == on_time.numerator
    plan = RemediationPlan.objects.get()
    assert sorted(plan.items.values_list("number", flat=True)) == [
        "1.7",
        "3.4.1",
        "7.3.3.2",
        "7.3.4",
    ]
    directive = Directive.objects.get(number="05/CT-UBND")
    assert Task.objects.filter(directive=directive).overdue().count() == 2
