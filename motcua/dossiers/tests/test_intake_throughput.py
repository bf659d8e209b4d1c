"""Intake at hundreds a second (issue 13): few queries, the daily-sequence lock taken last
and held for the code only, calendars cached per process and invalidated on change, no
write on every API token use."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import intake
from motcua.dossiers.models import DailySequence, Dossier, DossierEvent, DossierStep
from motcua.dossiers.tests.conftest import DOCUMENTS, vn
from motcua.dossiers.tests.test_api import BODY, bearer, post
from motcua.org.models import ApiToken
from motcua.org.tokens import do_create_token
from motcua.workcalendar.actions import do_remove_override, do_set_override
from motcua.workcalendar.models import CalendarOverride, CalendarStamp, WorkCalendar
from motcua.workcalendar.services import working_calendar_for

pytestmark = pytest.mark.django_db


def test_api_intake_runs_at_most_15_queries(marriage, clerk, django_assert_max_num_queries):
    desk = bearer(clerk)
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False):
        assert post(desk, "/api/v1/dossiers", BODY).status_code == 201  # calendars built
        with django_assert_max_num_queries(15):
            created = post(desk, "/api/v1/dossiers", BODY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["code"] == "000.01.40.H99-250124-0002"
    assert body["due_at"] == "2025-02-07T17:00:00+07:00"
    assert body["current_step"]["order"] == 1
    dossier = Dossier.objects.get(code=body["code"])
    assert dossier.current_step.handler == clerk
    assert dossier.current_step.due_at == vn("2025-01-24 15:30")
    assert list(dossier.steps.values_list("order", "budget_hours")) == [
        (1, 4),
        (2, 24),
        (3, 8),
        (4, 4),
    ]
    assert dossier.events.get().to_step == dossier.current_step
    assert dossier.forms.get().data["due_at"] == "2025-02-07T17:00:00+07:00"


def test_sequence_is_taken_last_and_held_for_the_code_only(receive):
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False):
        receive()
        with CaptureQueriesContext(connection) as ctx:
            dossier = receive()
    sql = [q["sql"] for q in ctx.captured_queries]
    taken = next(i for i, s in enumerate(sql) if "dossiers_dailysequence" in s)
    after = [s for s in sql[taken + 1 :] if not s.startswith(("SAVEPOINT", "RELEASE"))]
    # After the number: the dossier gets its code, and the transaction ends.
    assert len(after) == 1 and after[0].startswith('UPDATE "dossiers_dossier" SET "code"')
    assert not any(s.startswith("SELECT") for s in sql[taken:])
    assert dossier.code == "000.01.40.H99-250124-0002"
    assert DailySequence.objects.get().last == 2


def test_a_failed_intake_gives_its_number_back(receive, monkeypatch):
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False):
        receive()

        def broken(*args, **kwargs):
            raise RuntimeError("mail server on fire")

        monkeypatch.setattr(intake, "notify_user", broken)
        with pytest.raises(RuntimeError):
            receive()
        monkeypatch.undo()
        assert receive().code == "000.01.40.H99-250124-0002"
    assert Dossier.objects.count() == 2
    assert not Dossier.objects.filter(code__startswith="~").exists()
    assert DossierStep.objects.count() == 8 and DossierEvent.objects.count() == 2


def test_calendar_is_cached_and_a_new_day_off_reaches_the_next_intake(
    receive, commune, django_assert_num_queries
):
    with time_machine.travel(vn("2025-01-24 10:00"), tick=False):
        assert receive().due_at == vn("2025-02-07 17:00")
        with django_assert_num_queries(0):
            working_calendar_for(commune)
        # The commune gives Monday 03/02/2025 off: due one working day later.
        do_set_override(commune, day=date(2025, 2, 3), kind="day_off", name="Nghỉ địa phương")
        assert receive().due_at == vn("2025-02-10 17:00")
        do_remove_override(CalendarOverride.objects.get(day=date(2025, 2, 3)))
        assert receive().due_at == vn("2025-02-07 17:00")


def test_another_process_change_is_seen_through_the_stamp(commune, settings):
    calendar = working_calendar_for(commune)
    assert date(2025, 2, 3) not in calendar.days_off
    # Another process adds a day off and writes a new stamp: this process's cache is not
    # told (no signal here), it reads the stamp again after CALENDAR_STAMP_SECONDS.
    CalendarOverride.objects.bulk_create(
        [
            CalendarOverride(
                calendar=WorkCalendar.objects.national(),
                day=date(2025, 2, 3),
                kind="day_off",
                name="Nghỉ",
            )
        ]
    )
    CalendarStamp.objects.update_or_create(pk=1, defaults={"token": "other-process"})
    settings.CALENDAR_STAMP_SECONDS = 3600
    assert date(2025, 2, 3) not in working_calendar_for(commune).days_off
    settings.CALENDAR_STAMP_SECONDS = 0
    assert date(2025, 2, 3) in working_calendar_for(commune).days_off


def test_token_last_use_is_written_at_most_every_five_minutes(marriage, clerk):
    token, raw = do_create_token(clerk, "tích hợp")
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    start = vn("2025-01-24 10:00")
    with time_machine.travel(start, tick=False) as clock:
        assert client.get("/api/v1/dossiers").status_code == 200
        assert ApiToken.objects.get(pk=token.pk).last_used_at == start
        clock.move_to(start + timedelta(minutes=4, seconds=59))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/v1/dossiers").status_code == 200
        assert not any(q["sql"].startswith("UPDATE") for q in ctx.captured_queries)
        assert ApiToken.objects.get(pk=token.pk).last_used_at == start
        clock.move_to(start + timedelta(minutes=5))
        assert client.get("/api/v1/dossiers").status_code == 200
        assert ApiToken.objects.get(pk=token.pk).last_used_at == start + timedelta(minutes=5)


def test_desk_intake_keeps_documents_and_steps(receive):
    with time_machine.travel(vn("2024-03-05 09:00"), tick=False):
        dossier = receive()
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.code == dossier.code == "000.01.40.H99-240305-0001"
    assert fresh.current_step.order == 1 and fresh.current_step.started_at == vn("2024-03-05 09:00")
    assert fresh.events.get().data["documents"][0]["name"] == DOCUMENTS[0].name
