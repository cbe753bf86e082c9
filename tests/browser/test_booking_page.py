"""The public booking page (/book) on a phone in headless Chromium against a real server:
booking an appointment step by step with its code and QR code, English, a time taken by
someone else meanwhile, finding a booking by its code to move and cancel it, and what
the page says when it can no longer be changed.

The test office is the only one that takes bookings, open all day; passport has
10-minute slots, each holding one booking.
"""

from __future__ import annotations

import re
from datetime import datetime

from playwright.sync_api import Browser, expect

from tests.browser.booking_pages import (
    NARROW_VIEWPORT,
    BookingPage,
    book_by_api,
    booking_by_api,
    free_times,
    phone_page,
    tomorrow,
)
from tests.browser.conftest import Staff
from tests.browser.visitor_pages import serious_violations
from tests.factories import BRANCH, PASSPORT
from tests.servers import Server

SCREENSHOTS = "/tmp/book-{}.png"


def test_a_visitor_books_passport_for_tomorrow_and_gets_the_code_and_its_qr(
    server: Server, staff: Staff, browser: Browser
) -> None:
    day = tomorrow()
    with phone_page(browser) as page:
        problems: list[str] = []  # a script error, or anything the policy blocked
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        book = BookingPage(page, server.url)
        response = book.open()
        assert response is not None and response.status == 200
        assert response.headers["cache-control"] == "no-store"
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(page.locator("html")).to_have_attribute("lang", "uk")

        # one office takes bookings: it is chosen already, the services come first
        book.expect_step("service")
        expect(book.step("office")).to_be_hidden()
        expect(page.locator('[data-slot="office-name"]')).to_have_text("Тестовий ЦНАП")
        expect(page.locator('[data-slot="progress"]')).to_have_text("Крок 1 з 4")
        expect(page.locator("[data-service] .choice-name")).to_have_text(
            ["Послуга passport", "Послуга residence"]
        )
        expect(page.locator('[data-service="1"]')).to_contain_text("Опис")
        assert book.fits_the_screen()
        page.screenshot(path=SCREENSHOTS.format("service"))
        assert serious_violations(page, server.url) == []

        book.choose_service("Послуга passport")
        book.expect_step("day")
        expect(page.locator('[data-slot="progress"]')).to_have_text("Крок 2 з 4")
        weekday = ["понеділок", "вівторок", "середа", "четвер", "п'ятниця", "субота", "неділя"]
        expected = weekday[datetime.fromisoformat(day).weekday()]
        tomorrow_button = page.locator(f'[data-day="{day}"]')
        expect(tomorrow_button).to_contain_text(f"{expected}, завтра")
        expect(tomorrow_button).to_contain_text(".".join(reversed(day.split("-"))))
        expect(tomorrow_button).to_be_enabled()
        assert book.fits_the_screen()
        page.screenshot(path=SCREENSHOTS.format("day"), full_page=True)

        book.choose_day(day)
        first = book.first_free_slot()
        start, time = first.get_attribute("data-start"), first.get_attribute("data-time")
        assert start and time and re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", time)
        assert book.fits_the_screen()
        assert book.small_targets() == []
        page.screenshot(path=SCREENSHOTS.format("time"))
        first.tap()

        book.expect_step("confirm")
        summary = page.locator('[data-slot="summary"]')
        expect(summary).to_contain_text("Послуга passport")
        expect(summary).to_contain_text(time)
        expect(summary).to_contain_text("Тестовий ЦНАП")
        expect(page.get_by_label("Номер телефону")).to_be_visible()
        expect(page.locator("#phone-hint")).to_contain_text(
            "через 30 дн. після візиту номер буде стерто"
        )
        page.get_by_label("Номер телефону").fill("067 12")
        book.tap("Підтвердити запис")
        expect(book.error("phone")).to_contain_text("Введіть український номер")
        page.get_by_label("Номер телефону").fill("067 123 45 67")
        assert serious_violations(page, server.url) == []
        page.screenshot(path=SCREENSHOTS.format("confirm"))
        book.tap("Підтвердити запис")

        # the confirmation: the code to keep, its QR code, the time and what to do
        book.expect_step("booking")
        expect(page.locator("#h-booking")).to_have_text("Ви записані")
        code_line = page.locator('[data-slot="code"]')
        expect(code_line).to_have_text(re.compile(r"^[0-9]{4}-[0-9]{4}$"))
        code = code_line.inner_text()
        booking = booking_by_api(staff, code)
        assert booking["status"] == "booked"
        assert (booking["time"], booking["service_id"]) == (time, PASSPORT)
        assert datetime.fromisoformat(booking["start"]) == datetime.fromisoformat(start)
        assert booking["phone"].endswith("67")
        expect(page.locator('[data-slot="done-line"]')).to_have_text(
            f"Готово! Ви записані на {booking['date']} о {time}."
        )
        expect(page.locator('[data-slot="qr"]')).to_have_attribute("data-state", "loaded")
        qr = page.locator('[data-slot="qr-img"]')
        expect(qr).to_have_attribute("alt", f"QR-код запису {code}")
        assert page.evaluate("document.querySelector('[data-slot=qr-img]').naturalWidth") > 0
        assert (qr.bounding_box() or {"width": 0})["width"] >= 150, "big enough to scan"
        card = page.locator('[data-slot="booking-summary"]')
        expect(card).to_contain_text(booking["date"])
        expect(card).to_contain_text(time)
        expect(card).to_contain_text("Тестовий ЦНАП")
        expect(card).to_contain_text("очікуємо на вас")
        how = page.locator('[data-slot="how"]')
        expect(how).to_contain_text("«У мене попередній запис»")
        opens = booking["check_in_from"][11:16]
        closes = booking["check_in_until"][11:16]
        expect(how).to_contain_text(f"з {opens} до {closes}")
        expect(how).to_contain_text(f"Якщо прийдете пізніше {closes}, отримаєте талон у живу чергу")
        assert book.fits_the_screen()
        assert book.small_targets() == []
        page.screenshot(path=SCREENSHOTS.format("done"), full_page=True)
        assert serious_violations(page, server.url) == []

        # "cancel or move" opens the choices for this booking, without typing the code
        book.tap("Скасувати або перенести")
        expect(page.locator("#h-booking")).to_have_text("Ваш запис")
        expect(page.locator("button:visible", has_text="Перенести на інший час")).to_be_visible()
        expect(page.locator("button:visible", has_text="Скасувати запис")).to_be_visible()

        # the address now holds the code: a reload shows the booking again
        assert page.url.endswith(f"/book/manage?code={code.replace('-', '')}")
        page.reload()
        book.expect_step("booking")
        expect(code_line).to_have_text(code)
        assert problems == []


