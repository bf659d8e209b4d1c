"""The files of deploy/ stay in step with the code: the systemd units run commands that
exist, with the worker's job class; the constraints never pin what pyproject.toml pins;
gunicorn's settings read the environment; the script parses (docs/deploy.md)."""

from __future__ import annotations

import re
import runpy
import shlex
import subprocess
import tomllib
from pathlib import Path

from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def exec_start(unit: str) -> list[str]:
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
    (line,) = [line for line in text.splitlines() if line.startswith("ExecStart=")]
    return shlex.split(line.removeprefix("ExecStart="))


def test_units_run_existing_commands():
    assert exec_start("motcua-web.service")[:4] == [
        "/opt/motcua/venv/bin/gunicorn",
        "--config",
        "/etc/motcua/gunicorn.conf.py",
        "motcua.wsgi:application",
    ]
    worker = exec_start("motcua-worker@.service")
    scheduler = exec_start("motcua-scheduler.service")
    for command in (worker, scheduler):
        assert command[0] == "/opt/motcua/venv/bin/motcua"
        assert command[1] in get_commands()
    # Without the job class of django-tasks-rq every job fails on the worker.
    assert worker[1:] == [
        "rqworker",
        "default",
        "--job-class",
        "django_tasks_rq.Job",
        "--with-scheduler",
    ]
    assert scheduler[1:] == ["run_scheduler", "--every", "600"]
    for unit in ("motcua-web.service", "motcua-worker@.service", "motcua-scheduler.service"):
        text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8")
        assert "EnvironmentFile=/etc/motcua/env" in text
        assert "User=motcua" in text


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\[=<>; ]", requirement, maxsplit=1)[0]).lower()


def test_constraints_pin_only_what_pyproject_does_not():
    project = tomllib.loads((DEPLOY.parent / "pyproject.toml").read_text(encoding="utf-8"))
    direct = {_name(r) for r in project["project"]["dependencies"]}
    assert "gunicorn" in direct
    lines = [
        line.strip()
        for line in (DEPLOY / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+", x) for x in lines)
    assert not direct & {_name(x) for x in lines}


def test_gunicorn_settings_read_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8000")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.delenv("GUNICORN_TIMEOUT", raising=False)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert (config["bind"], config["workers"], config["timeout"]) == ("0.0.0.0:8000", 3, 120)
    assert config["accesslog"] is None  # the application's JSON line replaces it


def test_nginx_site_serves_static_and_proxies_the_rest():
    text = (DEPLOY / "nginx" / "motcua.conf").read_text(encoding="utf-8")
    assert "alias /var/lib/motcua/static/;" in text
    assert "server 127.0.0.1:8000" in text
    assert "proxy_set_header X-Request-ID $request_id;" in text
    assert "/media/" not in text.replace("(MEDIA_ROOT)", "")


def test_install_script_parses():
    subprocess.run(["bash", "-n", str(DEPLOY / "install-debian12.sh")], check=True)
