"""Issue 7, the workflow: completion only at the final approval step by its holder, no step
skipped, an assignment binds and goes only to the step's role in the step's unit; a
transition's body must be a JSON object; a result file passes the one upload check."""

from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.test import Client

from motcua.dossiers import actions
from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import vn
from motcua.org.choices import Role
from motcua.org.tokens import do_create_token
from motcua.procedures.models import ProcessingStep
from motcua.testing.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False) as traveller:
        yield traveller


def bearer(user):
    _token, raw = do_create_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def state_of(dossier):
    return Dossier.objects.get(pk=dossier.pk).state


def test_the_unit_head_signs_only_at_the_final_approval_step(receive, clerk, specialist, leader):
    dossier = receive()
    head = bearer(leader)
    # At the reception step and at the specialist's step: no signature, no skipping.
    for _ in range(2):
        refused = post(head, f"/api/v1/dossiers/{dossier.code}/complete", {"result_summary": "x"})
        if dossier.state == DossierState.RECEIVED:
            assert refused.status_code == 409 and refused.json()["code"] == "invalid_transition"
            actions.do_hand_on(dossier, actor=clerk)
            continue
        assert refused.status_code == 409 and refused.json()["code"] == "not_signing_step"
        assert refused.json()["message"] == (
            "Hồ sơ đang ở bước “Thẩm định, xác minh”: chỉ ký kết quả ở bước "
            "“Phê duyệt, ký giấy chứng nhận”."
        )
    skip = post(head, f"/api/v1/dossiers/{dossier.code}/hand-on", {})
    assert skip.status_code == 403 and skip.json()["code"] == "not_step_holder"
    assert state_of(dossier) == DossierState.IN_PROCESS
    actions.do_hand_on(dossier, actor=specialist)
    done = post(head, f"/api/v1/dossiers/{dossier.code}/complete", {"result_summary": "GCN 1"})
    assert done.status_code == 200 and done.json()["state"] == "processed"
    assert done.json()["current_step"]["name"] == "Trả kết quả"


def test_an_inter_agency_step_held_by_another_unit_cannot_be_skipped(
    marriage, receive, clerk, specialist, leader, department
):
    ProcessingStep.objects.filter(procedure=marriage, order__gte=3).update(order=F("order") + 1)
    ProcessingStep.objects.create(
        procedure=marriage,
        order=3,
        name="Xác minh liên thông",
        role=Role.SPECIALIST,
        unit=department,
        budget=Decimal("1"),
    )
    partner = staff(department, Role.SPECIALIST, username="cv.sotuphap")
    dossier = receive()
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_hand_on(dossier, actor=specialist)
    assert dossier.current_step.unit == department
    signed = post(
        bearer(leader), f"/api/v1/dossiers/{dossier.code}/complete", {"result_summary": "x"}
    )
    assert signed.status_code == 409 and signed.json()["code"] == "not_signing_step"
    again = post(bearer(specialist), f"/api/v1/dossiers/{dossier.code}/hand-on", {})
    assert again.status_code == 403 and again.json()["code"] == "not_step_holder"
    moved = post(bearer(partner), f"/api/v1/dossiers/{dossier.code}/hand-on", {})
    assert moved.status_code == 200 and moved.json()["current_step"]["order"] == 4
    signed = post(
        bearer(leader), f"/api/v1/dossiers/{dossier.code}/complete", {"result_summary": "x"}
    )
    assert signed.status_code == 200


def test_an_assignment_binds_and_goes_only_to_the_steps_role(receive, clerk, specialist, commune):
    colleague = staff(commune, Role.SPECIALIST, username="chuyenvien2")
    other_clerk = staff(commune, Role.CLERK, username="motcua2")
    dossier = receive()
    wrong_role = post(
        bearer(clerk), f"/api/v1/dossiers/{dossier.code}/hand-on", {"to_user": other_clerk.username}
    )
    assert wrong_role.status_code == 400 and wrong_role.json()["code"] == "handler_not_in_unit"
    assert wrong_role.json()["message"] == (
        f"{other_clerk} không có vai trò “Chuyên viên xử lý” tại UBND xã An Bình."
    )
    # The reception step is the receiving clerk's: another clerk of the desk does not hold it.
    taken = post(bearer(other_clerk), f"/api/v1/dossiers/{dossier.code}/hand-on", {})
    assert taken.status_code == 403 and taken.json()["code"] == "not_step_holder"
    given = post(
        bearer(clerk), f"/api/v1/dossiers/{dossier.code}/hand-on", {"to_user": specialist.username}
    )
    assert given.status_code == 200
    assert given.json()["current_step"]["handler"] == specialist.username
    # Given to one specialist: the other cannot take it.
    stolen = post(bearer(colleague), f"/api/v1/dossiers/{dossier.code}/hand-on", {})
    assert stolen.status_code == 403 and stolen.json()["code"] == "not_step_holder"
    assert (
        post(bearer(specialist), f"/api/v1/dossiers/{dossier.code}/hand-on", {}).status_code == 200
    )


@pytest.mark.parametrize("body", ["null", "[]", "5", '"hand on"', "true"])
def test_a_transition_body_that_is_not_an_object_is_a_400(receive, clerk, body):
    dossier = receive()
    response = bearer(clerk).post(
        f"/api/v1/dossiers/{dossier.code}/hand-on", body, content_type="application/json"
    )
    assert response.status_code == 400
    payload = response.json()
    assert set(payload) == {"code", "message", "details"}
    assert payload["code"] == "invalid_input"
    assert payload["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert state_of(dossier) == DossierState.RECEIVED


def test_the_result_file_passes_the_one_upload_check(
    receive, clerk, specialist, leader, as_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.PORTAL_MAX_UPLOAD_MB = 1  # the one limit (10 MB by default), kept small here
    dossier = receive()
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_hand_on(dossier, actor=specialist)
    browser = as_user(leader)

    def sign(upload):
        current = Dossier.objects.get(pk=dossier.pk)
        return browser.post(
            f"/dossiers/{dossier.code}/complete/",
            {"version": current.version, "result_summary": "GCN kết hôn", "result_file": upload},
        )

    exe = sign(
        SimpleUploadedFile("ket-qua.pdf", b"MZ\x90\x00\x03" + b"\0" * 200, "application/pdf")
    )
    assert exe.status_code == 400
    assert "Tệp “ket-qua.pdf” không phải PDF, JPEG hoặc PNG." in exe.content.decode()
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), "application/pdf")
    too_large = sign(big)
    assert too_large.status_code == 400
    assert "Tệp “lon.pdf” lớn hơn 1 MB." in too_large.content.decode()
    assert state_of(dossier) == DossierState.IN_PROCESS
    assert not list(tmp_path.rglob("*"))
    good = sign(SimpleUploadedFile("ket-qua.exe", b"%PDF-1.4 ket qua", "application/octet-stream"))
    assert good.status_code == 302
    stored = Dossier.objects.get(pk=dossier.pk)
    assert stored.state == DossierState.PROCESSED and stored.electronic_result
    assert stored.result_file.name.endswith("/ket-qua.pdf")
