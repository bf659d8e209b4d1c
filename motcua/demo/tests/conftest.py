import pytest


@pytest.fixture(autouse=True)
def _small_demo_history(settings):
    # The demo's 24,000 dossiers of history load on `make run`; the demo tests check the
    # rest of the demo without them (the history has its own test, on a small profile).
    settings.DEMO_HISTORY_DOSSIERS = 0
