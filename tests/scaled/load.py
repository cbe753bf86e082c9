"""A small load of the real clients for the fault tests: kiosks issuing (with an
idempotency key per tap, retried as the kiosk retries), administrators calling and
serving, hall displays following the office stream and reconnecting as the page does.

Every client keeps what the server acknowledged, so a test can check afterwards that
nothing acknowledged was lost and nothing was done twice.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from tests.e2e.test_event_stream import ws_url
from tests.factories import MAIN, PASSPORT, PASSWORD, RESIDENCE

V1 = "/api/v1"
RETRYABLE = {502, 503, 504}


@dataclass
class Tally:
    """What the clients saw."""

    issued: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> ticket (201)
    called: list[int] = field(default_factory=list)  # ticket ids of acknowledged calls
    statuses: Counter[int] = field(default_factory=Counter)  # every answer's status
    transport_errors: int = 0
    unavailable: list[httpx.Response] = field(default_factory=list)  # the 503s

    def saw(self, r: httpx.Response) -> None:
        self.statuses[r.status_code] += 1
        if r.status_code == 503:
            self.unavailable.append(r)


async def login(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    for _ in range(50):
        try:
            r = await client.post(
                f"{V1}/auth/login", json={"username": username, "password": PASSWORD}
            )
        except httpx.TransportError:
            r = None
        if r is not None and r.status_code == 200:
            client.cookies.clear()
            return {"Authorization": f"Bearer {r.json()['token']}"}
        await asyncio.sleep(0.1)
    raise AssertionError(f"{username} could not log in")


async def send(
    client: httpx.AsyncClient, tally: Tally, method: str, path: str, **kw: Any
) -> httpx.Response | None:
    """One request; None if the connection broke (the answer is unknown)."""
    try:
        r = await client.request(method, path, **kw)
    except httpx.TransportError:
        tally.transport_errors += 1
        return None
    tally.saw(r)
    return r


async def kiosk(base: str, name: str, tally: Tally, stop: asyncio.Event) -> None:
    """Taps "take a ticket" in a loop; a tap whose answer was lost is sent again with the
    same key until it is acknowledged, as the kiosk page does."""
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        headers = await login(client, "reception")
        for n in itertools.count():
            if stop.is_set():
                return
            key = f"{name}-{n}"
            service = (PASSPORT, RESIDENCE)[n % 2]
            while True:
                r = await send(
                    client, tally, "POST", f"{V1}/offices/{MAIN}/tickets",
                    json={"service_id": service}, headers=headers | {"Idempotency-Key": key},
                )  # fmt: skip
                if r is not None and r.status_code == 201:
                    tally.issued[key] = r.json()
                    break
                assert r is None or r.status_code in RETRYABLE, r.text
                await asyncio.sleep(0.05)


async def window(base: str, username: str, counter: int, tally: Tally, stop: asyncio.Event) -> None:
    """An administrator: call next, start, finish. After an answer that was lost, the
    window asks its counter what it holds (as the page does on reload) and finishes it."""
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        headers = await login(client, username)

        async def step(path: str, **kw: Any) -> httpx.Response | None:
            return await send(client, tally, "POST", path, headers=headers, **kw)

        async def finish(ticket_id: int) -> bool:
            started = await step(f"{V1}/tickets/{ticket_id}/start")
            if started is None or started.status_code in RETRYABLE:
                return False
            done = await step(f"{V1}/tickets/{ticket_id}/finish", json={"outcome": "consultation"})
            return done is not None and done.status_code == 200

        while not stop.is_set():
            session = await step(f"{V1}/counters/{counter}/session")
            if session is None or session.status_code != 200:
                await asyncio.sleep(0.1)
                continue
            held = session.json()["current_ticket_id"]
            if held is not None:  # an earlier call or finish whose answer was lost
                await finish(held)
                continue
            r = await step(f"{V1}/counters/{counter}/call-next")
            if r is None or r.status_code in RETRYABLE:
                continue
            if r.status_code == 204:
                await asyncio.sleep(0.05)
                continue
            assert r.status_code == 200, r.text
            tally.called.append(r.json()["id"])
            await finish(r.json()["id"])


@dataclass
class Display:
    """A hall display on the office stream; it reconnects (through nginx) from the last
    event it saw, as display/static/display/stream.js does."""

    base: str
    token: str
    called: list[str] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)
    connections: int = 0
    last: int = 0

    async def follow(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                async with connect(ws_url(self.base, self.token, since=self.last)) as ws:
                    self.connections += 1
                    await self._read(ws, stop)
            except (OSError, WebSocketException, TimeoutError):
                await asyncio.sleep(0.2)

    async def _read(self, ws: ClientConnection, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), timeout=0.5)
            except TimeoutError:
                continue
            message = json.loads(raw)
            if message["type"] == "heartbeat":
                continue
            if message["type"] == "snapshot":
                # the missed events (seq <= the snapshot's) follow a reconnection's snapshot
                self.last = self.last or message["seq"]
                continue
            if message["seq"] <= self.last:
                continue  # a heartbeat of an event already seen
            self.last = message["seq"]
            self.seqs.append(message["seq"])
            if message["type"] == "ticket.called":
                self.called.append(message["data"]["number"])


def pg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def stored(url: str) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
    """The tickets and the call events as the database holds them."""
    conn = await asyncpg.connect(pg_dsn(url))
    try:
        tickets = await conn.fetch(
            "SELECT id, number, business_day, status FROM tickets WHERE office_id = $1", MAIN
        )
        calls = await conn.fetch(
            "SELECT ticket_id, seq, data FROM events WHERE office_id = $1 "
            "AND type = 'ticket.called' ORDER BY seq",
            MAIN,
        )
    finally:
        await conn.close()
    return tickets, calls


class Clients:
    """Client tasks that stop together: ``stop()`` asks them to finish (and raises what
    any of them raised); leaving the block, for whatever reason, stops whatever still
    runs, so a failed test never hangs on its clients."""

    def __init__(self) -> None:
        self.stopping = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []

    def start(self, coroutine: Any) -> None:
        self.tasks.append(asyncio.create_task(coroutine))

    def check(self) -> None:
        """Raise the first error a client met (a client's assertion fails the test)."""
        for task in self.tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise task.exception()  # type: ignore[misc]

    async def stop(self, within: float = 15) -> None:
        self.stopping.set()
        if self.tasks:
            _, pending = await asyncio.wait(self.tasks, timeout=within)
            assert not pending, f"{len(pending)} clients did not stop within {within} s"
        self.check()

    async def __aenter__(self) -> Clients:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stopping.set()
        for task in self.tasks:
            if not task.done():
                task.cancel()
        await asyncio.wait_for(asyncio.gather(*self.tasks, return_exceptions=True), 10)


async def until(check: Any, within: float, what: str, *running: Clients) -> None:
    deadline = time.monotonic() + within
    while not check():
        for clients in running:
            clients.check()
        assert time.monotonic() < deadline, f"{what}: not within {within} s"
        await asyncio.sleep(0.05)
