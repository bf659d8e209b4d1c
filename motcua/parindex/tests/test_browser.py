"""A round in a real browser (Chromium through Playwright) against the live server: the
office opens self-assessment, the commune's head self-assesses with an evidence file and
submits, the office appraises with a reason and publishes, the published rank shows; a
correction after publication shows as a new revision."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.parindex import actions, imports
from motcua.testing.browser import browser, no_stray_db_sessions, sign_in  # noqa: F401

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _done(page):
    assert "Đã " in page.locator(".alert-success").first.inner_text()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_stray_db_sessions")
def test_self_assessment_appraisal_publication_and_a_correction(
    live_server,
    browser,  # noqa: F811
    groups,
    province,
    office,
    leader,
    commune,
    other_commune,
    tmp_path,
):
    base = live_server.url
    round_ = actions.do_open_round(
        actor=office, year=2025, name="Chỉ số CCHC năm 2025", office=province, groups=groups
    )

    # The office opens the self-assessment.
    desk = sign_in(browser, base, office)
    desk.goto(f"{base}/par/rounds/{round_.pk}/")
    with desk.expect_navigation():
        desk.locator("#advance").click()
    assert desk.locator("#round-state").get_attribute("data-state") == "self_assessment"
    imports.do_import_self_assessment(
        round_, actor=None, rows=[(other_commune.code, "1.3", Decimal(1), "")]
    )

    # The commune's head self-assesses: a yes/no, then a manual criterion with evidence.
    head = sign_in(browser, base, leader)
    head.goto(f"{base}/par/rounds/{round_.pk}/units/{commune.code}/")
    row = head.locator("#c-1\\.3")
    row.locator("input[name=value]").fill("1")
    with head.expect_navigation():
        row.get_by_role("button", name="Ghi").click()
    _done(head)
    row = head.locator("#c-1\\.4")
    row.locator("input[name=value]").fill("1")
    row.locator("input[name=note]").fill("Đủ 4 báo cáo quý")
    with head.expect_navigation():
        row.get_by_role("button", name="Ghi").click()
    assert head.locator("#c-1\\.4 .self").inner_text() == "0.00"  # no evidence yet
    evidence = tmp_path / "bao-cao-quy.pdf"
    evidence.write_bytes(PDF)
    head.locator("#c-1\\.4 input[type=file]").set_input_files(str(evidence))
    with head.expect_navigation():
        head.locator("#c-1\\.4").get_by_role("button", name="Nộp").click()
    assert head.locator("#c-1\\.4 .self").inner_text() == "1.00"
    assert head.locator("#self-score").inner_text() == "2.00"
    with head.expect_navigation():
        head.locator("#submit-self").click()
    _done(head)

    # The office appraises with a reason, then publishes.
    desk.goto(f"{base}/par/rounds/{round_.pk}/")
    with desk.expect_navigation():
        desk.locator("#advance").click()
    desk.goto(f"{base}/par/rounds/{round_.pk}/units/{commune.code}/")
    row = desk.locator("#c-1\\.4")
    row.locator("input[name=points]").fill("0.5")
    row.locator("input[name=reason]").fill("Thiếu báo cáo quý IV")
    with desk.expect_navigation():
        row.get_by_role("button", name="Thẩm định").click()
    _done(desk)
    assert desk.locator("#c-1\\.4 .self").inner_text() == "1.00"
    assert "0.50" in desk.locator("#c-1\\.4 .appraised").inner_text()
    assert desk.locator("#unit-score").inner_text() == "1.50"
    desk.goto(f"{base}/par/rounds/{round_.pk}/")
    desk.fill("#id_decision_number", "57/QĐ-UBND")
    with desk.expect_navigation():
        desk.locator("#advance").click()
    desk.goto(f"{base}/par/rounds/{round_.pk}/results/")
    ours = desk.locator(f"tr[data-unit='{commune.code}']")
    assert ours.locator(".rank").inner_text() == "1"
    assert ours.locator(".score").inner_text() == "1.50"
    assert desk.locator(f"tr[data-unit='{other_commune.code}'] .rank").inner_text() == "2"
    assert desk.locator("#revision").get_attribute("data-number") == "1"

    # A correction after publication is a new, visible revision.
    desk.goto(f"{base}/par/rounds/{round_.pk}/units/{commune.code}/")
    row = desk.locator("#c-1\\.4")
    row.locator("input[name=points]").fill("1")
    row.locator("input[name=reason]").fill("Đơn vị bổ sung báo cáo quý IV")
    with desk.expect_navigation():
        row.get_by_role("button", name="Đính chính").click()
    _done(desk)
    desk.goto(f"{base}/par/rounds/{round_.pk}/results/")
    assert desk.locator("#revision").get_attribute("data-number") == "2"
    assert "Đơn vị bổ sung báo cáo quý IV" in desk.locator("#revisions").inner_text()
    assert desk.locator(f"tr[data-unit='{commune.code}'] .score").inner_text() == "2.00"
    desk.goto(f"{base}/par/rounds/{round_.pk}/results/?revision=1")
    assert desk.locator(f"tr[data-unit='{commune.code}'] .score").inner_text() == "1.50"
