"""Issue 7: the clerk's "received the supplement" records which documents came in, with
optional scans (through the one upload check), as the citizen's online answer does."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.dossiers import actions
from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.tests.conftest import vn
from motcua.org.tokens import do_create_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(receive, clerk, specialist):
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False):
        dossier = receive()
        actions.do_hand_on(dossier, actor=clerk)
        actions.do_request_supplement(dossier, actor=specialist, reason="Thiếu xác nhận")
        yield dossier


def test_the_desk_ticks_the_documents_received_and_attaches_the_scans(
    waiting, clerk, marriage, as_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    status = marriage.documents.get(name="Giấy xác nhận tình trạng hôn nhân")
    page = as_user(clerk).get(f"/dossiers/{waiting.code}/").content.decode()
    assert f'name="doc_{status.pk}"' in page and 'name="scans"' in page
    url = f"/dossiers/{waiting.code}/answer_supplement/"
    nothing = as_user(clerk).post(url, {"version": waiting.version, "note": "Đã nhận"})
    assert nothing.status_code == 400
    assert "Đánh dấu giấy tờ bổ sung đã nhận hoặc ghi tên giấy tờ khác." in nothing.content.decode()
    bad_scan = as_user(clerk).post(
        url,
        {
            "version": waiting.version,
            f"doc_{status.pk}": "on",
            "scans": SimpleUploadedFile("scan.pdf", b"<html>not a scan</html>", "application/pdf"),
        },
    )
    assert bad_scan.status_code == 400
    assert "Tệp “scan.pdf” không phải PDF, JPEG hoặc PNG." in bad_scan.content.decode()
    assert Dossier.objects.get(pk=waiting.pk).state == DossierState.SUPPLEMENT_REQUESTED
    done = as_user(clerk).post(
        url,
        {
            "version": waiting.version,
            f"doc_{status.pk}": "on",
            "other": "Bản sao sổ hộ khẩu",
            "scans": [
                SimpleUploadedFile("trang-1.pdf", b"%PDF-1.4 a", "application/pdf"),
                SimpleUploadedFile("trang-2.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
            ],
        },
    )
    assert done.status_code == 302
    dossier = Dossier.objects.get(pk=waiting.pk)
    assert dossier.state == DossierState.IN_PROCESS
    scans = list(DossierDocument.objects.filter(dossier=dossier).order_by("id"))
    assert [(d.name, d.source, d.required_document_id) for d in scans] == [
        ("Giấy xác nhận tình trạng hôn nhân (1/2)", "scan", status.pk),
        ("Giấy xác nhận tình trạng hôn nhân (2/2)", "scan", status.pk),
    ]
    event = dossier.events.get(action="answer_supplement")
    assert event.data == {
        "documents": ["Giấy xác nhận tình trạng hôn nhân", "Bản sao sổ hộ khẩu"],
        "files": 2,
    }
    page = as_user(clerk).get(f"/dossiers/{waiting.code}/").content.decode()
    assert "Bản sao sổ hộ khẩu" in page


def test_over_the_api_the_desk_names_the_documents(waiting, clerk):
    _token, raw = do_create_token(clerk, "test")
    desk = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    path = f"/api/v1/dossiers/{waiting.code}/answer-supplement"
    empty = desk.post(path, {"documents": []}, content_type="application/json")
    assert (empty.status_code, empty.json()["code"]) == (400, "documents_required")
    done = desk.post(
        path,
        {"documents": [{"name": "Giấy xác nhận tình trạng hôn nhân"}]},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "in_process"
    history = desk.get(f"/api/v1/dossiers/{waiting.code}/history").json()
    assert history[-1]["data"] == {"documents": ["Giấy xác nhận tình trạng hôn nhân"], "files": 0}
