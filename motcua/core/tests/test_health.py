"""GET /healthz: the load balancer's probe. 200 with every check "ok"; 503 "down" when the
database does not answer; 200 "degraded" when only the cache or the task queue fails;
no session, no cookie, no authentication."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections
from django.test import Client

pytestmark = pytest.mark.django_db


def test_all_checks_pass(client, django_assert_num_queries):
    # SELECT 1, and the count of the tasks waiting in the database queue.
    with django_assert_num_queries(2):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"] == {
        "status": "ok",
        "backend": "LocMemCache",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert body["checks"]["tasks"]["backend"] == "django_tasks_db.DatabaseBackend"
    assert body["checks"]["tasks"]["queued"] == 0


def test_counts_the_waiting_tasks():
    from motcua.dossiers.tasks import sweep_deadlines_task

    sweep_deadlines_task.enqueue()
    sweep_deadlines_task.enqueue()
    assert Client().get("/healthz").json()["checks"]["tasks"]["queued"] == 2


def test_no_session_no_cookie_even_for_a_signed_in_user(clerk, as_user):
    client = as_user(clerk)
    sessions = Session.objects.count()
    key = client.cookies["sessionid"].value
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies
    assert Session.objects.count() == sessions
    assert Session.objects.get(session_key=key).expire_date  # untouched, still there


def test_database_down_is_503(client):
    down = OperationalError('connection to server at "10.0.0.5", port 5432 failed')
    with mock.patch.object(connections["default"], "cursor", side_effect=down):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "down"
    assert body["checks"]["database"]["status"] == "error"
    # The class only: the message may carry addresses or credentials.
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert "10.0.0.5" not in response.content.decode()


def test_redis_down_is_degraded_not_down(client, settings):
    # A Redis queue on a port where nothing listens.
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["tasks"]["status"] == "error"
    assert body["checks"]["tasks"]["error"] == "ConnectionError"


def test_cache_failure_is_degraded(client):
    from django.core.cache import caches

    with mock.patch.object(caches["default"], "get", return_value=None):
        body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"] == {
        "status": "error",
        "error": "RuntimeError",
        "ms": body["checks"]["cache"]["ms"],
    }


def test_replica_is_checked_when_configured(client, settings):
    settings.READ_REPLICA_ALIAS = "replica"
    with mock.patch.object(connections["replica"], "cursor", side_effect=OperationalError("x")):
        response = client.get("/healthz")
    # The replica is shared by every web machine: degraded, not down.
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["replica"]["error"] == "OperationalError"


def test_only_get_and_head(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