def test_the_page_switches_to_english_and_back_keeping_the_choices(
    server: Server, browser: Browser
) -> None:
    day = tomorrow()
    with phone_page(browser, NARROW_VIEWPORT) as page:
        book = BookingPage(page, server.url)
        book.open()
        book.choose_service("Послуга passport")
        book.expect_step("day")
        page.locator('[data-lang="en"]').tap()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#h-day")).to_have_text("Choose the day")
        expect(page.locator('[data-slot="progress"]')).to_have_text("Step 2 of 4")
        expect(page.locator('[data-slot="service-name"]')).to_have_text("Service passport")
        weekday = datetime.fromisoformat(day).strftime("%A")  # the C locale's English
        expect(page.locator(f'[data-day="{day}"]')).to_contain_text(f"{weekday}, tomorrow")
        expect(page.locator(".modes")).to_contain_text("My booking")
        assert book.fits_the_screen()

        book.choose_day(day)
        book.first_free_slot()
        expect(page.locator("#h-time")).to_have_text("Choose the time")
        page.locator(".slot:enabled").first.tap()
        book.expect_step("confirm")
        expect(page.get_by_label("Phone number")).to_be_visible()
        expect(book.step("confirm")).to_contain_text("erased 30 days after the visit")
        assert book.fits_the_screen()
        assert serious_violations(page, server.url) == []
        page.screenshot(path=SCREENSHOTS.format("confirm-en"))

        page.locator('[data-lang="uk"]').tap()
        expect(page.locator("html")).to_have_attribute("lang", "uk")
        book.expect_step("confirm")
        expect(page.locator("#h-confirm")).to_have_text("Перевірте й підтвердьте")
        expect(page.locator('[data-slot="summary"]')).to_contain_text("Послуга passport")

        # the choice is remembered: a new visit opens in English
        page.locator('[data-lang="en"]').tap()
        book.open()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#h-service")).to_have_text("Choose the service")


