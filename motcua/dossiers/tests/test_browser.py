"""One paper dossier from the desk to the returned result, in a real browser (Chromium
through Playwright) against the live server: login page, reception form (htmx document
checklist), printed receipt, hand-overs, signature, return of the result."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.dossiers.models import Dossier

# The shared browser-test pieces; pytest finds the fixtures in this module's namespace.
from motcua.testing.browser import act, browser, no_stray_db_sessions, sign_in  # noqa: F401


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_stray_db_sessions")
def test_paper_dossier_from_the_desk_to_the_returned_result(
    live_server,
    browser,  # noqa: F811
    clerk,
    specialist,
    leader,
    marriage,
):
    base = live_server.url

    # The clerk receives a paper dossier at the desk.
    page = sign_in(browser, base, clerk)
    page.get_by_role("link", name="Tiếp nhận", exact=True).click()
    page.select_option("#id_procedure", str(marriage.pk))
    mandatory = list(marriage.documents.filter(mandatory=True))
    page.wait_for_selector(f"#id_doc_{mandatory[0].pk}")  # the htmx checklist arrived
    for doc in mandatory:
        page.check(f"#id_doc_{doc.pk}")
    page.fill("#id_applicant_name", "Trần Văn Bình")
    page.fill("#id_applicant_id_number", "056090001234")
    page.fill("#id_applicant_phone", "0905123456")
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp nhận và cấp giấy hẹn").click()
    code = page.locator("#dossier-code").inner_text().strip()
    dossier = Dossier.objects.get(code=code)
    due = timezone.localtime(dossier.due_at)
    assert page.locator("#appointment").inner_text().strip() == f"{due:%H:%M %d/%m/%Y}"

    # … prints the receipt: code and appointment are on it.
    with page.expect_popup() as popup:
        page.locator("#print-receipt").click()
    receipt = popup.value
    receipt.wait_for_load_state()
    text = receipt.locator("body").inner_text()
    assert code in text
    assert f"{due:%d/%m/%Y}" in text and "hẹn trả kết quả" in text.lower()
    receipt.close()

    # … and hands it on to the specialist.
    page.select_option("#id_hand_on_to_user", str(specialist.pk))
    act(page, "hand_on", "Chuyển bước xử lý")

    # The specialist finds it in his queue and hands it on to the unit head.
    page = sign_in(browser, base, specialist)
    page.goto(f"{base}/dossiers/")
    page.get_by_role("link", name=code).click()
    page.select_option("#id_hand_on_to_user", str(leader.pk))
    act(page, "hand_on", "Chuyển bước xử lý")

    # The unit head signs the result.
    page = sign_in(browser, base, leader)
    page.goto(f"{base}/dossiers/")
    page.get_by_role("link", name=code).click()
    page.fill("#id_complete_result_summary", "Giấy chứng nhận kết hôn")
    act(page, "complete", "Hoàn thành, ký kết quả")

    # The clerk returns it from the "results to return" queue.
    page = sign_in(browser, base, clerk)
    page.goto(f"{base}/dossiers/?tab=results")
    page.get_by_role("link", name=code).click()
    act(page, "return_result", "Trả kết quả")
    assert page.locator("#dossier-state").inner_text().strip() == "Đã trả kết quả"
    assert Dossier.objects.get(code=code).state == "delivered"
