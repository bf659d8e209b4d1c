"""The deadline engine as users reach it: the API, the command and the calendar page,
all answering from the same engine and the same database calendar."""

import re
from datetime import date, datetime
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.testing.factories import UnitFactory
from motcua.workcalendar.models import CalendarOverride, ReplacedOverride, WorkCalendar
from motcua.workcalendar.official import OFFICIAL_DAYS, official_calendar
from motcua.workcalendar.services import working_calendar_for

pytestmark = pytest.mark.django_db

# (received, limit kind, amount, channel, expected due) — checked by hand against the
# civil-service calendars.
CASES = [
    # DESIGN.md's example: Friday 27/10/2023 09:32, 5 working days → Friday 03/11/2023.
    ("2023-10-27 09:32", "working_days", 5, "in_person", "2023-11-03T17:00:00+07:00"),
    # Paper after 15:00 is handed on Monday, so counting starts Tuesday.
    ("2023-10-27 15:30", "working_days", 5, "in_person", "2023-11-06T17:00:00+07:00"),
    # Online after 15:00 keeps its day.
    ("2023-10-27 15:30", "working_days", 5, "online", "2023-11-03T17:00:00+07:00"),
    # Tết 2025: 25/01–02/02 off (Thông báo 6150/TB-BLĐTBXH: no make-up Saturday).
    ("2025-01-24 10:00", "working_days", 3, "in_person", "2025-02-05T17:00:00+07:00"),
    ("2025-01-24 10:00", "working_days", 6, "in_person", "2025-02-10T17:00:00+07:00"),
    # New Year 2026: Friday 02/01 off, swapped with Saturday 10/01 worked.
    ("2025-12-31 09:00", "working_days", 1, "in_person", "2026-01-05T17:00:00+07:00"),
    ("2026-01-09 09:00", "working_days", 1, "in_person", "2026-01-10T17:00:00+07:00"),
    # 30/4–1/5/2025 with Friday 02/05 swapped with Saturday 26/04.
    ("2025-04-25 08:00", "working_days", 1, "in_person", "2025-04-26T17:00:00+07:00"),
    ("2025-04-29 08:00", "working_days", 1, "in_person", "2025-05-05T17:00:00+07:00"),
    # Tết 2026: 14/02–22/02 off.
    ("2026-02-13 09:00", "working_days", 1, "in_person", "2026-02-23T17:00:00+07:00"),
    # Working hours: 4 hours from 10:00 cross the lunch break.
    ("2024-03-05 10:00", "working_hours", 4, "in_person", "2024-03-05T15:30:00+07:00"),
    # 8 working hours from Friday 14:00 run into Monday.
    ("2024-03-08 14:00", "working_hours", 8, "online", "2024-03-11T14:00:00+07:00"),
]


def api_due(client, received, kind, amount, channel, unit=None):
    params = {"received_at": received.replace(" ", "T"), kind: amount, "channel": channel}
    if unit:
        params["unit"] = unit
    return client.get("/api/v1/calendar/due-date?" + urlencode(params))


