"""A booked visitor's whole day in headless Chromium against a real server: booking on a
phone, checking in at the kiosk with the code, and being called first at the booked time
although a longer live queue waits.

The server runs on the real clock. Passport is given 1-minute appointments here, so the
first free time is less than a minute ahead: the test books it, checks in at once (early,
within the check-in window), and waits for it.
"""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from tests.browser.booking_pages import BookingPage, booking_by_api, phone_page
from tests.browser.conftest import Staff
from tests.browser.kiosk_pages import PORTRAIT, Kiosk, register_kiosk
from tests.browser.visitor_pages import call_next, issue
from tests.factories import MAIN, PASSPORT
from tests.servers import Server

KYIV = ZoneInfo("Europe/Kyiv")
LIVE_QUEUE = 3


def touchscreen(browser: Browser) -> Page:
    context = browser.new_context(viewport=PORTRAIT, locale="uk-UA", has_touch=True)
    return context.new_page()


def book_the_first_time_today(page: Page, base: str) -> str:
    """On the phone: passport, today, the first free time, no phone number; the code."""
    book = BookingPage(page, base)
    book.open()
    book.choose_service("Послуга passport")
    book.choose_day(datetime.now(KYIV).date().isoformat())
    book.first_free_slot().tap()
    book.expect_step("confirm")
    book.tap("Підтвердити запис")
    book.expect_step("booking")
    return page.locator('[data-slot="code"]').inner_text()


def test_book_on_the_phone_check_in_at_the_kiosk_be_called_first_at_the_time(
    server: Server, staff: Staff, browser: Browser
) -> None:
    r = staff.client.patch(
        f"/config/services/{PASSPORT}", json={"avg_service_min": 1}, headers=staff.as_("manager")
    )
    assert r.status_code == 200, r.text
    live = [issue(staff) for _ in range(LIVE_QUEUE)]  # they came before the booked visitor

    with phone_page(browser) as phone:
        code = book_the_first_time_today(phone, server.url)
    booking = booking_by_api(staff, code)
    slot = datetime.fromisoformat(booking["start"])
    assert booking["status"] == "booked" and slot > datetime.now(KYIV)

    page = touchscreen(browser)
    try:
        kiosk = Kiosk(page, server.url, register_kiosk(staff)).open()
        kiosk.open_check_in()
        kiosk.type_code(code.replace("-", ""))
        kiosk.tap("Зареєструватися")
        number = kiosk.result_number()
        expect(page.locator("#booked-time")).to_have_text(f"Вас викличуть о {booking['time']}")
    finally:
        page.context.close()
    booking = booking_by_api(staff, code)
    assert booking["status"] == "arrived" and booking["ticket_id"] is not None

    # Before the time, the live queue goes on (if there is a moment left to see it).
    if (slot - datetime.now(KYIV)).total_seconds() > 5:
        first = call_next(staff)
        assert first["id"] == live[0]["id"]
        staff.finish(first)
    time.sleep(max(0.0, (slot - datetime.now(KYIV)).total_seconds()) + 0.5)

    # At the time, the booked visitor is called ahead of everyone still waiting.
    called = call_next(staff)
    assert (called["number"], called["id"]) == (number, booking["ticket_id"])
    assert datetime.fromisoformat(called["booked_for"]) == slot
    queue = staff.client.get(f"/offices/{MAIN}/queue", headers=staff.as_("reception")).json()
    assert queue["waiting_total"] >= LIVE_QUEUE - 1  # the live visitors are still there
