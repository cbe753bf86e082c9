"""What the kiosk refuses, and how kindly: a closed office, a service of another office,
a suspended service, a reached daily cap, a kiosk issuing too fast; and the page itself:
its QR codes, its private token, its answer to a wrong or revoked token."""

from __future__ import annotations

from datetime import date

import httpx
from playwright.sync_api import Page, expect

from kiosk.qr import phone_url, qr_svg
from tests.browser.conftest import Staff
from tests.browser.kiosk_pages import (
    OPENS_AT,
    Kiosk,
    kiosk_device,
    opening_day,
    register_kiosk,
    ticket_on_screen,
)
from tests.factories import BRANCH, CAPPED, MAIN, PASSPORT
from tests.servers import Server

MONTHS = "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня"


# ---- what the kiosk refuses, kindly ----


def test_a_closed_office_shows_its_next_opening_instead_of_the_ticket_button(
    kiosk_page: Page, kiosk_server: Server, people: Staff
) -> None:
    page = kiosk_page
    kiosk = Kiosk(page, kiosk_server.url, register_kiosk(people, BRANCH, "Кіоск ВРМ"))
    kiosk.open()
    day = date.fromisoformat(opening_day())
    closed = page.locator("#closed")
    expect(closed).to_contain_text("Центр зачинено. Відкриємося:")
    expect(closed).to_contain_text(f"{day.day} {MONTHS.split()[day.month - 1]} о {OPENS_AT}")
    expect(kiosk.button("Отримати талон")).to_have_count(0)
    # booked visitors may check in from before their time, so before the opening too
    expect(kiosk.button("У мене попередній запис")).to_be_visible()

    kiosk.tap("Переглянути послуги")
    kiosk.popular_info("Послуга passport")
    expect(kiosk.screen.locator("[data-issue]")).to_have_count(0)
    expect(kiosk.screen.locator(".actions")).to_contain_text("Центр зачинено")
    kiosk.switch_language("en")
    expect(kiosk.screen.locator(".actions")).to_contain_text("The centre is closed. We open:")
    expect(kiosk.screen.locator(".actions")).to_contain_text(f"at {OPENS_AT}")


def test_a_service_of_another_office_shows_where_to_go(kiosk: Kiosk) -> None:
    kiosk.open()
    kiosk.start()
    kiosk.open_sphere("Інше")
    expect(kiosk.screen.locator("button.row").filter(has_text="Послуга elsewhere")).to_contain_text(
        "надає інша установа"
    )
    kiosk.open_service("Послуга elsewhere")
    referral = kiosk.screen.locator(".referral")
    expect(referral).to_contain_text("Цю послугу надає інша установа")
    for text in ("Пенсійний фонд", "вул. Соборна, 1", "+380 56 000 00 00", "Пн–Пт 08:00–17:00"):
        expect(referral).to_contain_text(text)
    expect(kiosk.screen.locator("[data-issue]")).to_have_count(0)
    expect(kiosk.button("Надрукувати довідку")).to_have_count(0)  # no printer here


def test_a_suspended_service_sends_the_visitor_to_reception_without_a_ticket_button(
    kiosk: Kiosk,
) -> None:
    kiosk.open()
    kiosk.start()
    kiosk.open_sphere("Інше")
    kiosk.open_service("Послуга paused")
    expect(kiosk.page.locator("#inactive")).to_have_text(
        "Послугу тимчасово не надають, зверніться до рецепції"
    )
    expect(kiosk.screen.locator("[data-issue]")).to_have_count(0)


def test_a_reached_daily_cap_gets_a_friendly_screen_and_a_way_back(
    kiosk: Kiosk, people: Staff
) -> None:
    for _ in range(3):
        people.post(f"/offices/{MAIN}/tickets", "reception", service_id=CAPPED)
    kiosk.open()
    kiosk.start()
    kiosk.open_sphere("Документи")
    kiosk.open_service("Послуга capped")
    kiosk.take_ticket()
    kiosk.expect_screen("error")
    expect(kiosk.heading()).to_have_text("Талони закінчилися")
    expect(kiosk.page.locator("#error-message")).to_contain_text("ліміт 3")
    kiosk.tap("На початок")
    kiosk.expect_screen("start")


def test_too_many_tickets_from_one_kiosk_asks_to_wait_a_minute_in_the_visitors_language(
    kiosk: Kiosk, kiosk_server: Server
) -> None:
    headers = {"Authorization": f"Bearer {kiosk.token}"}
    for _ in range(10):
        r = httpx.post(
            f"{kiosk_server.url}/api/v1/offices/{MAIN}/tickets",
            json={"service_id": PASSPORT},
            headers=headers,
        )
        assert r.status_code == 201
    kiosk.open()
    kiosk.switch_language("en")
    kiosk.start(take="Get a ticket")
    kiosk.choose_popular("Service passport", take="Get a ticket")
    kiosk.expect_screen("error")
    expect(kiosk.heading()).to_have_text("Please wait a minute…")
    expect(kiosk.page.locator("#error-message")).to_contain_text("Too many tickets")


