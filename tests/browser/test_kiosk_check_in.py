"""A booked visitor checks in at the kiosk: the code typed on the keypad or scanned, the
ticket called at the booked time (printed like any other), the server's refusals shown
beside the code, English, and the late visitor's explanation.

The servers run on the real clock, so each test books a real slot through the public API
a few minutes from now. Each passport slot holds one booking, so the module widens the
check-in window to an hour: the next free slot is then always early enough to check in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Staff
from tests.browser.kiosk_pages import LANDSCAPE, Kiosk, kiosk_device, ticket_on_screen
from tests.factories import MAIN, PASSPORT
from tests.printing.escpos_decoder import decode
from tests.printing.fake_printer import FakePrinter
from tests.servers import Server

KYIV = ZoneInfo("Europe/Kyiv")
EARLY_MIN = 60
UNKNOWN = "0000-0001"  # eight digits no booking has (the odds are one in a hundred million)
IDLE_MS = 60_000  # QMS_KIOSK_IDLE_SECONDS by default


@pytest.fixture(scope="module", autouse=True)
def early_check_in(people: Staff) -> Iterator[None]:
    """Check-in opens an hour before a slot (instead of 15 min) while this module runs."""
    path = f"/config/offices/{MAIN}/booking"
    before = people.client.get(path, headers=people.as_("manager")).json()["early_min"]
    r = people.client.patch(path, json={"early_min": EARLY_MIN}, headers=people.as_("manager"))
    assert r.status_code == 200, r.text
    yield
    people.client.patch(path, json={"early_min": before}, headers=people.as_("manager"))


def kyiv_day(days: int = 0) -> date:
    return datetime.now(KYIV).date() + timedelta(days=days)


def book(people: Staff, day: date, service_id: int = PASSPORT) -> dict[str, Any]:
    """The first free slot of ``day``, booked through the public API (no login)."""
    r = people.client.get(
        f"/booking/offices/{MAIN}/services/{service_id}/slots", params={"day": day.isoformat()}
    )
    assert r.status_code == 200, r.text
    free = [s for s in r.json() if s["free"] > 0]
    if not free:
        pytest.skip(f"no free slot left on {day} (a run just before midnight)")
    start = free[0]["start"]
    if day == kyiv_day() and datetime.fromisoformat(start) - datetime.now(KYIV) > timedelta(
        minutes=EARLY_MIN
    ):
        pytest.skip("the next free slot is beyond the check-in window")
    r = people.client.post(
        "/bookings", json={"office_id": MAIN, "service_id": service_id, "start": start}
    )
    assert r.status_code == 201, r.text
    return dict(r.json())


def booking(people: Staff, code: str) -> dict[str, Any]:
    r = people.client.get(f"/bookings/{code}")
    assert r.status_code == 200, r.text
    return dict(r.json())


def refusal(kiosk: Kiosk, people: Staff, code: str, lang: str = "uk") -> dict[str, Any]:
    """What the API itself answers this kiosk for ``code`` (a refusal changes nothing)."""
    r = people.client.post(
        f"/offices/{MAIN}/check-in",
        json={"code": code, "print": False},
        headers={"Authorization": f"Bearer {kiosk.token}", "Accept-Language": lang},
    )
    assert r.status_code in (404, 409), r.text
    return dict(r.json()["error"])


def printing_kiosk(page: Page, server: Server, people: Staff, port: int) -> Kiosk:
    """A new kiosk whose receipt printer is the fake one on ``port``."""
    device = kiosk_device(people, name="Кіоск з принтером")
    r = people.client.put(
        f"/devices/{device['id']}/printer",
        json={"url": f"tcp://127.0.0.1:{port}"},
        headers=people.as_("manager"),
    )
    assert r.status_code == 200, r.text
    return Kiosk(page, server.url, device["token"])


# ---- in time: called at the booked time ----


def test_the_code_typed_on_the_keypad_checks_in_and_prints_the_booked_time(
    kiosk_page: Page, kiosk_server: Server, people: Staff
) -> None:
    booked = book(people, kyiv_day())
    code, time = booked["code"], booked["time"]
    with FakePrinter() as printer:
        kiosk = printing_kiosk(kiosk_page, kiosk_server, people, printer.port)
        kiosk.open()
        expect(kiosk.button("У мене попередній запис")).to_be_visible()
        kiosk.open_check_in()
        expect(kiosk.heading()).to_have_text("Реєстрація за попереднім записом")
        expect(kiosk.heading()).to_be_focused()
        expect(kiosk.page.locator("#check-in-hint")).to_have_text(
            "Код із 8 цифр — у підтвердженні запису, SMS або QR-коді."
        )
        submit = kiosk.button("Зареєструватися")
        expect(submit).to_be_disabled()
        kiosk.type_code(code[:5])
        expect(kiosk.code()).to_have_text(code[:4])  # the dash comes with the fifth digit
        kiosk.type_code(code[5:])
        expect(kiosk.code()).to_have_text(code)
        kiosk.type_code("9")  # a ninth digit has no place
        expect(kiosk.code()).to_have_text(code)
        expect(submit).to_be_enabled()

        with kiosk.page.expect_request("**/api/v1/offices/*/check-in") as sent:
            submit.click()
        assert json.loads(sent.value.post_data or "") == {"code": code, "print": True}
        assert sent.value.headers["authorization"] == f"Bearer {kiosk.token}"

        number = kiosk.result_number()
        expect(kiosk.heading()).to_have_text("Ваш талон")
        expect(kiosk.page.locator("#booked-time")).to_have_text(f"Вас викличуть о {time}")
        expect(kiosk.page.locator("#ahead")).to_have_count(0)
        expect(kiosk.page.locator("#estimate")).to_have_count(0)
        expect(kiosk.page.locator("#late-note")).to_have_count(0)
        expect(kiosk.print_status()).to_have_attribute("data-state", "printed")
        expect(kiosk.print_status()).to_have_text("Заберіть талон")
        expect(kiosk.page.locator("#live")).to_contain_text(
            f"Ваш талон {number}. Послуга passport. Вас викличуть о {time}."
        )
        printer.wait_for_connections(2)  # the status query, then the job
        [job] = printer.jobs
        lines = decode(job).lines
        assert number in lines
        assert f"Попередній запис: вас викличуть о {time}" in lines

    after = booking(people, code)
    assert after["status"] == "arrived"
    assert after["ticket_id"] == ticket_on_screen(kiosk)["id"]
    assert kiosk.serious_violations() == []
    kiosk.done()


def test_a_scanner_typing_the_code_and_enter_checks_in_and_a_second_scan_shows_the_same_ticket(
    kiosk: Kiosk, people: Staff
) -> None:
    booked = book(people, kyiv_day())
    code = booked["code"]
    kiosk.open()
    kiosk.open_check_in()
    kiosk.type_code("12")  # somebody began on the keypad, then scans instead
    kiosk.page.keyboard.type(code)  # the scanner: 8 digits (here with the dash), then Enter
    expect(kiosk.code()).to_have_text(code)
    kiosk.page.keyboard.press("Enter")

    number = kiosk.result_number()
    expect(kiosk.page.locator("#booked-time")).to_have_text(f"Вас викличуть о {booked['time']}")
    expect(kiosk.page.locator("#replayed")).to_have_count(0)
    expect(kiosk.print_status()).to_contain_text("Сфотографуйте QR-код — це ваш талон")
    kiosk.done()

    kiosk.open_check_in()
    expect(kiosk.code()).to_have_text("")  # the last visitor's code is gone
    kiosk.page.keyboard.type(code.replace("-", ""))
    kiosk.page.keyboard.press("Enter")
    assert kiosk.result_number() == number
    expect(kiosk.page.locator("#replayed")).to_have_text(
        "За цим записом талон уже видано — ось він ще раз."
    )
    expect(kiosk.print_status()).to_have_attribute("data-state", "screen")


# ---- refused: the server's words beside the code ----


def test_an_unknown_code_shows_the_servers_message_and_keeps_the_code_for_correction(
    kiosk: Kiosk, people: Staff
) -> None:
    expected = refusal(kiosk, people, UNKNOWN)
    assert expected["code"] == "booking_not_found"
    kiosk.open()
    kiosk.open_check_in()
    kiosk.type_code(UNKNOWN)
    kiosk.tap("Зареєструватися")

    error = kiosk.page.locator("#check-in-error")
    expect(error).to_be_visible()
    expect(error.locator("strong")).to_have_text("Запис не знайдено")
    expect(kiosk.page.locator("#check-in-message")).to_have_text(expected["message"])
    expect(error).to_contain_text("Перевірте код і спробуйте ще раз")
    expect(kiosk.page.locator("#live")).to_have_text(
        f"Запис не знайдено {expected['message']} "
        "Перевірте код і спробуйте ще раз або зверніться до рецепції."
    )
    kiosk.expect_screen("checkin")
    expect(kiosk.code()).to_have_text(UNKNOWN)
    expect(kiosk.button("Зареєструватися")).to_be_enabled()

    kiosk.tap("Стерти")  # correcting the code puts the old refusal away
    expect(kiosk.code()).to_have_text(UNKNOWN[:-1])
    expect(error).to_be_hidden()
    expect(kiosk.button("Зареєструватися")).to_be_disabled()
    kiosk.tap("Очистити")
    expect(kiosk.code()).to_have_text("")
    kiosk.page.keyboard.type("1234567")  # seven digits and Enter: say what a code is
    kiosk.page.keyboard.press("Enter")
    expect(kiosk.page.locator("#check-in-message")).to_have_text(
        "Код запису — це 8 цифр, як у підтвердженні."
    )
    expect(kiosk.code()).to_have_text("1234-567")
    kiosk.tap("Назад")
    kiosk.expect_screen("start")


def test_a_booking_for_another_day_is_refused_with_its_date(kiosk: Kiosk, people: Staff) -> None:
    booked = book(people, kyiv_day(1))
    code = booked["code"]
    kiosk.open()
    kiosk.open_check_in()
    kiosk.type_code(code)
    kiosk.tap("Зареєструватися")

    error = kiosk.page.locator("#check-in-error")
    expect(error.locator("strong")).to_have_text("Зареєструватися за цим записом зараз не можна")
    expect(kiosk.page.locator("#check-in-message")).to_have_text(
        f"Запис {code}: він на інший день: {booked['date']} {booked['time']}."
    )
    expect(kiosk.code()).to_have_text(code)
    assert booking(people, code)["status"] == "booked"  # still valid on its own day
    assert kiosk.serious_violations() == []
    kiosk.tap("На початок")
    kiosk.expect_screen("start")


# ---- English ----


def test_in_english_the_check_in_speaks_english_and_the_server_answers_in_english(
    kiosk: Kiosk, people: Staff
) -> None:
    booked = book(people, kyiv_day())
    expected = refusal(kiosk, people, UNKNOWN, lang="en")
    kiosk.open()
    kiosk.switch_language("en")
    kiosk.open_check_in(label="I have an appointment")
    expect(kiosk.heading()).to_have_text("Check in for your appointment")
    expect(kiosk.page.locator("#check-in-hint")).to_have_text(
        "The 8-digit code is in your booking confirmation, text message or QR code."
    )
    expect(kiosk.page.get_by_role("group", name="Number keypad")).to_be_visible()
    expect(kiosk.button("Check in")).to_be_disabled()

    kiosk.type_code(UNKNOWN)
    kiosk.tap("Check in")
    expect(kiosk.page.locator("#check-in-error strong")).to_have_text("Booking not found")
    expect(kiosk.page.locator("#check-in-message")).to_have_text(expected["message"])
    kiosk.switch_language("uk")  # the code and the answer stay; the answer keeps its language
    expect(kiosk.code()).to_have_text(UNKNOWN)
    expect(kiosk.page.locator("#check-in-message")).to_have_attribute("lang", "en")
    kiosk.switch_language("en")

    kiosk.tap("Clear")
    kiosk.type_code(booked["code"])
    kiosk.tap("Check in")
    kiosk.result_number()
    expect(kiosk.heading()).to_have_text("Your ticket")
    expect(kiosk.page.locator("#booked-time")).to_have_text(
        f"You will be called at {booked['time']}"
    )
    expect(kiosk.print_status()).to_contain_text("Take a photo of the QR code: it is your ticket")


# ---- late: a live ticket, and why ----


def test_a_late_visitor_is_told_kindly_why_the_ticket_is_in_the_live_queue(
    kiosk: Kiosk, people: Staff
) -> None:
    # The real clock cannot be moved past the grace period: the server checks a booking in
    # for real, and its answer reaches the page as the one a late visitor gets.
    booked = book(people, kyiv_day())

    def as_late(route: Route) -> None:
        answer = route.fetch()
        body = answer.json() | {"late": True, "booked_for": None}
        route.fulfill(response=answer, json=body)

    kiosk.page.route("**/api/v1/offices/*/check-in", as_late)
    kiosk.open()
    kiosk.open_check_in()
    kiosk.type_code(booked["code"])
    kiosk.tap("Зареєструватися")

    kiosk.result_number()
    minutes = (
        datetime.fromisoformat(booked["check_in_until"]) - datetime.fromisoformat(booked["start"])
    ) // timedelta(minutes=1)
    expect(kiosk.page.locator("#late-note")).to_have_text(
        f"Ваш запис був на {booked['time']}. Ви прийшли пізніше, ніж через {minutes} хв після "
        "часу запису, тому талон видано в живу чергу. Вас обслужать у порядку черги."
    )
    expect(kiosk.page.locator("#booked-time")).to_have_count(0)
    expect(kiosk.page.locator("#ahead")).to_contain_text("Перед вами:")
    kiosk.switch_language("en")
    expect(kiosk.page.locator("#late-note")).to_contain_text(
        f"more than {minutes} min after it, so your ticket is in the live queue"
    )


# ---- for everybody ----


def test_the_check_in_screen_is_accessible_large_and_within_reach(kiosk: Kiosk) -> None:
    kiosk.open()
    kiosk.open_check_in()
    kiosk.type_code("1234")
    assert kiosk.serious_violations() == []
    assert kiosk.small_buttons() == []
    kiosk.toggle("contrast")
    assert kiosk.serious_violations() == []
    assert kiosk.small_buttons() == []
    kiosk.toggle("low-reach")
    height = kiosk.page.viewport_size["height"] if kiosk.page.viewport_size else 0
    assert [b for b in kiosk.visible_buttons() if b["y"] < 0.4 * height] == []
    kiosk.toggle("low-reach")
    kiosk.toggle("contrast")
    kiosk.page.set_viewport_size(LANDSCAPE)
    expect(kiosk.button("Зареєструватися")).to_be_in_viewport()
    assert kiosk.small_buttons() == []


def test_an_idle_check_in_returns_to_the_start_and_forgets_the_code(kiosk: Kiosk) -> None:
    page = kiosk.page
    page.clock.install()
    kiosk.open()
    kiosk.open_check_in()
    kiosk.type_code("1234")
    page.clock.run_for(IDLE_MS + 1_000)
    kiosk.expect_screen("start")
    kiosk.open_check_in()
    expect(kiosk.code()).to_have_text("")
