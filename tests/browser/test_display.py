"""The hall screen (табло) in headless Chromium against a real server: it shows and
speaks each call live, survives a server restart and a reload, and refuses bad tokens."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, WebSocketRoute, expect

from tests.browser.conftest import Server, Staff
from tests.factories import MAIN

SCREENSHOT = "/tmp/display-board.png"
RESTART_TIMEOUT_MS = 20_000  # reconnecting backs off up to a few seconds
HH_MM = re.compile(r"^\d{2}:\d{2}$")


def open_board(page: Page, server: Server, token: str, query: str = "") -> None:
    page.goto(f"{server.url}/display/?token={token}{query}")
    page.wait_for_function("window.qmsBoard && window.qmsBoard.connected")


def board(page: Page) -> dict[str, Any]:
    """What the page reports about itself (window.qmsBoard)."""
    return dict(
        page.evaluate(
            "({spoken: qmsBoard.spoken, calls: qmsBoard.calls, connected: qmsBoard.connected,"
            " lastSeq: qmsBoard.lastSeq, announceSeen: qmsBoard.announceSeen,"
            " paused: qmsBoard.paused})"
        )
    )


def expect_calls(page: Page, numbers: list[str]) -> None:
    """The board's list shows these tickets, newest first, and the newest one large."""
    expect(page.locator("#calls .call-number")).to_have_text(numbers)
    expect(page.locator("#now [data-slot=number]")).to_have_text(numbers[0])
    page.wait_for_function(
        "n => qmsBoard.calls.map(c => c.number).join() === n.join()", arg=numbers
    )


def spoken_numbers(page: Page) -> list[str]:
    return [entry["number"] for entry in board(page)["spoken"]]


def relay(route: WebSocketRoute, change: Callable[[dict[str, Any]], bool] | None = None) -> None:
    """Pass the server's messages to the page; ``change`` may edit one in place, or return
    False to swallow it."""
    upstream = route.connect_to_server()

    def forward(message: str | bytes) -> None:
        data = json.loads(message)
        if change is None or change(data) is not False:
            route.send(json.dumps(data))

    upstream.on_message(forward)


