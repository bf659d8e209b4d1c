"""Issue 9, "digitising is fast at a counter", in a real browser (Chromium through
Playwright against the live server): on the one screen of a paper dossier the clerk
chooses three page images for the marriage form (the drop zone's file input), a
scanner's folder for the CCCD copy, and drops a PDF onto the optional certificate; each
upload shows its progress and ends with the document marked digitised with its page
count, without reloading the page, until the dossier is completely digitised."""

from __future__ import annotations

import base64
import io
import os

import pytest
from PIL import Image

from motcua.dossiers.models import Dossier

# The shared browser-test pieces; pytest finds the fixtures in this module's namespace.
from motcua.testing.browser import browser, no_stray_db_sessions, sign_in  # noqa: F401

from .conftest import CCCD, CERTIFICATE, FORM, real_pdf, required


def scanned_page() -> bytes:
    """A page image as a scanner gives it: large enough (noise does not compress) for the
    upload to take more than one progress event."""
    size = (700, 990)
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def row(page, procedure, name):
    return page.locator(f'li.digitise-row[data-required="{required(procedure, name).pk}"]')


def wait_digitised(page, procedure, name):
    page.wait_for_selector(
        f'li.digitise-row[data-required="{required(procedure, name).pk}"][data-digitised="1"]'
    )
    assert page.locator("#digitise-status").inner_text() == "Đã số hóa xong."
    assert page.locator("#digitise-screen").get_attribute("data-progress") == "100"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_stray_db_sessions")
def test_digitising_a_paper_dossier_on_one_screen(
    live_server,
    browser,  # noqa: F811
    receive,
    procedure,
    clerk,
    tmp_path,
):
    dossier = receive()
    page = sign_in(browser, live_server.url, clerk)
    page.goto(f"{live_server.url}/digitisation/{dossier.code}/")
    assert page.locator("#digitisation-state").get_attribute("data-state") == "none"
    address = page.url

    # Three page images for the form, chosen in the drop zone's file input.
    images = [
        {"name": f"trang-{i}.jpg", "mimeType": "image/jpeg", "buffer": scanned_page()}
        for i in (1, 2, 3)
    ]
    form_row = row(page, procedure, FORM)
    form_row.locator('.drop-zone input[name="files"]').set_input_files(images)
    form_row.get_by_role("button", name="Số hóa").click()
    wait_digitised(page, procedure, FORM)
    assert "3 trang" in row(page, procedure, FORM).locator(".digitised-file").inner_text()
    assert page.locator("#digitisation-state").get_attribute("data-state") == "partial"
    assert page.url == address  # no reload: the checklist was swapped in

    # The scanner's folder for the CCCD copy: every page in it, in file-name order.
    folder = tmp_path / "may-quet"
    folder.mkdir()
    (folder / "02.jpg").write_bytes(scanned_page())
    (folder / "01.jpg").write_bytes(scanned_page())
    cccd_row = row(page, procedure, CCCD)
    cccd_row.locator("input.folder-input").set_input_files(str(folder))
    cccd_row.get_by_role("button", name="Số hóa").click()
    wait_digitised(page, procedure, CCCD)
    assert "2 trang" in row(page, procedure, CCCD).locator(".digitised-file").inner_text()
    # Every kept mandatory document has its file: complete.
    assert page.locator("#digitisation-state").get_attribute("data-state") == "complete"

    # A PDF dragged and dropped onto the optional certificate's zone.
    page.evaluate(
        """([selector, data]) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "xac-nhan.pdf", {type: "application/pdf"}));
            document.querySelector(selector).dispatchEvent(
                new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        [
            f'.drop-zone[data-required="{required(procedure, CERTIFICATE).pk}"]',
            base64.b64encode(real_pdf(2)).decode(),
        ],
    )
    wait_digitised(page, procedure, CERTIFICATE)
    assert "2 trang" in row(page, procedure, CERTIFICATE).locator(".digitised-file").inner_text()

    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.digitisation == "complete"
    pages = {
        d.required_document.name: (d.page_count, d.digitised_by_id)
        for d in dossier.documents.exclude(digitised_at=None).select_related("required_document")
    }
    assert pages == {FORM: (3, clerk.pk), CCCD: (2, clerk.pk), CERTIFICATE: (2, clerk.pk)}
