"""Every step limit across a holiday, with exact dates on the unit's calendar: Tết Bính Ngọ
2026 (14/02–22/02 off, TB 9441/TB-BNV), National Day 2026 (31/08–02/09 off, Saturday 22/08
worked) — LAW.md §1. Limits: refuse 2, ask for more 5, handle 15, publish 2 working days
(configurable), forward 5 (NĐ 20/2008/NĐ-CP Điều 9)."""

from __future__ import annotations

import pytest

from motcua.feedback import actions
from motcua.feedback.choices import FeedbackState, StepKind
from motcua.feedback.models import HandlingLimit

from .conftest import local


def steps(item):
    return {s.kind: s for s in item.steps.filter(cancelled=False)}


def test_received_before_tet_classify_and_handle_due_after_the_holiday(receive, travel):
    travel("12/02/2026 10:00")
    item, secret = receive()
    s = steps(item)
    # Fri 13/02 is day 1; 14/02–22/02 off; Mon 23/02 is day 2.
    assert local(s[StepKind.CLASSIFY].due_at) == "23/02/2026 17:00"
    # 13/02, 23–27/02, 02–06/03, 09–12/03: the 15th working day is Thu 12/03.
    assert local(s[StepKind.HANDLE].due_at) == "12/03/2026 17:00"
    assert local(item.handling_due_at) == "12/03/2026 17:00"
    assert item.code.startswith("PAKN-260212-") and len(secret) >= 12


@pytest.mark.parametrize(
    ("when", "on_time"), [("23/02/2026 17:00", True), ("24/02/2026 08:00", False)]
)
def test_refusal_within_two_working_days_across_tet(receive, travel, specialist, when, on_time):
    travel("12/02/2026 10:00")
    item, _ = receive()
    travel(when)
    actions.do_not_accept(item, actor=specialist, reason="Nội dung không rõ ràng")
    step = item.steps.get(kind=StepKind.REFUSE)
    assert local(step.due_at) == "23/02/2026 17:00" and step.limit_days == 2
    assert step.on_time is on_time
    assert item.state == FeedbackState.NOT_ACCEPTED and item.is_late is (not on_time)
    assert item.steps.get(kind=StepKind.HANDLE).cancelled


@pytest.mark.parametrize(
    ("when", "on_time"), [("26/02/2026 16:59", True), ("27/02/2026 08:00", False)]
)
def test_forwarding_within_the_decrees_five_working_days(
    receive, travel, specialist, when, on_time
):
    HandlingLimit.objects.filter(kind=StepKind.REFUSE).update(working_days=1)  # not forward's
    travel("12/02/2026 10:00")
    item, _ = receive()
    travel(when)
    actions.do_forward(item, actor=specialist, forwarded_to="Sở Xây dựng tỉnh")
    step = item.steps.get(kind=StepKind.FORWARD)
    # 13/02, 23/02, 24/02, 25/02, 26/02.
    assert (local(step.due_at), step.limit_days, step.on_time) == (
        "26/02/2026 17:00",
        5,
        on_time,
    )
    assert item.state == FeedbackState.FORWARDED and item.forwarded_to == "Sở Xây dựng tỉnh"


@pytest.mark.parametrize(
    ("when", "on_time"), [("26/02/2026 17:00", True), ("27/02/2026 09:00", False)]
)
def test_asking_for_more_within_five_working_days(receive, travel, specialist, when, on_time):
    travel("12/02/2026 10:00")
    item, _ = receive()
    actions.do_accept(item, actor=specialist)
    travel(when)
    actions.do_ask_more(item, actor=specialist, question="Cho biết ngày nộp hồ sơ")
    step = item.steps.get(kind=StepKind.ASK_MORE)
    assert (local(step.due_at), step.on_time) == ("26/02/2026 17:00", on_time)
    assert item.state == FeedbackState.WAITING_SENDER


def test_waiting_for_the_sender_moves_the_handling_due_time(receive, travel, specialist):
    travel("12/02/2026 10:00")
    item, _ = receive()
    actions.do_accept(item, actor=specialist)
    travel("25/02/2026 09:00")
    actions.do_ask_more(item, actor=specialist, question="Cho biết ngày nộp hồ sơ")
    travel("27/02/2026 09:00")
    actions.do_provide_more(item, actor=actions.SENDER, content="Ngày 10/02/2026")
    # Two working days (16 office hours) of waiting are not charged: 12/03 → Mon 16/03.
    assert local(item.handling_due_at) == "16/03/2026 17:00"
    travel("16/03/2026 16:00")
    actions.do_answer(item, actor=specialist, answer="Đã chấn chỉnh cán bộ.")
    assert item.steps.get(kind=StepKind.HANDLE).on_time is True


