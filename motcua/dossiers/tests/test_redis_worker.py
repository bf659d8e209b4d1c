"""The deadline sweep on the Redis-backed worker (django-tasks-rq), for installs where one
machine is not enough. Needs a Redis server: skipped where none answers, except in CI
(.ci/run sets MOTCUA_REQUIRE_REDIS=1, and the CI machine runs Redis)."""

import os
import uuid

import pytest
import time_machine

from motcua.dossiers.models import DeadlineWarning
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.tests.test_sweeps import at_specialist  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _redis_url() -> str:
    from django.conf import settings

    return settings.REDIS_URL


@pytest.fixture
def rq_backend(settings):
    import redis

    try:
        redis.Redis.from_url(_redis_url(), socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("MOTCUA_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required here but does not answer at {_redis_url()}")
        pytest.skip(f"no Redis server at {_redis_url()}")
    # A queue of our own, so parallel runs and real workers never share it.
    queue = f"test-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {"default": {"URL": _redis_url()}, queue: {"URL": _redis_url()}}
    # django-tasks resets its backends when TASKS changes (setting_changed).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", queue]}
    }
    yield queue
    import django_rq

    django_rq.get_queue(queue).empty()


def test_sweep_runs_on_the_redis_worker(at_specialist, rq_backend):  # noqa: F811
    import django_rq
    from rq import SimpleWorker

    from motcua.dossiers.tasks import sweep_deadlines_task

    with time_machine.travel(vn("2024-03-08 10:00"), tick=True):
        result = sweep_deadlines_task.using(queue_name=rq_backend).enqueue()
        assert not DeadlineWarning.objects.exists()
        queue = django_rq.get_queue(rq_backend)
        assert queue.count == 1
        # An RQ worker in burst mode, in this process so that it sees the test database.
        from django_tasks_rq.backend import Job

        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    assert DeadlineWarning.objects.filter(kind="step_overdue").count() == 1
    result.refresh()
    assert result.status == "SUCCESSFUL"
