"""The PAR index's survey part from the surveys area: a survey-based sub-criterion scored
from a hand-built SIPAS sample, automatically; a result entered for the round still wins."""

from decimal import Decimal as D

import time_machine

from motcua.dossiers.tests import conftest as dossier_fixtures
from motcua.parindex import actions
from motcua.parindex.models import Score
from motcua.surveys.tests.sipas_sample import deliver, hand_built_sample

marriage = dossier_fixtures.marriage
receive = dossier_fixtures.receive


def sipas_score(round_, unit):
    return Score.objects.get(
        participant__round=round_, participant__unit=unit, criterion__number="8.1"
    )


@time_machine.travel("2026-01-20 09:00 +07:00", tick=False)
def test_a_survey_sub_criterion_is_scored_from_the_sipas_results(
    groups, province, office, commune, other_commune, receive, clerk, specialist, leader
):
    dossiers = deliver(receive, clerk, specialist, leader, 4)
    hand_built_sample(commune, office, dossiers)
    round_ = actions.do_open_round(
        actor=office, year=2025, name="Chỉ số CCHC năm 2025", office=province, groups=groups
    )
    actions.do_advance_round(round_, actor=office)  # → self-assessment, scored from the data
    # 8.1 SIPAS, 4 points, no threshold: 80.00 % × 4 ÷ 100 = 3.20.
    score = sipas_score(round_, commune)
    assert (score.value, score.self_points) == (D("80.00"), D("3.20"))
    assert (score.figure_numerator, score.figure_denominator) == (16, 20)
    assert score.figure_drilldown == f"/surveys/results/?unit={commune.code}&year=2025"
    # No survey there: nothing to score from.
    assert sipas_score(round_, other_commune).self_points == D("0")
    # Manual entry or import is kept as it was, and wins over the survey.
    actions.do_enter_survey(round_, actor=office, rows=[(commune.code, "sipas", D("85"))])
    assert sipas_score(round_, commune).self_points == D("3.40")
