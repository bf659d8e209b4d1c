"""The deadline sweep is set-based (issue 13): a fixed number of statements whatever the
number of open dossiers, no insert that fails, the units' own calendars respected, and
two sweeps at once send each warning once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import time_machine
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import actions
from motcua.dossiers.models import DeadlineWarning, Notification
from motcua.dossiers.sweeps import sweep_deadlines
from motcua.dossiers.tests.conftest import vn
from motcua.workcalendar.actions import do_set_override


def _at_specialist(receive, clerk, specialist, n):
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False):
        for _ in range(n):
            dossier = receive()
            actions.do_hand_on(dossier, actor=clerk, to_user=specialist)


def _sweep_sql(moment):
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as ctx:
        report = sweep_deadlines()
    return report, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
def test_statements_do_not_grow_with_the_open_dossiers(receive, clerk, specialist):
    _at_specialist(receive, clerk, specialist, 1)
    first, _sql = _sweep_sql(vn("2024-03-08 10:00"))
    assert first.sent == {"step_overdue": 1}
    _report, one = _sweep_sql(vn("2024-03-08 10:30"))
    _at_specialist(receive, clerk, specialist, 5)
    report, six = _sweep_sql(vn("2024-03-08 10:30"))
    # Five new overdue steps, each recorded once, in the same statements as before.
    assert report.sent == {"step_overdue": 5} and report.checked == 6
    quiet, again = _sweep_sql(vn("2024-03-08 11:00"))
    assert quiet.sent == {} and quiet.checked == 6
    assert len(again) == len(one)
    assert not any("ROLLBACK" in s for s in one + six + again)
    assert DeadlineWarning.objects.filter(kind="step_overdue").count() == 6


@pytest.mark.django_db
def test_a_unit_calendar_day_off_counts_for_its_dossiers(receive, clerk, specialist, commune):
    _at_specialist(receive, clerk, specialist, 1)  # step due Fri 08/03/2024 08:00
    with time_machine.travel(vn("2024-03-06 15:00"), tick=False):
        # 10.5 working hours left on the national calendar: nothing yet.
        assert sweep_deadlines().sent == {}
        # The commune is off on Thursday 07/03: 2.5 working hours left → due soon.
        do_set_override(commune, day=date(2024, 3, 7), kind="day_off", name="Nghỉ địa phương")
        assert sweep_deadlines().sent == {"step_due_soon": 1}


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="in-memory SQLite test database is per connection; runs on PostgreSQL in .ci/run",
)
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_warning_once(receive, clerk, specialist, leader):
    _at_specialist(receive, clerk, specialist, 3)
    Notification.objects.all().delete()
    barrier = threading.Barrier(2)

    def sweep(_):
        try:
            barrier.wait()
            return sweep_deadlines()
        finally:
            connections.close_all()

    with time_machine.travel(vn("2024-03-08 10:00"), tick=True):
        with ThreadPoolExecutor(2) as pool:
            reports = list(pool.map(sweep, range(2)))
    sent = sum(sum(r.sent.values()) for r in reports)
    assert sent == 3
    assert DeadlineWarning.objects.filter(kind="step_overdue").count() == 3
    # The specialist (handler) and the unit head: one message per dossier each.
    assert Notification.objects.filter(user=specialist).count() == 3
    assert Notification.objects.filter(user=leader).count() == 3
    # Run alone afterwards: nothing more.
    with time_machine.travel(vn("2024-03-08 10:30"), tick=False):
        assert sweep_deadlines().sent == {}
