"""The kiosk in tests: its seed data, a server for it and a page object that taps like a
visitor (``Kiosk``), plus the accessibility checks every screen must pass."""

from __future__ import annotations

import asyncio
import copy
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import axe_playwright_python
import pytest
from playwright.sync_api import Locator, Page, Request, expect

from tests.browser.conftest import HEARTBEAT_SECONDS, Staff, need_chromium
from tests.conftest import fresh_database, in_thread, seed
from tests.factories import MAIN, PASSPORT, office_data
from tests.servers import Server

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
PORTRAIT = {"width": 1080, "height": 1920}
LANDSCAPE = {"width": 1920, "height": 1080}
MIN_TOUCH_PX = 57  # 15 mm on a 27" full-HD touchscreen
OPENS_AT = "09:00"

PASSPORT_CARD = {
    "description_uk": "Оформлення закордонного паспорта громадянина України.",
    "description_en": "Issuing a Ukrainian passport for travelling abroad.",
    "documents_uk": ["Паспорт громадянина України або ID-картка", "Картка платника податків"],
    "documents_en": ["Ukrainian passport or ID card", "Taxpayer card"],
    "fee_uk": "Безоплатно",
    "fee_en": "Free of charge",
    "term_uk": "20 робочих днів",
    "term_en": "20 working days",
    "legal_basis_uk": "Постанова КМУ № 152",
    "legal_basis_en": "Cabinet of Ministers Resolution No. 152",
}
REFERRAL = {
    "body_uk": "Пенсійний фонд",
    "body_en": "Pension Fund",
    "address_uk": "вул. Соборна, 1",
    "address_en": "1 Soborna St",
    "phone": "+380 56 000 00 00",
    "hours_uk": "Пн–Пт 08:00–17:00",
    "hours_en": "Mon–Fri 08:00–17:00",
}


def opening_day() -> str:
    """The branch's only working day: the day after tomorrow in Kyiv, so it is closed now."""
    return (datetime.now(ZoneInfo("Europe/Kyiv")).date() + timedelta(days=2)).isoformat()


def kiosk_office_data() -> dict[str, Any]:
    """The test office with full information cards, a complete referral, and a branch
    that is closed until the day after tomorrow at 09:00 (ids as in tests.factories)."""
    data = office_data()
    services = {s["code"]: s for c in data["catalog"] for s in c["services"]}
    services["passport"]["card"] = copy.deepcopy(PASSPORT_CARD)
    services["elsewhere"]["referral"] = dict(REFERRAL)
    branch = next(o for o in data["offices"] if o["key"] == "branch")
    branch["schedule"] = {day: [] for day in branch["schedule"]}
    branch["exceptions"] = [{"date": opening_day(), "intervals": [[OPENS_AT, "17:00"]]}]
    return data


def start_kiosk_server(tmp_path: Path, request: pytest.FixtureRequest, **env: str) -> Server:
    """A real server on a fresh database seeded with ``kiosk_office_data()``."""
    need_chromium()
    url = fresh_database("sqlite", tmp_path, request)
    in_thread(asyncio.run, seed(url, kiosk_office_data()))
    server = Server(
        url,
        tmp_path,
        "kiosk-server",
        QMS_HEARTBEAT_SECONDS=HEARTBEAT_SECONDS,
        QMS_MIGRATE_ON_START="0",
        **env,
    )
    server.start()
    return server


def kiosk_device(staff: Staff, office_id: int = MAIN, name: str = "Кіоск 1") -> dict[str, Any]:
    """A new kiosk device of the office, registered by the manager (with its token)."""
    return staff.post(f"/offices/{office_id}/devices", "manager", kind="kiosk", name=name)


def register_kiosk(staff: Staff, office_id: int = MAIN, name: str = "Кіоск 1") -> str:
    """A new kiosk device of the office; its token."""
    return str(kiosk_device(staff, office_id, name)["token"])


