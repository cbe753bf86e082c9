"""The office's live event stream over real websockets, against a real server process:
snapshot first, replay by ``since``, live events deduplicated, heartbeats, privacy."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from tests.conftest import fresh_database, in_thread, seed
from tests.factories import COUNTER_1, MAIN, PASSPORT, PASSWORD
from tests.servers import servers

V1 = "/api/v1"


@pytest.fixture
def base(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    url = fresh_database("sqlite", tmp_path, request)
    in_thread(asyncio.run, seed(url))
    with servers(url, 1, tmp_path, QMS_HEARTBEAT_SECONDS="0.5") as bases:
        yield bases[0]


class Office:
    """Staff and devices of the test office, over HTTP."""

    def __init__(self, client: httpx.AsyncClient, base: str) -> None:
        self.client, self.base = client, base
        self.headers: dict[str, dict[str, str]] = {}

    async def login(self, username: str) -> dict[str, str]:
        if username not in self.headers:
            r = await self.client.post(
                f"{self.base}{V1}/auth/login", json={"username": username, "password": PASSWORD}
            )
            self.headers[username] = {"Authorization": f"Bearer {r.json()['token']}"}
            self.client.cookies.clear()
        return self.headers[username]

    async def display_token(self) -> str:
        r = await self.client.post(
            f"{self.base}{V1}/offices/{MAIN}/devices",
            json={"kind": "display", "name": "Табло"},
            headers=await self.login("manager"),
        )
        return str(r.json()["token"])

    async def issue(self, **extra: Any) -> dict[str, Any]:
        r = await self.client.post(
            f"{self.base}{V1}/offices/{MAIN}/tickets",
            json={"service_id": PASSPORT, **extra},
            headers=await self.login("reception"),
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    async def call_and_finish(self) -> dict[str, Any]:
        admin = await self.login("admin1")
        await self.client.post(f"{self.base}{V1}/counters/{COUNTER_1}/session", headers=admin)
        r = await self.client.post(f"{self.base}{V1}/counters/{COUNTER_1}/call-next", headers=admin)
        ticket = dict(r.json())
        await self.client.post(f"{self.base}{V1}/tickets/{ticket['id']}/start", headers=admin)
        await self.client.post(
            f"{self.base}{V1}/tickets/{ticket['id']}/finish",
            json={"outcome": "consultation", "note": "особисте"},
            headers=admin,
        )
        return ticket


def ws_url(base: str, token: str, since: int = 0) -> str:
    return f"{base.replace('http', 'ws')}/ws/offices/{MAIN}?token={token}&since={since}"


async def receive(ws: ClientConnection, kind: str | None = None) -> dict[str, Any]:
    """The next message (of ``kind``, skipping heartbeats otherwise)."""
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), timeout=5))
        if (kind is None and message["type"] != "heartbeat") or message["type"] == kind:
            return dict(message)


def test_a_display_sees_the_board_then_each_call(base: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, base)
            token = await office.display_token()
            async with connect(ws_url(base, token)) as ws:
                snapshot = await receive(ws, "snapshot")
                assert [c["number"] for c in snapshot["data"]["counters"]] == [1, 2, 3]
                ticket = await office.issue(note="Прізвище, телефон", priority="veteran")
                await office.call_and_finish()
                opened, called = await receive(ws), await receive(ws)
                assert (opened["type"], called["type"]) == ("counter.opened", "ticket.called")
                assert called["data"]["number"] == ticket["number"]
                assert called["data"]["counter_number"] == 1
                assert "note" not in called["data"] and "priority" not in called["data"]
                # Issuing, starting and finishing are not a display's business: only
                # heartbeats follow, and one soon shows the log went on past the call (an
                # earlier one may have been sent between the call and the start).
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), timeout=5))
                    assert message["type"] == "heartbeat", message
                    if message["seq"] > called["seq"]:
                        break

    asyncio.run(scenario())


def test_a_reconnecting_display_gets_every_missed_event_in_order(base: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, base)
            token = await office.display_token()
            async with connect(ws_url(base, token)) as ws:
                last = (await receive(ws, "snapshot"))["seq"]
            numbers = []
            for _ in range(10):
                numbers.append((await office.issue())["number"])
                await office.call_and_finish()
            async with connect(ws_url(base, token, since=last)) as ws:
                await receive(ws, "snapshot")
                seen = []
                while len([m for m in seen if m["type"] == "ticket.called"]) < 10:
                    seen.append(await receive(ws))
            seqs = [m["seq"] for m in seen]
            assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
            called = [m["data"]["number"] for m in seen if m["type"] == "ticket.called"]
            assert called == numbers

    asyncio.run(scenario())


def test_heartbeats_carry_the_latest_seq(base: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, base)
            token = await office.display_token()
            await office.issue()
            async with connect(ws_url(base, token)) as ws:
                snapshot = await receive(ws, "snapshot")
                heartbeat = await receive(ws, "heartbeat")
                assert heartbeat["seq"] == snapshot["seq"] >= 1

    asyncio.run(scenario())


def test_staff_see_the_full_event(base: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, base)
            token = (await office.login("reception"))["Authorization"].removeprefix("Bearer ")
            async with connect(ws_url(base, token)) as ws:
                await receive(ws, "snapshot")
                await office.issue(priority="veteran")
                issued = await receive(ws)
                assert issued["data"]["priority"] == "veteran"

    asyncio.run(scenario())


@pytest.mark.parametrize("token", ["", "d_not-a-real-token"])
def test_no_stream_without_a_valid_token(base: str, token: str) -> None:
    async def scenario() -> None:
        # refused before the handshake completes: the server answers 403
        with pytest.raises(InvalidStatus) as err:
            async with connect(ws_url(base, token)) as ws:
                await receive(ws)
        assert err.value.response.status_code == 403

    asyncio.run(scenario())


def test_kiosks_and_other_offices_do_not_follow_the_stream(base: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, base)
            r = await client.post(
                f"{base}{V1}/offices/{MAIN}/devices",
                json={"kind": "kiosk", "name": "Кіоск"},
                headers=await office.login("manager"),
            )
            remote = (await office.login("remote1"))["Authorization"].removeprefix("Bearer ")
            for token in (r.json()["token"], remote):
                with pytest.raises(InvalidStatus) as err:
                    async with connect(ws_url(base, token)) as ws:
                        await receive(ws)
                assert err.value.response.status_code == 403

    asyncio.run(scenario())


def test_reception_sees_which_displays_are_alive(base: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, base)
            token = await office.display_token()
            devices_url = f"{base}{V1}/offices/{MAIN}/devices"
            manager = await office.login("manager")
            before = (await client.get(devices_url, headers=manager)).json()
            assert [d["online"] for d in before] == [False]
            async with connect(ws_url(base, token)) as ws:
                await receive(ws, "heartbeat")
                during = (await client.get(devices_url, headers=manager)).json()
            assert during[0]["online"] is True and during[0]["last_seen_at"]

    asyncio.run(scenario())


def test_a_display_limited_to_a_zone_sees_only_its_windows(base: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, base)
            token = await office.display_token()
            async with connect(f"{ws_url(base, token)}&zone=B") as ws:
                snapshot = await receive(ws, "snapshot")
                assert snapshot["data"]["counters"] == []  # the test office's windows are in A
                await office.issue()
                await office.call_and_finish()  # at window 1, zone A
                latest = snapshot["seq"] + 5  # issued, opened, called, started, finished
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), timeout=5))
                    assert message["type"] == "heartbeat", message
                    if message["seq"] >= latest:
                        break

    asyncio.run(scenario())


def phone_url(base: str, track_token: str) -> str:
    return f"{base.replace('http', 'ws')}/ws/track/{track_token}"


async def next_view(ws: ClientConnection, **expected: Any) -> dict[str, Any]:
    """The phone's next view that has the expected values (skipping heartbeats)."""
    while True:
        message = await receive(ws, "ticket")
        data = dict(message["data"])
        if all(data.get(k) == v for k, v in expected.items()):
            return data