def test_the_board_shows_each_call_newest_first(server: Server, staff: Staff, page: Page) -> None:
    open_board(page, server, staff.device_token())
    expect(page.locator("h1.office")).to_contain_text("Тестовий ЦНАП")
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("#now")).to_have_attribute("data-state", "empty")
    expect(page.locator("#now")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#calls li")).to_have_count(0)
    expect(page.locator(".priority")).to_contain_text("Позачергово обслуговуються")
    expect(page.locator("#clock")).to_have_text(HH_MM)

    numbers = [staff.serve()["number"] for _ in range(3)]

    expect_calls(page, numbers[::-1])
    expect(page.locator("#now [data-slot=counter]")).to_have_text("1")
    expect(page.locator("#now")).to_have_attribute("data-fresh", "")
    page.screenshot(path=SCREENSHOT)
    state = board(page)
    seqs = [entry["seq"] for entry in state["spoken"]]
    assert seqs == sorted(set(seqs)), "spoken in event order, each call once"
    assert state["announceSeen"], "the server sends what to say with each call"
    assert spoken_numbers(page) == numbers
    # the first announcement is played: every segment is in the sound library
    page.wait_for_function("['playing', 'done'].includes(qmsBoard.played[0]?.state)")
    played = page.evaluate("qmsBoard.played[0]")
    assert played["seq"] == seqs[0] and played["segments"] >= 5
    assert played["missing"] == 0


def test_a_lost_server_shows_a_badge_and_the_board_converges_after_its_restart(
    server: Server, staff: Staff, page: Page
) -> None:
    open_board(page, server, staff.device_token())
    first = staff.serve()["number"]
    expect_calls(page, [first])
    badge = page.locator("#link")
    expect(badge).to_be_hidden()
    seq_before = board(page)["lastSeq"]

    server.stop()
    expect(badge).to_be_visible()
    expect(badge).to_have_text("немає з'єднання")
    assert board(page)["connected"] is False

    server.start()
    later = [staff.serve()["number"] for _ in range(2)]
    expect(badge).to_be_hidden(timeout=RESTART_TIMEOUT_MS)
    expect(page.locator("#calls .call-number")).to_have_text(
        [later[1], later[0], first], timeout=RESTART_TIMEOUT_MS
    )
    state = board(page)
    assert [c["number"] for c in state["calls"]] == [later[1], later[0], first]
    assert len({c["ticketId"] for c in state["calls"]}) == 3, "no call shown twice"
    assert state["connected"] and state["lastSeq"] > seq_before
    # calls made while the board was away are still fresh: each is spoken, once
    page.wait_for_function("qmsBoard.spoken.length >= 3")
    assert spoken_numbers(page) == [first, *later]


def test_a_reloaded_board_shows_the_recent_calls_and_speaks_none_again(
    server: Server, staff: Staff, page: Page
) -> None:
    open_board(page, server, staff.device_token())
    numbers = [staff.serve()["number"] for _ in range(2)]
    expect_calls(page, numbers[::-1])
    assert spoken_numbers(page) == numbers

    page.reload()
    page.wait_for_function("qmsBoard.connected && qmsBoard.received >= 2")  # + a heartbeat
    expect_calls(page, numbers[::-1])
    assert board(page)["spoken"] == []


def test_a_recall_is_spoken_again_and_a_new_call_only_once(
    server: Server, staff: Staff, page: Page
) -> None:
    open_board(page, server, staff.device_token())
    ticket = staff.call()
    staff.recall(ticket)
    expect(page.locator("#now")).to_have_attribute("data-kind", "recall")
    expect_calls(page, [ticket["number"]])
    page.wait_for_function("qmsBoard.spoken.length === 2")
    spoken = board(page)["spoken"]
    assert [s["number"] for s in spoken] == [ticket["number"]] * 2
    assert spoken[0]["seq"] < spoken[1]["seq"]
    assert spoken[0]["counterNumber"] == 1
    # one at a time: the recall starts once the call has been said
    page.wait_for_function("qmsBoard.played[1]?.state === 'playing'", timeout=15_000)
    first, second = page.evaluate("qmsBoard.played")
    assert first["state"] == "done" and second["startedMs"] >= first["endedMs"]


def test_a_zone_board_shows_only_calls_to_windows_of_its_zone(
    server: Server, staff: Staff, page: Page
) -> None:
    token = staff.device_token()
    other = page.context.new_page()
    open_board(page, server, token, "&zone=A")
    open_board(other, server, token, "&zone=B&lang=both")
    number = staff.serve()["number"]
    expect_calls(page, [number])
    expect(page.locator(".zone")).to_have_text("Зона A")
    # by the time the next event reaches zone B's board, the call has been passed over
    seq = board(page)["lastSeq"]
    other.wait_for_function("seq => qmsBoard.lastSeq >= seq", arg=seq)
    expect(other.locator("#calls li")).to_have_count(0)
    expect(other.locator("#now")).to_have_attribute("data-state", "empty")
    expect(other.locator(".priority .en")).to_contain_text("Priority service")


def test_a_silent_connection_shows_the_badge_and_is_replaced(
    server: Server, staff: Staff, page: Page
) -> None:
    silent = False
    page.route_web_socket("**/ws/offices/**", lambda route: relay(route, lambda _: not silent))
    open_board(page, server, staff.device_token())
    badge = page.locator("#link")
    expect(badge).to_be_hidden()

    silent = True  # no events, no heartbeats: a half-open connection
    expect(badge).to_be_visible(timeout=RESTART_TIMEOUT_MS)
    silent = False
    expect(badge).to_be_hidden(timeout=RESTART_TIMEOUT_MS)
    number = staff.serve()["number"]
    expect_calls(page, [number])


def test_a_new_server_version_reloads_the_page(server: Server, staff: Staff, page: Page) -> None:
    upgraded = False

    def upgrade(message: dict[str, Any]) -> bool:
        nonlocal upgraded
        if message["type"] == "heartbeat" and not upgraded:
            upgraded = True
            message["version"] = "99.0.0"
        return True

    page.route_web_socket("**/ws/offices/**", lambda route: relay(route, upgrade))
    open_board(page, server, staff.device_token())
    page.evaluate("window.renderedBefore = true")
    with page.expect_navigation(timeout=RESTART_TIMEOUT_MS):
        pass  # the next heartbeat says 99.0.0; the page reloads a few seconds later
    page.wait_for_function("window.qmsBoard && qmsBoard.connected")
    assert page.evaluate("window.renderedBefore") is None


AUTOPLAY_REFUSED = """
// Chromium's default autoplay policy: no sound before somebody has touched the page.
const Real = window.AudioContext;
window.AudioContext = class extends Real {
  constructor(...args) { super(...args); super.suspend(); }
  resume() {
    return navigator.userActivation.hasBeenActive ? super.resume() : new Promise(() => {});
  }
};
"""


def test_refused_autoplay_asks_for_a_touch_and_sound_starts_after_it(
    server: Server, staff: Staff, page: Page
) -> None:
    page.add_init_script(AUTOPLAY_REFUSED)
    open_board(page, server, staff.device_token())
    sound = page.locator("#sound")
    expect(sound).to_have_attribute("data-state", "blocked")
    expect(page.get_by_text("звук вимкнено — торкніться екрана", exact=True)).to_be_visible()
    first = staff.call()
    page.wait_for_function("qmsBoard.played.length === 1")
    assert page.evaluate("qmsBoard.played[0].state") == "refused"

    page.mouse.click(960, 540)
    expect(sound).to_have_attribute("data-state", "on")
    expect(page.get_by_text("звук увімкнено", exact=True)).to_be_visible()
    staff.finish(first)
    staff.call()
    page.wait_for_function("['playing', 'done'].includes(qmsBoard.played[1]?.state)")


def test_a_wrong_token_gets_a_ukrainian_explanation_and_403(
    server: Server, staff: Staff, page: Page
) -> None:
    response = page.goto(f"{server.url}/display/?token=d_not-a-real-token")
    assert response is not None and response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "uk")
    expect(page.locator("h1")).to_have_text("Це табло не підключене")
    expect(page.locator("body")).to_contain_text("Зверніться до керівника ЦНАП")
    kiosk = staff.device_token("kiosk")
    reception = staff.as_("reception")["Authorization"].removeprefix("Bearer ")
    for token in ("", kiosk, reception):
        r = httpx.get(f"{server.url}/display/", params={"token": token})
        assert r.status_code == 403
        assert "керівника" in r.text and "Traceback" not in r.text


