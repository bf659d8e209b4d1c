"""Issue 4, done when: one online dossier from the citizen's phone to the rated result, in a
real browser (Chromium through Playwright) against the live server. The citizen files it
with two uploads and pays in the sandbox gateway (whose IPN is a real HTTP request to the
live server); the clerk accepts it, the specialist asks for a supplement, the citizen
answers it online, the unit head signs with a result file, the clerk returns it
electronically; the citizen downloads the result and rates the service."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.choices import Action, Channel, DeliveryMethod, DossierState
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.payments.choices import CallbackKind, PaymentStatus
from motcua.payments.models import PaymentEvent, PaymentOrder
from motcua.payments.words import amount_in_words
from motcua.portal.models import OnlineDraft
from motcua.procedures.models import Procedure
from motcua.surveys.models import DossierRating

# The shared browser-test pieces; pytest finds the fixtures in this module's namespace.
from motcua.testing.browser import act, browser, no_stray_db_sessions, sign_in  # noqa: F401
from motcua.testing.factories import marriage_procedure

FEE = 50_000
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 30
RESULT_PDF = b"%PDF-1.7\n% Giay chung nhan ket hon\ntrailer<<>>\n%%EOF\n"
# A phone (iPhone 12/13/14 class): the portal must work there.
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


def open_menu_item(page: Any, name: str) -> None:
    """On a phone the main navigation sits behind the menu button."""
    page.get_by_role("button", name="Mở menu").click()
    with page.expect_navigation():
        page.locator("#navbar-menu").get_by_role("link", name=name, exact=True).click()


def fits_the_phone(page: Any) -> bool:
    """No sideways scrolling: the page is no wider than the phone's screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= PHONE["viewport"]["width"]


def open_dossier(page: Any, base: str, code: str, tab: str = "") -> None:
    page.goto(f"{base}/dossiers/" + (f"?tab={tab}" if tab else ""))
    page.get_by_role("link", name=code).click()
    page.wait_for_selector("#dossier-code")


@pytest.fixture
def marriage(commune) -> Procedure:
    """Đăng ký kết hôn as in the dossiers' tests, filed fully online, with a charge to pay."""
    return marriage_procedure(commune, fee=FEE)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    written = {}
    for name, content in (
        ("to-khai-ket-hon.pdf", PDF),
        ("xac-nhan-hon-nhan.png", PNG),
        ("ban-sao-cccd.pdf", PDF + b"% ban sao can cuoc\n"),
        ("giay-chung-nhan-ket-hon.pdf", RESULT_PDF),
    ):
        path = tmp_path / "uploads" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        written[name] = path
    return written


