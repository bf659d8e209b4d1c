"""Issue 11 end to end: a data-decided sub-criterion scored from dossiers built by hand.

A commune settles four dossiers in 2025 (three before their legal due time, one after),
plus one settled in 2024, one still open at the end of 2025 and one of another commune —
none of which counts. A round on a small tree scores 3.4.1 "on time, full at 97 %" from
the indicators of 2025: 3 of 4 → 75 % → 75 × 2 ÷ 97 = 1.546… → 1.55 points. The scorecard
page and the API link the leaf to that figure, and the figure's drill-down lists exactly
those dossiers (the three counted on time; the one missed; all four)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.utils.html import escape

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.intake import Applicant, ReceivedDocument, do_receive_dossier
from motcua.indicators.formulas import VN_TZ
from motcua.indicators.maintain import drain_stale
from motcua.org.choices import Role
from motcua.parindex import actions, treefile
from motcua.parindex.models import Score, UnitGroup
from motcua.testing.factories import marriage_procedure, staff

from .conftest import BANDS

H = treefile.CRITERIA_HEADERS
TREE = [
    H,
    ["3", "Cải cách thủ tục hành chính", "3", "", "", "", "", "", "", ""],
    ["3.4", "Kết quả giải quyết TTHC", "3", "", "", "", "", "", "", ""],
    [
        "3.4.1",
        "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
        "2",
        "threshold",
        "97",
        "",
        "",
        "",
        "on_time",
        "",
    ],
    ["3.4.2", "Niêm yết công khai TTHC", "1", "yes_no", "", "", "", "", "", ""],
]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def settle(procedure, unit, clerk, specialist, leader, received: str, completed: str | None):
    """A paper dossier received at ``received`` and, if ``completed`` is given, walked
    through its steps and completed by the unit head then."""
    with time_machine.travel(at(received), tick=False):
        dossier = do_receive_dossier(
            procedure=procedure,
            unit=unit,
            applicant=Applicant("Trần Thị Hoa", id_number="056190004321"),
            documents=[
                ReceivedDocument(d.name, d.copy_kind)
                for d in procedure.documents.all()
                if d.mandatory
            ],
            actor=clerk,
        )
    if completed is None:
        return dossier
    with time_machine.travel(at(completed), tick=False):
        dossier_actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
        dossier_actions.do_hand_on(dossier, actor=specialist, to_user=leader)
        dossier.refresh_from_db()
        dossier_actions.do_complete(dossier, actor=leader, result_summary="Cấp giấy chứng nhận")
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def dossiers(commune, other_commune, clerk, specialist, leader):
    """(counted on time, counted late, not counted) for the commune's 2025."""
    procedure = marriage_procedure(commune)
    procedure.units.add(other_commune)
    walk = (procedure, commune, clerk, specialist, leader)
    on_time = [
        settle(*walk, "2025-03-03T09:00", "2025-03-05T10:00"),
        settle(*walk, "2025-04-14T09:00", "2025-04-16T10:00"),
        settle(*walk, "2025-07-07T09:00", "2025-07-11T10:00"),
    ]
    # Due five working days after 02/06 (09/06): completed on 20/06.
    late = [settle(*walk, "2025-06-02T09:00", "2025-06-20T10:00")]
    assert [d.is_late for d in on_time + late] == [False, False, False, True]
    other_clerk = staff(other_commune, Role.CLERK, username="motcua-phu-hoa")
    other_specialist = staff(other_commune, Role.SPECIALIST, username="cv-phu-hoa")
    other_leader = staff(other_commune, Role.UNIT_HEAD, username="ld-phu-hoa")
    elsewhere = (procedure, other_commune, other_clerk, other_specialist, other_leader)
    not_counted = [
        settle(*walk, "2024-12-02T09:00", "2024-12-04T10:00"),  # another year
        settle(*walk, "2025-12-29T09:00", None),  # still open at the end of 2025
        settle(*elsewhere, "2025-03-03T09:00", "2025-03-05T10:00"),  # another unit
    ]
    with time_machine.travel(at("2026-01-20T09:00"), tick=False):
        drain_stale()
    return on_time, late, not_counted


@pytest.fixture
def round_(commune, province, office):
    group = UnitGroup.objects.create(code="communes", name="Khối xã", ranked=True, position=1)
    group.units.set([commune])
    treefile.do_import_tree(
        actor=None, year=2025, group=group, name="Bộ nhỏ", criteria_rows=TREE, band_rows=BANDS
    )
    return actions.do_open_round(
        actor=office, year=2025, name="Chỉ số CCHC 2025", office=province, groups=[group]
    )


def codes(page_html: str, dossiers) -> set[str]:
    return {d.code for d in dossiers if d.code in page_html}


@time_machine.travel("2026-01-20 09:00 +07:00", tick=False)
def test_on_time_rate_scored_from_hand_built_dossiers_and_linked_to_them(
    dossiers, round_, commune, office, as_user
):
    on_time, late, not_counted = dossiers
    everything = on_time + late + not_counted
    actions.do_advance_round(round_, actor=office)  # → self-assessment: scored from the data
    leaf = Score.objects.get(participant__round=round_, criterion__number="3.4.1")
    assert (leaf.figure_key, leaf.figure_numerator, leaf.figure_denominator) == ("on_time", 3, 4)
    assert leaf.value == D("75") and leaf.self_points == D("1.55")
    assert leaf.final_points == D("1.55")
    query = parse_qs(urlparse(leaf.figure_drilldown).query)
    assert urlparse(leaf.figure_drilldown).path == "/indicators/dossiers/"
    assert query == {
        "unit": [commune.code],
        "from": ["2025-01-01"],
        "to": ["2025-12-31"],
        "indicator": ["on_time"],
    }

    client = as_user(office)
    # The API: the leaf, its points and its figure with the link.
    card = client.get(f"/api/v1/par/rounds/{round_.pk}/units/{commune.code}").json()
    assert card["score"] == 1.55
    three = card["criteria"][0]["children"][0]
    api_leaf = three["children"][0]
    assert (api_leaf["number"], api_leaf["max_points"], api_leaf["final_points"]) == (
        "3.4.1",
        2.0,
        1.55,
    )
    assert api_leaf["figure"] == {
        "key": "on_time",
        "numerator": 3,
        "denominator": 4,
        "rate": 75.0,
        "drilldown": leaf.figure_drilldown,
    }
    assert three["children"][1]["figure"] is None  # self-assessed: no figure
    # The scorecard page: the figure beside the leaf, linked to its dossiers.
    page = client.get(f"/par/rounds/{round_.pk}/units/{commune.code}/").content.decode()
    assert "75,0% (3/4)" in page  # Vietnamese decimal comma
    assert escape(leaf.figure_drilldown) in page
    missed_link = leaf.figure_drilldown + "&outcome=no"
    assert escape(missed_link) in page
    # Through the figure, exactly the dossiers behind it.
    counted = client.get(leaf.figure_drilldown).content.decode()
    assert codes(counted, everything) == {d.code for d in on_time}
    missed = client.get(missed_link).content.decode()
    assert codes(missed, everything) == {d.code for d in late}
    every = client.get(leaf.figure_drilldown + "&outcome=all").content.decode()
    assert codes(every, everything) == {d.code for d in on_time + late}