def test_the_air_raid_pause_covers_the_board_and_is_spoken_once_until_the_all_clear(
    server: Server, staff: Staff, page: Page
) -> None:
    token = staff.device_token()
    open_board(page, server, token)
    first = staff.serve()["number"]
    expect_calls(page, [first])
    pause = page.locator("#pause")
    expect(pause).to_be_hidden()

    staff.post(f"/offices/{MAIN}/pause", "reception")
    expect(pause).to_be_visible()
    expect(pause).to_contain_text("Повітряна тривога")
    expect(pause).to_contain_text("Пройдіть, будь ласка, до укриття")
    page.wait_for_function("qmsBoard.spoken.some((s) => s.message === 'office.paused')")
    page.wait_for_function("qmsBoard.played.some((p) => p.segments === 2)")
    assert board(page)["paused"] is True

    # A screen that (re)starts during the pause shows it from the snapshot, silently.
    page.reload()
    page.wait_for_function("qmsBoard.connected")
    expect(pause).to_be_visible()
    assert board(page)["spoken"] == []

    staff.post(f"/offices/{MAIN}/resume", "reception")
    expect(pause).to_be_hidden()
    page.wait_for_function("qmsBoard.spoken.some((s) => s.message === 'office.resumed')")
    expect_calls(page, [first])


def test_the_board_works_under_its_content_security_policy(
    server: Server, staff: Staff, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="uk-UA")
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        page.goto(f"{server.url}/display/?token={staff.device_token()}")
        expect(page.locator("#link")).to_be_hidden()  # connected
        number = staff.serve()["number"]
        expect(page.locator("#now [data-slot=number]")).to_have_text(number)
        assert violations == []
    finally:
        context.close()
