"""The applicant rates the settlement of their dossier: once, after delivery, only them."""

import pytest
from django.core.exceptions import ValidationError

from motcua.core.models import AuditEntry
from motcua.dossiers import actions, intake
from motcua.dossiers.workflow import TransitionRefused
from motcua.surveys.actions import do_rate_dossier
from motcua.surveys.criteria import CRITERIA, OVERALL, SATISFIED_LEVELS, suggested_timeliness
from motcua.surveys.models import DossierRating
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

SCORES = {
    "publicity": 2,
    "timeliness": 1,
    "contacts": 2,
    "attitude": 2,
    "lawful_result": 2,
    "overall": 5,
}


def test_the_applicant_rates_a_delivered_dossier_once(delivered, citizen):
    dossier = delivered(citizen)
    rating = do_rate_dossier(dossier, actor=citizen, scores=SCORES, comment="  Cán bộ tận tình. ")
    rating.refresh_from_db()
    assert rating.dossier == dossier and rating.rater == citizen
    assert {c.field: getattr(rating, c.field) for c in CRITERIA} == SCORES
    assert rating.comment == "Cán bộ tận tình."
    audit = AuditEntry.objects.get(verb="dossier.rate")
    assert audit.actor == citizen and audit.data["scores"] == SCORES
    assert audit.summary == f"Đánh giá hồ sơ {dossier.code}: Rất hài lòng"

    with pytest.raises(TransitionRefused) as second:
        do_rate_dossier(dossier, actor=citizen, scores={**SCORES, "overall": 1})
    assert second.value.code == "already_rated"
    assert "chỉ được đánh giá một lần" in second.value.message
    assert DossierRating.objects.get().overall == 5


def test_a_dossier_not_yet_delivered_cannot_be_rated(receive, citizen, clerk, specialist, leader):
    dossier = receive(applicant=intake.Applicant("Trần Văn Bình", user=citizen))
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_hand_on(dossier, actor=specialist)
    actions.do_complete(dossier, actor=leader, result_summary="Giấy chứng nhận kết hôn")
    with pytest.raises(TransitionRefused) as refused:
        do_rate_dossier(dossier, actor=citizen, scores=SCORES)
    assert refused.value.code == "not_delivered"
    assert refused.value.message == "Chỉ đánh giá được sau khi đã nhận kết quả giải quyết hồ sơ."
    assert not DossierRating.objects.exists()


def test_only_the_applicant_may_rate(delivered, citizen, clerk):
    dossier = delivered(citizen)
    for someone in (UserFactory(), clerk, None):
        with pytest.raises(TransitionRefused) as refused:
            do_rate_dossier(dossier, actor=someone, scores=SCORES)
        assert refused.value.code == "forbidden"
    assert not DossierRating.objects.exists()
    assert not AuditEntry.objects.filter(verb="dossier.rate").exists()


@pytest.mark.parametrize(
    "scores",
    [
        {k: v for k, v in SCORES.items() if k != "attitude"},
        {**SCORES, "overall": 6},
        {**SCORES, "contacts": 3},
        {**SCORES, "publicity": "tốt"},
    ],
)
def test_every_criterion_needs_one_of_its_levels(delivered, citizen, scores):
    dossier = delivered(citizen)
    with pytest.raises(ValidationError) as invalid:
        do_rate_dossier(dossier, actor=citizen, scores=scores)
    assert invalid.value.code == "invalid_score"
    assert invalid.value.messages[0].startswith("Chọn một mức cho tiêu chí")
    assert not DossierRating.objects.exists()


def test_satisfied_means_the_two_highest_overall_levels():
    assert SATISFIED_LEVELS == {5, 4}
    assert [OVERALL.label_of(p) for p in sorted(SATISFIED_LEVELS, reverse=True)] == [
        "Rất hài lòng",
        "Hài lòng",
    ]


def test_the_form_suggests_the_timeliness_the_record_shows(delivered, citizen):
    dossier = delivered(citizen)  # completed the day it was received, due days later
    assert suggested_timeliness(dossier) == 2
    dossier.is_late = True
    assert suggested_timeliness(dossier) == 0
