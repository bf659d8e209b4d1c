"""Issue 7, dates on letters: the apology's new appointment is a working time of the
responsible unit's calendar, later than the due time, within N working days; a late
apology is issued, recorded late, and the dossier stays late."""

import pytest
import time_machine
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import vn
from motcua.org.tokens import do_create_token

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = do_create_token(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def apologise(client, code, **body):
    return client.post(
        f"/api/v1/dossiers/{code}/apologise",
        {"reason": "Cần xác minh thêm", **body},
        content_type="application/json",
    )


def test_the_new_appointment_must_be_a_working_time_within_the_window(receive, leader):
    with time_machine.travel(vn("2026-12-21 09:00"), tick=False):
        dossier = receive()  # 5 working days: due Mon 28/12/2026 17:00
        assert dossier.due_at == vn("2026-12-28 17:00")
        head = bearer(leader)
        for when, code in (
            ("2027-01-03T10:00:00+07:00", "new_due_not_working_time"),  # a Sunday
            ("2027-01-01T10:00:00+07:00", "new_due_not_working_time"),  # New Year's Day
            ("2026-12-30T22:00:00+07:00", "new_due_not_working_time"),
            ("2026-12-31T00:00:00+07:00", "new_due_not_working_time"),  # midnight
            ("2026-12-28T16:00:00+07:00", "new_due_not_later"),
            ("2030-01-02T10:00:00+07:00", "new_due_too_far"),
            ("2027-01-06T08:00:00+07:00", "new_due_too_far"),  # 5 working days: 05/01 17:00
        ):
            refused = apologise(head, dossier.code, new_due_at=when)
            assert refused.status_code == 400, when
            assert refused.json()["code"] == code, when
        far = apologise(head, dossier.code, new_due_at="2030-01-02T10:00:00+07:00").json()
        assert (
            far["message"] == "Ngày hẹn mới chậm nhất là 17:00 05/01/2027 (thêm 5 ngày làm việc)."
        )
        assert Dossier.objects.get(pk=dossier.pk).apology_count == 0
        # The engine's date for 4 more working days skips New Year's Day and the weekend.
        done = apologise(head, dossier.code, extra_working_days=4)
        assert done.status_code == 200, done.content
        assert done.json()["due_at"] == "2027-01-04T17:00:00+07:00"
        assert Client().get(dossier.lookup_path).content.decode().count("04/01/2027") >= 1


def test_the_window_is_configurable(receive, leader, settings):
    settings.APOLOGY_MAX_EXTENSION_DAYS = 2
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False):
        dossier = receive()  # due Tue 12/03/2024 17:00
        head = bearer(leader)
        assert apologise(head, dossier.code, extra_working_days=3).json()["code"] == (
            "new_due_too_far"
        )
        assert apologise(head, dossier.code, new_due_at="2024-03-15T09:00:00+07:00").json()[
            "code"
        ] == ("new_due_too_far")
        ok = apologise(head, dossier.code, new_due_at="2024-03-14T11:30:00+07:00")
        assert ok.status_code == 200 and ok.json()["due_at"] == "2024-03-14T11:30:00+07:00"


def test_a_late_dossier_gets_its_letter_and_stays_late_everywhere(receive, leader, clerk, as_user):
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False) as clock:
        dossier = receive()  # due Tue 12/03/2024 17:00
        clock.move_to(vn("2024-03-14 10:00"))  # two working days late
        head = bearer(leader)
        done = apologise(head, dossier.code, extra_working_days=1)
        assert done.status_code == 200, done.content
        # Counted from now, the due time having passed: a promise lies in the future.
        assert done.json()["due_at"] == "2024-03-15T10:00:00+07:00"
        assert done.json()["legal_due_at"] == "2024-03-12T17:00:00+07:00"
        assert done.json()["is_late"] is True
        event = head.get(f"/api/v1/dossiers/{dossier.code}/history").json()[-1]
        assert event["action"] == "apologise"
        assert event["data"] == {
            "previous_due_at": "2024-03-12T17:00:00+07:00",
            "new_due_at": "2024-03-15T10:00:00+07:00",
            "issued_late": True,
        }
        # Once only.
        again = apologise(head, dossier.code, extra_working_days=1)
        assert (again.status_code, again.json()["code"]) == (409, "apology_once")
        # Late in every list and register, although the new appointment is ahead.
        late = head.get("/api/v1/dossiers", {"late": "true"}).json()
        assert [d["code"] for d in late] == [dossier.code]
        search = as_user(clerk).get("/dossiers/search/", {"timeliness": "late"}).content.decode()
        assert dossier.code in search
        register = (
            as_user(clerk)
            .get("/dossiers/register/", {"from": "2024-03-01", "to": "2024-03-31"})
            .content.decode()
        )
        assert "Trễ hạn" in register
