"""The visitor's pages in headless Chromium against a real server: the phone page behind
the ticket's QR code follows the ticket to its call and its rating, and the rating pad at
the window asks about the ticket just finished there."""

from __future__ import annotations

import httpx
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Server, Staff
from tests.browser.visitor_pages import (
    AUTOPLAY_REFUSED,
    MIN_PAD_TOUCH_PX,
    Pad,
    Phone,
    call_next,
    issue,
    pad_page,
    phone_page,
    rate_by_api,
    serious_violations,
)
from tests.factories import BRANCH_COUNTER, COUNTER_1, MAIN

SCREENSHOTS = "/tmp/visitor-{}.png"


def test_a_ticket_is_followed_on_the_phone_called_finished_and_rated_on_the_pad(
    server: Server, staff: Staff, browser: Browser
) -> None:
    ahead = issue(staff)
    mine = issue(staff)
    pad_token = staff.device_token("rating_pad")
    with phone_page(browser) as page, pad_page(browser) as tablet:
        phone, pad = Phone(page, server.url), Pad(tablet, server.url)
        response = phone.open(mine["track_token"])
        assert response is not None and response.status == 200
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
        expect(page.locator('meta[name="robots"]')).to_have_attribute(
            "content", "noindex, nofollow"
        )
        expect(page.locator("html")).to_have_attribute("lang", "uk")
        expect(page.locator("h1 .number")).to_have_text(mine["number"])
        expect(page.locator('[data-slot="service"]')).to_have_text("Послуга passport")
        expect(page.locator(".ahead")).to_contain_text("Перед вами:")
        expect(phone.position).to_have_text("1")
        assert phone.fits_the_screen()
        page.screenshot(path=SCREENSHOTS.format("phone-waiting"))
        assert serious_violations(page, server.url) == []

        # someone ahead is called: one person fewer ahead, live
        assert call_next(staff)["number"] == ahead["number"]
        expect(phone.position).to_have_text("0")
        staff.finish(ahead)
        assert phone.state()["alerts"] == [], "a call of someone else is no signal"

        assert call_next(staff)["number"] == mine["number"]
        phone.expect_status("called")
        expect(phone.called).to_contain_text("Вас запрошують до вікна")
        window = phone.called.locator(".window")
        expect(window).to_have_text("1")
        assert (window.bounding_box() or {"height": 0})["height"] >= 60, "the window is large"
        page.wait_for_function("qmsPhone.alerts.length === 1")
        alert = phone.state()["alerts"][0]
        assert (alert["number"], alert["counter"]) == (mine["number"], 1)
        assert alert["beep"] is True  # the test's Chromium allows sound without a touch
        assert phone.fits_the_screen()
        page.screenshot(path=SCREENSHOTS.format("phone-called"))
        assert serious_violations(page, server.url) == []
        phone.open(mine["track_token"])  # a reload shows the call, and signals nothing
        phone.expect_status("called")
        assert phone.state()["alerts"] == []

        staff.finish(mine)
        phone.expect_status("done")
        expect(phone.rate_card).to_be_visible()

        # the rating pad at window 1 wakes with the ticket just finished there
        tablet.clock.install()  # to skip the 5 s of thanks
        response = pad.open(COUNTER_1, pad_token)
        assert response is not None and response.status == 200
        pad.expect_screen("ask")
        expect(tablet.locator(".ask h1")).to_have_text(
            f"Талон {mine['number']} — як вас обслужили?"
        )
        assert all(w >= MIN_PAD_TOUCH_PX and h >= MIN_PAD_TOUCH_PX for w, h in pad.face_sizes())
        tablet.locator('#rating .face[data-score="1"]').tap()
        tablet.screenshot(path=SCREENSHOTS.format("pad-ask"))
        assert serious_violations(tablet, server.url) == []
        pad.rate(1, recommend=2, comment="Довго чекав на виклик")
        pad.expect_screen("thanks")
        expect(tablet.locator(".thanks h1")).to_have_text("Дякуємо за вашу оцінку!")
        tablet.screenshot(path=SCREENSHOTS.format("pad-thanks"))

        # the phone learns it was rated: thanks, the score, and no form
        expect(phone.thanks).to_be_visible()
        expect(phone.thanks).to_contain_text("1 — дуже погано")
        expect(phone.rate_card).to_be_hidden()
        refused = rate_by_api(server, mine["track_token"], 5)
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "already_rated"

        tablet.clock.run_for(5_000)
        pad.expect_screen("idle")  # after 5 s of thanks
        tablet.screenshot(path=SCREENSHOTS.format("pad-idle"))
        assert serious_violations(tablet, server.url) == []

    r = staff.client.get(f"/offices/{MAIN}/feedback", headers=staff.as_("manager"))
    assert r.status_code == 200
    [feedback] = [f for f in r.json() if f["ticket_number"] == mine["number"]]
    assert feedback["score"] == 1 and feedback["recommend"] == 2
    assert feedback["comment"] == "Довго чекав на виклик" and feedback["source"] == "pad"


