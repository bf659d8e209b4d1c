"""The officer workspace through the Django test client: the queues of each role (order and
markers on a frozen clock), the desk reception form, the action endpoints and their
errors, the dossier page, the search, and the permission scope."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import actions, intake, views_actions
from motcua.dossiers.choices import Action, DossierState
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent
from motcua.dossiers.selectors import format_duration, format_working_time
from motcua.dossiers.tests.conftest import vn
from motcua.org.choices import Role
from motcua.testing.factories import staff

pytestmark = pytest.mark.django_db

CODE = "000.01.40.H99-240305-0001"


@pytest.fixture(autouse=True)
def frozen_clock():
    # Tuesday 05/03/2024 08:00, far from holidays (as in test_workflow.py).
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False) as traveller:
        yield traveller


def html_of(response) -> str:
    return response.content.decode()


def codes_in(html: str) -> list[str]:
    """Dossier codes in the order of the rows of the list."""
    return re.findall(r'<tr data-code="([^"]+)"', html)


def marks_in(html: str) -> dict[str, str]:
    return dict(re.findall(r'<tr data-code="([^"]+)" data-mark="([^"]+)"', html))


def reception_post(marriage, commune, **overrides):
    docs = list(marriage.documents.order_by("order"))
    data = {
        "unit": commune.pk,
        "procedure": marriage.pk,
        "applicant_name": "Trần Văn Bình",
        "applicant_id_number": "056090001234",
        "applicant_phone": "0905123456",
        "applicant_email": "binh@example.vn",
        "applicant_address": "Thôn 1, xã An Bình",
        "sets": 1,
        "note": "",
    }
    for doc in docs:
        data[f"doc_{doc.pk}_kind"] = doc.copy_kind
        data[f"doc_{doc.pk}_qty"] = 1
        if doc.mandatory:
            data[f"doc_{doc.pk}"] = "on"
    data.update(overrides)
    return data


# -- the time figures --------------------------------------------------------------------------


def test_time_left_is_written_in_working_days_and_hours():
    assert format_working_time(timedelta(hours=19)) == "còn 2 ngày 3 giờ làm việc"
    assert format_working_time(timedelta(hours=-5)) == "quá hạn 5 giờ làm việc"
    assert format_working_time(timedelta(hours=3, minutes=15)) == "còn 3 giờ 15 phút làm việc"
    assert format_working_time(timedelta(hours=8)) == "còn 1 ngày làm việc"
    assert format_working_time(timedelta(0), overdue=True) == "quá hạn"
    assert format_duration(timedelta(seconds=20)) == "dưới 1 phút"


# -- reception at the desk ---------------------------------------------------------------------


def test_reception_form_creates_the_dossier_with_its_code_and_appointment(
    as_user, clerk, marriage, commune
):
    client = as_user(clerk)
    response = client.post("/dossiers/receive/", reception_post(marriage, commune))
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{CODE}/"
    dossier = Dossier.objects.get()
    assert dossier.code == CODE
    assert dossier.state == DossierState.RECEIVED
    assert (dossier.applicant_name, dossier.applicant_id_number) == (
        "Trần Văn Bình",
        "056090001234",
    )
    # Paper, Tuesday 08:00, 5 working days from Wednesday → Tuesday 12/03/2024 17:00.
    assert dossier.due_at == vn("2024-03-12 17:00")
    page = html_of(client.get(response["Location"]))
    assert CODE in page
    assert "Đã tiếp nhận hồ sơ 000.01.40.H99-240305-0001; hẹn trả kết quả 17:00 12/03/2024" in page
    assert '<div class="h2 m-0" id="appointment">17:00 12/03/2024</div>' in page
    # The received documents are listed, and the receipt can be printed.
    assert "Tờ khai đăng ký kết hôn" in page and "Bản chính" in page
    receipt = dossier.forms.get(kind="receipt")
    assert f'href="/dossiers/{CODE}/forms/{receipt.pk}/" id="print-receipt"' in page
    assert "In giấy tiếp nhận" in page


def test_reception_records_copy_kind_quantity_and_sets(as_user, clerk, marriage, commune):
    optional = marriage.documents.get(mandatory=False)
    data = reception_post(
        marriage,
        commune,
        sets=2,
        **{
            f"doc_{optional.pk}": "on",
            f"doc_{optional.pk}_kind": "copy",
            f"doc_{optional.pk}_qty": 3,
        },
    )
    as_user(clerk).post("/dossiers/receive/", data)
    dossier = Dossier.objects.get()
    assert dossier.sets == 2
    documents = dossier.events.get(action=Action.RECEIVE).data["documents"]
    assert {"name": "Văn bản ủy quyền", "copy_kind": "copy", "quantity": 3, "provided": True} in (
        documents
    )
    assert len(documents) == 3


def test_reception_with_a_missing_mandatory_document_creates_nothing(
    as_user, clerk, marriage, commune
):
    missing = marriage.documents.get(name="Giấy xác nhận tình trạng hôn nhân")
    data = reception_post(marriage, commune)
    del data[f"doc_{missing.pk}"]
    response = as_user(clerk).post("/dossiers/receive/", data)
    assert response.status_code == 400
    assert "Hồ sơ còn thiếu giấy tờ bắt buộc: Giấy xác nhận tình trạng hôn nhân." in html_of(
        response
    )
    # What the clerk typed stays on the form.
    assert 'value="Trần Văn Bình"' in html_of(response)
    assert not Dossier.objects.exists()
    assert not DailySequence.objects.exists()


def test_reception_form_requires_the_applicant_name_in_vietnamese(
    as_user, clerk, marriage, commune
):
    response = as_user(clerk).post(
        "/dossiers/receive/", reception_post(marriage, commune, applicant_name="")
    )
    assert response.status_code == 400
    assert "Cần ghi họ tên người nộp hồ sơ." in html_of(response)
    assert not Dossier.objects.exists()


def test_choosing_a_procedure_brings_its_document_checklist(as_user, clerk, marriage, commune):
    client = as_user(clerk)
    page = html_of(client.get("/dossiers/receive/"))
    assert "1.000894 — Thủ tục đăng ký kết hôn" in page
    assert 'hx-get="/dossiers/receive/"' in page
    fragment = client.get(
        f"/dossiers/receive/?procedure={marriage.pk}&unit={commune.pk}", HTTP_HX_REQUEST="true"
    )
    text = html_of(fragment)
    assert "<html" not in text
    assert "Giấy xác nhận tình trạng hôn nhân" in text and "Văn bản ủy quyền" in text
    assert text.count("(bắt buộc)") == 2


def test_only_clerks_receive_at_the_desk(as_user, specialist, citizen, other_commune, marriage):
    assert as_user(specialist).get("/dossiers/receive/").status_code == 403
    assert as_user(citizen).get("/dossiers/").status_code == 403
    # A procedure the clerk's unit does not settle cannot be chosen.
    outsider = staff(other_commune, Role.CLERK, username="mc.phuhoa")
    response = as_user(outsider).post("/dossiers/receive/", reception_post(marriage, other_commune))
    assert response.status_code == 400
    assert not Dossier.objects.exists()


# -- the queues --------------------------------------------------------------------------------


def test_clerk_sees_online_submissions_longest_waiting_first_and_flagged_past_eight_hours(
    as_user, clerk, marriage, commune, frozen_clock
):
    def submit(when, name):
        frozen_clock.move_to(vn(when))
        return intake.do_submit_online(
            procedure=marriage, unit=commune, applicant=intake.Applicant(name)
        )

    monday = submit("2024-03-04 08:00", "Người Thứ Hai")  # 3.5 + 4 + 0.5 = 8 h: not yet
    friday = submit("2024-03-01 16:00", "Người Thứ Sáu")  # 1 + 8 + 0.5 = 9.5 h: too long
    recent = submit("2024-03-04 15:00", "Người Chiều Qua")  # 2 + 0.5 = 2.5 h
    frozen_clock.move_to(vn("2024-03-05 08:00"))
    client = as_user(clerk)
    html = html_of(client.get("/dossiers/?tab=online"))
    assert codes_in(html) == [friday.code, monday.code, recent.code]
    assert marks_in(html) == {
        friday.code: "waiting_too_long",
        monday.code: "waiting",
        recent.code: "waiting",
    }
    assert "Quá 8 giờ chờ tiếp nhận · đã chờ 9,5 giờ làm việc" in html
    assert "đã chờ 8 giờ làm việc" in html and "đã chờ 2,5 giờ làm việc" in html
    assert 'data-count="online">3<' in html

    # Two working hours later Monday's submission has waited too long as well.
    frozen_clock.move_to(vn("2024-03-05 10:00"))
    marks = marks_in(html_of(client.get("/dossiers/?tab=online")))
    assert marks[monday.code] == "waiting_too_long" and marks[recent.code] == "waiting"
    home = html_of(client.get("/"))
    assert "3 hồ sơ chờ tiếp nhận · 2 quá 8 giờ" in home


@pytest.fixture
def at_specialist(receive, clerk, specialist, frozen_clock):
    """Dossiers received on different days and handed on to the specialist's step."""

    def _make(when, *, to_user=specialist, **kwargs):
        frozen_clock.move_to(vn(when))
        dossier = receive(**kwargs)
        actions.do_hand_on(dossier, actor=clerk, to_user=to_user)
        dossier.refresh_from_db()
        return dossier

    return _make