def test_a_time_taken_meanwhile_is_refused_and_the_times_are_fresh(
    server: Server, staff: Staff, browser: Browser
) -> None:
    day = tomorrow()
    with phone_page(browser) as page:
        book = BookingPage(page, server.url)
        book.open()
        book.choose_service("Послуга passport")
        book.choose_day(day)
        first = book.first_free_slot()
        start, time = first.get_attribute("data-start"), first.get_attribute("data-time")
        assert start and time

        book_by_api(staff, start)  # someone else was quicker
        first.tap()
        book.expect_step("confirm")
        book.tap("Підтвердити запис")

        book.expect_step("time")
        date = ".".join(reversed(day.split("-")))
        expect(book.error("time")).to_have_text(
            f"На {date} {time} вільних місць уже немає. Оберіть інший час."
        )
        taken = book.slot_button(start)
        expect(taken).to_be_disabled()
        expect(taken).to_contain_text("зайнято")
        expect(page.locator(".slot:enabled").first).not_to_have_attribute("data-start", start)
        assert book.fits_the_screen()
        assert serious_violations(page, server.url) == []
        page.screenshot(path=SCREENSHOTS.format("taken"))


def test_a_booking_found_by_its_code_is_moved_then_cancelled(
    server: Server, staff: Staff, browser: Browser
) -> None:
    day = tomorrow()
    first, second = free_times(staff, day)[:2]
    booking = book_by_api(staff, first["start"])
    code = booking["code"]
    with phone_page(browser) as page:
        book = BookingPage(page, server.url)
        book.open()
        page.locator(".modes a", has_text="Мій запис").tap()
        book.expect_step("find")
        code_field = page.get_by_label("Код запису")
        code_field.fill("1234")
        book.tap("Знайти")
        expect(book.error("find")).to_have_text("Код запису — це 8 цифр, як на підтвердженні.")
        expect(code_field).to_have_attribute("aria-invalid", "true")
        code_field.fill("0000-0001" if code != "0000-0001" else "0000-0002")
        book.tap("Знайти")
        expect(book.error("find")).to_contain_text("Запису з кодом")  # the server's words
        assert serious_violations(page, server.url) == []

        code_field.fill(code)
        book.tap("Знайти")
        book.expect_step("booking")
        expect(page.locator("#h-booking")).to_have_text("Ваш запис")
        expect(page.locator('[data-slot="code"]')).to_have_text(code)
        card = page.locator('[data-slot="booking-summary"]')
        expect(card).to_contain_text("очікуємо на вас")
        expect(card).to_contain_text(first["time"])
        assert book.fits_the_screen()
        assert serious_violations(page, server.url) == []

        # move: a new day and time of the same service; the booked time is "yours", off
        book.tap("Перенести на інший час")
        book.expect_step("day")
        expect(page.locator('[data-slot="move-now"]')).to_contain_text(first["time"])
        book.choose_day(day)
        book.first_free_slot()
        mine = book.slot_button(first["start"])
        expect(mine).to_be_disabled()
        expect(mine).to_contain_text("ваш час")
        book.slot_button(second["start"]).tap()
        book.expect_step("move")
        expect(page.locator('[data-slot="move-summary"]')).to_contain_text(second["time"])
        book.tap("Так, перенести")
        book.expect_step("booking")
        expect(page.locator('[data-slot="done-line"]')).to_contain_text(
            f"Запис перенесено на {booking['date']} о {second['time']}. Код той самий."
        )
        expect(card).to_contain_text(second["time"])
        moved = booking_by_api(staff, code)
        assert (moved["code"], moved["status"], moved["time"]) == (code, "booked", second["time"])
        page.screenshot(path=SCREENSHOTS.format("moved"), full_page=True)

        # cancel, after a second thought
        book.tap("Скасувати запис")
        book.expect_step("cancel")
        expect(book.step("cancel")).to_contain_text("не можна відмінити")
        book.tap("Ні, залишити")
        book.expect_step("booking")
        assert booking_by_api(staff, code)["status"] == "booked"
        book.tap("Скасувати запис")
        book.tap("Так, скасувати")
        book.expect_step("booking")
        expect(page.locator('[data-slot="done-line"]')).to_have_text("Запис скасовано.")
        expect(card).to_contain_text("скасовано")
        expect(page.locator('[data-slot="locked"]')).to_have_text(
            "Запис скасовано, тому його більше не можна змінити."
        )
        expect(page.locator("button:visible", has_text="Перенести на інший час")).to_have_count(0)
        expect(page.locator("button:visible", has_text="Скасувати запис")).to_have_count(0)
        expect(page.locator('[data-slot="qr"]')).to_be_hidden()
        assert booking_by_api(staff, code)["status"] == "cancelled"
        assert serious_violations(page, server.url) == []
        page.screenshot(path=SCREENSHOTS.format("cancelled"), full_page=True)

        # the same, opened from a link with the code
        book.open(f"/book/manage?code={code}")
        book.expect_step("booking")
        expect(page.locator('[data-slot="locked"]')).to_be_visible()


