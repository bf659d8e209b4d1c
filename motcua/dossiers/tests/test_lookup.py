"""The public lookup page (the receipt's QR code opens it): where the dossier stands, for
anyone holding its code, and nothing about the person who filed it."""

from urllib.parse import urlsplit

import pytest
import time_machine

from motcua.dossiers import actions, intake
from motcua.dossiers.documents import lookup_url
from motcua.dossiers.tests.conftest import vn

pytestmark = pytest.mark.django_db

CODE = "000.01.40.H99-240305-0001"
PERSONAL = ("Trần Văn Bình", "056090001234", "0905123456", "binh@example.vn", "12 Lê Lợi")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def dossier(receive, clerk, specialist, frozen_clock):
    """Received Tuesday 05/03 08:00, with an internal note; handed to the specialist at
    09:00, who asked for a supplement (with a reason) at 10:00, answered at 14:00."""
    from motcua.dossiers.intake import Applicant

    received = receive(
        applicant=Applicant(
            "Trần Văn Bình",
            id_number="056090001234",
            phone="0905123456",
            email="binh@example.vn",
            address="12 Lê Lợi, xã An Bình",
        ),
        note="Ghi chú nội bộ: người nộp quen lãnh đạo",
    )
    frozen_clock.move_to(vn("2024-03-05 09:00"))
    actions.do_hand_on(received, actor=clerk, to_user=specialist)
    frozen_clock.move_to(vn("2024-03-05 10:00"))
    actions.do_request_supplement(received, actor=specialist, reason="Thiếu bản sao CCCD của vợ")
    frozen_clock.move_to(vn("2024-03-05 14:00"))
    actions.do_answer_supplement(
        received, actor=clerk, documents=[actions.SupplementItem("Bản sao CCCD")]
    )
    return received


def test_lookup_shows_the_state_dates_and_timeline_to_anyone(dossier, client):
    response = client.get(dossier.lookup_path)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    html = response.content.decode()
    for text in (
        CODE,
        "Thủ tục đăng ký kết hôn",
        "UBND xã An Bình",
        "05/03/2024 08:00",  # received
        # The wait (10:00–14:00 on the day of reception) lies before the count starts
        # (Wednesday 06/03), so the appointment stays Tuesday 12/03 17:00.
        "17 giờ 00 phút, ngày 12/03/2024",
        'data-state="in_process">Đang xử lý</span>',
        "Mã trạng thái quốc gia: 4",
        "Trong hạn",
    ):
        assert text in html, text
    timeline = [
        ("Tiếp nhận hồ sơ giấy", "05/03/2024 08:00"),
        ("Chuyển bước xử lý", "05/03/2024 09:00"),
        ("Yêu cầu bổ sung", "05/03/2024 10:00"),
        ("Nhận hồ sơ bổ sung", "05/03/2024 14:00"),
    ]
    positions = [html.index(f"<span>{label}</span>") for label, _at in timeline]
    assert positions == sorted(positions)
    for label, at in timeline:
        assert f'<span>{label}</span><span class="text-secondary text-nowrap">{at}</span>' in html


def test_lookup_shows_no_personal_data_notes_or_reasons(dossier, client):
    html = client.get(dossier.lookup_path).content.decode()
    for secret in (*PERSONAL, "Ghi chú nội bộ", "Thiếu bản sao CCCD", "Lê Thị Mai"):
        assert secret not in html, secret


def test_a_late_dossier_says_so(dossier, client, frozen_clock):
    frozen_clock.move_to(vn("2024-03-14 09:00"))
    html = client.get(dossier.lookup_path).content.decode()
    assert "Trễ hạn" in html and "Trong hạn" not in html


def test_the_receipt_qr_url_opens_this_page(dossier, client, settings):
    settings.PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    url = lookup_url(CODE, key=dossier.lookup_key)
    assert url == f"https://dichvucong.example.vn/lookup/{CODE}/?key={dossier.lookup_key}"
    parts = urlsplit(url)
    assert client.get(f"{parts.path}?{parts.query}").status_code == 200