def test_specialist_queue_is_ordered_by_time_left_with_overdue_and_due_soon_marked(
    as_user, at_specialist, specialist, commune, frozen_clock
):
    late = at_specialist("2024-02-26 08:00")  # due Mon 04/03 17:00
    soon = at_specialist("2024-02-27 08:00", to_user=None)  # due Tue 05/03 17:00 (whole unit)
    later = at_specialist("2024-02-28 08:00")  # due Wed 06/03 17:00
    paused = at_specialist("2024-02-26 09:00")
    actions.do_request_supplement(paused, actor=specialist, reason="Thiếu bản sao CCCD")
    other = staff(commune, Role.SPECIALIST, username="chuyenvien2")
    not_mine = at_specialist("2024-02-26 10:00", to_user=other)

    frozen_clock.move_to(vn("2024-03-05 14:00"))
    html = html_of(as_user(specialist).get("/dossiers/"))
    assert codes_in(html) == [late.code, soon.code, later.code, paused.code]
    assert not_mine.code not in html
    assert marks_in(html) == {
        late.code: "overdue",
        soon.code: "due_soon",
        later.code: "on_track",
        paused.code: "paused",
    }
    assert "quá hạn 5 giờ làm việc" in html  # 04/03 17:00 → 05/03 14:00: 4 h + 1 h
    assert "Sắp đến hạn · còn 3 giờ làm việc" in html
    assert "còn 1 ngày 3 giờ làm việc" in html
    assert "tạm dừng tính thời gian" in html
    # The other specialist sees the dossier given to him, and the unit-wide one.
    assert codes_in(html_of(as_user(other).get("/dossiers/"))) == [not_mine.code, soon.code]


