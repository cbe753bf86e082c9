"""Headless Chromium against real server processes that a test may stop and start again.

Chromium is the Debian package at /usr/bin/chromium; without it these tests skip, and
fail under CI. Each test gets a freshly seeded SQLite database and its own server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import IN_CI, fresh_database, in_thread, seed
from tests.factories import COUNTER_1, MAIN, PASSPORT, PASSWORD
from tests.servers import Server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--autoplay-policy=no-user-gesture-required",
]
HEARTBEAT_SECONDS = "1"


def need_chromium() -> None:
    """Skip without Chromium; under CI its absence is a failure."""
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{message}, and CI must test the pages in it")
        pytest.skip(message)


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """The seeded test office served by a real, restartable server process."""
    need_chromium()
    url = fresh_database("sqlite", tmp_path, request)
    in_thread(asyncio.run, seed(url))
    server = Server(
        url,
        tmp_path,
        "display-server",
        QMS_HEARTBEAT_SECONDS=HEARTBEAT_SECONDS,
        QMS_MIGRATE_ON_START="0",  # the test database is migrated already
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Staff:
    """The test office's people over HTTP: the manager, reception, the administrator of
    window 1."""

    def __init__(self, base: str) -> None:
        # No keep-alive: the server may be restarted between two requests.
        limits = httpx.Limits(max_keepalive_connections=0)
        self.client = httpx.Client(base_url=f"{base}/api/v1", timeout=10, limits=limits)
        self.tokens: dict[str, str] = {}
        self.counter_open = False

    def as_(self, username: str) -> dict[str, str]:
        if username not in self.tokens:
            r = self.client.post("/auth/login", json={"username": username, "password": PASSWORD})
            assert r.status_code == 200, r.text
            self.tokens[username] = r.json()["token"]
            self.client.cookies.clear()
        return {"Authorization": f"Bearer {self.tokens[username]}"}

    def post(self, path: str, username: str, **body: Any) -> dict[str, Any]:
        r = self.client.post(path, json=body or None, headers=self.as_(username))
        assert r.status_code in (200, 201), f"{path}: {r.status_code} {r.text}"
        return dict(r.json())

    def device_token(self, kind: str = "display") -> str:
        device = self.post(f"/offices/{MAIN}/devices", "manager", kind=kind, name=f"{kind} test")
        return str(device["token"])

    def call(self) -> dict[str, Any]:
        """Issue a passport ticket and call it to window 1; the called ticket."""
        self.post(f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT)
        if not self.counter_open:
            self.post(f"/counters/{COUNTER_1}/session", "admin1")
            self.counter_open = True
        return self.post(f"/counters/{COUNTER_1}/call-next", "admin1")

    def finish(self, ticket: dict[str, Any]) -> None:
        self.post(f"/tickets/{ticket['id']}/start", "admin1")
        self.post(f"/tickets/{ticket['id']}/finish", "admin1", outcome="consultation")

    def serve(self) -> dict[str, Any]:
        """Call the next visitor to window 1 and serve them; the ticket."""
        ticket = self.call()
        self.finish(ticket)
        return ticket

    def recall(self, ticket: dict[str, Any]) -> None:
        self.post(f"/tickets/{ticket['id']}/recall", "admin1")


@pytest.fixture
def staff(server: Server) -> Iterator[Staff]:
    staff = Staff(server.url)
    yield staff
    staff.client.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    need_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A 1920×1080 page in a fresh profile (its own localStorage)."""
    # The display tests wait with page.wait_for_function, which evaluates with eval(): the
    # pages' content security policy forbids it, so these contexts bypass the policy
    # (test_display.py checks the board under the policy on its own).
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="uk-UA", bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


# The kiosk's fixtures live beside its page object; importing them here shares them.
from tests.browser.kiosk_fixtures import kiosk, kiosk_page, kiosk_server, people  # noqa: E402, F401