def test_the_lookup_form_goes_to_the_dossier(dossier, client):
    response = client.get("/lookup/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert 'name="key"' in response.content.decode()
    typed = f"{dossier.lookup_key[:3].lower()} {dossier.lookup_key[3:]}"
    response = client.get("/lookup/", {"code": f"  {CODE.lower()} ", "key": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/lookup/{CODE}/?key={dossier.lookup_key}"
    assert client.get(response["Location"]).status_code == 200
    # Without the secret the form asks for it.
    missing = client.get("/lookup/", {"code": CODE})
    assert missing.status_code == 400
    assert "Cần nhập mã tra cứu" in missing.content.decode()


def test_a_malformed_code_is_refused_in_vietnamese(client):
    response = client.get("/lookup/", {"code": "<script>alert(1)</script>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mã hồ sơ không hợp lệ" in html
    assert "<script>alert(1)</script>" not in html


def test_an_unknown_code_is_a_vietnamese_404(client, db):
    response = client.get("/lookup/000.01.40.H99-240305-9999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy hồ sơ" in html
    assert "000.01.40.H99-240305-9999" in html


def test_an_online_submission_waiting_for_reception_can_be_followed(
    marriage, commune, citizen, client
):
    submitted = intake.do_submit_online(
        procedure=marriage,
        unit=commune,
        applicant=intake.Applicant("Lê Thị Cúc", phone="0912000111", user=citizen),
    )
    html = client.get(submitted.lookup_path).content.decode()
    assert "Mới đăng ký" in html and "Mã trạng thái quốc gia: 1" in html
    assert "<span>Nộp hồ sơ trực tuyến</span>" in html
    assert "Lê Thị Cúc" not in html and "0912000111" not in html


def test_the_secret_is_six_unambiguous_characters_and_differs_per_dossier(dossier, receive):
    from motcua.dossiers.lookupkey import ALPHABET

    other = receive()
    for key in (dossier.lookup_key, other.lookup_key):
        assert len(key) == 6 and set(key) <= set(ALPHABET)
    assert not set("0O1IL2Z5S8B") & set(ALPHABET)
    assert dossier.lookup_key != other.lookup_key


def test_the_code_alone_or_a_wrong_secret_answers_as_an_unknown_code(dossier, client):
    wrong_key = "AAAAAA" if dossier.lookup_key != "AAAAAA" else "CCCCCC"
    answers = [
        client.get(f"/lookup/{CODE}/"),
        client.get(f"/lookup/{CODE}/?key={wrong_key}"),
        client.get("/lookup/000.01.40.H99-240305-9999/?key=AAAAAA"),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404]
    pages = [
        a.content.decode().replace(code, "CODE")
        for a, code in zip(answers, (CODE, CODE, "000.01.40.H99-240305-9999"), strict=True)
    ]
    # Same page but for the typed code and the per-request CSRF token.
    import re

    strip = [re.sub(r"[A-Za-z0-9]{32,}", "", p) for p in pages]
    assert strip[0] == strip[1] == strip[2]
    assert "Thủ tục đăng ký kết hôn" not in pages[1]


def test_the_lookup_is_rate_limited_per_address(dossier, client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.LOOKUP_RATE_LIMIT = 5
    guesses = [f"/lookup/{CODE[:-4]}{n:04d}/?key=AAAAAA" for n in range(2, 7)]
    assert [client.get(url).status_code for url in guesses] == [404] * 5
    blocked = client.get(dossier.lookup_path)
    assert blocked.status_code == 429
    assert "Bạn đã tra cứu quá nhiều lần trong một phút" in blocked.content.decode()
    assert client.get(dossier.lookup_path, REMOTE_ADDR="10.9.8.7").status_code == 200
    cache.clear()