def test_queue_queries_do_not_grow_with_the_number_of_dossiers(as_user, at_specialist, specialist):
    client = as_user(specialist)
    at_specialist("2024-02-27 08:00")
    client.get("/dossiers/")
    with CaptureQueriesContext(connection) as few:
        client.get("/dossiers/")
    for day in ("2024-02-28 08:00", "2024-02-28 09:00", "2024-02-28 10:00", "2024-02-29 08:00"):
        at_specialist(day)
    client.get("/dossiers/")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/dossiers/")
    assert len(codes_in(html_of(response))) == 5
    assert len(many) == len(few)


def test_unit_head_sees_his_step_and_what_is_late_in_the_unit(
    as_user, at_specialist, specialist, leader, frozen_clock
):
    late = at_specialist("2024-02-26 08:00")
    signing = at_specialist("2024-02-28 08:00")
    frozen_clock.move_to(vn("2024-03-04 09:00"))
    actions.do_hand_on(signing, actor=specialist, to_user=leader)
    frozen_clock.move_to(vn("2024-03-05 08:00"))
    client = as_user(leader)
    mine = html_of(client.get("/dossiers/?tab=my_step"))
    assert codes_in(mine) == [signing.code]
    unit_late = html_of(client.get("/dossiers/?tab=unit_late"))
    assert codes_in(unit_late) == [late.code]
    assert f"{specialist.display_name} (UBND xã An Bình)" in unit_late
    home = html_of(client.get("/"))
    assert "1 hồ sơ ở bước của tôi" in home and "1 hồ sơ trễ hạn của đơn vị" in home


