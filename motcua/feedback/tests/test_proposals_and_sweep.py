"""Simplification proposals (seed 004's time-saved arithmetic) and the deadline warnings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from motcua.dossiers.models import Notification
from motcua.feedback import actions, proposals, selectors
from motcua.feedback.choices import StepKind
from motcua.feedback.models import Feedback, SimplificationProposal
from motcua.feedback.sweeps import sweep_feedback
from motcua.org.tokens import do_create_token
from motcua.testing.factories import ProcedureFactory


def test_seed_004_time_saved_54_procedures_561_5_of_1659_5_days(commune, leader):
    """Báo cáo 9 tháng 2024 (seed 004): 54 TTHC cut, 561,5 / 1.659,5 days, 33,8 %.
    53 procedures from 30 to 20 days and one from 69,5 to 38 (1.590 + 69,5 = 1.659,5 days
    before; 530 + 31,5 = 561,5 saved)."""
    cuts = [(Decimal("30"), Decimal("20"))] * 53 + [(Decimal("69.5"), Decimal("38"))]
    for before, after in cuts:
        procedure = ProcedureFactory(time_limit=int(before))
        procedure.units.add(commune)
        p = proposals.do_propose_simplification(
            procedure=procedure,
            unit=commune,
            kind="time",
            summary="Cắt giảm thời hạn",
            actor=leader,
            days_before=before,
        )
        proposals.do_decide_proposal(p, actor=leader, approved=True, days_after=after)
    saved = selectors.time_saved(SimplificationProposal.objects.all())
    assert saved.procedures == 54
    assert saved.days_before == Decimal("1659.5")
    assert saved.days_saved == Decimal("561.5")
    assert round(saved.rate, 1) == 33.8


def test_a_proposal_from_feedback_on_a_procedure_reviewed_and_decided_over_the_api(
    commune, specialist, leader, receive
):
    procedure = ProcedureFactory(time_limit=5)
    procedure.units.add(commune)
    item, _ = receive(procedure=procedure, title="Đề nghị giảm giấy tờ")
    _t, raw = do_create_token(specialist, "t")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    made = client.post(
        "/api/v1/feedback/proposals",
        {
            "procedure": procedure.code,
            "unit": commune.code,
            "kind": "time",
            "summary": "Giảm từ 5 xuống 3 ngày",
            "feedback": item.code,
            "days_after": "3",
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    body = made.json()
    assert (body["feedback"], body["days_before"], body["state"]) == (item.code, "5.0", "proposed")
    # The specialist proposes; the unit head decides.
    refused = client.post(
        f"/api/v1/feedback/proposals/{body['id']}/approve", {}, content_type="application/json"
    )
    assert refused.status_code == 403
    _t, boss = do_create_token(leader, "t")
    head = Client(headers={"Authorization": f"Bearer {boss}"})
    head.post(f"/api/v1/feedback/proposals/{body['id']}/review")
    approved = head.post(
        f"/api/v1/feedback/proposals/{body['id']}/approve",
        {"decision": "Đồng ý"},
        content_type="application/json",
    )
    assert approved.json()["state"] == "approved" and approved.json()["days_saved"] == "2.0"
    summary = head.get("/api/v1/feedback/proposals").json()
    assert (summary["procedures_cut"], summary["days_saved"], summary["rate"]) == (1, "2.0", 40.0)


def test_a_proposal_cannot_lengthen_the_time_or_come_from_a_stranger(commune, other_commune):
    from motcua.org.choices import Role
    from motcua.testing.factories import staff

    procedure = ProcedureFactory(time_limit=5)
    stranger = staff(other_commune, Role.UNIT_HEAD, username="la")
    with pytest.raises(PermissionDenied):
        proposals.do_propose_simplification(
            procedure=procedure, unit=commune, kind="time", summary="x", actor=stranger
        )
    own = staff(commune, Role.SPECIALIST, username="cv2")
    with pytest.raises(ValidationError):
        proposals.do_propose_simplification(
            procedure=procedure, unit=commune, kind="time", summary="x", actor=own, days_after=7
        )


def test_warnings_before_and_after_a_limit_are_sent_once(receive, travel, specialist, leader):
    travel("12/02/2026 10:00")
    item, _ = receive()
    actions.do_accept(item, actor=specialist)
    # 8 working hours before 12/03 17:00: from 11/03 17:00.
    travel("11/03/2026 16:00")
    assert sweep_feedback()["due_soon"] == 0
    travel("11/03/2026 17:30")
    assert sweep_feedback()["due_soon"] == 1
    assert sweep_feedback()["due_soon"] == 0  # once
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert {specialist.username, leader.username} <= told
    travel("13/03/2026 08:30")
    assert sweep_feedback()["overdue"] == 1
    item.refresh_from_db()
    assert item.is_late
    assert item.steps.get(kind=StepKind.HANDLE).finished_at is None


def test_no_warning_while_waiting_for_the_sender(receive, travel, specialist):
    travel("12/02/2026 10:00")
    item, _ = receive()
    actions.do_accept(item, actor=specialist)
    actions.do_ask_more(item, actor=specialist, question="?")
    travel("20/03/2026 10:00")
    assert sweep_feedback() == {}
    assert not Feedback.objects.get(pk=item.pk).is_late