def command_due(received, kind, amount, channel, unit=None):
    out = StringIO()
    args = [
        "--received",
        received,
        f"--{kind.replace('_', '-')}",
        str(amount),
        "--channel",
        channel,
    ]
    if unit:
        args += ["--unit", unit]
    call_command("due_date", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize(("received", "kind", "amount", "channel", "expected"), CASES)
def test_api_and_command_agree_on_exact_due_dates(
    client, received, kind, amount, channel, expected
):
    response = api_due(client, received, kind, amount, channel)
    assert response.status_code == 200, response.content
    assert response.json()["due_at"] == expected
    assert command_due(received, kind, amount, channel) == expected


def test_api_accepts_offset_and_plus_sign_lost_in_query_string(client):
    expected = "2023-11-03T17:00:00+07:00"
    encoded = client.get(
        "/api/v1/calendar/due-date?received_at=2023-10-27T09%3A32%3A00%2B07%3A00&working_days=5"
    )
    assert encoded.json()["due_at"] == expected
    raw_plus = client.get(
        "/api/v1/calendar/due-date?received_at=2023-10-27T09:32:00+07:00&working_days=5"
    )
    assert raw_plus.json()["due_at"] == expected
    utc = client.get("/api/v1/calendar/due-date?received_at=2023-10-27T02:32:00Z&working_days=5")
    assert utc.json()["due_at"] == expected


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("received_at=hôm-qua&working_days=5", 400, "invalid_received_at"),
        ("received_at=2023-10-27T09:32", 400, "limit_required"),
        ("received_at=2023-10-27T09:32&working_days=5&working_hours=4", 400, "limit_required"),
        ("received_at=2023-10-27T09:32&working_days=-1", 400, "invalid_limit"),
        ("received_at=2023-10-27T09:32&working_days=năm", 400, "invalid_input"),
        ("working_days=5", 400, "invalid_input"),
        ("received_at=2023-10-27T09:32&working_days=5&unit=999.99.99.Z99", 404, "unit_not_found"),
        ("received_at=2023-10-27T09:32&working_days=5&channel=fax", 400, "invalid_channel"),
    ],
)
def test_api_errors_are_structured(client, query, status, code):
    response = client.get("/api/v1/calendar/due-date?" + query)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def test_unit_calendar_inherits_and_overrides(client, province, commune):
    # A local day off of the province (e.g. a provincial anniversary) applies to its communes.
    province_calendar = WorkCalendar.objects.create(unit=province)
    CalendarOverride.objects.create(
        calendar=province_calendar,
        day=date(2023, 10, 30),
        kind="day_off",
        name="Ngày nghỉ địa phương",
    )
    expected_unit = "2023-11-06T17:00:00+07:00"
    assert (
        api_due(client, "2023-10-27 09:32", "working_days", 5, "in_person", commune.code).json()[
            "due_at"
        ]
        == expected_unit
    )
    assert (
        command_due("2023-10-27 09:32", "working_days", 5, "in_person", commune.code)
        == expected_unit
    )
    # The national calendar is untouched.
    assert (
        api_due(client, "2023-10-27 09:32", "working_days", 5, "in_person").json()["due_at"]
        == "2023-11-03T17:00:00+07:00"
    )
    # A commune-level make-up day on that date wins over its parent's day off.
    commune_calendar = WorkCalendar.objects.create(unit=commune)
    CalendarOverride.objects.create(
        calendar=commune_calendar,
        day=date(2023, 10, 30),
        kind="working_day",
        name="Làm việc bình thường",
    )
    assert (
        api_due(client, "2023-10-27 09:32", "working_days", 5, "in_person", commune.code).json()[
            "due_at"
        ]
        == "2023-11-03T17:00:00+07:00"
    )


def test_unit_office_hours_change_the_close_of_day(client, commune):
    from datetime import time

    WorkCalendar.objects.create(unit=commune, afternoon_end=time(16, 30))
    assert (
        api_due(client, "2023-10-27 09:32", "working_days", 5, "in_person", commune.code).json()[
            "due_at"
        ]
        == "2023-11-03T16:30:00+07:00"
    )


def test_shipped_calendar_in_database_equals_the_official_one():
    db_calendar = working_calendar_for(None)
    official = official_calendar()
    for year in (2023, 2024, 2025, 2026):
        days = [
            date.fromordinal(o)
            for o in range(date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal())
        ]
        assert [d for d in days if db_calendar.is_working_day(d)] == [
            d for d in days if official.is_working_day(d)
        ]
    assert CalendarOverride.objects.filter(calendar__unit__isnull=True).count() == len(
        OFFICIAL_DAYS
    )


def test_command_refuses_bad_input_in_vietnamese():
    with pytest.raises(CommandError, match="phải có dạng"):
        command_due("27/10/2023", "working_days", 5, "in_person")
    with pytest.raises(CommandError, match="Không có đơn vị"):
        command_due("2023-10-27 09:32", "working_days", 5, "in_person", "999.99.99.Z99")