def test_monitor_sees_everything_late_in_his_subtree_and_who_holds_it(
    as_user, at_specialist, specialist, monitor, marriage, other_commune, frozen_clock
):
    late = at_specialist("2024-02-26 08:00")
    on_time = at_specialist("2024-02-29 08:00")
    # A dossier of the other commune, received there and left at its desk.
    marriage.units.add(other_commune)
    desk = staff(other_commune, Role.CLERK, username="mc.phuhoa", full_name="Đỗ Văn Quầy")
    frozen_clock.move_to(vn("2024-02-23 10:00"))
    elsewhere = intake.do_receive_dossier(
        procedure=marriage,
        unit=other_commune,
        applicant=intake.Applicant("Phan Thị Hòa"),
        documents=[
            intake.ReceivedDocument("Tờ khai đăng ký kết hôn", "original"),
            intake.ReceivedDocument("Giấy xác nhận tình trạng hôn nhân", "original"),
        ],
        actor=desk,
    )
    frozen_clock.move_to(vn("2024-03-05 08:00"))
    html = html_of(as_user(monitor).get("/dossiers/"))
    assert codes_in(html) == [elsewhere.code, late.code]
    assert on_time.code not in html
    assert f"{specialist.display_name} (UBND xã An Bình)" in html
    assert "Đỗ Văn Quầy (UBND xã Phú Hòa)" in html
    assert "2 hồ sơ trễ hạn trong phạm vi theo dõi" in html_of(as_user(monitor).get("/"))


def test_clerk_queue_lists_results_waiting_to_be_returned(
    as_user, at_specialist, specialist, leader, clerk
):
    dossier = at_specialist("2024-03-01 08:00")
    actions.do_hand_on(dossier, actor=specialist)
    actions.do_complete(dossier, actor=leader, result_summary="Giấy chứng nhận kết hôn")
    html = html_of(as_user(clerk).get("/dossiers/?tab=results"))
    assert codes_in(html) == [dossier.code]
    assert marks_in(html) == {dossier.code: "result"}
    assert "1 kết quả chờ trả" in html_of(as_user(clerk).get("/"))


# -- the dossier page --------------------------------------------------------------------------


def test_dossier_page_shows_steps_timeline_and_forms(
    as_user, at_specialist, specialist, leader, clerk, frozen_clock
):
    dossier = at_specialist("2024-03-04 08:00")
    frozen_clock.move_to(vn("2024-03-05 10:00"))
    html = html_of(as_user(leader).get(f"/dossiers/{dossier.code}/"))
    assert "Chuyển từ “Tiếp nhận, kiểm tra hồ sơ” sang “Thẩm định, xác minh”" in html
    assert f"người nhận: {specialist.display_name}" in html
    assert "đúng hạn" in html
    # The specialist's step started Monday 08:00: 7.5 + 2.5 working hours used, 14 left.
    assert "1 ngày 2 giờ" in html and "còn 1 ngày 6 giờ làm việc" in html
    assert "Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả" in html
    assert f'href="/dossiers/{dossier.code}/control-sheet/"' in html
    # The unit head does not hold the specialist's step: he neither hands it on nor signs
    # there (no step is skipped, issue 7); he may refuse, apologise, ask for more.
    forms = re.findall(r'data-action="([a-z_]+)"', html)
    assert forms == [
        "request_supplement",
        "require_payment",
        "apologise",
        "refuse",
        "stop",
    ]
    specialist_forms = re.findall(
        r'data-action="([a-z_]+)"', html_of(as_user(specialist).get(f"/dossiers/{dossier.code}/"))
    )
    assert specialist_forms == ["hand_on", "request_supplement", "require_payment"]


