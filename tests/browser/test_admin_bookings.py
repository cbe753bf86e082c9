"""Appointments on the staff pages in Chromium against a real server on the real clock:
reception sees a booking made on the public API appear live, checks the visitor in at the
desk (and reads the server's refusal when it is too early), the administrator's window
marks the booked ticket, the manager changes the booking rules and a service's "bookable"
box, and the pages pass axe (reception in both languages)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.admin_pages import (  # noqa: F401  (the fixtures are used by name)
    Manage,
    PageFactory,
    Reception,
    Window,
    open_page_fixture,
    serious_violations,
)
from tests.browser.conftest import Staff
from tests.factories import MAIN, PASSPORT, RESIDENCE
from tests.servers import Server

KYIV = ZoneInfo("Europe/Kyiv")
PHONE = "+380501234567"
SCREENSHOTS = {
    "reception": "/tmp/admin-bookings-reception.png",
    "window": "/tmp/admin-bookings-window.png",
    "manage": "/tmp/admin-bookings-manage.png",
}


def free_slots(staff: Staff, service_id: int = PASSPORT) -> list[dict[str, Any]]:
    """Today's times of the service still free (the test office is open all day)."""
    today = datetime.now(KYIV).date().isoformat()
    r = staff.client.get(
        f"/booking/offices/{MAIN}/services/{service_id}/slots", params={"day": today}
    )
    assert r.status_code == 200, r.text
    slots = [s for s in r.json() if s["free"] > 0]
    if not slots:
        pytest.skip("the day in Kyiv is over: no time left to book today")
    return slots


