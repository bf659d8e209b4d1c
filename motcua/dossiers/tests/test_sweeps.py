from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from motcua.dossiers import actions
from motcua.dossiers.models import DeadlineWarning, Dossier, Notification
from motcua.dossiers.sweeps import sweep_deadlines
from motcua.dossiers.tests.conftest import vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_specialist(receive, clerk, specialist):
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False):
        dossier = receive()
        actions.do_hand_on(dossier, actor=clerk, to_user=specialist)
    # The specialist's step: 3 working days from Tue 05/03 08:00 → Fri 08/03 08:00.
    assert dossier.current_step.due_at == vn("2024-03-08 08:00")
    return dossier


def messages_of(user):
    return list(Notification.objects.filter(user=user).values_list("message", flat=True))


def test_step_due_soon_warns_holder_and_unit_head_once(at_specialist, specialist, leader):
    Notification.objects.all().delete()
    with time_machine.travel(vn("2024-03-07 15:00"), tick=False):  # 3 working hours left
        report = sweep_deadlines()
        again = sweep_deadlines()
    assert report.sent == {"step_due_soon": 1}
    assert sum(again.sent.values()) == 0
    expected = (
        "Bước “Thẩm định, xác minh” của hồ sơ 000.01.40.H99-240305-0001 sắp đến hạn "
        "(08:00 08/03/2024)."
    )
    assert messages_of(specialist) == [expected]
    assert messages_of(leader) == [expected]


def test_overdue_step_and_dossier_are_marked_and_reported_once(at_specialist, leader):
    with time_machine.travel(vn("2024-03-08 10:00"), tick=False):
        assert sweep_deadlines().sent == {"step_overdue": 1}
    with time_machine.travel(vn("2024-03-11 16:30"), tick=False):  # 4.5 h before the due time
        assert sweep_deadlines().sent == {"apology_needed": 1}
    with time_machine.travel(vn("2024-03-13 08:00"), tick=False):
        report = sweep_deadlines()
        assert report.sent == {"dossier_overdue": 1}
        assert sweep_deadlines().sent == {}
    dossier = Dossier.objects.get(pk=at_specialist.pk)
    assert dossier.is_late is True
    assert set(DeadlineWarning.objects.values_list("kind", flat=True)) == {
        "step_overdue",
        "apology_needed",
        "dossier_overdue",
    }
    assert any("đã quá hạn trả kết quả (17:00 12/03/2024)" in m for m in messages_of(leader))


def test_paused_dossiers_are_not_warned(at_specialist, specialist):
    with time_machine.travel(vn("2024-03-06 08:00"), tick=False):
        actions.do_request_supplement(at_specialist, actor=specialist, reason="Thiếu giấy tờ")
    with time_machine.travel(vn("2024-03-20 08:00"), tick=False):
        assert sweep_deadlines().checked == 0
    assert not Dossier.objects.get(pk=at_specialist.pk).is_late


def test_command_runs_the_sweep_and_the_worker_runs_the_task(at_specialist, settings):
    with time_machine.travel(vn("2024-03-08 10:00"), tick=False):
        out = StringIO()
        call_command("sweep_deadlines", stdout=out)
        assert "step_overdue: 1" in out.getvalue()
    DeadlineWarning.objects.all().delete()
    # Through the background worker: enqueue on the database backend, then the worker runs
    # the queued row (its own run_task; its polling loop closes connections, which a test
    # transaction cannot survive on PostgreSQL).
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    with time_machine.travel(vn("2024-03-08 10:00"), tick=True):
        out = StringIO()
        call_command("sweep_deadlines", "--enqueue", stdout=out)
        assert "Đã đưa vào hàng đợi" in out.getvalue()
        assert not DeadlineWarning.objects.exists()
        queued = DBTaskResult.objects.ready().get()
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=1,
            worker_id="test",
            excluded_queue_names=[],
        )
        worker.run_task(queued)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.traceback
    assert DeadlineWarning.objects.filter(kind="step_overdue").count() == 1
