"""The public SIPAS answering page on a phone, in a real browser (Chromium through
Playwright): a respondent opens the link from an SMS without logging in, answers the
fifteen questions and sends; opening the link again shows the refusal in Vietnamese."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.surveys import actions, templatefile
from motcua.surveys.models import Respondent
from motcua.surveys.tests.sipas_sample import ELEMENTS
from motcua.testing.browser import browser, no_stray_db_sessions  # noqa: F401

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_stray_db_sessions")
def test_a_respondent_answers_on_a_phone(
    live_server,
    browser,  # noqa: F811
    four_delivered,
    commune,
    reform_officer,
):
    templatefile.load_shipped()
    survey = actions.do_create_survey(
        actor=reform_officer, unit=commune, year=2025, sample_size=4, seed=9
    )
    actions.do_draw_sample(survey, actor=reform_officer)
    actions.do_issue_links(survey, actor=reform_officer)
    respondent = survey.respondents.order_by("id").first()
    page = browser.new_context(locale="vi-VN", **PHONE).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/survey/{respondent.token}/")
    assert "Khảo sát sự hài lòng" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for element in ELEMENTS:
        for aspect, level in (("perception", 4), ("satisfaction", 5), ("expectation", 2)):
            page.locator(f'input[name="{element}.{aspect}"][value="{level}"]').check()
    page.fill("#id_comment", "Cán bộ hướng dẫn tận tình.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi phiếu khảo sát").click()
    assert "Cảm ơn Ông/Bà" in page.locator("#thanks").inner_text()
    answered = Respondent.objects.get(pk=respondent.pk)
    assert (answered.channel, answered.answers.count()) == ("web", 15)
    assert answered.answers.filter(aspect="satisfaction", value=5).count() == 5
    page.goto(f"{live_server.url}/survey/{respondent.token}/")
    assert "Phiếu khảo sát này đã được trả lời" in page.locator("#refused").inner_text()
