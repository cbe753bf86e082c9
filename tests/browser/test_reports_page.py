"""The manager's report page against a real server: the day's visits (served, refused,
a no-show, one still waiting) show as the same figures the API computes, a breakdown by
service, charts with their tables, outcomes and refusals, in Ukrainian and English; the
CSV downloads with the session cookie; an empty period and a refused period say so."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.admin_pages import (
    PageFactory,
    admin_server_fixture,  # noqa: F401  (fixtures of the staff UI's tests)
    admin_staff_fixture,  # noqa: F401
    module_staff_fixture,  # noqa: F401
    open_page_fixture,  # noqa: F401
    serious_violations,
    sign_in,
)
from tests.browser.conftest import Staff
from tests.factories import COUNTER_1, MAIN, PASSPORT, RESIDENCE
from tests.servers import Server

BOM = b"\xef\xbb\xbf"
SCREENSHOT = "/tmp/admin-reports.png"
# The headline figures in the page's order; the decimals are shown with one digit.
COUNTS = ("visitors", "served", "no_shows", "cancelled", "expired", "in_progress", "redirects")
DECIMALS = ("wait_avg", "wait_median", "wait_p90", "service_avg", "service_p90")
MORE = (("within_target_pct", True), ("ratings", False), ("rating_avg", True), ("loyalty", True))
FIGURES = [(k, False) for k in COUNTS] + [(k, True) for k in DECIMALS] + list(MORE)


def shown(value: float | None, decimal: bool, lang: str = "uk") -> str:
    """A figure as the page shows it: "4,5" in Ukrainian, "4.5" in English, "—" for none."""
    if value is None:
        return "—"
    if not decimal:
        return str(value)
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "uk" else text


def visit(staff: Staff, service_id: int, outcome: str, note: str = "") -> dict[str, Any]:
    """A ticket issued at reception and served by admin1 at window 1."""
    ticket = staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=service_id)
    staff.post(f"/counters/{COUNTER_1}/call/{ticket['id']}", "admin1")
    staff.post(f"/tickets/{ticket['id']}/start", "admin1")
    staff.post(f"/tickets/{ticket['id']}/finish", "admin1", outcome=outcome, note=note)
    return ticket


def a_day_of_visits(staff: Staff) -> None:
    """Three served (one refused), a no-show, one still waiting; one visitor rated."""
    staff.post(f"/counters/{COUNTER_1}/session", "admin1")
    rated = visit(staff, PASSPORT, "documents_accepted")
    visit(staff, PASSPORT, "consultation")
    visit(staff, RESIDENCE, "refused", note="немає паспорта")
    absent = staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=PASSPORT)
    staff.post(f"/counters/{COUNTER_1}/call/{absent['id']}", "admin1")
    staff.post(f"/tickets/{absent['id']}/no-show", "admin1")
    staff.post(f"/offices/{MAIN}/tickets", "reception", service_id=RESIDENCE)
    r = staff.client.post(
        f"/track/{rated['track_token']}/rating", json={"score": 5, "recommend": 10}
    )
    assert r.status_code == 201, r.text
    # an appointment later today (none just before midnight: the table then shows zeros)
    today = datetime.now(ZoneInfo("Europe/Kyiv")).date().isoformat()
    slots = staff.client.get(f"/booking/offices/{MAIN}/services/{PASSPORT}/slots?day={today}")
    if slots.json():
        body = {"office_id": MAIN, "service_id": PASSPORT, "start": slots.json()[-1]["start"]}
        assert staff.client.post("/bookings", json=body).status_code == 201


def api_report(staff: Staff, **query: Any) -> dict[str, Any]:
    r = staff.client.get("/reports", params=query, headers=staff.as_("manager"))
    assert r.status_code == 200, r.text
    return dict(r.json())


def open_reports(page: Page, server: Server, staff: Staff) -> list[str]:
    """The report page as the manager; the console's errors, as they come."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    sign_in(page, server.url, staff, "manager")
    page.goto(f"{server.url}/admin/reports")
    # The current month is shown at once.
    expect(page.locator("#report-title")).to_contain_text("Місяць")
    return errors


def choose(page: Page, period: str, day: str, office: str, group_by: str) -> None:
    page.get_by_label("Період", exact=True).select_option(period)
    page.get_by_label("День періоду").fill(day)
    page.get_by_label("ЦНАП / підрозділ", exact=True).select_option(office)
    page.get_by_label("Розбивка", exact=True).select_option(group_by)
    page.get_by_role("button", name="Показати").click()


