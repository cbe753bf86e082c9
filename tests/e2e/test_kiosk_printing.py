"""A kiosk's ticket from the tap to the paper: kiosk → server → printer (a fake network
printer on 127.0.0.1 that answers status queries) → the kiosk's answer → reception's alert.
The printed bytes are decoded back into text, QR payload and cut."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from queue_server.service.alerts import raise_offline_alerts
from queue_server.service.print_agent import fail_unreported_jobs
from tests.conftest import Api
from tests.factories import ELSEWHERE, MAIN, PASSPORT
from tests.printing.escpos_decoder import decode
from tests.printing.fake_printer import FakePrinter

V1 = "/api/v1"


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    with FakePrinter() as fake:
        yield fake


class Kiosk:
    """A kiosk of the test office with its headers and id."""

    def __init__(self, api: Api, device_id: int, headers: dict[str, str]) -> None:
        self.api, self.id, self.headers = api, device_id, headers

    async def take(self, service_id: int = PASSPORT, key: str | None = None, **body: Any) -> Any:
        headers = self.headers | ({"Idempotency-Key": key} if key else {})
        return await self.api.client.post(
            f"{V1}/offices/{MAIN}/tickets",
            json={"service_id": service_id, "print": True} | body,
            headers=headers,
        )

    async def me(self) -> dict[str, Any]:
        r = await self.api.client.get(f"{V1}/devices/me", headers=self.headers)
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]


async def kiosk_with_printer(api: Api, url: str | None, **settings: Any) -> Kiosk:
    manager = await api.as_("manager")
    r = await api.client.post(
        f"{V1}/offices/{MAIN}/devices", json={"kind": "kiosk", "name": "Кіоск 1"}, headers=manager
    )
    assert r.status_code == 201, r.text
    kiosk = Kiosk(api, r.json()["id"], {"Authorization": f"Bearer {r.json()['token']}"})
    if url is not None:
        r = await api.client.put(
            f"{V1}/devices/{kiosk.id}/printer", json={"url": url} | settings, headers=manager
        )
        assert r.status_code == 200, r.text
    return kiosk


async def open_alerts(api: Api) -> list[dict[str, Any]]:
    r = await api.client.get(f"{V1}/offices/{MAIN}/alerts", headers=await api.as_("reception"))
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


class TestPrintedTicket:
    async def test_the_ticket_comes_out_of_the_printer_in_ukrainian_with_its_qr_code(
        self, api: Api, printer: FakePrinter
    ) -> None:
        kiosk = await kiosk_with_printer(api, f"tcp://127.0.0.1:{printer.port}")
        r = await kiosk.take()
        assert r.status_code == 201, r.text
        ticket = r.json()
        assert ticket["print_job"]["status"] == "printed"
        [job] = printer.jobs
        slip = decode(job)
        assert ticket["number"] in slip.lines
        assert "Ваш талон" in slip.lines
        assert any(line.startswith("Перед вами: 0") for line in slip.lines)
        assert slip.qr_payloads == [
            f"http://qms.test/t/{ticket['track_token']}"
        ]  # the request's own address
        assert slip.code_pages == [46]  # CP1251
        assert slip.ends_with_cut

    async def test_an_english_visitor_gets_ukrainian_first_with_english_beside_it(
        self, api: Api, printer: FakePrinter
    ) -> None:
        kiosk = await kiosk_with_printer(
            api, f"tcp://127.0.0.1:{printer.port}", codepage="cp866", paper_mm=58
        )
        r = await kiosk.take(language="en", priority="disability")
        assert r.json()["print_job"]["status"] == "printed", r.text
        slip = decode(printer.jobs[0])
        assert slip.code_pages == [17]  # CP866
        assert "Ваш талон / Your ticket" in slip.lines
        assert all(len(line) <= 32 for line in slip.lines)  # 58 mm paper
        assert any("Priority" in line for line in slip.lines)

    async def test_a_retried_tap_returns_the_same_ticket_and_prints_it_once(
        self, api: Api, printer: FakePrinter
    ) -> None:
        kiosk = await kiosk_with_printer(api, f"tcp://127.0.0.1:{printer.port}")
        first = (await kiosk.take(key="tap-1")).json()
        again = await kiosk.take(key="tap-1")
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json()["id"] == first["id"]
        assert again.json()["print_job"]["id"] == first["print_job"]["id"]
        assert len(printer.jobs) == 1

    async def test_a_kiosk_without_a_printer_gets_its_ticket_to_show_on_screen(
        self, api: Api
    ) -> None:
        kiosk = await kiosk_with_printer(api, None)
        r = await kiosk.take()
        assert r.status_code == 201
        assert r.json()["print_job"] is None
        assert (await kiosk.me())["printer"] == {
            "configured": False,
            "status": "none",
            "can_print": False,
        }


class TestPrinterTrouble:
    async def test_paper_out_keeps_the_ticket_switches_to_screen_and_alerts_reception_once(
        self, api: Api, printer: FakePrinter
    ) -> None:
        kiosk = await kiosk_with_printer(api, f"tcp://127.0.0.1:{printer.port}")
        printer.state = "paper_out"
        r = await kiosk.take()
        assert r.status_code == 201
        job = r.json()["print_job"]
        assert (job["status"], job["reason"]) == ("failed", "paper_out")
        assert printer.jobs == []  # nothing was sent to a printer without paper
        assert (await kiosk.me())["printer"]["can_print"] is False
        second = await kiosk.take()
        assert second.json()["print_job"] is None  # straight to the on-screen QR ticket
        [alert] = await open_alerts(api)
        assert (alert["kind"], alert["detail"], alert["device_id"]) == (
            "printer",
            "paper_out",
            kiosk.id,
        )

        # Paper changed: nothing reprints by itself; reception reprints explicitly.
        printer.state = "ok"
        assert (await kiosk.me())["printer"]["can_print"] is True
        assert printer.jobs == []
        desk = await api.as_("reception")
        r = await api.client.post(f"{V1}/alerts/{alert['id']}/ack", headers=desk)
        assert r.json()["acknowledged_by"] is not None
        assert await open_alerts(api) == []
        r = await api.client.post(
            f"{V1}/tickets/{second.json()['id']}/print", json={"device_id": kiosk.id}, headers=desk
        )
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "printed"
        assert second.json()["number"] in decode(printer.jobs[0]).lines

    async def test_an_unreachable_printer_is_offline(self, api: Api) -> None:
        with FakePrinter() as gone:
            port = gone.port
        kiosk = await kiosk_with_printer(api, f"tcp://127.0.0.1:{port}?timeout=1")
        job = (await kiosk.take()).json()["print_job"]
        assert (job["status"], job["reason"]) == ("failed", "offline")
        [alert] = await open_alerts(api)
        assert alert["detail"] == "offline"

    async def test_reprint_is_refused_while_the_printer_cannot_print(
        self, api: Api, printer: FakePrinter
    ) -> None:
        kiosk = await kiosk_with_printer(api, f"tcp://127.0.0.1:{printer.port}")
        printer.state = "offline"
        ticket = (await kiosk.take()).json()
        r = await api.client.post(
            f"{V1}/tickets/{ticket['id']}/print",
            json={"device_id": kiosk.id},
            headers=await api.as_("reception"),
        )
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "printer_not_ready"


class TestReferralSlip:
    async def test_a_service_of_another_body_prints_where_to_go(
        self, api: Api, printer: FakePrinter
    ) -> None:
        kiosk = await kiosk_with_printer(api, f"tcp://127.0.0.1:{printer.port}")
        r = await api.client.post(
            f"{V1}/services/{ELSEWHERE}/referral-slip", json={}, headers=kiosk.headers
        )
        assert r.status_code == 201, r.text
        assert (r.json()["kind"], r.json()["status"]) == ("referral", "printed")
        lines = decode(printer.jobs[0]).lines
        assert "Пенсійний фонд" in lines
        assert "Телефон: +380 56 000 00 00" in lines

    async def test_a_service_of_the_centre_needs_no_referral(
        self, api: Api, printer: FakePrinter
    ) -> None:
        kiosk = await kiosk_with_printer(api, f"tcp://127.0.0.1:{printer.port}")
        r = await api.client.post(
            f"{V1}/services/{PASSPORT}/referral-slip", json={}, headers=kiosk.headers
        )
        assert r.status_code == 422
        assert printer.jobs == []


class TestRateLimit:
    async def test_a_kiosk_cannot_empty_the_numbers_but_reception_is_not_limited(
        self, api: Api
    ) -> None:
        kiosk = await kiosk_with_printer(api, None)
        for _ in range(10):
            assert (await kiosk.take()).status_code == 201
        r = await kiosk.take()
        assert r.status_code == 429
        assert r.headers["Retry-After"] == "60"
        assert "Зачекайте" in r.json()["error"]["message"]
        desk = await api.as_("reception")
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/tickets", json={"service_id": PASSPORT}, headers=desk
        )
        assert r.status_code == 201
        api.stack.clock.advance(seconds=61)
        assert (await kiosk.take()).status_code == 201


class TestPrintAgent:
    async def test_the_agent_prints_the_job_the_server_rendered_and_reports_it(
        self, api: Api
    ) -> None:
        kiosk = await kiosk_with_printer(api, "agent://")
        assert (await kiosk.me())["printer"]["can_print"] is False  # no agent has spoken yet
        r = await api.client.post(
            f"{V1}/print-agent/status", json={"status": "ok"}, headers=kiosk.headers
        )
        assert r.status_code == 204
        ticket = (await kiosk.take()).json()
        assert ticket["print_job"]["status"] == "queued"
        r = await api.client.post(f"{V1}/print-agent/claim", headers=kiosk.headers)
        assert r.status_code == 200, r.text
        claimed = r.json()
        assert ticket["number"] in decode(base64.b64decode(claimed["data"])).lines
        r = await api.client.post(f"{V1}/print-agent/claim", headers=kiosk.headers)
        assert r.status_code == 204  # claimed once, never handed out again
        r = await api.client.post(
            f"{V1}/print-jobs/{claimed['id']}/result",
            json={"printed": True, "status": "paper_low"},
            headers=kiosk.headers,
        )
        assert r.json()["status"] == "printed"
        r = await api.client.get(f"{V1}/print-jobs/{claimed['id']}", headers=kiosk.headers)
        assert r.json()["status"] == "printed"
        assert (await kiosk.me())["printer"] == {
            "configured": True,
            "status": "paper_low",
            "can_print": True,
        }

    async def test_a_job_the_agent_never_reports_fails_and_is_not_printed_again(
        self, api: Api
    ) -> None:
        kiosk = await kiosk_with_printer(api, "agent://")
        await api.client.post(
            f"{V1}/print-agent/status", json={"status": "ok"}, headers=kiosk.headers
        )
        job = (await kiosk.take()).json()["print_job"]
        await api.client.post(f"{V1}/print-agent/claim", headers=kiosk.headers)
        api.stack.clock.advance(minutes=3)
        assert await fail_unreported_jobs(uow=api.stack.uow, clock=api.stack.clock) == 1
        r = await api.client.get(f"{V1}/print-jobs/{job['id']}", headers=kiosk.headers)
        assert (r.json()["status"], r.json()["reason"]) == ("failed", "no_report")
        r = await api.client.post(
            f"{V1}/print-jobs/{job['id']}/result",
            json={"printed": True, "status": "ok"},
            headers=kiosk.headers,
        )
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "print_job_done"

    async def test_a_silent_agent_means_the_kiosk_shows_tickets_on_screen(self, api: Api) -> None:
        kiosk = await kiosk_with_printer(api, "agent://")
        await api.client.post(
            f"{V1}/print-agent/status", json={"status": "ok"}, headers=kiosk.headers
        )
        api.stack.clock.advance(minutes=5)
        assert (await kiosk.me())["printer"]["status"] == "offline"
        assert (await kiosk.take()).json()["print_job"] is None


class TestHelpButton:
    async def test_help_alerts_reception_once_until_someone_comes(self, api: Api) -> None:
        kiosk = await kiosk_with_printer(api, None)
        first = await api.client.post(f"{V1}/devices/me/help", headers=kiosk.headers)
        again = await api.client.post(f"{V1}/devices/me/help", headers=kiosk.headers)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        [alert] = await open_alerts(api)
        assert (alert["kind"], alert["detail"]) == ("help", "Кіоск 1")
        await api.client.post(f"{V1}/alerts/{alert['id']}/ack", headers=await api.as_("reception"))
        assert (
            await api.client.post(f"{V1}/devices/me/help", headers=kiosk.headers)
        ).status_code == 201


class TestSilentDevices:
    async def test_a_device_that_stops_reporting_raises_one_alert_per_silence(
        self, api: Api
    ) -> None:
        kiosk = await kiosk_with_printer(api, None)
        silence = timedelta(minutes=1)

        async def sweep() -> int:
            return await raise_offline_alerts(
                uow=api.stack.uow, clock=api.stack.clock, silence=silence
            )

        assert await sweep() == 0  # registered kiosks that never spoke are not "offline"
        await kiosk.me()
        api.stack.clock.advance(seconds=59)
        assert await sweep() == 0
        api.stack.clock.advance(seconds=2)
        assert await sweep() == 1
        assert await sweep() == 0
        [alert] = await open_alerts(api)
        assert (alert["kind"], alert["detail"]) == ("offline", "Кіоск 1")
        await api.client.post(f"{V1}/alerts/{alert['id']}/ack", headers=await api.as_("reception"))
        api.stack.clock.advance(minutes=10)
        assert await sweep() == 0  # still the same silence, already seen to
        await kiosk.me()  # back, then silent again: a new alert
        api.stack.clock.advance(minutes=2)
        assert await sweep() == 1


class TestPrinterSettings:
    async def test_a_bad_printer_url_is_refused_with_what_is_supported(self, api: Api) -> None:
        kiosk = await kiosk_with_printer(api, None)
        r = await api.client.put(
            f"{V1}/devices/{kiosk.id}/printer",
            json={"url": "lpt://1"},
            headers=await api.as_("manager"),
        )
        assert r.status_code == 422
        assert "tcp://host:9100" in r.json()["error"]["message"]

    async def test_the_manager_sees_each_kiosks_printer_and_its_status(
        self, api: Api, printer: FakePrinter
    ) -> None:
        kiosk = await kiosk_with_printer(api, f"tcp://127.0.0.1:{printer.port}")
        printer.state = "paper_low"
        await kiosk.me()
        r = await api.client.get(f"{V1}/offices/{MAIN}/devices", headers=await api.as_("manager"))
        [device] = [d for d in r.json() if d["id"] == kiosk.id]
        assert device["printer"]["status"] == "paper_low"
        assert device["printer"]["can_print"] is True
