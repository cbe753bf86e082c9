"""The kiosk's paper, end to end with nothing faked: kiosk page → server → a fake ESC/POS
network printer on 127.0.0.1 (it answers status queries) → what the kiosk screen says →
the alert reception gets. The printed bytes are decoded back into text and QR payload."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Staff
from tests.browser.kiosk_pages import Kiosk, kiosk_device
from tests.factories import MAIN
from tests.printing.escpos_decoder import decode
from tests.printing.fake_printer import FakePrinter
from tests.servers import Server

V1 = "/api/v1"


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    with FakePrinter() as fake:
        yield fake


def kiosk_with_printer(
    page: Page, server: Server, people: Staff, url: str, name: str = "Кіоск з принтером"
) -> tuple[Kiosk, dict[str, Any]]:
    """A new kiosk whose printer is ``url``, set up by the manager."""
    device = kiosk_device(people, name=name)
    r = people.client.put(
        f"/devices/{device['id']}/printer", json={"url": url}, headers=people.as_("manager")
    )
    assert r.status_code == 200, r.text
    return Kiosk(page, server.url, device["token"]), device


def open_alerts(people: Staff, device_id: int) -> list[dict[str, Any]]:
    r = people.client.get(f"/offices/{MAIN}/alerts", headers=people.as_("reception"))
    return [a for a in r.json() if a["device_id"] == device_id]


def take_popular_ticket(kiosk: Kiosk) -> str:
    kiosk.start()
    kiosk.choose_popular("Послуга passport")
    return kiosk.result_number()


def test_the_ticket_comes_out_of_the_printer_and_the_kiosk_says_take_it(
    kiosk_page: Page, kiosk_server: Server, people: Staff, printer: FakePrinter
) -> None:
    kiosk, _ = kiosk_with_printer(
        kiosk_page, kiosk_server, people, f"tcp://127.0.0.1:{printer.port}"
    )
    kiosk.open()
    expect(kiosk.page.locator("#print-hint")).to_have_text("Талон буде надруковано")
    number = take_popular_ticket(kiosk)
    expect(kiosk.print_status()).to_have_attribute("data-state", "printed")
    expect(kiosk.print_status()).to_have_text("Заберіть талон")
    printer.wait_for_connections(2)  # the status query, then the job
    [job] = printer.jobs
    slip = decode(job)
    assert number in slip.lines
    assert "Ваш талон" in slip.lines
    [qr] = slip.qr_payloads
    assert qr.startswith(f"{kiosk_server.url}/t/")
    # The QR code on the screen opens the same phone page as the one on paper.
    src = kiosk.page.locator("#screen img").first.get_attribute("src") or ""
    assert src.endswith(f"/qr/{qr.rsplit('/', 1)[1]}.svg")


def test_paper_out_puts_the_ticket_on_screen_and_alerts_reception(
    kiosk_page: Page, kiosk_server: Server, people: Staff, printer: FakePrinter
) -> None:
    kiosk, device = kiosk_with_printer(
        kiosk_page, kiosk_server, people, f"tcp://127.0.0.1:{printer.port}"
    )
    kiosk.open()
    printer.state = "paper_out"  # the roll runs out between the page load and the tap
    number = take_popular_ticket(kiosk)
    status = kiosk.print_status()
    expect(status).to_have_attribute("data-state", "screen")
    expect(status).to_contain_text("Сфотографуйте QR-код — це ваш талон")
    assert printer.jobs == []
    [alert] = open_alerts(people, device["id"])
    assert (alert["kind"], alert["detail"]) == ("printer", "paper_out")
    # The ticket is real: reception finds it by the number on the screen.
    r = people.client.get(
        f"/offices/{MAIN}/tickets", params={"number": number}, headers=people.as_("reception")
    )
    assert [t["number"] for t in r.json()] == [number]


def test_an_unreachable_printer_is_offline_and_the_ticket_stays_on_screen(
    kiosk_page: Page, kiosk_server: Server, people: Staff
) -> None:
    with FakePrinter() as gone:
        port = gone.port
    kiosk, device = kiosk_with_printer(
        kiosk_page, kiosk_server, people, f"tcp://127.0.0.1:{port}?timeout=1"
    )
    kiosk.open()
    expect(kiosk.page.locator("#print-hint")).to_contain_text("Талон буде на екрані")
    take_popular_ticket(kiosk)
    expect(kiosk.print_status()).to_have_attribute("data-state", "screen")
    [alert] = open_alerts(people, device["id"])
    assert alert["detail"] == "offline"


def test_a_print_agent_that_never_takes_the_job_leaves_the_ticket_on_screen(
    kiosk_page: Page, kiosk_server: Server, people: Staff
) -> None:
    kiosk, device = kiosk_with_printer(kiosk_page, kiosk_server, people, "agent://")
    agent = {"Authorization": f"Bearer {device['token']}"}
    r = people.client.post("/print-agent/status", json={"status": "ok"}, headers=agent)
    assert r.status_code == 204
    kiosk.page.clock.install()
    kiosk.open()
    take_popular_ticket(kiosk)
    expect(kiosk.print_status()).to_have_attribute("data-state", "printing")
    kiosk.page.clock.run_for(16_000)
    expect(kiosk.print_status()).to_have_attribute("data-state", "screen")


def test_directions_come_out_of_the_printer_or_are_photographed_when_it_cannot(
    kiosk_page: Page, kiosk_server: Server, people: Staff, printer: FakePrinter
) -> None:
    kiosk, _ = kiosk_with_printer(
        kiosk_page, kiosk_server, people, f"tcp://127.0.0.1:{printer.port}"
    )
    kiosk.open()
    kiosk.start()
    kiosk.open_sphere("Інше")
    kiosk.open_service("Послуга elsewhere")
    kiosk.tap("Надрукувати довідку")
    expect(kiosk.page.locator("#slip-status")).to_have_text("Заберіть довідку")
    lines = decode(printer.jobs[0]).lines
    assert "Пенсійний фонд" in lines
    assert "Адреса: вул. Соборна, 1" in lines

    printer.state = "offline"  # a cover opened: the next visitor photographs the screen
    kiosk.tap("Назад")
    kiosk.open_service("Послуга elsewhere")
    kiosk.tap("Надрукувати довідку")
    expect(kiosk.page.locator("#slip-status")).to_contain_text("Сфотографуйте")
    assert len(printer.jobs) == 1


def test_an_english_priority_walk_prints_ukrainian_first_with_english_beside_it(
    kiosk_page: Page, kiosk_server: Server, people: Staff, printer: FakePrinter
) -> None:
    kiosk, _ = kiosk_with_printer(
        kiosk_page, kiosk_server, people, f"tcp://127.0.0.1:{printer.port}"
    )
    kiosk.open()
    kiosk.switch_language("en")
    kiosk.start(take="Get a ticket")
    kiosk.popular_info("Service passport", about="About the service")
    kiosk.ask_priority("I am entitled to priority service")
    kiosk.choose_priority("Veterans")
    number = kiosk.result_number()
    expect(kiosk.print_status()).to_have_attribute("data-state", "printed")
    slip = decode(printer.jobs[0])
    assert number in slip.lines
    assert "Ваш талон / Your ticket" in slip.lines
    assert any("Priority: document checked at the window" in line for line in slip.lines)
    assert slip.code_pages == [46]  # CP1251: the Ukrainian comes out as Ukrainian
