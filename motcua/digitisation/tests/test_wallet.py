"""The digitising screen, the wallet and reuse, and the counts for the indicators."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from motcua.digitisation import actions, selectors
from motcua.digitisation.models import WalletItem, WalletUse
from motcua.dossiers.models import Dossier
from motcua.testing.factories import PASSWORD

from .conftest import CCCD, CERTIFICATE, FORM, SHOWN, jpeg, real_pdf, required


def staff_client(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_screen_lists_the_documents_and_digitising_every_kept_one_completes_it(
    receive, procedure, clerk
):
    dossier = receive()
    client = staff_client(clerk)
    page = client.get(f"/digitisation/{dossier.code}/")
    html = page.content.decode()
    assert page.status_code == 200
    for name in (FORM, CCCD, SHOWN, CERTIFICATE):
        assert name in html
    assert 'data-shown-only="1"' in html and "digitise.js" in html
    assert "<script>" not in html  # CSP: scripts only from static files
    # The scanner's images for the form, through the page (as its script sends them).
    response = client.post(
        f"/digitisation/{dossier.code}/upload/",
        {
            "required_document": required(procedure, FORM).pk,
            "files": [
                SimpleUploadedFile("p1.jpg", jpeg("red"), content_type="image/jpeg"),
                SimpleUploadedFile("p2.jpg", jpeg("white"), content_type="image/jpeg"),
            ],
        },
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 200
    assert response.json()["state"] == "partial"
    dossier.refresh_from_db()
    assert dossier.digitisation == "partial"
    form_scan = dossier.documents.get(required_document=required(procedure, FORM))
    assert form_scan.page_count == 2
    # The CCCD copy as one PDF (no script: a plain form post, then the page again).
    response = client.post(
        f"/digitisation/{dossier.code}/upload/",
        {
            "required_document": required(procedure, CCCD).pk,
            "folder": [SimpleUploadedFile("scan/cccd.pdf", real_pdf(2))],
            "issuer": "Cục Cảnh sát QLHC về TTXH",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    # The shown-only document and the optional certificate are left out: complete.
    assert dossier.digitisation == "complete"
    item = WalletItem.objects.get(owner_id_number=dossier.applicant_id_number)
    assert (item.kind, item.issuer, item.page_count) == ("identity", "Cục Cảnh sát QLHC về TTXH", 2)
    # The form was kept for this dossier only: not in the wallet.
    assert WalletItem.objects.count() == 1


def test_bad_files_are_refused_in_vietnamese_and_nothing_is_written(receive, procedure, clerk):
    dossier = receive()
    response = staff_client(clerk).post(
        f"/digitisation/{dossier.code}/upload/",
        {
            "required_document": required(procedure, FORM).pk,
            "files": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 100)],
        },
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.json()["error"]
    assert not dossier.documents.exists()


def test_only_staff_of_the_dossier_digitise(receive, procedure, citizen, other_commune):
    from motcua.org.choices import Role
    from motcua.testing.factories import staff

    dossier = receive(user=citizen)
    outsider = staff(other_commune, Role.CLERK, username="motcua-khac")
    assert staff_client(outsider).get(f"/digitisation/{dossier.code}/").status_code == 404
    assert staff_client(citizen).get(f"/digitisation/{dossier.code}/").status_code == 404


def test_a_second_dossier_reuses_the_first_ones_cccd_without_upload_and_counts_as_reuse(
    receive, procedure, clerk, commune, citizen
):
    first = receive(user=citizen)
    actions.do_digitise_document(
        first,
        actor=clerk,
        required_document=required(procedure, CCCD),
        files=[SimpleUploadedFile("cccd.jpg", jpeg("gray"), content_type="image/jpeg")],
    )
    second = receive(user=citizen)
    client = staff_client(clerk)
    page = client.get(f"/digitisation/{second.code}/").content.decode()
    item = WalletItem.objects.get(source_dossier=first)
    assert f'data-reuse="{item.pk}"' in page and first.code in page
    # One click: no file in the request.
    response = client.post(
        f"/digitisation/{second.code}/reuse/",
        {"required_document": required(procedure, CCCD).pk, "item": item.pk},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    reused = second.documents.get(required_document=required(procedure, CCCD))
    assert (reused.source, reused.from_national_store, reused.sha256) == (
        "reuse",
        True,
        item.sha256,
    )
    assert second.reuses_digitised_data is True and second.national_store_linked is True
    assert WalletUse.objects.get(document=reused).dossier == second
    # Counted: one of the two dossiers reuses (766 4.3), one of the two digitised ones
    # took a document from the store (4.4).
    today = timezone.localdate()
    figures = selectors.figures(commune, today - timedelta(days=1), today)
    assert (figures["766.4.3"].numerator, figures["766.4.3"].denominator) == (1, 2)
    assert figures["766.4.3"].rate == 50.0
    assert (figures["766.4.4"].numerator, figures["766.4.4"].denominator) == (1, 2)
    # The citizen sees both in his wallet page and downloads the file.
    mine = staff_client(citizen)
    wallet = mine.get("/wallet/").content.decode()
    assert f'data-item="{item.pk}"' in wallet
    download = mine.get(f"/wallet/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:5] == b"%PDF-"


def test_someone_elses_wallet_cannot_be_reused_or_seen(receive, procedure, clerk, citizen):
    from motcua.testing.factories import UserFactory

    first = receive(id_number="056090001234", user=citizen)
    actions.do_digitise_document(
        first,
        actor=clerk,
        required_document=required(procedure, CCCD),
        files=[SimpleUploadedFile("cccd.pdf", real_pdf(1))],
    )
    item = WalletItem.objects.get()
    stranger_dossier = receive(id_number="079111222333", name="Người Khác")
    response = staff_client(clerk).post(
        f"/digitisation/{stranger_dossier.code}/reuse/",
        {"required_document": required(procedure, CCCD).pk, "item": item.pk},
    )
    assert response.status_code == 404
    assert not stranger_dossier.documents.exists()
    other = UserFactory()
    client = staff_client(other)
    assert f'data-item="{item.pk}"' not in client.get("/wallet/").content.decode()
    assert client.get(f"/wallet/{item.pk}/").status_code == 404


def test_staff_see_only_wallet_documents_a_dossier_of_theirs_uses(
    receive, procedure, clerk, other_commune
):
    from motcua.org.choices import Role
    from motcua.testing.factories import staff

    dossier = receive()
    actions.do_digitise_document(
        dossier,
        actor=clerk,
        required_document=required(procedure, CCCD),
        files=[SimpleUploadedFile("cccd.pdf", real_pdf(1))],
    )
    assert selectors.wallet_for_staff(clerk).count() == 1
    outsider = staff(other_commune, Role.CLERK, username="motcua-khac")
    assert selectors.wallet_for_staff(outsider).count() == 0


def test_figures_for_the_indicators_with_exact_values(
    signing_dir, receive, procedure, clerk, at_approval, leader, commune
):
    from motcua.digitisation import results

    done = receive()
    for name in (FORM, CCCD):
        actions.do_digitise_document(
            done,
            actor=clerk,
            required_document=required(procedure, name),
            files=[SimpleUploadedFile(f"{name}.pdf", real_pdf(1, name))],
        )
    at_approval(done)
    results.do_sign_result(done, actor=leader, result_summary="Giấy chứng nhận kết hôn")
    receive()  # received, nothing digitised, no result yet
    today = timezone.localdate()
    figures = selectors.figures(commune, today, today)
    got = {key: (f.numerator, f.denominator) for key, f in figures.items()}
    assert got == {
        "766.4.1": (1, 2),
        "766.4.2": (1, 2),
        "766.4.3": (0, 2),
        "766.4.4": (0, 1),
        "digitised": (1, 2),
        "results_signed": (1, 1),
    }
    # Another period, or another unit's subtree, counts nothing: no rate (N/A), not 0.
    yesterday = today - timedelta(days=1)
    assert selectors.digitised(commune, yesterday, yesterday).rate is None
    assert Dossier.objects.count() == 2


# -- the citizen's online filing reuses his wallet -------------------------------------------

PORTAL_VALUES = {
    "unit": "000.01.40.H99",
    "applicant_name": "Trần Văn Bình",
    "applicant_id_number": "056090001234",
    "applicant_phone": "0905123456",
    "applicant_email": "binh@example.vn",
    "applicant_address": "",
    "note": "",
}


def portal_upload(client, procedure, name, data: bytes):
    document = required(procedure, name)
    return client.post(
        f"/portal/file/{procedure.code}/documents/{document.pk}/upload/",
        {
            **PORTAL_VALUES,
            f"doc_{document.pk}": [SimpleUploadedFile("a.pdf", data, "application/pdf")],
        },
        HTTP_HX_REQUEST="true",
    )


def digitised_cccd(receive, procedure, clerk, citizen):
    first = receive(user=citizen)
    actions.do_digitise_document(
        first,
        actor=clerk,
        required_document=required(procedure, CCCD),
        files=[SimpleUploadedFile("cccd.jpg", jpeg("gray"), content_type="image/jpeg")],
    )
    return first, WalletItem.objects.get(source_dossier=first)


def test_the_citizen_filing_online_reuses_his_wallet_cccd_in_one_click_counted_as_reuse(
    receive, procedure, clerk, commune, citizen
):
    from motcua.core.models import AuditEntry
    from motcua.dossiers.intake import do_accept_online

    first, item = digitised_cccd(receive, procedure, clerk, citizen)
    cccd = required(procedure, CCCD)
    client = staff_client(citizen)
    page = client.get(f"/portal/file/{procedure.code}/").content.decode()
    # Offered beside the identity documents (its kind: the CCCD copy and the papers
    # shown), a button and a choice each; not beside the form to fill in.
    assert page.count(f'value="wallet:{item.pk}"') == 4
    assert f"/portal/file/{procedure.code}/documents/{cccd.pk}/wallet/" in page
    assert "Dùng từ kho dữ liệu của tôi" in page and first.code in page
    assert f"/documents/{required(procedure, FORM).pk}/wallet/" not in page

    # One click (htmx): no file sent; the block comes back with the choice made.
    response = client.post(
        f"/portal/file/{procedure.code}/documents/{cccd.pk}/wallet/",
        {**PORTAL_VALUES, "wallet": f"wallet:{item.pk}"},
        HTTP_HX_REQUEST="true",
    )
    block = response.content.decode()
    assert response.status_code == 200 and "✓" in block
    assert f'<option value="wallet:{item.pk}" selected>' in block
    portal_upload(client, procedure, FORM, real_pdf(1, "to khai"))
    portal_upload(client, procedure, SHOWN, real_pdf(1, "xuat trinh"))
    response = client.post(
        f"/portal/file/{procedure.code}/",
        {**PORTAL_VALUES, f"reuse_{cccd.pk}": f"wallet:{item.pk}", "action": "submit"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    second = Dossier.objects.exclude(pk=first.pk).get()
    reused = second.documents.get(required_document=cccd)
    # Recorded exactly as the clerk's reuse: the same action, the same marks.
    assert (reused.source, reused.from_national_store, reused.sha256) == (
        "reuse",
        True,
        item.sha256,
    )
    assert reused.file.name == f"dossiers/{second.code}/{item.sha256}.pdf"
    use = WalletUse.objects.get(document=reused)
    assert (use.item, use.dossier, use.used_by) == (item, second, citizen)
    assert AuditEntry.objects.filter(verb="reuse_wallet_item", actor=citizen).count() == 1
    assert second.documents.count() == 3
    second.refresh_from_db()
    assert second.reuses_digitised_data is True and second.national_store_linked is True
    # Counted by the same selector once the desk has received it.
    do_accept_online(second, actor=clerk)
    today = timezone.localdate()
    figure = selectors.reusing(commune, today - timedelta(days=1), today)
    assert (figure.numerator, figure.denominator) == (1, 2)


def test_wallet_reuse_without_javascript_and_its_refusals(
    receive, procedure, clerk, commune, citizen
):
    from motcua.portal.models import OnlineDraft

    _first, item = digitised_cccd(receive, procedure, clerk, citizen)
    cccd = required(procedure, CCCD)
    client = staff_client(citizen)
    url = f"/portal/file/{procedure.code}/documents/{cccd.pk}/wallet/"
    # Without JavaScript the whole form is posted to the button's formaction.
    response = client.post(url, {**PORTAL_VALUES, "wallet": f"wallet:{item.pk}"})
    assert response.status_code == 302 and response["Location"].endswith(f"#doc-{cccd.pk}")
    draft = OnlineDraft.objects.get(user=citizen)
    assert draft.reuse_choices() == {CCCD: f"wallet:{item.pk}"}
    # Not offered for the form to fill in, and nobody else's.
    form_url = f"/portal/file/{procedure.code}/documents/{required(procedure, FORM).pk}/wallet/"
    assert client.post(form_url, {"wallet": f"wallet:{item.pk}"}).status_code == 404
    from motcua.testing.factories import UserFactory

    stranger = staff_client(UserFactory())
    assert stranger.post(url, {"wallet": f"wallet:{item.pk}"}).status_code == 404
    # Filed under another identity number: the wallet item is not his applicant's.
    portal_upload(client, procedure, FORM, real_pdf(1, "to khai"))
    portal_upload(client, procedure, SHOWN, real_pdf(1, "xuat trinh"))
    response = client.post(
        f"/portal/file/{procedure.code}/",
        {
            **PORTAL_VALUES,
            "applicant_id_number": "079111222333",
            f"reuse_{cccd.pk}": f"wallet:{item.pk}",
            "action": "submit",
        },
    )
    assert response.status_code == 400
    assert "khác số định danh" in response.content.decode()
    assert Dossier.objects.count() == 1 and not WalletUse.objects.exists()
