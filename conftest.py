"""Named personas (STYLE.md): citizen, clerk, specialist, leader, monitor, admin, on a
small province tree: province → commune A, commune B; province → department."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.org.choices import Role, UnitKind
from motcua.testing.factories import PASSWORD, UnitFactory, UserFactory, staff


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    # Built calendars are cached per process under the calendar stamp; a test's rolled-back
    # or flushed rows must not reach the next test through that cache.
    from motcua.workcalendar.services import forget_calendars

    forget_calendars()
    yield
    forget_calendars()


@pytest.fixture(autouse=True)
def _notifications_sent_inline(settings):
    # Notifications are background tasks; in tests they run at once, through the same task
    # (an "immediate" backend beside the database one), so the outboxes can be checked.
    settings.TASKS = {
        **settings.TASKS,
        "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }
    settings.NOTIFY_TASK_BACKEND = "immediate"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness costs ~0.3 s per persona; tests don't need it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _session_signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("signing-keys")


@pytest.fixture(autouse=True)
def _signing_keys_outside_the_tree(settings, _session_signing_dir):
    # Keys made by the demo or the tests go to a temporary folder, never into var/.
    settings.SIGNING_DIR = str(_session_signing_dir)


@pytest.fixture
def province(db):
    return UnitFactory(name="UBND tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE, code="000.00.00.H99")


@pytest.fixture
def commune(province):
    return UnitFactory(
        name="UBND xã An Bình", kind=UnitKind.COMMUNE, code="000.01.40.H99", parent=province
    )


@pytest.fixture
def other_commune(province):
    return UnitFactory(
        name="UBND xã Phú Hòa", kind=UnitKind.COMMUNE, code="000.02.40.H99", parent=province
    )


@pytest.fixture
def department(province):
    return UnitFactory(
        name="Sở Tư pháp tỉnh Thử Nghiệm",
        kind=UnitKind.DEPARTMENT,
        code="000.00.06.H99",
        parent=province,
    )


@pytest.fixture
def citizen(db):
    return UserFactory(username="congdan", full_name="Nguyễn Văn An")


@pytest.fixture
def clerk(commune):
    return staff(commune, Role.CLERK, username="motcua", full_name="Lê Thị Mai")


@pytest.fixture
def specialist(commune):
    return staff(commune, Role.SPECIALIST, username="chuyenvien")


@pytest.fixture
def leader(commune):
    return staff(commune, Role.UNIT_HEAD, username="lanhdao")


@pytest.fixture
def monitor(province):
    return staff(province, Role.MONITOR, username="giamsat")


@pytest.fixture
def reform_officer(province):
    return staff(province, Role.REFORM_OFFICER, username="cchc")


@pytest.fixture
def admin_user(province):
    return staff(province, Role.ADMIN, username="quantri")


@pytest.fixture
def commune_admin(commune):
    return staff(commune, Role.ADMIN, username="quantrixa")


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def as_user():
    return login
