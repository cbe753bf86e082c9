"""What the administrator's window and the reception desk read and do over HTTP: the
queue a counter calls from, an administrator's day, a ticket's history, finding a ticket
by number, and the air-raid pause of the whole office."""

from __future__ import annotations

from typing import Any

from queue_server.domain.users import DeviceKind, Principal
from queue_server.service.stream import visible
from tests.conftest import Api
from tests.factories import COUNTER_1, MAIN, PASSPORT, RESIDENCE

V1 = "/api/v1"


async def issue(api: Api, service_id: int = PASSPORT, **extra: object) -> dict[str, Any]:
    r = await api.client.post(
        f"{V1}/offices/{MAIN}/tickets",
        json={"service_id": service_id, **extra},
        headers=await api.as_("reception"),
    )
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


async def open_counter(api: Api, username: str = "admin1", counter: int = COUNTER_1) -> Any:
    headers = await api.as_(username)
    r = await api.client.post(f"{V1}/counters/{counter}/session", headers=headers)
    assert r.status_code == 200, r.text
    return headers


class TestTheQueueAtMyCounter:
    async def test_lists_what_call_next_would_call_in_that_order(self, api: Api) -> None:
        admin = await open_counter(api)
        plain = await issue(api)
        api.stack.clock.advance(minutes=1)
        secondary = await issue(api, RESIDENCE)  # admin1's secondary service: 10 min later
        api.stack.clock.advance(minutes=1)
        priority = await issue(api, priority="disability", document_seen=True)
        api.stack.clock.advance(minutes=3)
        r = await api.client.get(f"{V1}/counters/{COUNTER_1}/queue", headers=admin)
        queue = r.json()
        assert [t["number"] for t in queue["tickets"]] == [
            priority["number"],
            plain["number"],
            secondary["number"],
        ]
        assert queue["waiting"] == 3
        assert queue["longest_wait_s"] == 300
        assert queue["tickets"][0]["document_seen"] is True
        called = await api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        assert called.json()["number"] == queue["tickets"][0]["number"]

    async def test_a_ticket_redirected_to_me_is_marked_for_me(self, api: Api) -> None:
        admin = await open_counter(api)
        admin3 = await open_counter(api, "admin3", 3)
        ticket = await issue(api)
        await api.client.post(f"{V1}/counters/3/call/{ticket['id']}", headers=admin3)
        await api.client.post(
            f"{V1}/tickets/{ticket['id']}/redirect",
            json={"counter_id": COUNTER_1, "note": "довідка з банку"},
            headers=admin3,
        )
        [entry] = (await api.client.get(f"{V1}/counters/{COUNTER_1}/queue", headers=admin)).json()[
            "tickets"
        ]
        assert entry["for_me"] is True

    async def test_only_the_administrator_at_the_counter_sees_its_queue(self, api: Api) -> None:
        await open_counter(api)
        other = await api.as_("admin3")
        r = await api.client.get(f"{V1}/counters/{COUNTER_1}/queue", headers=other)
        assert r.status_code == 403


class TestMyDay:
    async def test_served_average_and_paused_time(self, api: Api) -> None:
        admin = await open_counter(api)
        for minutes in (4, 8):
            ticket = await issue(api)
            await api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
            await api.client.post(f"{V1}/tickets/{ticket['id']}/start", headers=admin)
            api.stack.clock.advance(minutes=minutes)
            await api.client.post(
                f"{V1}/tickets/{ticket['id']}/finish", json={"outcome": "other"}, headers=admin
            )
        gone = await issue(api)
        await api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        await api.client.post(f"{V1}/tickets/{gone['id']}/no-show", headers=admin)
        await api.client.post(
            f"{V1}/counters/{COUNTER_1}/pause", json={"reason": "обід"}, headers=admin
        )
        api.stack.clock.advance(minutes=30)
        await api.client.post(f"{V1}/counters/{COUNTER_1}/resume", headers=admin)
        await api.client.post(
            f"{V1}/counters/{COUNTER_1}/pause", json={"reason": "кава"}, headers=admin
        )
        api.stack.clock.advance(minutes=5)
        day = (await api.client.get(f"{V1}/counters/{COUNTER_1}/day", headers=admin)).json()
        assert (day["served"], day["no_shows"], day["average_service_s"]) == (2, 1, 360)
        assert day["paused_s"] == 35 * 60  # 30 min, plus the 5 min of the pause still on
        assert day["paused_since"] is not None


class TestTicketHistory:
    async def test_every_step_with_who_did_it_and_nothing_secret(self, api: Api) -> None:
        admin = await open_counter(api)
        ticket = await issue(api, note="потрібен перекладач жестової мови")
        await api.client.post(f"{V1}/counters/{COUNTER_1}/call/{ticket['id']}", headers=admin)
        await api.client.post(
            f"{V1}/tickets/{ticket['id']}/redirect",
            json={"service_id": RESIDENCE, "note": "спершу реєстрація"},
            headers=admin,
        )
        r = await api.client.get(
            f"{V1}/tickets/{ticket['id']}/history", headers=await api.as_("reception")
        )
        history = r.json()
        assert [h["type"] for h in history] == [
            "ticket.issued",
            "ticket.called",
            "ticket.redirected",
        ]
        assert [h["actor"] for h in history] == ["Рецепція", "Адміністратор 1", "Адміністратор 1"]
        assert history[2]["data"]["note"] == "спершу реєстрація"
        assert ticket["track_token"] not in r.text


