"""Fixtures of the kiosk tests (made visible to every browser test by conftest.py): one
seeded server for all of them, the office's staff, a portrait touchscreen page, and a
freshly registered kiosk on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Staff
from tests.browser.kiosk_pages import PORTRAIT, Kiosk, register_kiosk, start_kiosk_server
from tests.servers import Server


@pytest.fixture(scope="session")
def kiosk_server(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Server]:
    """One server for every kiosk test: each registers its own kiosk, so they do not mix
    (a server start costs seconds; a device registration, milliseconds)."""
    server = start_kiosk_server(tmp_path_factory.mktemp("kiosk"), request)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def people(kiosk_server: Server) -> Iterator[Staff]:
    """The test office's manager, reception and administrators over HTTP."""
    staff = Staff(kiosk_server.url)
    yield staff
    staff.client.close()


@pytest.fixture
def kiosk_page(browser: Browser) -> Iterator[Page]:
    """A 1080×1920 portrait touchscreen; the test fails on any script error."""
    context = browser.new_context(viewport=PORTRAIT, locale="uk-UA", has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"the page threw: {errors}"


@pytest.fixture
def kiosk(kiosk_page: Page, kiosk_server: Server, people: Staff) -> Kiosk:
    """A freshly registered kiosk of the main office, not yet opened."""
    return Kiosk(kiosk_page, kiosk_server.url, register_kiosk(people))
