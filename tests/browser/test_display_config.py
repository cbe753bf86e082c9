"""The hall screen follows the manager's configuration: a new information line or zone
reloads the board at once (once), a change it does not show leaves it alone."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, Staff
from tests.factories import MAIN, PASSPORT

RELOADED_WITHIN_MS = 10_000  # a random 0-3 s, then the page itself


def patch(staff: Staff, path: str, **body: object) -> None:
    r = staff.client.patch(path, json=body, headers=staff.as_("manager"))
    assert r.status_code == 200, r.text


def test_a_new_information_line_and_zone_reload_the_board(
    server: Server, staff: Staff, page: Page
) -> None:
    display = staff.post(f"/offices/{MAIN}/devices", "manager", kind="display", name="Зал")
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    page.goto(f"{server.url}/display/?token={display['token']}&zone=Z")
    page.wait_for_function("window.qmsBoard && window.qmsBoard.connected")
    expect(page.locator(".ticker")).to_contain_text("Слідкуйте за викликом")
    expect(page.locator(".zone")).to_contain_text("Z")

    patch(staff, f"/config/offices/{MAIN}", info_uk="Сьогодні <працюємо> до 20:00")
    expect(page.locator(".ticker")).to_contain_text(
        "Сьогодні <працюємо> до 20:00", timeout=RELOADED_WITHIN_MS
    )
    page.wait_for_function("window.qmsBoard && window.qmsBoard.connected")

    patch(staff, f"/config/devices/{display['id']}", zone="A")
    expect(page.locator(".zone")).to_contain_text("A", timeout=RELOADED_WITHIN_MS)
    page.wait_for_function("window.qmsBoard && window.qmsBoard.connected")
    assert len(loads) == 3

    patch(staff, f"/config/services/{PASSPORT}", popular=False)  # not on the board
    page.wait_for_timeout(4_000)
    assert len(loads) == 3  # neither reloaded for it nor again for the old changes
