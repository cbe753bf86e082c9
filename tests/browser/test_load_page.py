"""The manager's live load page against a real server: every office side by side with its
windows and services; a call made at a window shows up live, with a ticking timer; the
page switches to English; no script or console errors."""

from __future__ import annotations

import json
import re

from playwright.sync_api import ConsoleMessage, Page, Route, expect

from tests.browser.admin_pages import (
    PageFactory,
    admin_server_fixture,  # noqa: F401  (fixtures of the staff UI's tests)
    admin_staff_fixture,  # noqa: F401
    module_staff_fixture,  # noqa: F401
    open_page_fixture,  # noqa: F401
    serious_violations,
    sign_in,
    wait_live,
)
from tests.browser.conftest import Staff
from tests.factories import BRANCH, COUNTER_1, MAIN, PASSPORT, RESIDENCE
from tests.servers import Server

LIVE_S = 10_000  # ms: a read follows an event within 2 s, give it room on a busy machine


def open_load(page: Page, server: Server, staff: Staff) -> list[str]:
    """The live load page as the manager, following the streams; console errors as they come."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    sign_in(page, server.url, staff, "manager")
    page.goto(f"{server.url}/admin/load")
    expect(page.get_by_role("heading", name="Навантаження", level=1)).to_be_visible()
    wait_live(page)
    return errors


def office(page: Page, office_id: int):  # type: ignore[no-untyped-def]
    return page.locator(f".load-office[data-office='{office_id}']")


def test_the_manager_sees_each_office_and_a_call_arrives_live(
    open_page: PageFactory, admin_server: Server, admin_staff: Staff
) -> None:
    admin_staff.post(f"/counters/{COUNTER_1}/session", "admin1")
    admin_staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=RESIDENCE)
    page = open_page()
    errors = open_load(page, admin_server, admin_staff)

    main, branch = office(page, MAIN), office(page, BRANCH)
    expect(main.get_by_role("heading", name="Тестовий ЦНАП")).to_be_visible()
    expect(branch.get_by_role("heading", name="Віддалене робоче місце")).to_be_visible()
    expect(main.locator("tbody tr[data-counter]")).to_have_count(3)
    window1 = main.locator("tr[data-counter='1']")
    expect(window1.locator("[data-cell=state]")).to_have_text("вільне")
    expect(window1.locator("[data-cell=operator]")).to_have_text("Адміністратор 1")
    expect(window1.locator("[data-cell=served]")).to_have_text("0")
    expect(main.locator("tr[data-counter='2'] [data-cell=state]")).to_have_text("зачинене")
    residence = main.locator(f"tr[data-service='{RESIDENCE}']")
    expect(residence.locator("[data-cell=waiting]")).to_have_text("1")
    expect(residence.locator("[data-cell=target]")).to_have_text("15")
    expect(main.locator("[data-slot=waiting]")).to_have_text("1")

    # An administrator calls a visitor through the API: the page follows without a reload.
    reads = page.evaluate("window.qmsLoad.reads")
    ticket = admin_staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT)
    admin_staff.post(f"/counters/{COUNTER_1}/call/{ticket['id']}", "admin1")
    expect(window1.locator("[data-cell=ticket]")).to_have_text(ticket["number"], timeout=LIVE_S)
    expect(window1.locator("[data-cell=state]")).to_have_text("викликає")
    timer = window1.locator("[data-cell=for] .timer")
    expect(timer).to_have_text(re.compile(r"^00:0\d$"))
    first = timer.inner_text()
    expect(timer).not_to_have_text(first, timeout=3000)  # it ticks between reads
    assert page.evaluate("window.qmsLoad.reads") > reads

    admin_staff.post(f"/tickets/{ticket['id']}/start", "admin1")
    admin_staff.post(f"/tickets/{ticket['id']}/finish", "admin1", outcome="consultation")
    expect(window1.locator("[data-cell=served]")).to_have_text("1", timeout=LIVE_S)
    expect(window1.locator("[data-cell=state]")).to_have_text("вільне")
    passport = main.locator(f"tr[data-service='{PASSPORT}']")
    expect(passport.locator("[data-cell=served]")).to_have_text("1")
    expect(passport.locator("[data-cell=within]")).to_have_text("100,0 %")
    assert errors == []


def test_english_and_a_break_with_its_reason(
    open_page: PageFactory, admin_server: Server, admin_staff: Staff
) -> None:
    admin_staff.post(f"/counters/{COUNTER_1}/session", "admin1")
    admin_staff.post(f"/counters/{COUNTER_1}/pause", "admin1", reason="обід")
    page = open_page()
    errors = open_load(page, admin_server, admin_staff)
    window1 = office(page, MAIN).locator("tr[data-counter='1']")
    expect(window1.locator("[data-cell=state]")).to_have_text("перерва")
    expect(window1.locator("[data-cell=breaks]")).to_contain_text("обід")
    expect(office(page, MAIN).locator("[data-slot=alerts-empty]")).to_have_text("Усе гаразд")

    page.get_by_role("button", name="ENG").click()
    expect(page.get_by_role("heading", name="Live load", level=1)).to_be_visible()
    expect(office(page, MAIN).get_by_role("heading", name="Test centre")).to_be_visible()
    expect(window1.locator("[data-cell=state]")).to_have_text("on a break")
    expect(page.get_by_role("columnheader", name="Window", exact=True).first).to_be_visible()
    expect(page.get_by_role("columnheader", name="Served today").first).to_be_visible()
    expect(office(page, MAIN).locator("[data-slot=alerts-empty]")).to_have_text("All is well")

    # One office at a time, kept in the address.
    page.get_by_role("button", name="Remote workplace").click()
    expect(office(page, MAIN)).to_have_count(0)
    expect(office(page, BRANCH)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"show={BRANCH}"))
    assert errors == []


def test_alerts_show_on_top_and_a_late_queue_is_highlighted(
    open_page: PageFactory, admin_server: Server, admin_staff: Staff
) -> None:
    """The server's alerts as they come (their rules are tested over HTTP: here only how
    the page shows them, so the load is given one of each)."""
    admin_staff.post(f"/counters/{COUNTER_1}/session", "admin1")
    admin_staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=RESIDENCE)

    def with_alerts(route: Route) -> None:
        body = route.fetch().json()
        for office_load in body["offices"]:
            if office_load["id"] != MAIN:
                continue
            for line in office_load["services"]:
                line["over_target"] = line["id"] == RESIDENCE
            office_load["alerts"] = [
                {
                    "kind": kind,
                    "office_id": MAIN,
                    "message_uk": uk,
                    "message_en": en,
                    "service_id": RESIDENCE if kind == "wait_over_target" else None,
                    "counter_id": COUNTER_1 if kind == "idle_counter" else None,
                    "device_id": 7 if kind == "device_offline" else None,
                }
                for kind, uk, en in (
                    (
                        "wait_over_target",
                        "«Послуга residence»: 16 хв",
                        "“Service residence”: 16 min",
                    ),
                    ("idle_counter", "Вікно 1 вільне 5 хв", "Window 1 free for 5 min"),
                    ("device_offline", "Пристрій «Табло» не на зв'язку", "Device “Board” offline"),
                )
            ]
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page = open_page(bypass_csp=True)  # axe is injected below
    page.route(re.compile(r"/api/v1/load(\?|$)"), with_alerts)
    errors = open_load(page, admin_server, admin_staff)
    main = office(page, MAIN)
    alerts = main.locator(".load-alert")
    expect(alerts).to_have_count(3)
    expect(alerts.nth(0)).to_contain_text("Довге очікування")
    expect(alerts.nth(1)).to_contain_text("Вікно 1 вільне 5 хв")
    expect(alerts.nth(2)).to_contain_text("Пристрій не на зв'язку")
    expect(main.locator("[data-slot=alert-count]")).to_have_text("3")
    expect(main.locator("[data-slot=alerts-empty]")).to_be_hidden()
    expect(main.locator("tr[data-counter='1']")).to_have_class(re.compile(r"\bidle\b"))
    late = main.locator(f"tr[data-service='{RESIDENCE}']")
    expect(late).to_have_class(re.compile(r"\babove-target\b"))
    expect(late).to_contain_text("понад норматив")
    assert serious_violations(page) == []
    page.get_by_role("button", name="ENG").click()
    expect(alerts.nth(1)).to_contain_text("Window 1 free for 5 min")
    expect(alerts.nth(1)).to_contain_text("Window idle")
    assert errors == []


def test_only_managers_open_the_page(
    open_page: PageFactory, admin_server: Server, admin_staff: Staff
) -> None:
    page = open_page()
    sign_in(page, admin_server.url, admin_staff, "reception")
    response = page.goto(f"{admin_server.url}/admin/load")
    assert response is not None and response.status == 403
