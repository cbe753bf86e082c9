"""Page objects and fixtures of the staff UI's browser tests: logged-in pages of the
administrator's window and the reception desk, and an axe-core check.

Imported explicitly by ``test_admin.py`` (conftest.py belongs to everyone)."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python  # type: ignore[import-untyped]
import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from tests.browser.conftest import HEARTBEAT_SECONDS, Staff, need_chromium
from tests.conftest import fresh_database, in_thread, seed
from tests.factories import COUNTER_1, COUNTER_3, MAIN, PASSWORD
from tests.servers import Server

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")
VIEWPORT: ViewportSize = {"width": 1920, "height": 1080}
PageFactory = Callable[..., Page]


@pytest.fixture(scope="module", name="admin_server")
def admin_server_fixture(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Server]:
    """One seeded server for the module (a server per test would cost seconds each):
    ``admin_staff`` puts the office back as it was after every test."""
    need_chromium()
    tmp_path = tmp_path_factory.mktemp("admin")
    url = fresh_database("sqlite", tmp_path, request)
    in_thread(asyncio.run, seed(url))
    server = Server(
        url,
        tmp_path,
        "admin-server",
        QMS_HEARTBEAT_SECONDS=HEARTBEAT_SECONDS,
        QMS_MIGRATE_ON_START="0",
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module", name="module_staff")
def module_staff_fixture(admin_server: Server) -> Iterator[Staff]:
    staff = Staff(admin_server.url)
    yield staff
    staff.client.close()


@pytest.fixture(name="admin_staff")
def admin_staff_fixture(module_staff: Staff) -> Iterator[Staff]:
    """The test office's people over HTTP; afterwards the office is quiet again."""
    yield module_staff
    reset_office(module_staff)


def reset_office(staff: Staff) -> None:
    """No pause, no open alert, every window closed, nobody waiting."""
    client = staff.client
    client.post(f"/offices/{MAIN}/resume", headers=staff.as_("reception"))  # 409: not paused
    for alert in client.get(f"/offices/{MAIN}/alerts", headers=staff.as_("reception")).json():
        staff.post(f"/alerts/{alert['id']}/ack", "reception")
    board = client.get(f"/offices/{MAIN}/queue", headers=staff.as_("manager")).json()
    for counter in board["counters"]:
        if counter["operator_id"] is not None:
            r = client.delete(
                f"/counters/{counter['id']}/session?current_ticket=requeue",
                headers=staff.as_("manager"),
            )
            assert r.status_code == 200, r.text
    # What each administrator could call, including tickets sent to their window.
    for username, counter_id in (("admin3", COUNTER_3), ("admin1", COUNTER_1)):
        staff.post(f"/counters/{counter_id}/session", username)
        queue = client.get(f"/counters/{counter_id}/queue", headers=staff.as_(username)).json()
        for ticket in queue["tickets"]:
            staff.post(f"/tickets/{ticket['ticket_id']}/cancel", "reception", reason="test over")
        client.delete(f"/counters/{counter_id}/session", headers=staff.as_(username))
    board = client.get(f"/offices/{MAIN}/queue", headers=staff.as_("manager")).json()
    assert board["waiting_total"] == 0 and board["paused_since"] is None, board


@pytest.fixture(name="open_page")
def open_page_fixture(browser: Browser) -> Iterator[PageFactory]:
    """Fresh browser profiles (own cookies and localStorage), several at once; every
    test fails on a script error in any of them."""
    contexts = []
    errors: list[str] = []

    def new_page(**options: Any) -> Page:
        context = browser.new_context(viewport=VIEWPORT, locale="uk-UA", **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield new_page
    for context in contexts:
        context.close()
    assert errors == [], f"a page threw: {errors}"


def log_in(page: Page, base: str, username: str, path: str = "/admin/") -> None:
    """Log in through the form, coming from ``path``; waits for the page it lands on."""
    page.goto(f"{base}{path}")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))
    page.get_by_label("Ім'я користувача").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Увійти").click()
    expect(page).not_to_have_url(re.compile(r"/admin/login"))


def sign_in(page: Page, base: str, staff: Staff, username: str) -> None:
    """Give the page's profile the session ``staff`` already holds for ``username``: no
    login form, no password hashing (the form has tests of its own)."""
    staff.as_(username)
    token = staff.tokens[username]
    page.context.add_cookies([{"name": "qms_session", "value": token, "url": base}])


def wait_until(page: Page, expression: str, timeout_s: float = 5.0) -> None:
    """Poll a script expression until it is true. (page.wait_for_function evaluates with
    eval(), which the staff pages' Content-Security-Policy forbids.)"""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout_s} s: {expression}"
        page.wait_for_timeout(50)