@pytest.mark.parametrize(
    ("when", "on_time"), [("12/03/2026 17:00", True), ("13/03/2026 08:00", False)]
)
def test_handling_within_fifteen_working_days(receive, travel, specialist, when, on_time):
    travel("12/02/2026 10:00")
    item, _ = receive()
    actions.do_accept(item, actor=specialist)
    travel(when)
    actions.do_answer(item, actor=specialist, answer="Đã chấn chỉnh cán bộ.")
    assert item.steps.get(kind=StepKind.HANDLE).on_time is on_time
    assert item.is_late is (not on_time)


def test_handling_across_national_day_2026(receive, travel):
    travel("27/08/2026 10:00")
    item, _ = receive()
    # 28/08 (1), 31/08–02/09 off, 03–04/09, 07–11/09, 14–18/09, 21/09, 22/09 (15).
    assert local(item.handling_due_at) == "22/09/2026 17:00"


@pytest.mark.parametrize(
    ("answered", "due"),
    [
        # Fri 28/08: 31/08, 01/09, 02/09 off → Thu 03/09 (1), Fri 04/09 (2).
        ("28/08/2026 15:00", "04/09/2026 17:00"),
        # Fri 21/08: Saturday 22/08 is worked (for Mon 31/08) → 22/08 (1), 24/08 (2).
        ("21/08/2026 10:00", "24/08/2026 17:00"),
    ],
)
def test_publication_within_two_working_days(receive, travel, specialist, answered, due):
    travel("14/08/2026 09:00")
    item, _ = receive()
    actions.do_accept(item, actor=specialist)
    travel(answered)
    actions.do_answer(item, actor=specialist, answer="Đã chấn chỉnh cán bộ.")
    step = item.steps.get(kind=StepKind.PUBLISH)
    assert local(step.due_at) == due
    travel(due.replace("17:00", "16:30"))
    actions.do_publish(item, actor=specialist)
    step.refresh_from_db()
    assert step.on_time is True and item.state == FeedbackState.PUBLISHED


def test_the_limits_are_data_but_forwarding_is_the_decrees(receive, travel, specialist):
    HandlingLimit.objects.filter(kind=StepKind.HANDLE).update(working_days=10)
    HandlingLimit.objects.create(kind=StepKind.FORWARD, working_days=1)  # ignored
    travel("12/02/2026 10:00")
    item, _ = receive()
    # 13/02, 23–27/02, 02–05/03: the 10th working day is Thu 05/03.
    assert local(item.handling_due_at) == "05/03/2026 17:00"
    actions.do_forward(item, actor=specialist, forwarded_to="UBND tỉnh")
    assert item.steps.get(kind=StepKind.FORWARD).limit_days == 5


def test_reopening_gives_a_new_full_handling_step(receive, travel, specialist):
    travel("12/02/2026 10:00")
    item, secret = receive()
    actions.do_accept(item, actor=specialist)
    travel("20/03/2026 10:00")  # late answer
    actions.do_answer(item, actor=specialist, answer="Đã xử lý.")
    travel("25/03/2026 10:00")
    actions.do_reopen(item, actor=actions.SENDER, reason="Chưa được giải quyết")
    # 26/03 (1) … the 15th working day after Wed 25/03 is Wed 15/04 (no holiday before 27/04).
    assert local(item.handling_due_at) == "15/04/2026 17:00"
    assert item.state == FeedbackState.ACCEPTED and item.reopen_count == 1


def test_an_administrator_edits_the_limits_in_the_admin(admin_user, as_user):
    admin_user.is_superuser = admin_user.is_staff = True
    admin_user.save()
    client = as_user(admin_user)
    row = HandlingLimit.objects.get(kind=StepKind.PUBLISH)
    page = client.get("/admin/feedback/handlinglimit/")
    assert page.status_code == 200 and "publish" in page.content.decode()
    client.post(
        f"/admin/feedback/handlinglimit/{row.pk}/change/",
        {"kind": "publish", "working_days": 3, "source": "Quyết định của tỉnh"},
    )
    row.refresh_from_db()
    assert row.working_days == 3