class Kiosk:
    """The kiosk page, driven the way a visitor touches it."""

    def __init__(self, page: Page, base_url: str, token: str) -> None:
        self.page = page
        self.base_url = base_url
        self.token = token

    # ---- where we are ----
    def open(self, query: str = "") -> Kiosk:
        self.page.goto(f"{self.base_url}/kiosk/?token={self.token}{query}")
        # The script draws the start; wait_for_function would need eval, which the CSP forbids.
        self.expect_screen("start")
        return self

    @property
    def screen(self) -> Locator:
        return self.page.locator("#screen")

    def expect_screen(self, name: str) -> None:
        expect(self.screen).to_have_attribute("data-screen", name)

    def heading(self) -> Locator:
        return self.screen.locator("h1")

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def tap(self, name: str) -> None:
        self.button(name).click()

    # ---- the visit ----
    def start(self, take: str = "Отримати талон") -> None:
        """The first touch: the big button of the start screen."""
        self.expect_screen("start")
        self.tap(take)
        self.expect_screen("services")

    def tile(self, service: str) -> Locator:
        return self.screen.locator("li.tile").filter(has_text=service)

    def choose_popular(self, service: str, take: str = "Отримати талон") -> None:
        """The second touch: the ticket button on a popular service's tile."""
        self.tile(service).get_by_role("button", name=take).click()

    def popular_info(self, service: str, about: str = "Про послугу") -> None:
        self.tile(service).get_by_role("button", name=about).click()
        self.expect_screen("card")

    def open_sphere(self, sphere: str) -> None:
        self.screen.locator("button.sphere").filter(has_text=sphere).click()
        self.expect_screen("sphere")

    def open_service(self, service: str) -> None:
        self.screen.locator("button.row").filter(has_text=service).first.click()
        self.expect_screen("card")

    def take_ticket(self, take: str = "Отримати талон") -> None:
        """«Отримати талон» on a service card."""
        self.screen.locator("[data-issue]").filter(has_text=take).click()

    def ask_priority(self, ask: str = "Маю право на позачергове обслуговування") -> None:
        self.tap(ask)
        self.expect_screen("priority")

    def choose_priority(self, category: str) -> None:
        self.screen.locator("button.row").filter(has_text=category).click()

    def search(self, text: str) -> None:
        """Type ``text`` with the on-screen keyboard (switching letters as needed)."""
        self.expect_screen("search")
        letters = self.screen.locator(".keyboard .keys:not(.keys-controls) button")
        for letter in text:
            if letter == " ":
                self.screen.locator(".key-space").click()
                continue
            key = letters.filter(has_text=re.compile(f"^{re.escape(letter)}$"))
            if key.count() == 0:
                self.screen.locator(".key-switch").click()
            key.first.click()

    def result_number(self) -> str:
        self.expect_screen("result")
        return self.page.locator("#ticket-number").inner_text()

    def print_status(self) -> Locator:
        return self.page.locator("#print-status")

    def done(self, label: str = "Готово") -> None:
        self.tap(label)
        self.expect_screen("start")

    # ---- a booked visitor ----
    def open_check_in(self, label: str = "У мене попередній запис") -> None:
        """The start screen's appointment button."""
        self.expect_screen("start")
        self.tap(label)
        self.expect_screen("checkin")

    def code(self) -> Locator:
        """The booking code as the check-in screen shows it ("1234-5")."""
        return self.page.locator("#check-in-code")

    def type_code(self, code: str) -> None:
        """Tap the digits of ``code`` on the on-screen keypad (dashes and spaces skipped)."""
        for digit in code:
            if digit.isdigit():
                self.screen.locator(f'.digit-pad [data-digit="{digit}"]').click()

    # ---- the dock ----
    def switch_language(self, lang: str) -> None:
        self.page.locator(f'#dock [data-action="lang-{lang}"]').click()
        expect(self.page.locator("html")).to_have_attribute("lang", lang)

    def toggle(self, action: str) -> None:
        """``contrast`` or ``low-reach``."""
        self.page.locator(f'#dock [data-action="{action}"]').click()

    def ask_for_help(self) -> None:
        self.page.locator('#dock [data-action="help"]').click()

    # ---- checks ----
    def serious_violations(self) -> list[dict[str, Any]]:
        """axe-core's serious and critical findings on the screen as it is now."""
        # Served from the kiosk's own origin: the page's CSP allows same-origin scripts only.
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.route("**/__axe.js", lambda route: route.fulfill(path=AXE_JS))
            self.page.add_script_tag(url=f"{self.base_url}/__axe.js")
        results = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [
            {
                "screen": self.page.evaluate("qmsKiosk.screen"),
                "id": v["id"],
                "impact": v["impact"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    def visible_buttons(self) -> list[dict[str, Any]]:
        """Every button on screen now: its text and bounding box (page coordinates)."""
        return list(
            self.page.evaluate(
                """() => [...document.querySelectorAll('button')]
                  .filter((b) => b.checkVisibility() && b.getClientRects().length)
                  .map((b) => {
                    const r = b.getBoundingClientRect();
                    return {text: b.textContent.trim(), x: r.x, y: r.y,
                            width: r.width, height: r.height};
                  })"""
            )
        )

    def small_buttons(self, minimum: float = MIN_TOUCH_PX) -> list[dict[str, Any]]:
        return [b for b in self.visible_buttons() if b["width"] < minimum or b["height"] < minimum]


def ticket_on_screen(kiosk: Kiosk) -> dict[str, Any]:
    """{id, number, trackToken} of the ticket the result screen shows."""
    kiosk.expect_screen("result")
    return dict(kiosk.page.evaluate("qmsKiosk.ticket"))


def as_reception(people: Staff, ticket_id: int) -> dict[str, Any]:
    """The ticket as reception sees it through the API."""
    r = people.client.get(f"/tickets/{ticket_id}", headers=people.as_("reception"))
    assert r.status_code == 200, r.text
    return dict(r.json())


def waiting(people: Staff, service_id: int = PASSPORT) -> int:
    """How many tickets of the service wait in the main office now."""
    r = people.client.get(f"/offices/{MAIN}/queue", headers=people.as_("reception"))
    lines = {line["service"]["id"]: line["waiting"] for line in r.json()["services"]}
    return int(lines.get(service_id, 0))


def ticket_posts(page: Page) -> list[Request]:
    """Every ticket request the page sends from now on."""
    posts: list[Request] = []
    page.on(
        "request",
        lambda r: posts.append(r) if r.method == "POST" and r.url.endswith("/tickets") else None,
    )
    return posts