def wait_live(page: Page) -> None:
    """The page follows the office's websocket."""
    expect(page.locator("#link")).to_have_attribute("data-state", "online")


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it is now (the context
    must bypass the page's CSP to inject axe)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class Window:
    """The administrator's window."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.call_next = page.get_by_role("button", name="Викликати наступного")
        self.card = page.locator("#ticket")
        self.number = page.locator("#ticket-number")
        self.banner = page.locator("#airraid")
        self.status = page.locator("#call-status")

    def open(self, username: str, staff: Staff | None = None) -> Window:
        """Open the window as ``username``: through the login form, or with the session
        of ``staff``."""
        if staff is None:
            log_in(self.page, self.base, username, "/admin/window")
        else:
            sign_in(self.page, self.base, staff, username)
            self.page.goto(f"{self.base}/admin/window")
        expect(self.page).to_have_url(re.compile(r"/admin/window$"))
        wait_live(self.page)
        return self

    def open_counter(self, number: int) -> None:
        self.page.get_by_role("button", name=f"Відкрити вікно {number}").click()
        expect(self.page.locator("#counter-number")).to_have_text(str(number))

    def expect_at_window(self, number: str, status: str) -> None:
        expect(self.number).to_have_text(number)
        expect(self.card).to_have_attribute("data-state", status)

    def action(self, name: str) -> Locator:
        return self.card.get_by_role("button", name=name, exact=True)

    def finish(self, outcome: str, note: str = "") -> None:
        self.card.get_by_label(outcome, exact=True).check()
        self.card.get_by_label(re.compile("^Примітка")).fill(note)
        self.card.get_by_role("button", name="Завершити").click()

    def redirect_to_counter(self, number: int, note: str) -> None:
        self.card.locator("[data-action=redirect]:visible").click()
        dialog = self.page.locator("#redirect-dialog")
        dialog.get_by_label("До іншого вікна").check()
        select = dialog.get_by_label("Вікно", exact=True)
        option = select.locator("option", has_text=re.compile(f"^Вікно {number} "))
        select.select_option(value=option.get_attribute("value"))
        dialog.get_by_label("Примітка для наступного адміністратора").fill(note)
        dialog.get_by_role("button", name="Перенаправити").click()
        expect(dialog).to_be_hidden()


class Reception:
    """The reception desk."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.waiting_total = page.locator("#waiting-total")
        self.alerts = page.locator("#alerts li")
        self.banner = page.locator("#airraid")

    def open(self, staff: Staff, username: str = "reception") -> Reception:
        """Open the desk with the session ``staff`` holds for ``username``."""
        sign_in(self.page, self.base, staff, username)
        self.page.goto(f"{self.base}/admin/reception")
        expect(self.page).to_have_url(re.compile(r"/admin/reception$"))
        wait_live(self.page)
        expect(self.page.locator("#service-options input").first).to_be_attached()
        return self

    def issue(self, search: str, priority: str | None = None, note: str = "") -> str:
        """Issue a ticket for the first service matching ``search``; its number."""
        page = self.page
        before = page.locator("#issued-number").text_content() or ""
        page.get_by_label("Пошук послуги").fill(search)
        page.get_by_label("Пошук послуги").press("Enter")
        if priority:
            page.get_by_label("Пільгова категорія").select_option(label=priority)
            page.get_by_label("Документ переглянуто").check()
        page.get_by_label("Примітка для адміністратора").fill(note)
        page.locator("#issue-form").get_by_role("button", name="Видати талон").click()
        issued = page.locator("#issued-number")
        if before:
            expect(issued).not_to_have_text(before)
        expect(issued).to_have_text(re.compile(r"^\S+-\d{3}$"))
        return issued.inner_text()

    def counter_row(self, number: int) -> Locator:
        return self.page.locator(f"#counters tr[data-counter='{number}']")

    def expect_counter(self, number: int, state: str, ticket: str = "") -> None:
        row = self.counter_row(number)
        expect(row.locator("[data-cell=state]")).to_have_text(state)
        expect(row.locator("[data-cell=ticket]")).to_have_text(ticket)


class Manage:
    """The manager's settings page: one tab per part of the configuration, a dialog per
    thing edited."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.notice = page.locator("#notice")

    def open(self, staff: Staff, username: str = "manager", tab: str = "") -> Manage:
        """Open the page with the session ``staff`` holds for ``username``, at ``tab``."""
        sign_in(self.page, self.base, staff, username)
        self.page.goto(f"{self.base}/admin/manage{f'#{tab}' if tab else ''}")
        expect(self.page.locator("#loading")).to_be_hidden()
        expect(self.page.locator("#catalog details.sphere").first).to_be_attached()
        return self

    def tab(self, name: str) -> Locator:
        """Show the tab called ``name``; its panel."""
        tab = self.page.get_by_role("tab", name=name, exact=True)
        tab.click()
        panel = self.page.locator(f"#{tab.get_attribute('aria-controls')}")
        expect(panel).to_be_visible()
        return panel

    def dialog(self, name: str) -> Locator:
        """The open dialog ``sphere``, ``service``, ``user``, ``skills`` …"""
        dialog = self.page.locator(f"#{name}-dialog")
        expect(dialog).to_be_visible()
        return dialog

    def fill(self, root: Locator, fields: dict[str, str]) -> None:
        for label, value in fields.items():
            root.get_by_label(label, exact=True).fill(value)

    def save(self, dialog: Locator, button: str = "Зберегти") -> None:
        """Save the dialog's form and see it close."""
        dialog.get_by_role("button", name=button, exact=True).click()
        expect(dialog).to_be_hidden()

    def sphere(self, name: str) -> Locator:
        """The sphere's block in the catalogue, opened."""
        block = self.page.locator("#catalog details.sphere").filter(
            has=self.page.locator("summary", has_text=name)
        )
        if block.get_attribute("open") is None:
            block.locator("summary").click()
        return block