def test_year_page_shows_days_off_and_makeup_days(client):
    html = client.get("/calendar/?year=2025").content.decode()
    assert re.search(r'<td class="cal-makeup" title="[^"]+" data-date="2025-04-26">26</td>', html)
    assert re.search(r'<td class="cal-day-off" title="[^"]+" data-date="2025-01-27">27</td>', html)
    assert "26/04/2025" in html


def test_admin_adds_and_removes_a_day_off_on_the_calendar_page(as_user, admin_user, client):
    admin = as_user(admin_user)
    response = admin.post(
        "/calendar/override/",
        {
            "day": "2027-04-05",
            "kind": "day_off",
            "name": "Nghỉ bù Giỗ Tổ Hùng Vương",
            "source": "Thông báo số 01/TB-BNV",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/calendar/?year=2027"
    override = CalendarOverride.objects.get(day=date(2027, 4, 5))
    assert override.calendar.unit is None and override.created_by == admin_user
    assert "Nghỉ bù Giỗ Tổ Hùng Vương" in admin.get("/calendar/?year=2027").content.decode()
    assert (
        api_due(client, "2027-04-02 09:00", "working_days", 1, "in_person").json()["due_at"]
        == "2027-04-06T17:00:00+07:00"
    )
    admin.post(f"/calendar/override/{override.pk}/delete/")
    assert not CalendarOverride.objects.filter(pk=override.pk).exists()
    assert (
        api_due(client, "2027-04-02 09:00", "working_days", 1, "in_person").json()["due_at"]
        == "2027-04-05T17:00:00+07:00"
    )


def test_commune_admin_edits_own_calendar_but_not_the_national_one(as_user, commune_admin, commune):
    client = as_user(commune_admin)
    assert (
        client.post(
            "/calendar/override/", {"day": "2027-01-04", "kind": "day_off", "name": "Nghỉ"}
        ).status_code
        == 403
    )
    response = client.post(
        "/calendar/override/",
        {
            "unit": commune.code,
            "day": "2027-01-04",
            "kind": "day_off",
            "name": "Ngày truyền thống của xã",
        },
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.get(day=date(2027, 1, 4)).calendar.unit == commune


def test_clerk_cannot_edit_any_calendar(as_user, clerk, commune):
    response = as_user(clerk).post(
        "/calendar/override/",
        {"unit": commune.code, "day": "2027-01-04", "kind": "day_off", "name": "Nghỉ"},
    )
    assert response.status_code == 403
    assert not CalendarOverride.objects.filter(day=date(2027, 1, 4)).exists()


def test_invalid_override_is_explained_and_not_saved(as_user, admin_user):
    client = as_user(admin_user)
    response = client.post(
        "/calendar/override/", {"day": "31/02/2027", "kind": "day_off", "name": ""}, follow=True
    )
    html = response.content.decode()
    assert "Ngày không hợp lệ." in html and "Cần ghi nội dung." in html
    assert not CalendarOverride.objects.filter(day__year=2027).exists()


def test_due_date_page_computes_with_htmx(client):
    response = client.get(
        "/calendar/due-date/",
        {
            "received_at": "2023-10-27T09:32",
            "amount": 5,
            "unit_kind": "working_days",
            "channel": "in_person",
            "unit": "",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "03/11/2023 17:00" in html and "2023-11-03T17:00:00+07:00" in html
    bad = client.get(
        "/calendar/due-date/",
        {"received_at": "", "amount": 5, "unit_kind": "working_days", "channel": "in_person"},
    )
    assert bad.status_code == 400
    assert "Nhập thời điểm tiếp nhận." in bad.content.decode()


def test_calendar_year_api(client):
    body = client.get("/api/v1/calendar/2025").json()
    assert [d["date"] for d in body["makeup_working_days"]] == ["2025-04-26"]
    assert "2025-01-27" in [d["date"] for d in body["days_off"]]


def test_unit_factory_codes_do_not_collide():
    codes = {UnitFactory().code for _ in range(30)}
    assert len(codes) == 30


def test_received_at_must_be_aware_datetime_internally():
    from motcua.workcalendar.services import compute_due_at

    with pytest.raises(ValueError):
        compute_due_at(datetime(2023, 10, 27, 9, 32), 5, "working_days")


# -- administration: replace with confirmation and history, make-up days, provisional years --


def _save(client, **data):
    return client.post("/calendar/override/", data, follow=True)


def test_a_date_that_has_an_override_is_replaced_only_when_confirmed_and_kept_in_history(
    as_user, admin_user
):
    admin = as_user(admin_user)
    first = {
        "day": "2027-04-05",
        "kind": "day_off",
        "name": "Nghỉ bù Giỗ Tổ",
        "source": "TB 01/TB-BNV",
    }
    _save(admin, **first)
    second = {**first, "name": "Nghỉ hoán đổi", "source": "TB 02/TB-BNV"}
    refused = _save(admin, **second).content.decode()
    assert "Ngày 05/04/2027 đã có điều chỉnh: Ngày nghỉ: Nghỉ bù Giỗ Tổ (TB 01/TB-BNV)." in refused
    assert CalendarOverride.objects.get(day=date(2027, 4, 5)).name == "Nghỉ bù Giỗ Tổ"
    page = _save(admin, **second, replace="on").content.decode()
    current = CalendarOverride.objects.get(day=date(2027, 4, 5))
    assert (current.name, current.source) == ("Nghỉ hoán đổi", "TB 02/TB-BNV")
    [old] = ReplacedOverride.objects.filter(day=date(2027, 4, 5))
    assert (old.name, old.source, old.change, old.changed_by) == (
        "Nghỉ bù Giỗ Tổ",
        "TB 01/TB-BNV",
        "replaced",
        admin_user,
    )
    assert "Lịch sử điều chỉnh (đã thay hoặc đã xóa)" in page
    assert "Nghỉ bù Giỗ Tổ (TB 01/TB-BNV) — đã thay" in page
    admin.post(f"/calendar/override/{current.pk}/delete/")
    assert ReplacedOverride.objects.filter(day=date(2027, 4, 5), change="removed").get().source == (
        "TB 02/TB-BNV"
    )


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        ("2027-01-06", False),  # an ordinary Wednesday
        ("2027-01-09", True),  # a Saturday
        ("2027-01-01", True),  # New Year's Day
    ],
)
def test_a_makeup_working_day_only_on_a_day_off(as_user, admin_user, day, accepted):
    html = _save(
        as_user(admin_user), day=day, kind="working_day", name="Làm bù", source="TB 03"
    ).content.decode()
    assert CalendarOverride.objects.filter(day=date.fromisoformat(day)).exists() is accepted
    if not accepted:
        assert "vốn là ngày làm việc: chỉ ngày nghỉ" in html


def test_delete_asks_for_confirmation(as_user, admin_user):
    admin = as_user(admin_user)
    _save(admin, day="2026-02-21", kind="day_off", name="Nghỉ Tết bổ sung")
    html = admin.get("/calendar/?year=2026").content.decode()
    assert 'data-confirm="Xóa ngày điều chỉnh 21/02/2026 (Nghỉ Tết bổ sung)?' in html


def test_a_year_without_an_announcement_is_provisional(client, as_user, admin_user):
    assert 'id="provisional"' in client.get("/calendar/?year=2027").content.decode()
    assert 'id="provisional"' not in client.get("/calendar/?year=2026").content.decode()
    assert client.get("/api/v1/calendar/2027").json()["provisional"] is True
    assert client.get("/api/v1/calendar/2026").json()["provisional"] is False
    _save(as_user(admin_user), day="2027-02-05", kind="day_off", name="Tết", source="TB 2027")
    assert client.get("/api/v1/calendar/2027").json()["provisional"] is False


def test_administrators_notes_are_not_on_public_pages(client, as_user, admin_user):
    # The shipped 2023 and 2026 sources carry "(chưa đối chiếu văn bản gốc)".
    for year in (2023, 2026):
        public = client.get(f"/calendar/?year={year}").content.decode()
        assert "đối chiếu" not in public
        assert "đối chiếu" not in client.get(f"/api/v1/calendar/{year}").content.decode()
