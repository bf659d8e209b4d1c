"""The maintained aggregates equal the from-scratch computation after any sequence of real
dossier transitions (hypothesis), and ``rebuild_indicators`` gives them back from nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.dossiers import actions, intake
from motcua.dossiers.models import Dossier
from motcua.dossiers.supplements import SupplementItem
from motcua.dossiers.transitions import DossierConflict
from motcua.dossiers.workflow import TransitionRefused
from motcua.indicators.maintain import drain_stale, scratch_aggregates, stored_aggregates
from motcua.indicators.models import DailyCount, DossierFact
from motcua.testing.factories import marriage_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DOCUMENTS = [
    intake.ReceivedDocument("Tờ khai đăng ký kết hôn", "original"),
    intake.ReceivedDocument("Giấy xác nhận tình trạng hôn nhân", "original"),
]
OPERATIONS = (
    "receive",
    "online",
    "accept",
    "hand_on",
    "supplement",
    "answer",
    "complete",
    "deliver",
    "stop",
    "refuse",
    "pay",
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 5), st.integers(1, 60)),
        min_size=1,
        max_size=25,
    )
)
def test_aggregates_equal_recomputation_after_random_transitions(
    steps, commune, clerk, specialist, leader, django_capture_on_commit_callbacks
):
    # Hypothesis runs every example in the one test database (function-scoped fixtures):
    # each example runs in a savepoint rolled back at its end, so that it never meets the
    # dossiers of an earlier one, whose clock ran later (time would go backwards for them,
    # and their pauses would end before they began).
    with transaction.atomic():
        _random_transitions(
            steps, commune, clerk, specialist, leader, django_capture_on_commit_callbacks
        )
        transaction.set_rollback(True)


def _random_transitions(
    steps, commune, clerk, specialist, leader, django_capture_on_commit_callbacks
):
    procedure = marriage_procedure(commune, fee=20000)
    applicant = intake.Applicant("Trần Văn Bình", phone="0905123456")
    actor_of = {"clerk": clerk, "specialist": specialist, "unit_head": leader}
    clock = datetime(2024, 3, 4, 8, tzinfo=VN)
    for operation, index, hours in steps:
        clock += timedelta(hours=hours)
        dossiers = list(Dossier.objects.order_by("pk"))
        dossier = dossiers[index % len(dossiers)] if dossiers else None
        with (
            time_machine.travel(clock, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            try:
                if operation == "receive" or dossier is None:
                    intake.do_receive_dossier(
                        procedure=procedure,
                        unit=commune,
                        applicant=applicant,
                        documents=DOCUMENTS,
                        actor=clerk,
                    )
                elif operation == "online":
                    intake.do_submit_online(procedure=procedure, unit=commune, applicant=applicant)
                elif operation == "accept":
                    intake.do_accept_online(dossier, actor=clerk)
                elif operation == "hand_on":
                    role = dossier.current_step.role if dossier.current_step else "clerk"
                    actions.do_hand_on(dossier, actor=actor_of[role])
                elif operation == "supplement":
                    actions.do_request_supplement(
                        dossier, actor=leader, reason="Bổ sung", force=True
                    )
                elif operation == "answer":
                    actions.do_answer_supplement(
                        dossier, actor=clerk, documents=[SupplementItem("Bản sao giấy tờ")]
                    )
                elif operation == "complete":
                    actions.do_complete(dossier, actor=leader, result_summary="Giấy chứng nhận")
                elif operation == "deliver":
                    actions.do_return_result(dossier, actor=clerk)
                elif operation == "stop":
                    actions.do_stop(dossier, actor=leader, reason="Theo đề nghị")
                elif operation == "refuse":
                    actions.do_refuse(dossier, actor=leader, reason="Không đủ điều kiện")
                elif operation == "pay":
                    from motcua.dossiers.signals import dossier_changed

                    Dossier.objects.filter(pk=dossier.pk).update(
                        paid_online="2", digitisation="complete"
                    )
                    dossier_changed.send(sender=Dossier, dossier_id=dossier.pk)
            except (TransitionRefused, ValidationError, DossierConflict):
                pass  # a transition the workflow refuses changes nothing
    assert drain_stale() == 0
    assert stored_aggregates() == scratch_aggregates()


def test_rebuild_recomputes_the_aggregates_from_nothing(march, capsys):
    expected = stored_aggregates()
    DailyCount.objects.all().delete()
    DossierFact.objects.all().delete()
    call_command("rebuild_indicators")
    assert "Đã tính lại: 11 hồ sơ" in capsys.readouterr().out
    assert stored_aggregates() == expected
    assert expected[0]  # something was counted


def test_the_worker_sweep_refreshes_what_a_failed_refresh_left(march, commune):
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.tasks import sweep_deadlines_task
    from motcua.indicators.models import StaleDossier

    # A change whose refresh never ran (the process died after the commit).
    d = Dossier.objects.get(code="D")
    Dossier.objects.filter(pk=d.pk).update(paid_online="2", fee_amount=10)
    StaleDossier.objects.create(dossier_id=d.pk)
    assert stored_aggregates() != scratch_aggregates()
    sweep_deadlines_task.call()
    assert not StaleDossier.objects.exists()
    assert stored_aggregates() == scratch_aggregates()