def book(staff: Staff, slot: dict[str, Any], phone: str = "") -> dict[str, Any]:
    """Book ``slot`` as a visitor would on the booking page; the booking with its code."""
    body = {"office_id": MAIN, "service_id": PASSPORT, "start": slot["start"], "phone": phone}
    r = staff.client.post("/bookings", json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


def listed(staff: Staff, code: str) -> dict[str, Any]:
    """The booking as reception's list has it."""
    r = staff.client.get(f"/offices/{MAIN}/bookings", headers=staff.as_("reception"))
    assert r.status_code == 200, r.text
    return next(b for b in r.json() if b["code"] == code)


def test_reception_checks_a_booked_visitor_in_and_the_window_marks_the_ticket(
    server: Server, staff: Staff, open_page: PageFactory
) -> None:
    reception = Reception(open_page(), server.url).open(staff)
    page = reception.page
    window = Window(open_page(), server.url).open("admin1", staff)
    window.open_counter(1)
    expect(page.locator("#bookings-empty")).to_be_visible()

    # Booked on the public page: the desk's list shows it at once, no reload.
    booking = book(staff, free_slots(staff)[0], phone=PHONE)
    code, time = booking["code"], booking["time"]
    row = page.locator(f"#bookings tr[data-code='{code}']")
    expect(row).to_be_visible()
    expect(row.locator("th")).to_have_text(time)
    expect(row).to_contain_text("Послуга passport")
    expect(row.locator("[data-cell=state]")).to_have_text(re.compile("очікується"))
    expect(row.locator("[data-cell=phone]")).to_have_text(booking["phone"])
    assert booking["phone"].endswith("5 67") and "1234" not in booking["phone"]
    expect(page.locator("#booking-counts [data-count=booked] dd")).to_have_text("1")
    expect(page.locator("#bookings-empty")).to_be_hidden()

    # The visitor is at the desk with the code: checked in, the ticket number beside it.
    row.get_by_role("button", name=re.compile("^Зареєструвати")).click()
    result = row.locator("[data-cell=action]")
    expect(result).to_have_text(re.compile(r"^Видано талон П-\d{3}$"))
    number = result.inner_text().removeprefix("Видано талон ")
    expect(row.locator("[data-cell=state]")).to_contain_text("прийшов вчасно")
    expect(row.locator("[data-cell=ticket]")).to_have_text(f"Талон {number}")
    expect(row.get_by_role("button")).to_have_count(0)
    expect(page.locator("#booking-counts [data-count=arrived] dd")).to_have_text("1")
    expect(page.locator("#booking-counts [data-count=booked] dd")).to_have_text("0")
    expect(page.locator("#issued-number")).to_have_text(number)  # with its QR, to print
    assert listed(staff, code)["status"] == "arrived"

    # The administrator's queue marks it as booked, with the time in Kyiv; so does the
    # ticket at the window once called.
    mark = f"Попередній запис · {time}"
    queue_row = window.page.locator(f"#queue-rows tr[data-ticket='{number}']")
    expect(queue_row.locator(".marks")).to_contain_text(mark)
    queue_row.get_by_role("button", name=f"Викликати талон {number}").click()
    window.expect_at_window(number, "called")
    expect(window.page.locator("#ticket-booked")).to_have_text(mark)
    window.page.screenshot(path=SCREENSHOTS["window"])

    # Reception's search shows the same mark.
    page.get_by_label("Номер талона").fill(number)
    page.get_by_role("button", name="Знайти", exact=True).click()
    expect(page.locator(f"#found [data-ticket='{number}'] h3")).to_contain_text(mark)
    page.screenshot(path=SCREENSHOTS["reception"], full_page=True)


def test_a_check_in_too_early_shows_the_servers_refusal_beside_the_booking(
    server: Server, staff: Staff, open_page: PageFactory
) -> None:
    reception = Reception(open_page(), server.url).open(staff)
    later = [
        s
        for s in free_slots(staff)
        if datetime.fromisoformat(s["start"]) > datetime.now(KYIV) + timedelta(minutes=40)
    ]
    if not later:
        pytest.skip("the day in Kyiv is nearly over: no time left beyond check-in")
    booking = book(staff, later[0])
    row = reception.page.locator(f"#bookings tr[data-code='{booking['code']}']")
    row.get_by_role("button", name=re.compile("^Зареєструвати")).click()
    error = row.locator(".checkin-error")
    expect(error).to_contain_text(f"Запис {booking['code']}: зареєструватися можна з")
    expect(reception.page.locator("#notice")).to_contain_text("зареєструватися можна з")
    expect(row.locator("[data-cell=state]")).to_contain_text("очікується")
    expect(row.get_by_role("button", name=re.compile("^Зареєструвати"))).to_be_enabled()
    assert listed(staff, booking["code"])["status"] == "booked"


def test_the_manager_changes_the_booking_rules_and_a_services_bookable_box(
    server: Server, staff: Staff, open_page: PageFactory
) -> None:
    manage = Manage(open_page(bypass_csp=True), server.url).open(staff, tab="bookings")
    page = manage.page
    form = page.locator("#booking-form")
    expect(form).to_be_visible()
    grace = form.get_by_label("Допустиме запізнення, хв")
    share = form.get_by_label("Частка для живої черги, %")
    expect(grace).to_have_value("2")
    expect(form.get_by_label("Приймати попередній запис")).to_be_checked()
    expect(form.locator("#bookable-services")).to_contain_text("Послуга residence")

    grace.fill("5")
    share.fill("30")
    form.get_by_role("button", name="Зберегти налаштування запису").click()
    expect(form.locator("[data-slot=status]")).to_have_text(
        "Налаштування попереднього запису збережено."
    )
    path = f"/config/offices/{MAIN}/booking"
    rules = staff.client.get(path, headers=staff.as_("manager")).json()
    assert (rules["grace_min"], rules["live_share_pct"]) == (5, 30)

    # Out of range: the server's words beside the form, naming the field by its label.
    grace.fill("500")
    form.get_by_role("button", name="Зберегти налаштування запису").click()
    error = form.locator("[data-slot=error]")
    expect(error).to_have_text(
        "Невірні дані: «допустиме запізнення, хв» (grace_min) має бути від 0 до 60"
    )
    expect(grace).to_have_attribute("aria-invalid", "true")
    expect(grace).to_be_focused()
    page.screenshot(path=SCREENSHOTS["manage"], full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("button", name="ENG").click()
    expect(form.get_by_label("Allowed lateness, min")).to_have_value("500")
    expect(form.get_by_role("button", name="Save the appointment settings")).to_be_visible()
    page.get_by_role("button", name="УКР").click()
    assert staff.client.get(path, headers=staff.as_("manager")).json()["grace_min"] == 5

    # Residence is no longer offered on the booking page.
    manage.tab("Сфери та послуги")
    manage.sphere("Документи").get_by_role("button", name="Змінити: Послуга residence").click()
    service = manage.dialog("service")
    bookable = service.get_by_label("Доступна для попереднього запису")
    expect(bookable).to_be_checked()
    bookable.uncheck()
    manage.save(service)
    offered = staff.client.get(f"/booking/offices/{MAIN}/services").json()
    assert [s["id"] for s in offered] == [PASSPORT]
    assert RESIDENCE not in [s["id"] for s in offered]
    row = manage.sphere("Документи").locator("tr[data-service]").filter(has_text="residence")
    expect(row).not_to_contain_text("попередній запис")

    log = manage.tab("Журнал змін")
    line = log.locator("tr[data-entity=booking][data-action=updated]").first
    expect(line).to_contain_text("Змінено налаштування запису")
    expect(line).to_contain_text("допустиме запізнення, хв: 5")


def test_the_reception_page_with_appointments_passes_axe_in_both_languages(
    server: Server, staff: Staff, open_page: PageFactory
) -> None:
    reception = Reception(open_page(bypass_csp=True), server.url).open(staff)  # axe is inline
    page = reception.page
    slots = free_slots(staff)
    if len(slots) < 2:
        pytest.skip("the day in Kyiv is nearly over: one time left to book")
    first, second = book(staff, slots[0], phone=PHONE), book(staff, slots[-1])
    staff.post(f"/offices/{MAIN}/check-in", "reception", code=first["code"], print=False)
    expect(
        page.locator(f"#bookings tr[data-code='{first['code']}'][data-status=arrived]")
    ).to_be_visible()
    expect(
        page.locator(f"#bookings tr[data-code='{second['code']}'][data-status=booked]")
    ).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("button", name="ENG").click()
    panel = page.locator("section.bookings")
    expect(panel.get_by_role("heading")).to_have_text("Today's appointments")
    row = page.locator(f"#bookings tr[data-code='{second['code']}']")
    expect(row.locator("[data-cell=state]")).to_have_text(re.compile("expected"))
    expect(row.get_by_role("button", name=re.compile("^Check in"))).to_be_visible()
    expect(panel.locator("[data-count=arrived] dt")).to_have_text("Arrived")
    assert serious_violations(page) == []
