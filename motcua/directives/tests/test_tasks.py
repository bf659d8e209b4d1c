"""Directives and their tasks: assignment, progress, extensions, overdue lists, reminders,
the on-time figure and the task API."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.directives import actions, selectors
from motcua.directives.choices import ExtensionState, TaskState
from motcua.directives.reminders import remind_tasks
from motcua.dossiers.models import Notification
from motcua.org.choices import Role
from motcua.testing.factories import staff


@pytest.fixture
def directive(province, reform_officer):
    return actions.do_create_directive(
        actor=reform_officer,
        kind="directive",
        number="03/CT-UBND",
        issued_on=date(2025, 6, 14),
        signer="Chủ tịch UBND tỉnh",
        issuer=province,
        title="Về nâng cao hiệu quả thực hiện nhiệm vụ CCHC",
    )


@pytest.fixture
def task(directive, reform_officer, commune, other_commune, leader):
    return actions.do_assign_task(
        directive,
        actor=reform_officer,
        title="Số hóa hồ sơ đạt tối thiểu 60%",
        lead_unit=commune,
        co_units=[other_commune],
        deadline=date(2025, 9, 30),
        expected_result="Tỷ lệ số hóa ≥ 60%",
    )


def test_assigning_a_task_tells_the_lead_unit_head(task, leader):
    assert task.original_deadline == date(2025, 9, 30)
    assert Notification.objects.filter(user=leader, message__contains="Số hóa hồ sơ").count() == 1


def test_only_the_issuer_side_assigns_tasks(directive, leader, commune):
    with pytest.raises(PermissionDenied):
        actions.do_assign_task(
            directive, actor=leader, title="X", lead_unit=commune, deadline=date(2025, 9, 1)
        )


@time_machine.travel("2025-09-10 09:00 +07:00", tick=False)
def test_progress_reports_come_from_the_lead_and_co_units_only(
    task, leader, other_commune, department
):
    actions.do_report_progress(task, actor=leader, text="Đã số hóa 45%", progress=45)
    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", 45)
    co = staff(other_commune, Role.SPECIALIST)
    actions.do_report_progress(task, actor=co, text="Phối hợp rà soát", progress=10)
    task.refresh_from_db()
    assert task.progress == 45  # a co-unit's report does not move the lead's progress
    outsider = staff(department, Role.UNIT_HEAD)
    with pytest.raises(PermissionDenied):
        actions.do_report_progress(task, actor=outsider, text="…", progress=50)


@time_machine.travel("2025-09-25 09:00 +07:00", tick=False)
def test_an_approved_extension_moves_the_deadline_and_keeps_the_old_one(
    task, leader, reform_officer
):
    with pytest.raises(ValidationError):
        actions.do_request_extension(
            task, actor=leader, requested_deadline=date(2025, 9, 1), reason="x"
        )
    request = actions.do_request_extension(
        task, actor=leader, requested_deadline=date(2025, 10, 31), reason="Chờ máy quét mới"
    )
    with pytest.raises(ValidationError):  # one pending request at a time
        actions.do_request_extension(
            task, actor=leader, requested_deadline=date(2025, 11, 30), reason="y"
        )
    with pytest.raises(PermissionDenied):  # the lead unit cannot approve its own request
        actions.do_decide_extension(request, actor=leader, approve=True)
    actions.do_decide_extension(request, actor=reform_officer, approve=True, note="Đồng ý")
    task.refresh_from_db()
    request.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (date(2025, 10, 31), date(2025, 9, 30))
    assert (request.state, request.old_deadline) == (ExtensionState.APPROVED, date(2025, 9, 30))


@time_machine.travel("2025-09-25 09:00 +07:00", tick=False)
def test_a_refusal_needs_a_reason_and_keeps_the_deadline(task, leader, reform_officer):
    request = actions.do_request_extension(
        task, actor=leader, requested_deadline=date(2025, 10, 31), reason="Chờ máy quét mới"
    )
    with pytest.raises(ValidationError):
        actions.do_decide_extension(request, actor=reform_officer, approve=False)
    actions.do_decide_extension(request, actor=reform_officer, approve=False, note="Đủ thời gian")
    task.refresh_from_db()
    assert task.deadline == date(2025, 9, 30)
    assert Notification.objects.filter(user=leader, message__contains="Không đồng ý").exists()


def test_overdue_and_due_soon_lists_per_unit(
    task, directive, reform_officer, commune, other_commune
):
    later = actions.do_assign_task(
        directive,
        actor=reform_officer,
        title="Tuyên truyền CCHC",
        lead_unit=commune,
        deadline=date(2025, 10, 20),
    )
    assert [t.pk for t in selectors.overdue_tasks(commune, date(2025, 10, 1))] == [task.pk]
    assert [t.pk for t in selectors.due_soon_tasks(commune, date(2025, 10, 14))] == [later.pk]
    # The co-operating unit sees the task among its own.
    assert [t.pk for t in selectors.overdue_tasks(other_commune, date(2025, 10, 1))] == [task.pk]
    assert task.state(date(2025, 9, 23)) == TaskState.DUE_SOON
    assert task.state(date(2025, 9, 22)) == TaskState.OPEN


def test_reminders_are_sent_once_per_deadline(task, leader, reform_officer):
    mail.outbox.clear()
    assert remind_tasks(date(2025, 9, 25))["due_soon"] == 1
    assert remind_tasks(date(2025, 9, 26))["due_soon"] == 0
    assert remind_tasks(date(2025, 10, 1))["overdue"] == 1
    assert remind_tasks(date(2025, 10, 2))["overdue"] == 0
    messages = list(Notification.objects.filter(user=leader).values_list("message", flat=True))
    assert any("sắp đến hạn" in m for m in messages) and any("quá hạn" in m for m in messages)


def test_tasks_on_time_counts_tasks_due_in_the_period(
    task, directive, reform_officer, commune, leader
):
    on_time = actions.do_assign_task(
        directive, actor=reform_officer, title="A", lead_unit=commune, deadline=date(2025, 3, 31)
    )
    late = actions.do_assign_task(
        directive, actor=reform_officer, title="B", lead_unit=commune, deadline=date(2025, 4, 30)
    )
    actions.do_assign_task(  # not yet due at the end of the period: not counted
        directive, actor=reform_officer, title="C", lead_unit=commune, deadline=date(2026, 2, 1)
    )
    actions.do_complete_task(on_time, actor=leader, done_on=date(2025, 3, 28))
    actions.do_complete_task(late, actor=leader, done_on=date(2025, 5, 6))
    with time_machine.travel("2026-01-15 09:00 +07:00", tick=False):
        figure = selectors.tasks_on_time(commune, date(2025, 1, 1), date(2025, 12, 31))
    # A on time, B late, the 30/9 task overdue and unfinished.
    assert (figure.numerator, figure.denominator) == (1, 3)
    assert figure.drilldown.startswith("/directives/tasks/?unit=000.01.40.H99")


@time_machine.travel("2025-10-05 09:00 +07:00", tick=False)
def test_task_api_lists_a_units_overdue_tasks(task, commune, reform_officer, as_user):
    client = as_user(reform_officer)
    response = client.get("/api/v1/tasks", {"unit": commune.code, "state": "overdue"})
    assert response.status_code == 200
    [row] = response.json()
    assert row["title"] == "Số hóa hồ sơ đạt tối thiểu 60%"
    assert row["state"] == "overdue"
    assert row["deadline"] == "2025-09-30"
    assert row["lead_unit"] == commune.code
    assert row["co_units"] == ["000.02.40.H99"]
    assert row["directive"]["number"] == "03/CT-UBND"
    assert client.get("/api/v1/tasks", {"unit": commune.code, "state": "due_soon"}).json() == []
    bad = client.get("/api/v1/tasks", {"state": "late"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_state"
    assert client.get("/api/v1/tasks", {"unit": "999.99.99.H99"}).status_code == 404


def test_task_api_needs_a_login(client):
    assert client.get("/api/v1/tasks").status_code == 401


@time_machine.travel("2025-10-05 09:00 +07:00", tick=False)
def test_task_pages_walk_report_extension_and_decision(task, leader, reform_officer, as_user):
    head = as_user(leader)
    page = head.get(f"/directives/tasks/{task.pk}/")
    assert page.status_code == 200 and "Quá hạn" in page.content.decode()
    head.post(f"/directives/tasks/{task.pk}/report/", {"text": "Đã số hóa 50%", "progress": 50})
    head.post(
        f"/directives/tasks/{task.pk}/extension/",
        {"requested_deadline": "2025-11-15", "reason": "Thiếu máy quét"},
    )
    office = as_user(reform_officer)
    office.post(
        f"/directives/tasks/{task.pk}/extension/decide/", {"approve": "1", "note": "Đồng ý"}
    )
    task.refresh_from_db()
    assert (task.progress, task.deadline) == (50, date(2025, 11, 15))
    listing = office.get("/directives/tasks/", {"unit": task.lead_unit.code, "state": "due_soon"})
    assert "Số hóa hồ sơ" not in listing.content.decode()


@time_machine.travel("2025-10-05 09:00 +07:00", tick=False)
def test_the_unit_heads_panel_lists_his_overdue_and_due_soon_tasks(
    task, directive, reform_officer, leader, commune
):
    from django.template.loader import render_to_string

    from motcua.directives.home import TEMPLATE, unit_head_panel

    soon = actions.do_assign_task(
        directive,
        actor=reform_officer,
        title="Tuyên truyền CCHC",
        lead_unit=commune,
        deadline=date(2025, 10, 9),
    )
    panel = unit_head_panel(leader.memberships.get())
    assert [t.pk for t in panel["overdue"]] == [task.pk]
    assert [t.pk for t in panel["due_soon"]] == [soon.pk]
    html = render_to_string(TEMPLATE, panel)
    assert "1 nhiệm vụ quá hạn" in html and "Số hóa hồ sơ đạt tối thiểu 60%" in html
    assert unit_head_panel(staff(commune, Role.CLERK).memberships.get()) is None


@time_machine.travel("2025-10-05 09:00 +07:00", tick=False)
def test_the_unit_heads_home_page_shows_his_overdue_tasks(task, leader, as_user):
    page = as_user(leader).get("/").content.decode()
    assert 'id="home-tasks"' in page
    assert "1 nhiệm vụ quá hạn" in page and "Số hóa hồ sơ đạt tối thiểu 60%" in page
