"""The staff UI in headless Chromium against a real server: the administrator's window,
the reception desk and the hall display follow one visit live; pages pass axe; the window
survives a reload; a refusal needs a note; the air-raid pause and kiosk alerts reach the
right people; pages refuse the wrong role and send strangers to the login."""

from __future__ import annotations

import json
import re

import httpx
from playwright.sync_api import Page, Route, expect

from tests.browser.admin_pages import (  # noqa: F401  (the fixtures are used by name)
    PageFactory,
    Reception,
    Window,
    admin_server_fixture,
    admin_staff_fixture,
    log_in,
    module_staff_fixture,
    open_page_fixture,
    serious_violations,
    wait_until,
)
from tests.browser.conftest import Staff
from tests.factories import COUNTER_1, COUNTER_3, MAIN, PASSPORT
from tests.servers import Server

SCREENSHOTS = {"window": "/tmp/admin-window.png", "reception": "/tmp/admin-reception.png"}


def open_display(page: Page, server: Server, staff: Staff) -> None:
    page.goto(f"{server.url}/display/?token={staff.device_token('display')}")
    # The board's content security policy forbids wait_for_function's eval(): poll instead.
    wait_until(page, "Boolean(window.qmsBoard && qmsBoard.connected)")


def test_reception_admin_and_display_follow_one_visit_live(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    display = open_page()
    open_display(display, admin_server, admin_staff)
    reception = Reception(open_page(), admin_server.url).open(admin_staff)
    window = Window(open_page(), admin_server.url).open("admin1", admin_staff)
    window.open_counter(1)
    reception.expect_counter(1, "вільне")
    expect(reception.counter_row(1).locator("[data-cell=operator]")).to_have_text("Адміністратор 1")

    number = reception.issue("passport", priority="Особи з інвалідністю", note="Потрібен пандус")
    assert number.startswith("П-")
    expect(reception.page.locator("#issued-qr")).to_have_attribute("src", re.compile(r"/kiosk/qr/"))
    expect(reception.waiting_total).to_have_text("1")
    queue_row = window.page.locator(f"#queue-rows tr[data-ticket='{number}']")
    expect(queue_row).to_contain_text("Особи з інвалідністю")

    window.call_next.click()
    window.expect_at_window(number, "called")
    expect(queue_row).to_have_count(0)
    expect(window.card).to_contain_text("Позачергово: Особи з інвалідністю")
    expect(window.card).to_contain_text("Документ переглянуто на рецепції")
    expect(window.card).to_contain_text("Потрібен пандус")
    expect(display.locator("#now [data-slot=number]")).to_have_text(number)
    expect(display.locator("#now [data-slot=counter]")).to_have_text("1")
    reception.expect_counter(1, "викликано", number)
    expect(reception.waiting_total).to_have_text("0")
    window.page.screenshot(path=SCREENSHOTS["window"])

    window.action("Почати обслуговування").click()
    window.expect_at_window(number, "serving")
    reception.expect_counter(1, "обслуговує", number)

    window.redirect_to_counter(3, "Потрібна довідка з вікна 3")
    expect(window.card).to_have_attribute("data-state", "empty")
    reception.expect_counter(1, "вільне")
    expect(reception.waiting_total).to_have_text("1")

    admin_staff.post(f"/counters/{COUNTER_3}/session", "admin3")
    called = admin_staff.post(f"/counters/{COUNTER_3}/call-next", "admin3")
    assert called["number"] == number
    reception.expect_counter(3, "викликано", number)
    expect(reception.counter_row(3).locator("[data-cell=operator]")).to_have_text("Адміністратор 3")
    expect(display.locator("#now [data-slot=counter]")).to_have_text("3")
    admin_staff.post(f"/tickets/{called['id']}/start", "admin3")
    admin_staff.post(f"/tickets/{called['id']}/finish", "admin3", outcome="documents_accepted")
    reception.expect_counter(3, "вільне")
    expect(reception.waiting_total).to_have_text("0")

    # Reception finds the visit afterwards, redirect note and all.
    reception.page.get_by_label("Номер талона").fill(number.replace("-", "").lower())
    reception.page.get_by_role("button", name="Знайти", exact=True).click()
    found = reception.page.locator(f"#found [data-ticket='{number}']")
    expect(found).to_have_attribute("data-status", "done")
    expect(found.locator(".history")).to_contain_text("Перенаправлено: вікно 3")
    expect(found.locator(".history")).to_contain_text("Потрібна довідка з вікна 3")
    expect(found.locator(".history")).to_contain_text("Завершено: документи прийнято")
    reception.page.screenshot(path=SCREENSHOTS["reception"])


def test_login_window_and_reception_pages_pass_axe(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    page.goto(f"{admin_server.url}/admin/login")
    assert serious_violations(page) == []

    window = Window(page, admin_server.url).open("admin1", admin_staff)
    window.open_counter(1)
    ticket = admin_staff.post(
        f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT, priority="veteran"
    )
    window.page.get_by_role("button", name=f"Викликати талон {ticket['number']}").click()
    window.expect_at_window(ticket["number"], "called")
    expect(window.card).to_contain_text("Перевірте документ, що підтверджує пільгу")
    window.action("Почати обслуговування").click()  # the card with the finish form
    expect(window.card.get_by_role("button", name="Завершити")).to_be_visible()
    assert serious_violations(page) == []

    reception = Reception(open_page(bypass_csp=True), admin_server.url).open(admin_staff)
    reception.issue("residence")
    expect(reception.counter_row(1)).to_be_visible()
    assert serious_violations(reception.page) == []


def test_the_window_resumes_after_a_reload_and_a_second_tab_keeps_up(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    window = Window(open_page(), admin_server.url).open("admin1")
    window.open_counter(1)
    ticket = admin_staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT)
    window.call_next.click()
    window.expect_at_window(ticket["number"], "called")

    window.page.reload()
    expect(window.page.locator("#counter-number")).to_have_text("1")
    window.expect_at_window(ticket["number"], "called")
    expect(window.page.locator("#chooser")).to_be_hidden()
    window.action("Викликати повторно (1 з 3)").click()
    expect(window.card.locator("#recall-count dd")).to_have_text("1 з 3")

    other = Window(window.page.context.new_page(), admin_server.url)
    other.page.goto(f"{admin_server.url}/admin/window")
    other.expect_at_window(ticket["number"], "called")
    other.action("Почати обслуговування").click()
    window.expect_at_window(ticket["number"], "serving")  # live, from the stream

    # Logging out with a visitor at the window asks what to do with the ticket.
    window.page.get_by_role("button", name="Вийти").click()
    leave = window.page.locator("#leave-dialog")
    expect(leave).to_contain_text(ticket["number"])
    leave.get_by_role("button", name="Повернути в чергу").click()
    expect(window.page).to_have_url(re.compile(r"/admin/login"))
    found = admin_staff.client.get(
        f"/tickets/{ticket['id']}", headers=admin_staff.as_("reception")
    ).json()
    assert found["status"] == "waiting"
    # The other tab shared the session: on the counter's closing it goes to the login too.
    expect(other.page).to_have_url(re.compile(r"/admin/login"))


def test_a_refusal_cannot_be_finished_without_a_note(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    window = Window(open_page(), admin_server.url).open("admin1", admin_staff)
    window.open_counter(1)
    ticket = admin_staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT)
    expect(window.call_next).to_contain_text("F2")
    window.page.keyboard.press("F2")
    window.expect_at_window(ticket["number"], "called")
    expect(window.action("Почати обслуговування")).to_be_focused()
    window.page.keyboard.press("Enter")
    window.expect_at_window(ticket["number"], "serving")

    window.finish("Відмова")
    error = window.page.locator("#finish-error")
    expect(error).to_have_text("Для відмови вкажіть її причину в примітці.")
    expect(window.page.locator("#finish-note")).to_be_focused()
    window.expect_at_window(ticket["number"], "serving")

    # Should a note get lost on the way, the server refuses too and its message is shown.
    def blank_note(route: Route) -> None:
        body = json.loads(route.request.post_data or "{}") | {"note": "   "}
        route.continue_(post_data=json.dumps(body))

    window.page.route("**/finish", blank_note)
    window.finish("Відмова", "немає паспорта")
    expect(error).to_contain_text("для відмови вкажіть її причину в примітці")
    window.page.unroute("**/finish")

    served = admin_staff.client.get(f"/counters/{COUNTER_1}/day", headers=admin_staff.as_("admin1"))
    window.finish("Відмова", "немає паспорта")
    expect(window.card).to_have_attribute("data-state", "empty")
    done = admin_staff.client.get(
        f"/tickets/{ticket['id']}", headers=admin_staff.as_("reception")
    ).json()
    assert (done["outcome"], done["outcome_note"]) == ("refused", "немає паспорта")
    expect(window.page.locator("#day-served")).to_have_text(str(served.json()["served"] + 1))


def test_the_air_raid_pause_from_reception_stops_calls_until_the_all_clear(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    window = Window(open_page(), admin_server.url).open("admin1", admin_staff)
    window.open_counter(1)
    reception = Reception(open_page(), admin_server.url).open(admin_staff)
    expect(window.call_next).to_be_enabled()

    # A break of one window first: reception sees since when and why.
    window.page.get_by_role("button", name="Перерва").click()
    window.page.locator("#pause-dialog").get_by_label("Обід").check()
    window.page.get_by_role("button", name="Стати на перерву").click()
    expect(window.call_next).to_be_disabled()
    expect(window.page.locator("#counter-state")).to_contain_text("На перерві з")
    expect(reception.counter_row(1).locator("[data-cell=state]")).to_contain_text("Обід")
    window.page.get_by_role("button", name="Продовжити роботу").click()
    expect(window.call_next).to_be_enabled()
    reception.expect_counter(1, "вільне")

    reception.page.get_by_role("button", name="Повітряна тривога").click()
    reception.page.locator("#confirm-dialog").get_by_role("button", name="Так, тривога").click()
    expect(window.banner).to_be_visible()
    expect(window.banner).to_have_text("Повітряна тривога — виклики призупинено")
    expect(window.call_next).to_be_disabled()
    expect(reception.banner).to_be_visible()
    r = admin_staff.client.post(
        f"/counters/{COUNTER_1}/call-next", headers=admin_staff.as_("admin1")
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "office_paused"

    reception.page.get_by_role("button", name="Відбій тривоги").click()
    expect(window.banner).to_be_hidden()
    expect(window.call_next).to_be_enabled()
    expect(reception.page.get_by_role("button", name="Повітряна тривога")).to_be_visible()
    window.call_next.click()
    expect(window.status).to_have_text("Черга порожня")


def test_kiosk_alerts_reach_reception_live_and_are_acknowledged(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    reception = Reception(open_page(), admin_server.url).open(admin_staff)
    device = admin_staff.post(f"/offices/{MAIN}/devices", "manager", kind="kiosk", name="Кіоск 2")
    kiosk = {"Authorization": f"Bearer {device['token']}"}
    expect(reception.page.locator("#alerts-empty")).to_be_visible()

    r = admin_staff.client.post("/devices/me/help", headers=kiosk)
    assert r.status_code == 201, r.text
    texts = reception.page.locator("#alerts .alert-text")
    expect(texts).to_have_text(["Термінал «Кіоск 2» — потрібна допомога"])
    wait_until(reception.page, "qmsAdmin.beeps === 1")

    manager = admin_staff.as_("manager")
    printer = {"url": "agent://"}
    r = admin_staff.client.put(f"/devices/{device['id']}/printer", json=printer, headers=manager)
    assert r.status_code == 200, r.text
    r = admin_staff.client.post("/print-agent/status", json={"status": "paper_out"}, headers=kiosk)
    assert r.status_code == 204, r.text
    expect(texts).to_have_text(
        [
            "Термінал «Кіоск 2» — потрібна допомога",
            "Принтер термінала «Кіоск 2» — закінчився папір",
        ]
    )
    wait_until(reception.page, "qmsAdmin.beeps === 2")

    for _ in range(2):
        reception.alerts.first.get_by_role("button", name="Прийнято").click()
    expect(reception.alerts).to_have_count(0)
    expect(reception.page.locator("#alerts-empty")).to_be_visible()
    open_alerts = admin_staff.client.get(f"/offices/{MAIN}/alerts", headers=manager)
    assert open_alerts.json() == []


def test_reception_finds_a_parked_ticket_puts_it_back_and_cancels_it(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    window = Window(open_page(), admin_server.url).open("admin1", admin_staff)
    window.open_counter(1)
    ticket = admin_staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT)
    window.call_next.click()
    window.action("Відкласти").click()
    expect(window.card).to_have_attribute("data-state", "empty")

    reception = Reception(open_page(), admin_server.url).open(admin_staff)
    page = reception.page
    page.get_by_label("Номер талона").fill(ticket["number"])
    page.get_by_role("button", name="Знайти", exact=True).click()
    found = page.locator(f"#found [data-ticket='{ticket['number']}']")
    expect(found).to_have_attribute("data-status", "parked")
    expect(found.locator(".history")).to_contain_text("Відкладено — Адміністратор 1")

    found.get_by_role("button", name="Повернути в чергу").click()
    expect(found).to_have_attribute("data-status", "waiting")
    expect(found.locator("[data-fact=ahead] dd")).to_have_text("0")
    expect(window.page.locator(f"#queue-rows tr[data-ticket='{ticket['number']}']")).to_be_visible()

    found.get_by_role("button", name="Скасувати талон").click()
    dialog = page.locator("#confirm-dialog")
    dialog.get_by_label("Причина").fill("Відвідувач пішов")
    dialog.get_by_role("button", name="Скасувати талон").click()
    expect(found).to_have_attribute("data-status", "cancelled")
    expect(found.locator(".history")).to_contain_text("Відвідувач пішов")
    expect(window.page.locator("#queue-empty")).to_be_visible()


def test_pages_refuse_the_wrong_role_and_send_strangers_to_the_login(
    admin_server: Server, open_page: PageFactory
) -> None:
    for path in ("/admin/", "/admin/window", "/admin/reception"):
        r = httpx.get(f"{admin_server.url}{path}", follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/admin/login?next=/admin/")
    # After the login, only a page of the staff UI: never another site.
    for bad in ("https://evil.example/", "//evil.example/admin/", "/admin/../api/v1/auth/me"):
        login = httpx.get(f"{admin_server.url}/admin/login", params={"next": bad})
        assert login.status_code == 200
        assert '"next": "/admin/"' in login.text, bad

    page = open_page()
    log_in(page, admin_server.url, "admin1", "/admin/")
    expect(page).to_have_url(re.compile(r"/admin/window$"))
    response = page.goto(f"{admin_server.url}/admin/reception")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("Ця сторінка не для вашої ролі")
    page.get_by_role("link", name="Перейти до свого робочого місця").click()
    expect(page).to_have_url(re.compile(r"/admin/window$"))

    # English on request, kept across pages and reloads.
    page.get_by_role("button", name="ENG").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.get_by_role("heading", name="Choose your window")).to_be_visible()
    expect(page.get_by_role("button", name="Open window 2")).to_be_visible()


def test_ending_all_sessions_logs_the_person_out_on_every_computer(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    """A login left open at another window (or on a lost phone) ends from here."""
    here, there = open_page(), open_page()
    for page in (here, there):
        log_in(page, admin_server.url, "admin3", "/admin/")
        expect(page).to_have_url(re.compile(r"/admin/window$"))
    colleague = open_page()
    log_in(colleague, admin_server.url, "admin1", "/admin/")

    end_all = here.get_by_role("button", name="Завершити всі сеанси")
    expect(end_all).to_have_attribute("title", re.compile("інших комп’ютерах"))
    end_all.click()
    expect(here).to_have_url(re.compile(r"/admin/login"))
    there.reload()
    expect(there).to_have_url(re.compile(r"/admin/login\?next=/admin/window"))
    colleague.reload()
    expect(colleague).to_have_url(re.compile(r"/admin/window$"))  # only admin3's sessions
    admin_staff.tokens.pop("admin3", None)  # the fixture's own login of admin3 ended too


def test_a_manager_prints_an_issued_ticket_on_a_kiosk_printer(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    kiosk = admin_staff.post(f"/offices/{MAIN}/devices", "manager", kind="kiosk", name="Кіоск 1")
    r = admin_staff.client.put(
        f"/devices/{kiosk['id']}/printer",
        json={"url": "dummy://"},
        headers=admin_staff.as_("manager"),
    )
    assert r.status_code == 200, r.text
    reception = Reception(open_page(), admin_server.url).open(admin_staff, "manager")
    reception.issue("residence")
    page = reception.page
    page.get_by_label("Принтер термінала").select_option(label="Кіоск 1")
    page.get_by_role("button", name="Надрукувати").click()
    expect(page.locator("#print-status")).to_have_text("Надруковано")
