import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from motcua.core.ratelimit import client_address, too_many


def test_the_hit_over_the_limit_is_refused_until_the_window_turns():
    cache.clear()
    with time_machine.travel(1_800_000_000, tick=False) as clock:
        assert [too_many("lookup", "1.2.3.4", limit=3, window_seconds=60) for _ in range(4)] == [
            False,
            False,
            False,
            True,
        ]
        assert not too_many("lookup", "5.6.7.8", limit=3, window_seconds=60)
        clock.shift(61)
        assert not too_many("lookup", "1.2.3.4", limit=3, window_seconds=60)


def test_the_forwarded_address_counts_only_behind_a_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "10.0.0.1"
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_address(request) == "1.2.3.4"
