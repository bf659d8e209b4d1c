"""Issue 12, done when: in a real browser (Chromium through Playwright) on a phone-sized
screen, someone without an account files feedback and gets the code and the secret; an
officer answers it and publishes it; the answer appears on the public page, found without
diacritics, without the sender's name."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.feedback.models import Feedback

# The shared browser-test pieces; pytest finds the fixtures in this module's namespace.
from motcua.testing.browser import browser, no_stray_db_sessions, sign_in  # noqa: F401

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def fits_the_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["viewport"]["width"]


# Set up before the browser, torn down after it (the browser closes its connections first).
@pytest.mark.usefixtures("no_stray_db_sessions")
def test_anonymous_feedback_answered_and_published_on_a_phone(
    live_server,
    browser,  # noqa: F811
    commune,
    specialist,
):
    base = live_server.url
    # 1. Without an account, on a phone: the menu leads to the feedback pages.
    sender = browser.new_context(locale="vi-VN", **PHONE).new_page()
    sender.set_default_timeout(10_000)
    sender.goto(f"{base}/")
    sender.get_by_role("button", name="Mở menu").click()
    with sender.expect_navigation():
        sender.locator("#navbar-menu").get_by_role("link", name="Phản ánh, kiến nghị").click()
    with sender.expect_navigation():
        sender.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    assert fits_the_phone(sender)
    sender.fill("#id_title", "Hẹn trả kết quả đăng ký kết hôn bị trễ")
    sender.fill(
        "#id_content", "Tôi là Trần Thị Bình, hồ sơ hẹn ngày 10 mà đến nay chưa có kết quả."
    )
    sender.fill("#id_name", "Trần Thị Bình")
    sender.fill("#id_phone", "0905123456")
    sender.fill("#id_unit", commune.code)
    with sender.expect_navigation():
        sender.get_by_role("button", name="Gửi phản ánh").click()
    code = sender.locator("#feedback-code").inner_text().strip()
    secret = sender.locator("#feedback-secret").inner_text().strip()
    assert code.startswith("PAKN-") and secret
    assert fits_the_phone(sender)
    item = Feedback.objects.get(code=code)
    assert item.sender_account is None and item.channel == "portal"

    # 2. The officer (on a phone as well) accepts, answers and publishes.
    officer = sign_in(browser, base, specialist, **PHONE)
    officer.goto(f"{base}/feedback/work/")
    with officer.expect_navigation():
        officer.get_by_role("link", name=code).click()
    with officer.expect_navigation():
        officer.locator("#action-accept").get_by_role("button").click()
    officer.locator("#action-answer textarea[name=answer]").fill(
        "UBND xã đã trả kết quả cho bà Trần Thị Bình ngày 12 và nhắc nhở bộ phận liên quan."
    )
    with officer.expect_navigation():
        officer.locator("#action-answer").get_by_role("button").click()
    public_answer = officer.locator("#action-publish textarea[name=public_answer]")
    assert "Trần Thị Bình" not in public_answer.input_value()
    with officer.expect_navigation():
        officer.locator("#action-publish").get_by_role("button").click()
    assert "Đã thực hiện" in officer.locator(".alert-success").inner_text()
    assert officer.locator("#feedback-state").inner_text() == "Đã công khai kết quả"

    # 3. On the public page, searched without diacritics: the answer, not the name.
    sender.goto(f"{base}/feedback/")
    sender.get_by_role("searchbox").fill("dang ky ket hon")
    with sender.expect_navigation():
        sender.get_by_role("button", name="Tìm").click()
    listing = sender.locator("#published-list").inner_text()
    assert "Hẹn trả kết quả đăng ký kết hôn bị trễ" in listing
    assert "nhắc nhở bộ phận liên quan" in listing
    assert "Trần Thị Bình" not in sender.content() and "0905123456" not in sender.content()
    assert fits_the_phone(sender)
    # The sender follows it with the secret.
    sender.goto(f"{base}/feedback/track/?code={code}&secret={secret}")
    assert sender.locator("#feedback-state").inner_text() == "Đã công khai kết quả"
