"""The monitor opens the dashboard, clicks a late figure and lands on the dossiers behind
it — which one, held by whom, at which step (Chromium against the live server)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from motcua.dossiers import actions, intake
from motcua.testing.browser import browser, no_stray_db_sessions, sign_in  # noqa: F401
from motcua.testing.factories import marriage_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_stray_db_sessions")
def test_monitor_clicks_a_late_figure_and_sees_who_holds_the_dossier(
    live_server,
    browser,  # noqa: F811
    monitor,
    commune,
    clerk,
    specialist,  # noqa: F811
):
    marriage = marriage_procedure(commune)
    documents = [intake.ReceivedDocument(d.name, d.copy_kind) for d in marriage.documents.all()]
    with time_machine.travel(datetime(2024, 3, 4, 9, tzinfo=VN), tick=False):
        late = intake.do_receive_dossier(
            procedure=marriage,
            unit=commune,
            applicant=intake.Applicant("Trần Văn Bình"),
            documents=documents,
            actor=clerk,
        )
        actions.do_hand_on(late, actor=clerk, to_user=specialist)
        on_time = intake.do_receive_dossier(
            procedure=marriage,
            unit=commune,
            applicant=intake.Applicant("Phạm Thị Hoa"),
            documents=documents,
            actor=clerk,
        )
    with time_machine.travel(datetime(2024, 3, 6, 9, tzinfo=VN), tick=False):
        dossier = type(on_time).objects.get(pk=on_time.pk)
        actions.do_hand_on(dossier, actor=clerk, to_user=specialist)

    page = sign_in(browser, live_server.url, monitor, viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}/indicators/?period=month&year=2024&n=3")
    assert "UBND tỉnh Thử Nghiệm" in page.locator("h1").inner_text()
    page.wait_for_function("document.getElementById('trend-chart').width > 0")
    late_card = page.locator("#count-open_late")
    assert late_card.locator(".h2").inner_text() == "2"
    with page.expect_navigation():
        late_card.click()
    assert page.locator("#drilldown-count").inner_text() == "2"
    rows = page.locator("#drilldown-table tbody tr")
    first = rows.nth(0).inner_text()
    assert late.code in first
    assert "Thẩm định, xác minh" in first and specialist.full_name in first
