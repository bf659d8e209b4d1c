"""A SIPAS survey through its actions: template file, sample from the delivered
dossiers, links, interviewer entry, and the results the PAR index and the dashboards
read (``selectors.sipas``, ``selectors.figures``)."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core.figures import Figure
from motcua.surveys import actions, selectors, templatefile
from motcua.surveys.models import Respondent, SurveyTemplate
from motcua.surveys.tests.sipas_sample import hand_built_sample, raw_answers

pytestmark = pytest.mark.django_db


def test_the_shipped_template_keeps_five_elements_asked_three_ways_and_says_it_is_open():
    assert templatefile.load_shipped() == 4  # 2023, 2024, 2025, 2026
    assert templatefile.load_shipped() == 0  # idempotent
    t = templatefile.template_for(2025)
    assert (t.version, t.source_status, t.overall_rule, t.satisfied_levels) == (
        1,
        "open",
        "mean_of_elements",
        [4, 5],
    )
    assert "1001/QĐ-BNV" in t.source
    assert t.element_keys() == ["access", "procedure", "official", "result", "feedback"]
    assert [label for _, label in t.scale("satisfaction")][-1] == "Rất hài lòng"
    assert templatefile.template_for(2027) is None


def test_a_template_file_with_errors_imports_nothing():
    bad = '{"name": "X", "years": [2025], "source_status": "maybe", "satisfied_levels": [6],'
    bad += ' "overall_rule": "mean_of_elements", "scales": {}, "elements": [{"key": "A b"}]}'
    with pytest.raises(templatefile.TemplateFileError) as caught:
        templatefile.do_import_template(actor=None, content=bad)
    assert len(caught.value.errors) >= 5
    assert "“source_status” phải là verified, secondary hoặc open." in caught.value.errors
    assert SurveyTemplate.objects.count() == 0


def test_a_new_version_of_a_year_replaces_the_older_for_new_surveys():
    templatefile.load_shipped()
    content = (templatefile.SHIPPED / "sipas-2023-2026.json").read_text(encoding="utf-8")
    content = content.replace('"source_status": "open"', '"source_status": "verified"')
    created = templatefile.do_import_template(actor=None, content=content, file_name="v2.json")
    assert [(t.year, t.version) for t in created] == [(2023, 2), (2024, 2), (2025, 2), (2026, 2)]
    assert templatefile.template_for(2025).source_status == "verified"


def test_the_sample_is_drawn_from_the_delivered_dossiers_of_the_year_reproducibly(
    four_delivered, receive, commune, reform_officer
):
    receive()  # received, not delivered: outside the frame
    templatefile.load_shipped()
    survey = actions.do_create_survey(
        actor=reform_officer, unit=commune.parent, year=2025, sample_size=2, seed=11
    )
    assert (survey.frame_start, survey.frame_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert len(actions.sample_frame(survey)) == 4
    assert actions.do_draw_sample(survey, actor=reform_officer) == 2
    first = list(survey.respondents.values_list("dossier_id", flat=True))
    actions.do_draw_sample(survey, actor=reform_officer)  # drawn again: the same
    assert list(survey.respondents.values_list("dossier_id", flat=True)) == first
    ids = sorted(d.pk for d in four_delivered)
    r = survey.respondents.first()
    assert (r.unit_id, r.field.code) == (commune.pk, "HT")
    assert set(first) <= set(ids)
    none_in_2026 = actions.do_create_survey(
        actor=reform_officer,
        unit=commune,
        year=2025,
        sample_size=2,
        seed=1,
        frame_start=date(2026, 1, 1),
        frame_end=date(2026, 6, 30),
    )
    with pytest.raises(ValidationError) as caught:
        actions.do_draw_sample(none_in_2026, actor=reform_officer)
    assert caught.value.code == "empty_frame"


def test_only_the_reform_office_runs_a_survey(commune, leader, reform_officer):
    templatefile.load_shipped()
    with pytest.raises(PermissionDenied):
        actions.do_create_survey(actor=leader, unit=commune, year=2025, sample_size=5, seed=1)
    with pytest.raises(ValidationError):
        actions.do_create_survey(
            actor=reform_officer, unit=commune, year=2027, sample_size=5, seed=1
        )


def test_the_sipas_of_a_hand_built_sample(four_delivered, commune, reform_officer, province):
    survey = hand_built_sample(commune, reform_officer, four_delivered)
    assert survey.respondents.filter(channel="interviewer").count() == 4
    expected = {
        "unit": commune.code,
        "year": 2025,
        "respondents": 4,
        "overall": D("80.00"),
        "elements": {
            "access": D("75.00"),
            "procedure": D("50.00"),
            "official": D("100.00"),
            "result": D("100.00"),
            "feedback": D("75.00"),
        },
    }
    assert selectors.sipas(commune, 2025) == expected
    # The province's subtree holds the same respondents.
    assert selectors.sipas(province, 2025)["overall"] == D("80.00")
    assert selectors.sipas(commune, 2024) is None
    figures = selectors.sipas_figures(commune, 2025)
    assert figures["sipas"] == Figure(
        "sipas", 16, 20, f"/surveys/results/?unit={commune.code}&year=2025"
    )
    assert (figures["sipas.procedure"].numerator, figures["sipas.procedure"].denominator) == (2, 4)
    # The dashboards: the year the period ends in; N/A where there is no survey.
    assert selectors.figures(commune, date(2025, 7, 1), date(2025, 9, 30))["sipas"].rate == 80.0
    assert selectors.figures(commune, date(2026, 1, 1), date(2026, 3, 31))["sipas"].rate is None


def test_a_respondent_answers_once(four_delivered, commune, reform_officer):
    survey = hand_built_sample(commune, reform_officer, four_delivered)
    respondent = survey.respondents.first()
    with pytest.raises(actions.LinkUsed):
        actions.do_enter_interview(respondent, actor=reform_officer, raw=raw_answers(0))
    with pytest.raises(actions.LinkUsed) as caught:
        actions.do_answer_by_link(respondent.token, raw=raw_answers(0))
    assert "đã được trả lời" in caught.value.messages[0]
    with pytest.raises(Respondent.DoesNotExist):
        actions.do_answer_by_link("not-a-token", raw=raw_answers(0))


def test_an_incomplete_answer_is_refused_and_nothing_is_written(
    four_delivered, commune, reform_officer
):
    templatefile.load_shipped()
    survey = actions.do_create_survey(
        actor=reform_officer, unit=commune, year=2025, sample_size=4, seed=3
    )
    actions.do_draw_sample(survey, actor=reform_officer)
    actions.do_issue_links(survey, actor=reform_officer)
    respondent = survey.respondents.first()
    raw = raw_answers(0)
    del raw["feedback.expectation"]
    with pytest.raises(ValidationError):
        actions.do_answer_by_link(respondent.token, raw=raw)
    respondent.refresh_from_db()
    assert respondent.answered_at is None and respondent.answers.count() == 0
    actions.do_answer_by_link(respondent.token, raw=raw_answers(1))
    respondent.refresh_from_db()
    assert respondent.channel == "web" and respondent.answers.count() == 15
    actions.do_close_survey(survey, actor=reform_officer)
    other = survey.respondents.filter(answered_at__isnull=True).first()
    with pytest.raises(actions.LinkUsed):
        actions.do_answer_by_link(other.token, raw=raw_answers(1))