def digitised_at_the_desk(procedure, required, clerk, citizen):
    """An earlier paper dossier of the citizen whose ``required`` document the clerk
    digitised: the wallet item it left."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    from motcua.digitisation.actions import do_digitise_document
    from motcua.dossiers.intake import Applicant, ReceivedDocument, do_receive_dossier

    earlier = do_receive_dossier(
        procedure=procedure,
        unit=procedure.units.get(),
        applicant=Applicant(citizen.full_name, id_number="056090001234", user=citizen),
        documents=[
            ReceivedDocument(d.name, d.copy_kind)
            for d in procedure.documents.filter(mandatory=True)
        ],
        actor=clerk,
    )
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    scan = io.BytesIO()
    writer.write(scan)
    document = do_digitise_document(
        earlier,
        actor=clerk,
        required_document=required,
        files=[SimpleUploadedFile("xac-nhan.pdf", scan.getvalue(), "application/pdf")],
    )
    from motcua.digitisation.models import WalletItem

    return WalletItem.objects.get(source_document=document)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_stray_db_sessions")
def test_online_dossier_from_the_phone_to_the_rated_electronic_result(
    live_server,
    browser,  # noqa: F811
    settings,
    tmp_path,
    files,
    citizen,
    clerk,
    specialist,
    leader,
    marriage,
    mailoutbox,
):
    base = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = base
    settings.PAYMENT_GATEWAY = "sandbox"
    settings.PAYMENT_IPN_BASE_URL = base
    documents = list(marriage.documents.filter(mandatory=True))
    # His marital-status certificate, digitised by the clerk at an earlier paper dossier,
    # is in his wallet (issue 9).
    item = digitised_at_the_desk(marriage, documents[1], clerk, citizen)

    # 1. The citizen, on a phone, opens the procedure page and files online.
    phone = sign_in(browser, base, citizen, **PHONE)
    phone.goto(f"{base}/procedures/{marriage.code}/")
    phone.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    phone.wait_for_selector("#filing-form")
    assert fits_the_phone(phone)
    phone.fill("#id_applicant_id_number", "056090001234")
    phone.fill("#id_applicant_phone", "0905123456")
    # The file is stored in the draft as soon as it is chosen (htmx swaps the block in).
    form_doc, certificate = documents
    phone.set_input_files(f"#doc-{form_doc.pk}-file", files["to-khai-ket-hon.pdf"])
    phone.locator(f"#doc-{form_doc.pk}").get_by_role(
        "link", name="to-khai-ket-hon.pdf", exact=True
    ).wait_for()
    # The certificate: one click on "use from my wallet", no upload.
    block = phone.locator(f"#doc-{certificate.pk}")
    block.get_by_role("button", name="Dùng từ kho dữ liệu của tôi").click()
    phone.locator(f"#doc-{certificate.pk} .wallet-offer .badge").wait_for()
    assert phone.locator(f"#id_reuse_{certificate.pk}").input_value() == f"wallet:{item.pk}"
    with phone.expect_navigation():
        phone.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    assert "Đã nộp hồ sơ" in phone.locator("h1").inner_text()
    code = phone.locator("p.display-6 code").inner_text().strip()
    dossier = Dossier.objects.get(code=code)
    assert (dossier.state, dossier.channel, dossier.applicant) == (
        DossierState.NEW,
        Channel.ONLINE,
        citizen,
    )
    assert dossier.fee_amount == FEE
    reused = dossier.documents.get(required_document=certificate)
    assert (reused.source, reused.from_national_store, reused.sha256) == (
        "reuse",
        True,
        item.sha256,
    )
    # The draft became the dossier; the acknowledgement went out by e-mail too.
    assert not OnlineDraft.objects.exists()
    assert f"Đã nộp hồ sơ {code}" in [m.subject for m in mailoutbox]
    assert fits_the_phone(phone)

    # 2. … pays in the sandbox gateway: its "Thanh toán" sends the IPN over HTTP.
    phone.get_by_role("link", name="Thanh toán trực tuyến").click()
    phone.wait_for_url(f"{base}/payments/dossier/{code}/")
    assert phone.locator("[data-due]").get_attribute("data-due") == str(FEE)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Thanh toán trực tuyến").click()
    assert "Cổng thanh toán thử nghiệm" in phone.title()
    assert phone.locator("[data-amount]").get_attribute("data-amount") == str(FEE)
    with phone.expect_navigation(url=re.compile(r"/payments/return/\?")):
        phone.get_by_role("button", name="Thanh toán", exact=True).click()
    assert "Thanh toán thành công" in phone.locator("[data-outcome=paid]").inner_text()
    ipn = PaymentEvent.objects.get(kind=CallbackKind.IPN)
    assert (ipn.outcome, ipn.verified) == ("00", True)  # the IPN confirmed it, not the return
    phone.get_by_role("link", name="Xem, in biên lai").click()
    phone.wait_for_url(re.compile(r"/payments/receipt/[^/]+/$"))
    receipt = phone.locator("body").inner_text()
    assert code in receipt and amount_in_words(FEE) in receipt
    phone.get_by_role("link", name="Quay lại").click()
    phone.wait_for_url(f"{base}/payments/dossier/{code}/")
    assert "đã được thanh toán" in phone.locator("[data-paid]").inner_text()

    # 3. The clerk, at the desk, finds it among the online submissions and accepts it …
    desk = sign_in(browser, base, clerk)
    open_dossier(desk, base, code, tab="online")
    act(desk, Action.ACCEPT, "Tiếp nhận hồ sơ trực tuyến")
    assert desk.locator("#dossier-state").inner_text().strip() == "Đã tiếp nhận"
    # … and hands it on to the specialist.
    desk.select_option("#id_hand_on_to_user", str(specialist.pk))
    act(desk, Action.HAND_ON, "Chuyển bước xử lý")

    # 4. The specialist asks for a supplement.
    reason = "Bổ sung bản sao Căn cước của người kết hôn còn lại."
    office = sign_in(browser, base, specialist)
    open_dossier(office, base, code)
    office.locator(f"#action-{Action.REQUEST_SUPPLEMENT} summary").click()
    office.fill(f"#id_{Action.REQUEST_SUPPLEMENT}_reason", reason)
    act(office, Action.REQUEST_SUPPLEMENT, "Yêu cầu bổ sung")

    # 5. The citizen sees it in "Hồ sơ của tôi" and answers online.
    open_menu_item(phone, "Hồ sơ của tôi")
    card = phone.locator(f"#my-dossiers [data-code='{code}']")
    assert "Cần bổ sung" in card.locator("[data-flag=supplement]").inner_text()
    card.get_by_role("link", name="xem yêu cầu và nộp giấy tờ bổ sung").click()
    phone.wait_for_selector("#supplement")
    assert phone.locator("#supplement-reason").inner_text().strip() == reason
    assert fits_the_phone(phone)
    phone.fill("#id_name", "Bản sao Căn cước")
    phone.set_input_files("#id_files", files["ban-sao-cccd.pdf"])
    with phone.expect_navigation():
        phone.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    assert "Đã gửi hồ sơ bổ sung" in phone.locator(".alert-success").inner_text()
    assert phone.locator("#supplement").count() == 0

    # 6. The specialist hands on to the unit head, who signs with the result file; the
    # clerk returns the result electronically.
    open_dossier(office, base, code)
    office.select_option("#id_hand_on_to_user", str(leader.pk))
    act(office, Action.HAND_ON, "Chuyển bước xử lý")

    head = sign_in(browser, base, leader)
    open_dossier(head, base, code)
    head.fill(f"#id_{Action.COMPLETE}_result_summary", "Giấy chứng nhận kết hôn số 12/2025")
    head.set_input_files(f"#id_{Action.COMPLETE}_result_file", files["giay-chung-nhan-ket-hon.pdf"])
    act(head, Action.COMPLETE, "Hoàn thành, ký kết quả")

    open_dossier(desk, base, code, tab="results")
    desk.select_option(f"#id_{Action.RETURN_RESULT}_method", label="Trực tuyến (kết quả điện tử)")
    act(desk, Action.RETURN_RESULT, "Trả kết quả")
    assert desk.locator("#dossier-state").inner_text().strip() == "Đã trả kết quả"

    # 7. The citizen downloads the electronic result and rates the service.
    open_menu_item(phone, "Hồ sơ của tôi")
    phone.locator(f"#my-dossiers [data-code='{code}']").get_by_role("link", name=code).click()
    phone.wait_for_selector("#dossier-code")
    assert phone.locator("#dossier-state").get_attribute("data-state") == DossierState.DELIVERED
    with phone.expect_download() as download_info:
        phone.locator("#result-download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes() == RESULT_PDF
    form = phone.locator("#rating-form")
    for fieldset in form.locator("fieldset").all():
        fieldset.locator("input[type=radio]").first.check()
    phone.fill("#id_comment", "Nộp trên điện thoại rất thuận tiện.")
    assert fits_the_phone(phone)
    with phone.expect_navigation():
        form.get_by_role("button", name="Gửi đánh giá").click()
    assert "Cảm ơn ông/bà đã đánh giá" in phone.locator(".alert-success").inner_text()
    assert "Đánh giá của ông/bà" in phone.locator("#rating").inner_text()
    assert phone.locator("#rating-form").count() == 0

    # 8. What the database holds.
    dossier.refresh_from_db()
    assert (dossier.state, dossier.channel) == (DossierState.DELIVERED, Channel.ONLINE)
    assert dossier.delivery_method == DeliveryMethod.ONLINE
    assert dossier.paid_at is not None and dossier.result_file
    names = sorted(dossier.documents.values_list("original_name", flat=True))
    # The certificate came from the wallet, under the name it was kept with.
    assert names == ["ban-sao-cccd.pdf", "to-khai-ket-hon.pdf", "xac-nhan.pdf"]
    order = PaymentOrder.objects.get(dossier=dossier)
    assert (order.status, order.amount, order.refund_required) == (PaymentStatus.PAID, FEE, False)
    rating = DossierRating.objects.get(dossier=dossier)
    assert rating.comment == "Nộp trên điện thoại rất thuận tiện."
    history = list(
        DossierEvent.objects.filter(dossier=dossier)
        .order_by("at", "id")
        .values_list("action", "actor__username")
    )
    assert history == [
        ("submit", citizen.username),
        (Action.ACCEPT, clerk.username),
        (Action.HAND_ON, clerk.username),
        (Action.REQUEST_SUPPLEMENT, specialist.username),
        (Action.ANSWER_SUPPLEMENT, citizen.username),
        (Action.HAND_ON, specialist.username),
        (Action.COMPLETE, leader.username),
        (Action.RETURN_RESULT, clerk.username),
    ]