def test_the_phone_follows_its_ticket_from_waiting_to_rated(base: str) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, base)
            first = await office.issue()
            mine = await office.issue(note="особисте")
            async with connect(phone_url(base, mine["track_token"])) as ws:
                view = await next_view(ws)
                assert (view["number"], view["status"], view["position"]) == (
                    mine["number"],
                    "waiting",
                    1,
                )
                assert "note" not in view and "track_token" not in view
                assert view["office_name_uk"]
                await office.call_and_finish()  # the visitor before me
                assert (await next_view(ws, position=0))["status"] == "waiting"
                called = await office.call_and_finish()
                assert called["id"] == mine["id"]
                done = await next_view(ws, status="done")
                assert (done["ratable"], done["rated"]) == (True, False)
                r = await client.post(
                    f"{base}{V1}/track/{mine['track_token']}/rating", json={"score": 5}
                )
                assert r.status_code == 201
                rated = await next_view(ws, rated=True)
                assert rated["ratable"] is False
                assert rated["rating"]["score"] == 5
            assert first["id"] != mine["id"]

    asyncio.run(scenario())


def test_a_guessed_token_gets_no_stream(base: str) -> None:
    async def scenario() -> None:
        with pytest.raises(InvalidStatus):
            async with connect(phone_url(base, "guessed-token-0000")):
                pass

    asyncio.run(scenario())
