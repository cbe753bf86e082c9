"""The booking page (/book) in tests: a phone to open it on, the page as a visitor taps
through it (``BookingPage``), and the public booking API the checks compare it with."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Locator, Page, Response, ViewportSize, expect

from tests.browser.conftest import Staff
from tests.factories import MAIN, PASSPORT

PHONE_VIEWPORT: ViewportSize = {"width": 390, "height": 844}
NARROW_VIEWPORT: ViewportSize = {"width": 360, "height": 740}
KYIV = ZoneInfo("Europe/Kyiv")
MIN_TOUCH_PX = 44


def tomorrow() -> str:
    """Tomorrow in the office's zone, as the API names days."""
    return (datetime.now(KYIV).date() + timedelta(days=1)).isoformat()


@contextmanager
def phone_page(browser: Browser, viewport: ViewportSize = PHONE_VIEWPORT) -> Iterator[Page]:
    """A touch phone in a fresh profile, under the pages' content security policy."""
    context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True, locale="uk-UA")
    try:
        yield context.new_page()
    finally:
        context.close()


class BookingPage:
    """The booking page as a visitor uses it: taps on what is written on the screen."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base

    def open(self, path: str = "/book/") -> Response | None:
        return self.page.goto(f"{self.base}{path}")

    @property
    def main(self) -> Locator:
        return self.page.locator("#book")

    def step(self, name: str) -> Locator:
        return self.page.locator(f'section[data-step="{name}"]')

    def expect_step(self, name: str) -> None:
        expect(self.main).to_have_attribute("data-step", name)
        expect(self.step(name)).to_be_visible()

    def error(self, step: str) -> Locator:
        return self.page.locator(f'[data-error="{step}"]')

    def slot_button(self, start: str) -> Locator:
        return self.page.locator(f'.slot[data-start="{start}"]')

    def choose_service(self, name: str) -> None:
        self.expect_step("service")
        self.page.locator("[data-service]").filter(has_text=name).tap()

    def choose_day(self, day: str) -> None:
        self.expect_step("day")
        self.page.locator(f'[data-day="{day}"]').tap()

    def first_free_slot(self) -> Locator:
        """The earliest time still free (after the list has loaded)."""
        self.expect_step("time")
        free = self.page.locator(".slot:enabled").first
        expect(free).to_be_visible()
        return free

    def tap(self, text: str) -> None:
        """The visible button saying ``text`` on the current step."""
        self.page.locator("button:visible", has_text=text).tap()

    def fits_the_screen(self) -> bool:
        """No sideways scrolling."""
        return bool(self.page.evaluate("document.documentElement.scrollWidth <= innerWidth"))

    def small_targets(self) -> list[str]:
        """Visible buttons, links and fields smaller than a finger."""
        small: list[str] = []
        for target in self.page.locator("button:visible, a:visible, input:visible").all():
            box = target.bounding_box()
            if box and (box["height"] < MIN_TOUCH_PX or box["width"] < MIN_TOUCH_PX):
                small.append(target.inner_text() or str(target.get_attribute("id")))
        return small


def free_times(staff: Staff, day: str) -> list[dict[str, Any]]:
    r = staff.client.get(f"/booking/offices/{MAIN}/services/{PASSPORT}/slots", params={"day": day})
    assert r.status_code == 200, r.text
    return [s for s in r.json() if s["free"] > 0]


def book_by_api(staff: Staff, start: str) -> dict[str, Any]:
    body = {"office_id": MAIN, "service_id": PASSPORT, "start": start, "phone": ""}
    r = staff.client.post("/bookings", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def booking_by_api(staff: Staff, code: str) -> dict[str, Any]:
    r = staff.client.get(f"/bookings/{code}")
    assert r.status_code == 200, r.text
    return dict(r.json())
