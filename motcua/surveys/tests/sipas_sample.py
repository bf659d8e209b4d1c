"""A hand-built SIPAS sample for the tests of this area and of the PAR index: four
delivered dossiers of the commune, all sampled, answered by an interviewer with the
satisfaction levels below (elements in the template's order: access, procedure, official,
result, feedback).

Expected, satisfied = level 4 or 5:
  access 3/4 = 75.00 · procedure 2/4 = 50.00 · official 4/4 = 100.00 · result 4/4 = 100.00
  · feedback 3/4 = 75.00 · overall (mean of the elements) 16/20 = 80.00
  · respondents satisfied with every element 2/4 = 50.00
"""

from __future__ import annotations

import time_machine

from motcua.dossiers import actions as dossier_actions
from motcua.surveys import actions, templatefile
from motcua.surveys.sipas import ASPECTS, EXPECTATION, PERCEPTION, SATISFACTION

ELEMENTS = ("access", "procedure", "official", "result", "feedback")
SATISFACTIONS = [(5, 4, 5, 4, 5), (4, 3, 4, 5, 2), (3, 3, 4, 4, 4), (5, 5, 5, 5, 5)]
# Expectation of "access" per respondent (the mean is 2.75); every other answer is 4.
ACCESS_EXPECTATIONS = [1, 2, 3, 5]


def raw_answers(index: int) -> dict[str, str]:
    raw = {}
    for e, element in enumerate(ELEMENTS):
        for aspect in ASPECTS:
            value = 4
            if aspect == SATISFACTION:
                value = SATISFACTIONS[index][e]
            elif aspect == EXPECTATION and element == "access":
                value = ACCESS_EXPECTATIONS[index]
            elif aspect == PERCEPTION:
                value = 4
            raw[f"{element}.{aspect}"] = str(value)
    return raw


def deliver(receive, clerk, specialist, leader, count: int, when: str = "2025-03-10 09:00 +07:00"):
    """``count`` dossiers delivered on ``when`` (through the real actions)."""
    out = []
    with time_machine.travel(when, tick=False):
        for _ in range(count):
            dossier = receive()
            dossier_actions.do_hand_on(dossier, actor=clerk)
            dossier_actions.do_hand_on(dossier, actor=specialist)
            dossier_actions.do_complete(dossier, actor=leader, result_summary="Giấy chứng nhận")
            dossier_actions.do_return_result(dossier, actor=clerk)
            out.append(dossier)
    return out


def hand_built_sample(unit, officer, dossiers):
    """The survey of ``unit`` for 2025 taking every one of the four ``dossiers``, answered
    as ``SATISFACTIONS`` says (respondents in dossier order)."""
    templatefile.load_shipped()
    survey = actions.do_create_survey(
        actor=officer, unit=unit, year=2025, sample_size=10, seed=2025
    )
    assert actions.do_draw_sample(survey, actor=officer) == len(dossiers) == 4
    actions.do_issue_links(survey, actor=officer)
    for index, respondent in enumerate(survey.respondents.order_by("dossier_id")):
        actions.do_enter_interview(respondent, actor=officer, raw=raw_answers(index))
    return survey