def test_a_stranger_gets_404(as_user, receive, other_commune):
    dossier = receive()
    outsider = as_user(staff(other_commune, Role.CLERK, username="mc.phuhoa"))
    assert outsider.get(f"/dossiers/{dossier.code}/").status_code == 404
    response = outsider.post(f"/dossiers/{dossier.code}/hand_on/", {"version": dossier.version})
    assert response.status_code == 404
    assert dossier.code not in html_of(outsider.get("/dossiers/search/?code=000"))
    assert as_user(staff(other_commune, Role.CLERK, username="x")).get(
        "/dossiers/nope/"
    ).status_code == (404)


# -- the action endpoints ----------------------------------------------------------------------


def test_hand_on_to_a_chosen_specialist(as_user, receive, clerk, specialist):
    dossier = receive()
    client = as_user(clerk)
    page = html_of(client.get(f"/dossiers/{dossier.code}/"))
    assert f'<option value="{specialist.pk}">{specialist.display_name}</option>' in page
    response = client.post(
        f"/dossiers/{dossier.code}/hand_on/",
        {"version": dossier.version, "to_user": specialist.pk, "note": "Hồ sơ đủ"},
    )
    assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.code}/"
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS
    assert dossier.current_step.handler == specialist
    assert "Đã thực hiện “Chuyển bước xử lý”" in html_of(client.get(response["Location"]))
    # The specialist is told, and the header shows the unread count.
    assert "1 thông báo chưa đọc" in html_of(as_user(specialist).get("/dossiers/"))


def test_hand_on_to_someone_outside_the_next_unit_is_refused(
    as_user, receive, clerk, other_commune
):
    dossier = receive()
    outsider = staff(other_commune, Role.SPECIALIST, username="cv.phuhoa")
    response = as_user(clerk).post(
        f"/dossiers/{dossier.code}/hand_on/", {"version": dossier.version, "to_user": outsider.pk}
    )
    assert response.status_code == 400
    assert "Người nhận không thuộc đơn vị của bước tiếp theo." in html_of(response)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.RECEIVED