def test_the_manager_reads_the_days_report_with_charts_and_downloads_it(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    a_day_of_visits(admin_staff)
    today = api_report(admin_staff, period="day")["period"]["first"]
    report = api_report(admin_staff, period="day", day=today, office_id=MAIN, group_by="service")
    total = report["total"]
    assert (total["visitors"], total["served"], total["no_shows"]) == (5, 3, 1)

    page = open_page()
    errors = open_reports(page, admin_server, admin_staff)
    choose(page, "day", today, str(MAIN), "service")
    expect(page.locator("#report-title")).to_contain_text("День")
    expect(page.locator("#report-scope")).to_have_text("Тестовий ЦНАП")
    expect(page).to_have_url(re.compile(r"[?&]period=day&day=\d{4}-\d\d-\d\d&office_id=1"))

    # The headline figures are the API's, in Ukrainian style.
    figures = page.locator("#figures")
    expect(figures.locator("dt").first).to_have_text("Відвідувачі")
    for key, decimal in FIGURES:
        expect(figures.locator(f"dd[data-figure={key}]")).to_have_text(shown(total[key], decimal))

    # The appointments of the day, as the API counts them.
    for key, value in report["bookings"].items():
        expected = "—" if value is None else shown(value, key == "no_show_pct")
        expect(page.locator(f"#bookings td[data-booking={key}]")).to_have_text(
            expected + ("%" if key == "no_show_pct" and value is not None else "")
        )

    # The breakdown: a row per service and the total.
    rows = page.locator("#breakdown tbody tr")
    expect(rows).to_have_count(len(report["groups"]))
    for group in report["groups"]:
        row = page.locator(f"#breakdown tbody tr[data-key='{group['key']}']")
        expect(row.locator("th")).to_have_text(group["label_uk"])
        expect(row.locator("td[data-figure=served]")).to_have_text(str(group["figures"]["served"]))
    expect(page.locator("#breakdown tbody")).to_contain_text("Послуга passport")
    expect(page.locator("#breakdown tfoot td[data-figure=visitors]")).to_have_text("5")

    # Charts are drawn (Chart.js sized their canvases), each beside its table.
    for canvas_id in ("load-chart", "trend-chart", "operators-chart"):
        canvas = page.locator(f"#{canvas_id}")
        expect(canvas).to_have_attribute("width", re.compile(r"^[1-9]\d*$"))
        expect(canvas).to_have_attribute("aria-label", re.compile(r"\S"))
        box = canvas.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, canvas_id
    busiest = max(report["load"], key=lambda s: s["tickets"])
    expect(page.locator("#load-table")).to_contain_text(busiest["slot"])
    expect(page.locator("#trend-table tbody tr")).to_have_count(1)
    expect(page.locator("#trend-table tbody td").first).to_have_text("5")
    operators = page.locator("#operators-table tbody tr")
    expect(operators).to_have_count(1)
    expect(operators.first).to_contain_text("Адміністратор 1")
    expect(operators.first.locator("td").first).to_have_text("3")
    cells = page.locator("#heatmap td[data-value]").evaluate_all(
        "cells => cells.map((c) => Number(c.dataset.value))"
    )
    assert sum(cells) == sum(map(sum, report["heatmap"])) == 5

    # Outcomes with their Ukrainian names, refusals with the reason.
    outcomes = page.locator("#outcomes")
    expect(outcomes.locator("tr[data-outcome=documents_accepted]")).to_contain_text(
        "Прийнято документи"
    )
    expect(outcomes.locator("tr[data-outcome=refused] td")).to_have_text("1")
    expect(page.locator("#refusals tbody tr")).to_have_text(re.compile(r"немає паспорта\s*1"))

    page.screenshot(path=SCREENSHOT, full_page=True)

    # In English: English words, a decimal point.
    page.get_by_role("button", name="ENG").click()
    expect(figures.locator("dt").first).to_have_text("Visitors")
    for key, decimal in FIGURES:
        expect(figures.locator(f"dd[data-figure={key}]")).to_have_text(
            shown(total[key], decimal, "en")
        )
    expect(page.locator("#breakdown tbody")).to_contain_text("Service passport")
    expect(outcomes.locator("tr[data-outcome=refused] th")).to_have_text("Refused")
    expect(page.locator("#report-title")).to_contain_text("Day")
    expect(page.locator("#operators-chart")).to_have_attribute("aria-label", re.compile("served"))

    # The CSV of the same report, in English, with the session cookie.
    link = page.locator("#download-csv")
    csv_address = re.compile(r"/api/v1/reports\.csv\?.*period=day.*lang=en")
    expect(link).to_have_attribute("href", csv_address)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"report-day-{today}-{today}.csv"
    content = download.value.path().read_bytes()
    assert content.startswith(BOM), content[:20]
    assert b"Service passport" in content and b"Visitors" in content

    # A period without tickets says so instead of drawing empty charts.
    a_year_ago = (date.fromisoformat(today) - timedelta(days=366)).isoformat()
    page.get_by_label("Period", exact=True).select_option("day")
    page.get_by_label("Day in the period").fill(a_year_ago)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#report-empty")).to_have_text("No tickets in this period.")
    expect(page.locator("#report-body")).to_be_hidden()

    # A period the server refuses: its message, as it said it.
    page.get_by_label("Period", exact=True).select_option("custom")
    page.get_by_label("From", exact=True).fill("2020-01-01")
    page.get_by_label("To", exact=True).fill(today)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#notice")).to_contain_text("longer than 400 days")
    # (Chromium logs the refused requests themselves; nothing else went wrong.)
    assert [e for e in errors if "status of 422" not in e] == []


def test_the_report_page_passes_axe(
    admin_server: Server, admin_staff: Staff, open_page: PageFactory
) -> None:
    admin_staff.post(f"/counters/{COUNTER_1}/session", "admin1")
    visit(admin_staff, PASSPORT, "consultation")
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    open_reports(page, admin_server, admin_staff)
    expect(page.locator("#figures dd[data-figure=served]")).not_to_have_text("0")
    expect(page.locator("#load-chart")).to_have_attribute("width", re.compile(r"^[1-9]"))
    assert serious_violations(page) == []