def test_a_booking_cancelled_elsewhere_meanwhile_shows_why_it_cannot_change(
    server: Server, staff: Staff, browser: Browser
) -> None:
    code = book_by_api(staff, free_times(staff, tomorrow())[0]["start"])["code"]
    with phone_page(browser) as page:
        book = BookingPage(page, server.url)
        book.open(f"/book/manage?code={code}")
        book.expect_step("booking")
        expect(page.locator('[data-slot="code"]')).to_have_text(code)
        r = staff.client.post(f"/bookings/{code}/cancel")  # from another phone
        assert r.status_code == 200, r.text

        book.tap("Скасувати запис")
        book.tap("Так, скасувати")
        book.expect_step("booking")
        expect(book.error("booking")).to_have_text(f"Запис {code}: його вже скасовано.")
        expect(page.locator('[data-slot="booking-summary"]')).to_contain_text("скасовано")
        expect(page.locator('[data-slot="locked"]')).to_be_visible()
        expect(page.locator("button:visible", has_text="Скасувати запис")).to_have_count(0)


def test_with_two_offices_taking_bookings_the_office_is_chosen_first(
    server: Server, staff: Staff, browser: Browser
) -> None:
    r = staff.client.patch(
        f"/config/offices/{BRANCH}/booking", json={"enabled": True}, headers=staff.as_("manager")
    )
    assert r.status_code == 200, r.text
    with phone_page(browser, NARROW_VIEWPORT) as page:
        book = BookingPage(page, server.url)
        book.open()
        book.expect_step("office")
        expect(page.locator('[data-slot="progress"]')).to_have_text("Крок 1 з 5")
        expect(page.locator("[data-office] .choice-name")).to_have_text(
            ["Тестовий ЦНАП", "Віддалене робоче місце"]
        )
        expect(book.step("office").locator(".back")).to_be_hidden()
        assert book.fits_the_screen()
        assert serious_violations(page, server.url) == []

        page.locator(f'[data-office="{BRANCH}"]').tap()
        book.expect_step("service")
        expect(page.locator('[data-slot="office-name"]')).to_have_text("Віддалене робоче місце")
        expect(page.locator("[data-service] .choice-name")).to_have_text(["Послуга passport"])
        book.tap("Назад")
        book.expect_step("office")


def test_an_unknown_address_under_book_gets_a_page_not_json(
    server: Server, browser: Browser
) -> None:
    with phone_page(browser) as page:
        response = BookingPage(page, server.url).open("/book/nowhere")
        assert response is not None and response.status == 404
        expect(page.locator("h1")).to_have_text("Сторінку не знайдено")
        expect(page.locator(".notice-other h2")).to_have_text("Page not found")
