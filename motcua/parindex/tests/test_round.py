"""A round from opening to publication and a correction after it: scoring from the
system's data, self-assessment with evidence, appraisal with a reason, survey results,
ranking with shared ranks, classification, frozen results and revisions; and the API."""

from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.directives import actions_checks
from motcua.org.choices import Role
from motcua.parindex import actions
from motcua.parindex.models import Score, ScoreChange
from motcua.testing.factories import staff

pytestmark = pytest.mark.usefixtures("commune_data")
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def score(round_, unit, number):
    return Score.objects.get(
        participant__round=round_, participant__unit=unit, criterion__number=number
    )


def leaf_sum(criteria):
    total = D(0)
    for c in criteria:
        total += leaf_sum(c["children"]) if c["children"] else D(str(c["final_points"]))
    return total


@pytest.fixture
def round_(groups, province, office):
    return actions.do_open_round(
        actor=office, year=2025, name="Chỉ số CCHC năm 2025", office=province, groups=groups
    )


@time_machine.travel("2026-01-20 09:00 +07:00", tick=False)
def test_a_round_from_opening_to_a_corrected_publication(
    round_, office, leader, commune, other_commune, groups, as_user
):
    third, tax = groups[0].units.get(code="000.03.40.H99"), groups[1].units.get()
    assert round_.participants.count() == 4
    with pytest.raises(PermissionDenied):
        actions.do_advance_round(round_, actor=leader)
    actions.do_advance_round(round_, actor=office)  # → self-assessment, scored from the data
    assert score(round_, commune, "1.1").self_points == D("1.00")  # 1 of 2 tasks on time
    assert score(round_, commune, "1.2").self_points == D("0.50")  # 1 initiative, quota 2
    assert score(round_, commune, "3.1").self_points == D("0.50")  # 1 of 2 findings closed
    assert score(round_, commune, "9.1").self_points == D("-0.50")  # 1 task missed
    one_one = score(round_, commune, "1.1")
    assert (one_one.figure_numerator, one_one.figure_denominator) == (1, 2)
    assert one_one.figure_drilldown.startswith("/directives/tasks/?unit=000.01.40.H99")

    actions.do_enter_survey(
        round_,
        actor=office,
        rows=[
            (commune.code, "sipas", D("85")),
            (other_commune.code, "sipas", D("90")),
            (third.code, "sipas", D("85")),
            (tax.code, "sipas", D("95")),
        ],
    )
    with pytest.raises(ValidationError):  # all or nothing
        actions.do_enter_survey(
            round_,
            actor=office,
            rows=[(commune.code, "sipas", D("80")), ("999.99.99.H99", "sipas", D("1"))],
        )
    assert score(round_, commune, "8.1").self_points == D("3.40")

    actions.do_self_assess(score(round_, commune, "1.3"), actor=leader, value=D("1"))
    manual = actions.do_self_assess(
        score(round_, commune, "1.4"), actor=leader, value=D("1"), note="Đủ báo cáo"
    )
    assert manual.self_points == D("0")  # no evidence yet
    actions.do_add_evidence(manual, actor=leader, upload=SimpleUploadedFile("bao-cao.pdf", PDF))
    assert score(round_, commune, "1.4").self_points == D("1.00")
    actions.do_self_assess(score(round_, commune, "3.2"), actor=leader, value=D("72"))
    with pytest.raises(ValidationError):  # data-decided: not self-assessed
        actions.do_self_assess(score(round_, commune, "1.1"), actor=leader, value=D("100"))
    outsider = staff(other_commune, Role.UNIT_HEAD)
    with pytest.raises(PermissionDenied):
        actions.do_self_assess(score(round_, commune, "1.3"), actor=outsider, value=D("1"))
    commune_row = round_.participants.get(unit=commune)
    assert commune_row.self_score == D("8.70")

    actions.do_advance_round(round_, actor=office)  # → appraisal
    with pytest.raises(ValidationError):  # a change needs its reason
        actions.do_appraise(score(round_, commune, "3.2"), actor=office, points=D("1.5"), reason="")
    with pytest.raises(ValidationError):
        actions.do_appraise(
            score(round_, commune, "3.2"), actor=office, points=D("2.5"), reason="x"
        )
    actions.do_appraise(
        score(round_, commune, "3.2"), actor=office, points=D("1.5"), reason="Kho bạc xác nhận 60%"
    )
    for unit in (other_commune, third):
        actions.do_appraise(
            score(round_, unit, "1.3"), actor=office, points=D("1"), reason="Có kế hoạch"
        )
    actions.do_appraise(
        score(round_, third, "1.4"), actor=office, points=D("0.2"), reason="Thiếu báo cáo quý"
    )
    appraised = score(round_, commune, "3.2")
    assert (appraised.self_points, appraised.appraised_points, appraised.final_points) == (
        D("1.80"),
        D("1.50"),
        D("1.50"),
    )
    assert ScoreChange.objects.filter(
        score=appraised, stage="appraisal", reason="Kho bạc xác nhận 60%"
    ).exists()

    actions.do_advance_round(round_, actor=office, decision_number="57/QĐ-UBND")  # → published
    client = as_user(office)
    results = client.get(f"/api/v1/par/rounds/{round_.pk}/results").json()
    assert results == [
        {
            "unit": commune.code,
            "group": "communes",
            "score": 8.4,
            "max_score": 12.0,
            "rank": 1,
            "classification": "Khá",
        },
        {
            "unit": other_commune.code,
            "group": "communes",
            "score": 4.6,
            "max_score": 12.0,
            "rank": 2,
            "classification": "Trung bình",
        },
        {
            "unit": third.code,
            "group": "communes",
            "score": 4.6,
            "max_score": 12.0,
            "rank": 2,
            "classification": "Trung bình",
        },
        {
            "unit": tax.code,
            "group": "vertical",
            "score": 3.8,
            "max_score": 12.0,
            "rank": None,
            "classification": "Trung bình",
        },
    ]
    card = client.get(f"/api/v1/par/rounds/{round_.pk}/units/{commune.code}").json()
    assert card["unit"] == commune.code and card["score"] == 8.4
    assert leaf_sum(card["criteria"]) == D("8.40")
    assert [c["number"] for c in card["criteria"]] == ["1", "3", "8", "9"]
    three_two = card["criteria"][1]["children"][1]
    assert three_two == {
        "number": "3.2",
        "name": "Giải ngân (%)",
        "max_points": 2.0,
        "self_points": 1.8,
        "appraised_points": 1.5,
        "final_points": 1.5,
        "figure": None,  # self-assessed: no figure behind it
        "children": [],
    }
    assert client.get("/api/v1/par/rounds").json()[0]["state"] == "published"

    # Frozen: data that changes after publication moves nothing.
    late = actions_checks.do_register_initiative(
        actor=leader, unit=commune, year=2025, title="Muộn"
    )
    actions_checks.do_evaluate_initiative(
        late, actor=office, outcome="recognised", evaluation="Tốt"
    )
    round_.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.score_from_data(round_)
    assert client.get(f"/api/v1/par/rounds/{round_.pk}/results").json()[0]["score"] == 8.4

    # A correction is a new, visible revision; the first publication stays readable.
    revision = actions.do_correct(
        score(round_, commune, "3.2"),
        actor=office,
        points=D("2"),
        reason="Đính chính số liệu giải ngân",
    )
    assert revision.number == 2 and "Đính chính" in revision.reason
    assert client.get(f"/api/v1/par/rounds/{round_.pk}/results").json()[0]["score"] == 8.9
    assert (
        client.get(f"/api/v1/par/rounds/{round_.pk}/results?revision=1").json()[0]["score"] == 8.4
    )
    page = client.get(f"/par/rounds/{round_.pk}/results/").content.decode()
    assert "Lần công bố 2" in page and "Đính chính số liệu giải ngân" in page


def test_a_round_needs_a_tree_for_every_group(province, office, groups):
    from motcua.parindex.models import UnitGroup

    empty = UnitGroup.objects.create(code="khac", name="Khác")
    with pytest.raises(ValidationError):
        actions.do_open_round(
            actor=office, year=2025, name="X", office=province, groups=[groups[0], empty]
        )


def test_unpublished_results_are_only_for_the_office_and_the_unit(
    round_, office, leader, as_user, other_commune
):
    outsider = staff(other_commune, Role.UNIT_HEAD)
    own = as_user(leader).get(f"/api/v1/par/rounds/{round_.pk}/results").json()
    assert [r["unit"] for r in own] == ["000.01.40.H99"]
    assert (
        as_user(outsider).get(f"/api/v1/par/rounds/{round_.pk}/units/000.01.40.H99").status_code
        == 404
    )
    assert len(as_user(office).get(f"/api/v1/par/rounds/{round_.pk}/results").json()) == 4