def test_a_visitor_who_walks_away_from_the_pad_rates_on_the_phone_and_is_not_asked_again(
    server: Server, staff: Staff, browser: Browser
) -> None:
    mine = issue(staff)
    call_next(staff)
    staff.finish(mine)
    pad_token = staff.device_token("rating_pad")
    with pad_page(browser) as tablet:
        # the visitor starts on the pad and walks away: it keeps the half-done rating for
        # a minute, then rests and does not ask about that ticket again
        tablet.clock.install()
        pad = Pad(tablet, server.url)
        pad.open(COUNTER_1, pad_token)
        pad.expect_screen("ask")
        tablet.locator('#rating .face[data-score="2"]').tap()
        tablet.locator("#rating textarea").fill("Не встиг дописати")
        tablet.clock.run_for(55_000)
        pad.expect_screen("ask")
        expect(tablet.locator("#rating textarea")).to_have_value("Не встиг дописати")
        tablet.clock.run_for(6_000)
        pad.expect_screen("idle")
        pad.wait_polls(1)
        assert pad.state()["screen"] == "idle", "not asked again about the same ticket"

    with phone_page(browser) as page, pad_page(browser) as tablet:
        # ... and rates on the phone instead
        phone, pad = Phone(page, server.url), Pad(tablet, server.url)
        phone.open(mine["track_token"])
        expect(phone.rate_card).to_be_visible()
        expect(page.locator("#rating .extras")).to_be_hidden()
        page.locator('#rating .face[data-score="4"]').tap()
        expect(page.locator("#rating .extras")).to_be_visible()
        expect(page.locator("#rating legend").nth(1)).to_contain_text(
            "Наскільки ймовірно, що ви порекомендуєте наш центр?"
        )
        assert phone.fits_the_screen()
        page.screenshot(path=SCREENSHOTS.format("phone-rating"), full_page=True)
        assert serious_violations(page, server.url) == []

        # a complaint needs a comment: said on the page, nothing sent
        page.get_by_label("Хочу подати скаргу").check()
        page.locator("#rating .send").tap()
        expect(page.locator('#rating [data-slot="error"]')).to_contain_text("потрібен коментар")
        page.get_by_label("Хочу подати скаргу").uncheck()

        phone.rate(4, recommend=9, comment="Швидко і ввічливо")
        expect(phone.thanks).to_be_visible()
        expect(phone.thanks).to_contain_text("Дякуємо за оцінку!")
        expect(phone.thanks).to_contain_text("4 — добре")
        expect(phone.rate_card).to_be_hidden()
        page.screenshot(path=SCREENSHOTS.format("phone-thanks"))
        assert serious_violations(page, server.url) == []
        stored = httpx.get(f"{server.url}/api/v1/track/{mine['track_token']}/rating").json()
        assert stored["rating"]["source"] == "phone" and stored["rating"]["recommend"] == 9

        # a freshly started pad is not woken for a ticket rated on the phone
        pad.open(COUNTER_1, pad_token)
        pad.wait_polls(1)
        assert pad.state()["screen"] == "idle"
        expect(tablet.locator(".idle h1")).to_have_text("Оцініть, будь ласка, обслуговування")

        # the switch to English is remembered on this phone; ?lang= in the address wins
        page.get_by_role("button", name="ENG").tap()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(phone.thanks).to_contain_text("Thank you for your rating!")
        phone.open(mine["track_token"])
        expect(phone.thanks).to_contain_text("4 — good")
        phone.open(mine["track_token"], "?lang=uk")
        expect(phone.thanks).to_contain_text("4 — добре")


