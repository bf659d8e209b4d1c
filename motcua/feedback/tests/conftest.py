from datetime import datetime

import pytest
import time_machine

from motcua.feedback import intake
from motcua.workcalendar.engine import VN_TZ


def at(text: str) -> datetime:
    """``"12/02/2026 10:00"`` in Vietnam time."""
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=VN_TZ)


def local(value: datetime) -> str:
    return f"{value.astimezone(VN_TZ):%d/%m/%Y %H:%M}"


@pytest.fixture
def travel():
    """``travel("12/02/2026 10:00")``: the clock stands still at that instant."""
    machines = []

    def go(text: str):
        for m in machines:
            m.stop()
        machines.clear()
        machine = time_machine.travel(at(text), tick=False)
        machine.start()
        machines.append(machine)

    yield go
    for m in machines:
        m.stop()


@pytest.fixture
def receive(commune):
    def make(when: str | None = None, **kwargs):
        defaults = dict(
            title="Thái độ phục vụ tại quầy",
            content="Cán bộ hướng dẫn chưa rõ ràng về hồ sơ đăng ký kết hôn.",
            name="Trần Thị Bình",
            phone="0905123456",
            email="binh@example.vn",
            unit=commune,
        )
        defaults.update(kwargs)
        if when is not None:
            defaults["now"] = at(when)
        return intake.do_receive_feedback(**defaults)

    return make


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The rate limit counts in the cache across tests (one process): start each clean.
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.RATELIMIT_CACHE].clear()
    yield
