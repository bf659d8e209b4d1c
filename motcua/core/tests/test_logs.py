"""Structured logs: LOG_FORMAT=json gives one JSON object per line with the request's id,
method, path, status, duration and user id — and no personal data."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest

from motcua.core.logs import JsonFormatter, RequestIdFilter, logging_config


@pytest.fixture
def json_lines():
    """The project's JSON logging configuration, writing into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def request_lines(lines):
    return [entry for entry in lines() if entry["logger"] == "motcua.request"]


@pytest.mark.django_db
def test_request_line_of_a_signed_in_user(json_lines, clerk, as_user):
    client = as_user(clerk)
    response = client.get("/dossiers/search/", {"q": "Nguyễn Văn An 001099012345"})
    assert response.status_code == 200
    (entry,) = request_lines(json_lines)
    assert entry["message"] == "GET /dossiers/search/ 200"
    assert entry["level"] == "INFO"
    assert entry["method"] == "GET"
    assert entry["path"] == "/dossiers/search/"
    assert entry["status"] == 200
    assert entry["user_id"] == clerk.pk
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] >= 0
    assert len(entry["request_id"]) == 32
    assert response["X-Request-ID"] == entry["request_id"]
    assert entry["time"].endswith("+00:00")
    # No personal data: the query string, the username and the name are not there.
    assert set(entry) == {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "method",
        "path",
        "status",
        "duration_ms",
        "user_id",
    }
    raw = json.dumps(entry, ensure_ascii=False)
    for personal in ("Nguyễn", "001099012345", clerk.full_name, "q="):
        assert personal not in raw


@pytest.mark.django_db
def test_the_proxy_request_id_is_kept_and_a_forged_one_replaced(json_lines, client):
    client.get("/healthz", headers={"X-Request-ID": "a1b2c3d4e5f60718"})
    client.get("/healthz", headers={"X-Request-ID": "bad id\n{injected}"})
    first, second = request_lines(json_lines)
    assert first["request_id"] == "a1b2c3d4e5f60718"
    assert first["user_id"] is None  # anonymous, and the session was never read
    assert second["request_id"] != "bad id\n{injected}" and len(second["request_id"]) == 32


@pytest.mark.django_db
def test_records_written_during_a_request_carry_its_id(json_lines, client, monkeypatch):
    from motcua.core import health

    def noisy() -> dict:
        logging.getLogger("motcua.test").warning("cache slow", extra={"ms": 900})
        return {}

    monkeypatch.setattr(health, "_cache", noisy)
    client.get("/healthz", headers={"X-Request-ID": "req-0000000001"})
    inner = next(e for e in json_lines() if e["logger"] == "motcua.test")
    assert inner == {
        "time": inner["time"],
        "level": "WARNING",
        "logger": "motcua.test",
        "message": "cache slow",
        "request_id": "req-0000000001",
        "ms": 900,
    }


@pytest.mark.django_db
def test_an_api_token_user_and_a_404(json_lines, clerk, client):
    from motcua.org.tokens import do_create_token

    _token, raw = do_create_token(clerk, "test")
    client.get("/api/v1/dossiers/KHONG-CO", headers={"Authorization": f"Bearer {raw}"})
    (entry,) = request_lines(json_lines)
    assert entry["status"] == 404
    assert entry["path"] == "/api/v1/dossiers/KHONG-CO"
    assert entry["user_id"] == clerk.pk


def test_an_exception_is_one_line_with_its_traceback():
    record = logging.LogRecord("motcua.x", logging.ERROR, __file__, 1, "failed %s", ("job",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed job"
    assert entry["exception"].startswith("Traceback") and "ValueError: boom" in entry["exception"]


def test_log_format_setting():
    config = logging_config("json", "WARNING")
    assert config["handlers"]["console"]["formatter"] == "json"
    assert config["handlers"]["console"]["stream"] == "ext://sys.stdout"
    assert config["root"]["level"] == "WARNING"
    assert logging_config("text", "INFO")["handlers"]["console"]["stream"] == "ext://sys.stderr"
    logging.config.dictConfig(config)  # a valid configuration
    logging.config.dictConfig(logging_config("text", "INFO"))
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_config("xml", "INFO")


@pytest.mark.django_db
def test_django_error_lines_carry_the_request_id_but_not_the_query(json_lines, client):
    response = client.get("/khong-co-trang-nay/", {"q": "Trần Thị Bích 079188000123"})
    assert response.status_code == 404
    warning = next(e for e in json_lines() if e["logger"] == "django.request")
    assert warning["message"] == "Not Found: /khong-co-trang-nay/"
    assert warning["status_code"] == 404
    assert warning["request_id"] == response["X-Request-ID"]
    assert "request" not in warning
    assert "079188000123" not in json.dumps(warning) and "Trần" not in json.dumps(warning)
