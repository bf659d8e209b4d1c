from motcua.core.figures import Figure


def test_a_rate_is_a_percentage_and_none_without_a_denominator():
    assert Figure("on_time", 3, 4).rate == 75.0
    assert Figure("on_time", 0, 0).rate is None