def test_the_air_raid_pause_turns_up_live_and_a_touch_enables_the_call_sound(
    server: Server, staff: Staff, browser: Browser
) -> None:
    mine = issue(staff)
    with phone_page(browser) as page:
        page.add_init_script(AUTOPLAY_REFUSED)
        phone = Phone(page, server.url)
        phone.open(mine["track_token"])
        hint = page.locator('[data-slot="sound-hint"]')
        expect(hint).to_have_text("Торкніться, щоб увімкнути звуковий сигнал виклику")
        expect(phone.banner).to_be_hidden()

        staff.post(f"/offices/{MAIN}/pause", "reception")
        expect(phone.banner).to_be_visible()
        expect(phone.banner).to_have_text(
            "Повітряна тривога — обслуговування призупинено, пройдіть до укриття. "
            "Ваш талон зберігає місце в черзі."
        )
        expect(phone.banner).to_have_attribute("role", "alert")
        staff.post(f"/offices/{MAIN}/resume", "reception")
        expect(phone.banner).to_be_hidden()

        hint.tap()
        expect(hint).to_be_hidden()
        page.wait_for_function("qmsPhone.sound === 'on'")
        call_next(staff)
        phone.expect_status("called")
        page.wait_for_function("qmsPhone.alerts.length === 1")
        assert phone.state()["alerts"][0]["beep"] is True


def test_a_phone_whose_websocket_stays_down_polls_and_respects_a_rating_given_meanwhile(
    server: Server, staff: Staff, browser: Browser
) -> None:
    ahead, mine = issue(staff), issue(staff)
    with phone_page(browser) as page:
        page.clock.install()
        page.route_web_socket("**/ws/track/**", lambda ws: ws.close())
        phone = Phone(page, server.url)
        phone.open(mine["track_token"], live=False)
        expect(phone.position).to_have_text("1")
        expect(page.locator('[data-slot="link"]')).to_have_text(
            "Немає з'єднання. Оновлюємо кожні 15 секунд."
        )
        call_next(staff)
        page.clock.run_for(16_000)
        expect(phone.position).to_have_text("0")
        assert phone.state()["polls"] >= 1

        staff.finish(ahead)
        call_next(staff)
        staff.finish(mine)
        page.clock.run_for(16_000)
        phone.expect_status("done")
        expect(phone.rate_card).to_be_visible()

        # rated on the pad before the next poll: the phone's rating is refused, kindly
        assert rate_by_api(server, mine["track_token"], 3).status_code == 201
        phone.rate(5)
        expect(phone.thanks).to_contain_text("Дякуємо, ви вже оцінили")
        expect(phone.thanks).to_contain_text("3 — задовільно")
        expect(phone.rate_card).to_be_hidden()


def test_an_unknown_ticket_gets_a_friendly_404_and_a_pad_without_its_token_a_403(
    server: Server, staff: Staff, browser: Browser
) -> None:
    with phone_page(browser) as page:
        for token in ("NoSuchTicket123", "bad!token", "short"):
            response = page.goto(f"{server.url}/t/{token}")
            assert response is not None and response.status == 404
            expect(page.locator("h1")).to_have_text("Талон не знайдено")
            expect(page.locator("html")).to_have_attribute("lang", "uk")
            assert "Traceback" not in page.content()
        assert serious_violations(page, server.url) == []
    for path in ("/t/", "/t/a/b"):
        r = httpx.get(f"{server.url}{path}", follow_redirects=True)
        assert r.status_code == 404 and "Талон не знайдено" in r.text
    english = httpx.get(f"{server.url}/t/NoSuchTicket123?lang=en")
    assert english.status_code == 404 and "<h1>Ticket not found</h1>" in english.text

    with pad_page(browser) as page:
        response = page.goto(f"{server.url}/rate/{COUNTER_1}?token={staff.device_token()}")
        assert response is not None and response.status == 403
        expect(page.locator("h1")).to_have_text("Цей планшет не підключено")
    pad_token = staff.device_token("rating_pad")
    for path, status in (
        (f"/rate/{COUNTER_1}", 403),
        (f"/rate/{COUNTER_1}?token=d_not-a-real-token", 403),
        (f"/rate/{BRANCH_COUNTER}?token={pad_token}", 403),  # a window of another office
        (f"/rate/999?token={pad_token}", 404),
        (f"/rate/abc?token={pad_token}", 404),
    ):
        r = httpx.get(f"{server.url}{path}")
        assert r.status_code == status, path
        assert "Traceback" not in r.text and "ЦНАП" in r.text