class TestFindByNumber:
    async def test_reception_finds_todays_ticket_however_it_is_typed(self, api: Api) -> None:
        ticket = await issue(api)
        desk = await api.as_("reception")
        for typed in ("П-001", "п1", "п 001", "П-01 "):
            r = await api.client.get(
                f"{V1}/offices/{MAIN}/tickets", params={"number": typed}, headers=desk
            )
            assert [t["id"] for t in r.json()] == [ticket["id"]], typed
        r = await api.client.get(
            f"{V1}/offices/{MAIN}/tickets", params={"number": "П-002"}, headers=desk
        )
        assert r.json() == []
        api.stack.clock.advance(days=1)  # yesterday's numbers are not today's
        api.tokens.clear()  # and yesterday's logins have expired
        desk = await api.as_("reception")
        r = await api.client.get(
            f"{V1}/offices/{MAIN}/tickets", params={"number": "П-001"}, headers=desk
        )
        assert r.json() == []


class TestDocumentSeen:
    async def test_only_reception_can_say_it_saw_the_priority_document(self, api: Api) -> None:
        assert (await issue(api, priority="veteran", document_seen=True))["document_seen"]
        assert not (await issue(api, document_seen=True))["document_seen"]  # not a priority
        kiosk = await api.device("kiosk")
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/tickets",
            json={"service_id": PASSPORT, "priority": "veteran", "document_seen": True},
            headers=kiosk,
        )
        assert r.json()["document_seen"] is False
        assert r.json()["issued_by_kiosk"] is True


class TestAirRaidPause:
    async def test_nobody_is_called_until_the_all_clear(self, api: Api) -> None:
        admin = await open_counter(api)
        other = await open_counter(api, "admin3", 3)
        first = await issue(api)
        await issue(api)
        await api.client.post(f"{V1}/counters/3/call/{first['id']}", headers=other)
        desk = await api.as_("reception")
        r = await api.client.post(f"{V1}/offices/{MAIN}/pause", json={}, headers=desk)
        assert r.status_code == 200
        assert r.json()["paused_since"] is not None
        for attempt in (
            api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin),
            api.client.post(f"{V1}/tickets/{first['id']}/recall", headers=other),
        ):
            r = await attempt
            assert r.status_code == 409
            assert r.json()["error"]["code"] == "office_paused"
            assert "Повітряна тривога" in r.json()["error"]["message"]
        # Tickets are still issued, so nobody loses their place, and kiosks say why.
        assert (await issue(api, RESIDENCE))["status"] == "waiting"
        kiosk = await api.device("kiosk")
        me = (await api.client.get(f"{V1}/devices/me", headers=kiosk)).json()
        assert me["office"]["paused_since"] is not None
        assert me["office"]["open_now"] is True
        r = await api.client.post(f"{V1}/offices/{MAIN}/pause", json={}, headers=desk)
        assert r.status_code == 409
        queue = (await api.client.get(f"{V1}/offices/{MAIN}/queue", headers=desk)).json()
        assert queue["paused_since"] is not None

        api.stack.clock.advance(minutes=42)
        r = await api.client.post(f"{V1}/offices/{MAIN}/resume", headers=desk)
        assert r.json()["paused_since"] is None
        called = await api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        assert called.status_code == 200

    async def test_the_pause_and_its_length_are_events_a_display_hears(self, api: Api) -> None:
        desk = await api.as_("reception")
        await api.client.post(f"{V1}/offices/{MAIN}/pause", json={}, headers=desk)
        api.stack.clock.advance(minutes=42)
        await api.client.post(f"{V1}/offices/{MAIN}/resume", headers=desk)
        async with api.stack.uow(write=False) as tx:
            events = await tx.events.since(MAIN, 0, 100)
        paused, resumed = [e for e in events if e.type.startswith("office.")]
        assert (paused.type, paused.data["reason"]) == ("office.paused", "air_raid")
        assert (resumed.type, resumed.data["paused_seconds"]) == ("office.resumed", 42 * 60)

        display = Principal(kind="device", id=9, office_id=MAIN, device_kind=DeviceKind.DISPLAY)
        message = visible(paused, display)
        assert message is not None
        assert message["data"]["announce"]["uk"] == ["chime", "air-raid"]  # type: ignore[index]

    async def test_administrators_cannot_pause_the_office(self, api: Api) -> None:
        r = await api.client.post(
            f"{V1}/offices/{MAIN}/pause", json={}, headers=await api.as_("admin1")
        )
        assert r.status_code == 403
