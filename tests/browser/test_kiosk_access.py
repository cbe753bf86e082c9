"""The kiosk for everybody: no serious accessibility finding on any screen, touch targets
of 15 mm, a low-reach layout with every control in the lower half, and an idle reset
that warns first, never takes away an unprinted ticket, and leaves the next visitor a
clean Ukrainian start."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from tests.browser.kiosk_fakes import api_error
from tests.browser.kiosk_pages import LANDSCAPE, PORTRAIT, Kiosk

IDLE_MS = 60_000  # QMS_KIOSK_IDLE_SECONDS by default
WARNING_MS = 10_000


def visit_every_screen(kiosk: Kiosk, check: Callable[[str], None]) -> None:
    """Walk the kiosk through each of its screens, calling ``check(name)`` on each."""
    kiosk.open()
    check("start")
    kiosk.start()
    check("services")
    kiosk.tap("Пошук послуги за словом")
    kiosk.search("пас")
    check("search")
    kiosk.tap("Назад")
    kiosk.open_sphere("Інше")
    check("sphere")
    kiosk.open_service("Послуга elsewhere")
    check("referral")
    kiosk.tap("На початок")
    kiosk.start()
    kiosk.popular_info("Послуга passport")
    check("card")
    kiosk.ask_priority()
    check("priority")
    kiosk.choose_priority("Ветерани")
    kiosk.result_number()
    check("result")
    kiosk.done()
    tickets = "**/api/v1/offices/*/tickets"
    api_error(kiosk.page, tickets, 409, "service_unavailable", "Послуга недоступна.")
    kiosk.start()
    kiosk.choose_popular("Послуга passport")
    kiosk.expect_screen("error")
    check("error")
    kiosk.page.unroute(tickets)
    kiosk.tap("На початок")


def test_no_screen_has_a_serious_or_critical_accessibility_violation(kiosk: Kiosk) -> None:
    found: list[dict[str, Any]] = []
    visit_every_screen(kiosk, lambda _: found.extend(kiosk.serious_violations()))
    # The same screens again in the large-text, high-contrast mode, and in English.
    kiosk.toggle("contrast")
    expect(kiosk.page.locator("html")).to_have_class("contrast")
    found.extend(kiosk.serious_violations())
    kiosk.switch_language("en")
    kiosk.start(take="Get a ticket")
    found.extend(kiosk.serious_violations())
    kiosk.popular_info("Service passport", about="About the service")
    found.extend(kiosk.serious_violations())
    kiosk.take_ticket(take="Get a ticket")
    kiosk.result_number()
    found.extend(kiosk.serious_violations())
    kiosk.toggle("low-reach")
    found.extend(kiosk.serious_violations())
    assert found == []


def test_every_button_is_at_least_15_mm_on_a_portrait_and_a_landscape_screen(
    kiosk: Kiosk,
) -> None:
    small: list[dict[str, Any]] = []

    def check(screen: str) -> None:
        small.extend({"screen": screen, **b} for b in kiosk.small_buttons())

    visit_every_screen(kiosk, check)
    kiosk.toggle("contrast")
    check("contrast start")
    kiosk.page.set_viewport_size(LANDSCAPE)
    kiosk.toggle("contrast")
    visit_every_screen(kiosk, check)
    assert small == []


def test_the_low_reach_layout_keeps_every_control_in_the_lower_half(kiosk: Kiosk) -> None:
    height = PORTRAIT["height"]
    high: list[dict[str, Any]] = []

    def check(screen: str) -> None:
        if screen == "start":
            kiosk.toggle("low-reach")  # modes stay on for the whole visit
        buttons = kiosk.visible_buttons()
        assert buttons, screen
        high.extend({"screen": screen, **b} for b in buttons if b["y"] < 0.4 * height)

    visit_every_screen(kiosk, check)
    assert high == []


def test_an_idle_kiosk_warns_then_returns_to_a_ukrainian_start_with_a_fresh_catalogue(
    kiosk: Kiosk,
) -> None:
    page = kiosk.page
    page.clock.install()
    kiosk.open()
    kiosk.switch_language("en")
    kiosk.toggle("contrast")
    kiosk.toggle("low-reach")
    kiosk.start(take="Get a ticket")
    dialog = page.locator("#idle")

    page.clock.run_for(IDLE_MS - WARNING_MS - 2_000)
    expect(dialog).to_be_hidden()
    page.clock.run_for(3_000)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Are you still here?")
    # A raw touch: the warning closes on the press itself, before any click is checked.
    box = page.locator("#idle-stay").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(dialog).to_be_hidden()
    kiosk.expect_screen("services")

    page.clock.run_for(IDLE_MS - WARNING_MS + 1_000)
    expect(dialog).to_be_visible()
    with page.expect_request("**/api/v1/offices/1/services") as refetch:
        page.clock.run_for(WARNING_MS)
    assert refetch.value.headers["authorization"] == f"Bearer {kiosk.token}"
    kiosk.expect_screen("start")
    expect(dialog).to_be_hidden()
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("html")).not_to_have_class("contrast")
    expect(kiosk.button("Отримати талон")).to_be_visible()
    expect(page.locator('[data-action="low-reach"]')).to_have_attribute("aria-pressed", "false")


def test_an_unprinted_ticket_stays_on_screen_until_done_is_touched(kiosk: Kiosk) -> None:
    page = kiosk.page
    page.clock.install()
    kiosk.open()
    kiosk.start()
    kiosk.choose_popular("Послуга passport")
    number = kiosk.result_number()
    expect(kiosk.print_status()).to_contain_text("Сфотографуйте QR-код — це ваш талон")

    page.clock.run_for(3 * IDLE_MS)
    expect(page.locator("#idle")).to_be_hidden()
    expect(page.locator("#ticket-number")).to_have_text(number)
    kiosk.done()
    expect(kiosk.page.locator("#live")).to_contain_text(number)  # announced when it came
