"""The touchscreen kiosk (термінал) in headless Chromium against a real server: a visitor
takes a ticket in two touches, in Ukrainian or English, with priority; reads cards and
directions; searches with the on-screen keyboard; and calls reception for help.

One server serves every kiosk test (each test registers its own kiosk device, see
kiosk_fixtures.py), so the files stay fast; counts are compared before and after.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import Staff
from tests.browser.kiosk_pages import Kiosk, as_reception, ticket_on_screen, ticket_posts, waiting
from tests.factories import COUNTER_1

TICKET_NUMBER = re.compile(r"^П-\d{3}$")


# ---- taking a ticket ----


def test_a_popular_service_gives_a_ticket_in_two_touches_with_the_number_the_api_issued(
    kiosk: Kiosk, people: Staff
) -> None:
    kiosk.open()
    expect(kiosk.page.locator("html")).to_have_attribute("lang", "uk")
    expect(kiosk.heading()).to_have_text("Тестовий ЦНАП")
    expect(kiosk.page.locator("#print-hint")).to_have_text(
        "Талон буде на екрані: сфотографуйте QR-код"
    )
    before = waiting(people)

    kiosk.start()  # touch 1
    expect(kiosk.heading()).to_be_focused()
    kiosk.choose_popular("Послуга passport")  # touch 2

    number = kiosk.result_number()
    assert TICKET_NUMBER.match(number)
    issued = as_reception(people, ticket_on_screen(kiosk)["id"])
    assert issued["number"] == number and issued["language"] == "uk"
    assert issued["priority"] is None
    assert waiting(people) == before + 1
    expect(kiosk.heading()).to_have_text("Ваш талон")
    expect(kiosk.heading()).to_be_focused()
    expect(kiosk.page.locator("#ahead")).to_have_text(f"Перед вами: {issued['position']}")
    if issued["estimate"]:
        expect(kiosk.page.locator("#estimate")).to_have_text(
            f"Орієнтовне очікування: {issued['estimate']['text_uk']}"
        )
    else:
        expect(kiosk.page.locator("#estimate")).to_have_count(0)
    expect(kiosk.print_status()).to_contain_text("Сфотографуйте QR-код — це ваш талон")
    expect(kiosk.page.locator("#live")).to_contain_text(f"Ваш талон {number}")
    kiosk.done()


def test_the_same_walk_in_english_shows_english_labels_and_asks_in_english(
    kiosk: Kiosk, people: Staff
) -> None:
    posts = ticket_posts(kiosk.page)
    kiosk.open()
    kiosk.switch_language("en")
    expect(kiosk.heading()).to_have_text("Test centre")
    expect(kiosk.page.locator('[data-action="lang-en"]')).to_have_attribute("aria-pressed", "true")
    kiosk.start(take="Get a ticket")
    expect(kiosk.heading()).to_have_text("Choose a service")
    expect(kiosk.screen.locator("h2").first).to_have_text("Most requested")
    kiosk.choose_popular("Service passport", take="Get a ticket")

    number = kiosk.result_number()
    expect(kiosk.heading()).to_have_text("Your ticket")
    expect(kiosk.page.locator("#ahead")).to_contain_text("People ahead of you:")
    expect(kiosk.print_status()).to_contain_text("Take a photo of the QR code: it is your ticket")
    expect(kiosk.page.locator("html")).to_have_attribute("lang", "en")
    assert as_reception(people, ticket_on_screen(kiosk)["id"])["language"] == "en"
    headers = posts[0].headers
    assert headers["accept-language"] == "en"
    assert headers["authorization"] == f"Bearer {kiosk.token}"
    assert headers["idempotency-key"]
    assert number


def test_a_priority_ticket_says_the_document_will_be_checked_at_the_window(
    kiosk: Kiosk, people: Staff
) -> None:
    kiosk.open()
    kiosk.start()
    kiosk.popular_info("Послуга passport")
    card = kiosk.screen
    expect(card).to_contain_text("Оформлення закордонного паспорта")
    expect(card.locator(".documents li")).to_have_text(
        ["Паспорт громадянина України або ID-картка", "Картка платника податків"]
    )
    for fact in ("Безоплатно", "20 робочих днів", "Постанова КМУ № 152"):
        expect(card.locator(".facts")).to_contain_text(fact)

    kiosk.ask_priority()
    expect(kiosk.screen).to_contain_text("Документ, що підтверджує право, перевірять у вікні.")
    categories = kiosk.screen.locator("button.row .row-name")
    expect(categories).to_have_text(["Особи з інвалідністю", "Ветерани"])
    kiosk.choose_priority("Ветерани")

    kiosk.result_number()
    note = kiosk.page.locator("#priority-note")
    expect(note).to_contain_text("Позачергово: Ветерани.")
    expect(note).to_contain_text("перевірять у вікні")
    assert as_reception(people, ticket_on_screen(kiosk)["id"])["priority"] == "veteran"


def test_a_double_tap_on_get_a_ticket_issues_exactly_one_ticket(
    kiosk: Kiosk, people: Staff
) -> None:
    posts = ticket_posts(kiosk.page)
    kiosk.open()
    kiosk.start()
    before = waiting(people)
    kiosk.tile("Послуга passport").get_by_role("button", name="Отримати талон").dblclick()
    kiosk.result_number()
    assert len(posts) == 1
    assert waiting(people) == before + 1


def test_a_lost_answer_is_asked_again_with_the_same_key_and_gives_the_same_ticket(
    kiosk: Kiosk, people: Staff
) -> None:
    keys: list[str] = []

    def lose_first_answer(route: Any) -> None:
        keys.append(route.request.headers["idempotency-key"])
        if len(keys) == 1:
            route.fetch()  # the server issues the ticket, the answer never arrives
            route.abort("connectionreset")
        else:
            route.continue_()

    kiosk.page.route("**/api/v1/offices/*/tickets", lose_first_answer)
    kiosk.open()
    kiosk.start()
    before = waiting(people)
    kiosk.choose_popular("Послуга passport")
    number = kiosk.result_number()
    assert len(keys) == 2 and keys[0] == keys[1]
    assert waiting(people) == before + 1
    assert as_reception(people, ticket_on_screen(kiosk)["id"])["number"] == number


def test_no_connection_after_three_attempts_sends_the_visitor_to_reception(kiosk: Kiosk) -> None:
    keys: list[str] = []

    def refuse(route: Any) -> None:
        keys.append(route.request.headers["idempotency-key"])
        route.abort("internetdisconnected")

    kiosk.page.route("**/api/v1/offices/*/tickets", refuse)
    kiosk.open()
    kiosk.start()
    kiosk.choose_popular("Послуга passport")
    kiosk.expect_screen("error")
    expect(kiosk.heading()).to_have_text("Немає зв'язку, зверніться до рецепції")
    assert len(keys) == 3 and len(set(keys)) == 1
    kiosk.tap("На початок")
    kiosk.expect_screen("start")


# ---- finding a service ----


def test_search_by_on_screen_keys_finds_services_by_name_and_by_description(kiosk: Kiosk) -> None:
    kiosk.open()
    kiosk.start()
    kiosk.tap("Пошук послуги за словом")
    kiosk.search("закорд")  # a word of the passport card's description
    results = kiosk.screen.locator(".results button")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Послуга passport")
    expect(kiosk.screen.locator("input")).to_have_value("закорд")

    kiosk.tap("Очистити")
    kiosk.search("resid")  # English letters: the keyboard switches
    expect(results.locator(".row-name")).to_have_text(["Послуга residence"])
    kiosk.tap("Очистити")
    kiosk.search("жжж")
    expect(kiosk.screen.locator(".search-status")).to_have_text(
        "Нічого не знайдено. Спробуйте інше слово або зверніться до рецепції."
    )
    kiosk.screen.locator("input").fill("послуга PASS")  # a physical keyboard works too
    results.first.click()
    expect(kiosk.heading()).to_have_text("Послуга passport")


def test_the_window_calls_the_number_the_kiosk_showed(kiosk: Kiosk, people: Staff) -> None:
    # A fresh service line: every ticket before this one is served or set aside first.
    people.post(f"/counters/{COUNTER_1}/session", "admin1")
    try:
        while waiting(people) > 0:
            ticket = people.post(f"/counters/{COUNTER_1}/call-next", "admin1")
            people.post(f"/tickets/{ticket['id']}/no-show", "admin1")
        kiosk.open()
        kiosk.start()
        kiosk.choose_popular("Послуга passport")
        expect(kiosk.page.locator("#ahead")).to_have_text("Перед вами: 0")
        called = people.post(f"/counters/{COUNTER_1}/call-next", "admin1")
        assert called["number"] == kiosk.result_number()
    finally:
        people.client.delete(f"/counters/{COUNTER_1}/session", headers=people.as_("admin1"))


def test_help_tells_the_visitor_that_reception_is_coming_or_where_to_go(kiosk: Kiosk) -> None:
    kiosk.open()
    with kiosk.page.expect_response("**/api/v1/devices/me/help") as answer:
        kiosk.ask_for_help()
    toast = kiosk.page.locator("#toast")
    if answer.value.ok:
        expect(toast).to_have_text("Працівника рецепції повідомлено, до вас підійдуть")
    else:  # a server without the help endpoint
        expect(toast).to_have_text("Підійдіть, будь ласка, до рецепції: там вам допоможуть")

    kiosk.page.route(
        "**/api/v1/devices/me/help",
        lambda route: route.fulfill(status=201, json={"id": 1, "kind": "help"}),
    )
    kiosk.switch_language("en")
    kiosk.ask_for_help()
    expect(toast).to_have_text("Reception has been notified, someone will come to you")