def test_whole_life_of_a_dossier_through_the_pages(
    as_user, receive, clerk, specialist, leader, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dossier = receive()
    url = f"/dossiers/{dossier.code}/"

    def post(user, action, **data):
        current = Dossier.objects.get(pk=dossier.pk)
        return as_user(user).post(f"{url}{action}/", {"version": current.version, **data})

    assert post(clerk, "hand_on", to_user=specialist.pk).status_code == 302
    assert post(specialist, "request_supplement", reason="").status_code == 400
    assert post(specialist, "request_supplement", reason="Thiếu bản sao CCCD").status_code == 302
    page = html_of(as_user(specialist).get(url))
    assert "Yêu cầu bổ sung" in page and "tạm dừng tính thời gian" in page
    assert post(clerk, "answer_supplement", note="Đã nhận bản sao").status_code == 400
    assert (
        post(clerk, "answer_supplement", other="Bản sao CCCD", note="Đã nhận bản sao").status_code
        == 302
    )
    # A second request: only the unit head sees (and may tick) "force".
    assert 'data-action="request_supplement"' not in html_of(as_user(specialist).get(url))
    assert 'name="force"' in html_of(as_user(leader).get(url))
    assert post(specialist, "require_payment", amount=50000).status_code == 302
    # The desk payment page belongs to payments (its own tests); here the transition itself.
    actions.do_record_payment(Dossier.objects.get(pk=dossier.pk), actor=clerk)
    assert post(specialist, "hand_on", to_user=leader.pk).status_code == 302
    assert (
        post(leader, "apologise", reason="Cần xác minh thêm", extra_working_days="3")
    ).status_code == 302
    current = Dossier.objects.get(pk=dossier.pk)
    assert current.due_at == vn("2024-03-15 17:00") and current.is_late
    response = as_user(leader).post(
        f"{url}complete/",
        {"version": current.version, "result_summary": "Giấy chứng nhận kết hôn số 12"},
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.state == DossierState.PROCESSED and not current.result_file
    assert post(clerk, "return_result", method="desk").status_code == 302
    current.refresh_from_db()
    assert current.state == DossierState.DELIVERED and current.delivery_method == "desk"
    page = html_of(as_user(clerk).get(url))
    assert "Đã trả kết quả" in page and "Giấy chứng nhận kết hôn số 12" in page
    assert "Bạn không có thao tác nào trên hồ sơ này" in page


def test_completing_with_a_result_file(
    as_user, at_specialist, specialist, leader, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    dossier = at_specialist("2024-03-04 08:00")
    actions.do_hand_on(dossier, actor=specialist, to_user=leader)
    dossier.refresh_from_db()
    upload = SimpleUploadedFile("ket-qua.pdf", b"%PDF-1.4 ket qua", "application/pdf")
    response = as_user(leader).post(
        f"/dossiers/{dossier.code}/complete/",
        {"version": dossier.version, "result_summary": "Giấy chứng nhận", "result_file": upload},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.result_file.name.endswith(".pdf")
    assert dossier.electronic_result  # counted by the 766 index, indicator 4.1
    # Linked through the permission-checked view, never a public media URL.
    assert f'href="/dossiers/{dossier.code}/result/"' in html_of(
        as_user(leader).get(f"/dossiers/{dossier.code}/")
    )
    download = as_user(leader).get(f"/dossiers/{dossier.code}/result/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_online_submission_accepted_or_not_accepted(as_user, clerk, marriage, commune):
    def submit(name):
        return intake.do_submit_online(
            procedure=marriage, unit=commune, applicant=intake.Applicant(name)
        )

    first, second = submit("Người Một"), submit("Người Hai")
    client = as_user(clerk)
    response = client.post(f"/dossiers/{first.code}/accept/", {"version": first.version})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == DossierState.RECEIVED and first.due_at is not None
    assert client.post(f"/dossiers/{second.code}/not_accept/", {"version": 0}).status_code == 400
    response = client.post(
        f"/dossiers/{second.code}/not_accept/", {"version": 0, "reason": "Sai thủ tục"}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.state == DossierState.NOT_ACCEPTED


def test_refuse_and_stop(as_user, at_specialist, leader, clerk):
    refused = at_specialist("2024-03-04 08:00")
    stopped = at_specialist("2024-03-04 09:00")
    assert (
        as_user(leader)
        .post(
            f"/dossiers/{refused.code}/refuse/",
            {"version": refused.version, "reason": "Không đủ điều kiện"},
        )
        .status_code
        == 302
    )
    assert (
        as_user(clerk)
        .post(
            f"/dossiers/{stopped.code}/stop/",
            {"version": stopped.version, "reason": "Người nộp xin dừng"},
        )
        .status_code
        == 302
    )
    refused.refresh_from_db()
    stopped.refresh_from_db()
    assert (refused.state, stopped.state) == (DossierState.REFUSED, DossierState.STOPPED)


def test_an_action_the_table_forbids_is_refused_in_vietnamese(as_user, at_specialist, specialist):
    dossier = at_specialist("2024-03-04 08:00")
    response = as_user(specialist).post(
        f"/dossiers/{dossier.code}/complete/",
        {"version": dossier.version, "result_summary": "Giấy chứng nhận"},
    )
    assert response.status_code == 400
    assert "Bạn không có vai trò được phép “Hoàn thành, ký kết quả” hồ sơ này." in html_of(response)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS


def test_apology_form_offers_the_engines_dates_and_a_late_one_is_recorded_late(
    as_user, at_specialist, leader, frozen_clock
):
    dossier = at_specialist("2024-02-27 08:00")  # due Tue 05/03 17:00, 5 working days
    frozen_clock.move_to(vn("2024-03-05 09:00"))
    page = html_of(as_user(leader).get(f"/dossiers/{dossier.code}/"))
    # No free date field: N more working days, each with the calendar's date.
    assert 'name="new_due_at"' not in page
    assert '<option value="1">Thêm 1 ngày làm việc: 17:00 06/03/2024</option>' in page
    assert '<option value="5">Thêm 5 ngày làm việc: 17:00 12/03/2024</option>' in page
    assert '<option value="6">' not in page
    refused = as_user(leader).post(
        f"/dossiers/{dossier.code}/apologise/",
        {"version": dossier.version, "reason": "Chậm", "extra_working_days": "9"},
    )
    assert refused.status_code == 400
    assert "Chậm</textarea>" in html_of(refused)  # what the unit head typed is kept
    response = as_user(leader).post(
        f"/dossiers/{dossier.code}/apologise/",
        {"version": dossier.version, "reason": "Chậm", "extra_working_days": "2"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.due_at == vn("2024-03-07 17:00") and dossier.is_late
    # Less than a working day before the due time: issued, and recorded as issued late.
    assert dossier.forms.get(kind="apology").data["issued_late"] is True


def test_a_stale_page_gets_the_conflict_message_and_writes_nothing(
    as_user, receive, clerk, specialist
):
    dossier = receive()
    stale_version = dossier.version
    # The clerk who holds the reception step hands it on first.
    actions.do_hand_on(dossier, actor=clerk)
    events = DossierEvent.objects.filter(dossier=dossier).count()
    response = as_user(specialist).post(
        f"/dossiers/{dossier.code}/request_supplement/",
        {"version": stale_version, "reason": "Thiếu giấy tờ"},
    )
    assert response.status_code == 409
    assert "Hồ sơ vừa được người khác cập nhật" in html_of(response)
    assert DossierEvent.objects.filter(dossier=dossier).count() == events
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS and dossier.supplement_count == 0


def test_a_concurrent_write_between_read_and_write_is_a_conflict(
    as_user, receive, clerk, monkeypatch
):
    dossier = receive()
    page_version = dossier.version
    real_get = views_actions.get_dossier
    calls = []

    def get_then_someone_acts(request, code):
        found = real_get(request, code)
        if not calls:
            # Someone else moves the dossier right after this request read it.
            other = Dossier.objects.get(pk=found.pk)
            actions.do_hand_on(other, actor=clerk)
        calls.append(code)
        return found

    monkeypatch.setattr(views_actions, "get_dossier", get_then_someone_acts)
    response = as_user(clerk).post(
        f"/dossiers/{dossier.code}/stop/", {"version": page_version, "reason": "Xin dừng"}
    )
    assert response.status_code == 409
    assert "Hồ sơ vừa được người khác cập nhật" in html_of(response)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_PROCESS
    assert not dossier.forms.filter(kind="stop").exists()


def test_unknown_action_is_404_and_get_is_not_allowed(as_user, receive, clerk):
    dossier = receive()
    client = as_user(clerk)
    assert client.post(f"/dossiers/{dossier.code}/explode/", {}).status_code == 404
    assert client.get(f"/dossiers/{dossier.code}/hand_on/").status_code == 405


# -- search ------------------------------------------------------------------------------------


@pytest.fixture
def searchable(receive, marriage, commune, clerk, specialist, frozen_clock):
    frozen_clock.move_to(vn("2024-02-20 09:00"))
    old = receive(applicant=intake.Applicant("Võ Thị Xưa", id_number="079111111111"))
    frozen_clock.move_to(vn("2024-03-04 09:00"))
    fresh = receive()
    actions.do_hand_on(fresh, actor=clerk, to_user=specialist)
    frozen_clock.move_to(vn("2024-03-05 09:00"))
    online = intake.do_submit_online(
        procedure=marriage, unit=commune, applicant=intake.Applicant("Lý Văn Mạng")
    )
    return {"old": old, "fresh": fresh, "online": online}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["online", "fresh", "old"]),
        ("code=240220", ["old"]),
        ("applicant=võ thị", ["old"]),
        ("applicant=079111", ["old"]),
        ("procedure=1.000894", ["online", "fresh", "old"]),
        ("procedure=khai sinh", []),
        ("state=in_process", ["fresh"]),
        ("date_from=2024-03-04&date_to=2024-03-04", ["fresh"]),
        ("date_from=2024-03-05", ["online"]),
        ("timeliness=late", ["old"]),
        ("timeliness=on_time", ["online", "fresh"]),
    ],
)
def test_search_filters(as_user, clerk, searchable, query, expected):
    html = html_of(as_user(clerk).get(f"/dossiers/search/?{query}"))
    assert codes_in(html) == [searchable[key].code for key in expected]


def test_search_answers_htmx_with_the_results_only(as_user, clerk, searchable):
    response = as_user(clerk).get("/dossiers/search/?state=received", HTTP_HX_REQUEST="true")
    text = html_of(response)
    assert "<html" not in text and "Tìm thấy 1 hồ sơ" in text
    bad = as_user(clerk).get("/dossiers/search/?date_from=2024-03-05&date_to=2024-03-01")
    assert bad.status_code == 400 and "“Đến ngày” phải sau “Nộp từ ngày”." in html_of(bad)


def test_notifications_page_lists_and_marks_read(as_user, receive, clerk, specialist):
    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.models import Notification

    with time_machine.travel(vn("2024-03-05 08:00"), tick=False):
        dossier = receive()
        dossier_actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
    client = as_user(specialist)
    home = client.get("/").content.decode()
    assert "1 thông báo chưa đọc" in home
    page = client.get("/dossiers/notifications/").content.decode()
    assert f"Hồ sơ {dossier.code} chuyển đến bạn: Thẩm định, xác minh." in page
    assert not Notification.objects.filter(user=specialist, read_at__isnull=True).exists()
    assert "thông báo chưa đọc" not in client.get("/").content.decode()


def test_staff_open_uploaded_files_and_results_only_through_the_permission_check(
    as_user, marriage, commune, citizen, clerk, other_commune, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from motcua.dossiers import intake as dossier_intake
    from motcua.org.choices import Role
    from motcua.testing.factories import staff

    settings.MEDIA_ROOT = tmp_path
    pdf = "%PDF-1.4 hồ sơ".encode()
    documents = [
        dossier_intake.SubmittedDocument(
            d.name, d.copy_kind, d, ContentFile(pdf, name="a.pdf"), "to-khai.pdf", "application/pdf"
        )
        for d in marriage.documents.filter(mandatory=True)
    ]
    dossier = dossier_intake.do_submit_online(
        procedure=marriage,
        unit=commune,
        documents=documents,
        applicant=dossier_intake.Applicant("Lê Thị Cúc", user=citizen),
    )
    file = dossier.documents.first()
    page = as_user(clerk).get(f"/dossiers/{dossier.code}/").content.decode()
    assert f"/dossiers/{dossier.code}/files/{file.pk}/" in page
    assert "/media/" not in page
    response = as_user(clerk).get(f"/dossiers/{dossier.code}/files/{file.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf
    stranger = as_user(staff(other_commune, Role.CLERK, username="ngoai2"))
    assert stranger.get(f"/dossiers/{dossier.code}/files/{file.pk}/").status_code == 404
    assert as_user(clerk).get(f"/dossiers/{dossier.code}/result/").status_code == 404
