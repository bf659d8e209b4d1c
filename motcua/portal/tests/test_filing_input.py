"""The portal's filing form takes the same input rules as the desk and the API
(motcua/core/inputs.py): phone +84…, identity numbers, NFC names (issue 7)."""

import unicodedata

import pytest

from motcua.dossiers.models import Dossier
from motcua.portal.tests.test_filing import birth, docs, html, media, pdf, submit, upload  # noqa: F401

pytestmark = pytest.mark.django_db


def _upload_all(client, procedure):
    form_doc, certificate, _proxy = docs(procedure)
    upload(client, procedure, form_doc, pdf("to-khai.pdf"))
    upload(client, procedure, certificate, pdf("chung-sinh.pdf", b"%PDF-1.7\n% 2\n%%EOF\n"))


def test_portal_refuses_phone_abc_in_vietnamese(as_user, citizen, birth):  # noqa: F811
    client = as_user(citizen)
    _upload_all(client, birth)
    page = html(submit(client, birth, applicant_phone="abc"))
    assert "Số điện thoại không hợp lệ" in page
    assert not Dossier.objects.exists()


def test_portal_accepts_a_landline_and_a_passport_and_stores_nfc(
    as_user,
    citizen,
    birth,  # noqa: F811
):
    client = as_user(citizen)
    _upload_all(client, birth)
    nfd = unicodedata.normalize("NFD", "Phạm Thị Hương")
    response = submit(
        client,
        birth,
        applicant_name=nfd,
        applicant_phone="0236 3821 234",
        applicant_id_number="b7654321",
    )
    assert response.status_code == 302, html(response)[:2000]
    dossier = Dossier.objects.get()
    assert (dossier.applicant_name, dossier.applicant_phone, dossier.applicant_id_number) == (
        "Phạm Thị Hương",
        "+842363821234",
        "B7654321",
    )
    assert dossier.applicant_folded == "pham thi huong"