# ---- the QR code and the page itself ----


def test_the_qr_code_on_the_result_is_the_phone_page_of_the_ticket(
    kiosk: Kiosk, kiosk_server: Server
) -> None:
    kiosk.open()
    kiosk.start()
    kiosk.choose_popular("Послуга passport")
    token = ticket_on_screen(kiosk)["trackToken"]
    image = kiosk.page.locator(".qr img")
    expect(image).to_have_attribute("src", f"/kiosk/qr/{token}.svg")
    # (no wait_for_function: the page's CSP forbids the eval it polls with)
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0

    r = httpx.get(f"{kiosk_server.url}/kiosk/qr/{token}.svg")
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert r.headers["cache-control"] == "no-store"
    assert r.content == qr_svg(phone_url(kiosk_server.url, token))
    assert phone_url(kiosk_server.url, token) == f"{kiosk_server.url}/t/{token}"
    for bad in ("short", "x" * 65, "bad%20token!"):
        assert httpx.get(f"{kiosk_server.url}/kiosk/qr/{bad}.svg").status_code == 404


def test_the_page_keeps_its_token_private_and_loads_nothing_from_outside(
    kiosk: Kiosk, kiosk_server: Server
) -> None:
    outside: list[str] = []
    kiosk.page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(kiosk_server.url) else None,
    )
    response = kiosk.page.goto(f"{kiosk_server.url}/kiosk/?token={kiosk.token}&lang=en")
    assert response is not None and response.status == 200
    headers = response.headers
    assert headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in headers["content-security-policy"]
    kiosk.expect_screen("start")
    expect(kiosk.page.locator("html")).to_have_attribute("lang", "en")
    expect(kiosk.heading()).to_have_text("Test centre")
    assert [u for u in outside if not u.startswith("data:")] == []


def test_a_wrong_token_gets_a_friendly_403_page(
    kiosk_page: Page, kiosk_server: Server, people: Staff
) -> None:
    page = kiosk_page
    response = page.goto(f"{kiosk_server.url}/kiosk/?token=k_not-a-real-token")
    assert response is not None and response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("h1")).to_have_text("Цей термінал не підключений")
    expect(page.locator("body")).to_contain_text("This kiosk is not connected")
    display = people.device_token("display")
    reception = people.as_("reception")["Authorization"].removeprefix("Bearer ")
    for token in ("", display, reception):
        r = httpx.get(f"{kiosk_server.url}/kiosk/", params={"token": token})
        assert r.status_code == 403 and "рецепції" in r.text
        assert r.headers["cache-control"] == "no-store"


def test_a_revoked_kiosk_shows_the_disconnected_page_at_its_next_heartbeat(
    kiosk_page: Page, kiosk_server: Server, people: Staff
) -> None:
    device = kiosk_device(people)
    kiosk = Kiosk(kiosk_page, kiosk_server.url, device["token"])
    kiosk_page.clock.install()
    kiosk.open()
    r = people.client.delete(f"/devices/{device['id']}", headers=people.as_("manager"))
    assert r.status_code == 200
    with kiosk_page.expect_navigation():
        kiosk_page.clock.run_for(16_000)  # the heartbeat: /devices/me now answers 401
    expect(kiosk_page.locator("h1")).to_have_text("Цей термінал не підключений")


def test_an_air_raid_pause_is_told_to_arrivals_who_still_get_their_place(
    kiosk_page: Page, kiosk_server: Server, people: Staff
) -> None:
    # The branch, so the main office's queue of the other kiosk tests never pauses.
    kiosk = Kiosk(kiosk_page, kiosk_server.url, register_kiosk(people, BRANCH, "Кіоск ВРМ 2"))
    kiosk_page.clock.install()
    kiosk.open()
    banner = kiosk_page.locator("#paused")
    expect(banner).to_be_hidden()
    people.post(f"/offices/{BRANCH}/pause", "manager", reason="air_raid")
    try:
        kiosk_page.clock.run_for(35_000)  # the kiosk's next heartbeat
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("Повітряна тривога")
        kiosk.switch_language("en")
        expect(banner).to_contain_text("Air raid alert")
        kiosk_page.reload()  # a kiosk (re)started during the pause knows it at once
        expect(kiosk_page.locator("#paused")).to_be_visible()
    finally:
        people.post(f"/offices/{BRANCH}/resume", "manager")
    kiosk_page.clock.run_for(35_000)
    expect(kiosk_page.locator("#paused")).to_be_hidden()
