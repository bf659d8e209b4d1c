"""Shared pieces of the browser tests (Chromium through Playwright against pytest-django's
live server): the ``browser`` and ``no_stray_db_sessions`` fixtures, signing in at a desk
screen, acting on a dossier page. A plain module, for tests only (it needs pytest and
Playwright): a test module imports the fixtures it uses, and pytest finds them in that
module's namespace."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connections

from motcua.testing.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made here by
# the test (fixtures, checks) are still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A desk PC screen (the nav collapses into a menu button below 1200 px).
DESK_VIEWPORT = {"width": 1600, "height": 1000}


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}): the browser tests need it. Run `make test` "
            "(it installs the Debian package) or `sudo apt-get install chromium`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield instance
        finally:
            instance.close()
            # Inside sync_playwright() the code runs in Playwright's own context, and
            # Django's connections are per context (asgiref's Local): the ORM calls of the
            # test body opened connections that only this place can reach. Close them, or
            # the next browser test reuses one that `no_stray_db_sessions` has terminated.
            connections.close_all()


def sign_in(browser: Any, base_url: str, user: Any, **context: Any) -> Any:
    """A fresh browser session for ``user``, signed in through the login page: on a desk
    screen unless ``context`` (options of ``Browser.new_context``) says otherwise."""
    options = {"locale": "vi-VN", "viewport": DESK_VIEWPORT, **context}
    page = browser.new_context(**options).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")
    return page


def act(page: Any, action: str, button: str) -> None:
    """Submit the form of ``action`` on the dossier page and wait for the result."""
    card = page.locator(f"#action-{action}")
    with page.expect_navigation():
        card.get_by_role("button", name=button).click()
    assert "Đã thực hiện" in page.locator(".alert-success").inner_text()


@pytest.fixture
def no_stray_db_sessions(live_server: Any) -> Iterator[None]:
    """pytest-django's live server is session-scoped: an idle keep-alive request thread can
    keep a PostgreSQL session open past the test database's teardown. End them here."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
