"""The business day over HTTP: a day at the office, local midnight (Kyiv), the next
morning, and a server that was switched off over the night.

At the end of the day the tickets still in the queue (waiting or set aside) expire;
what was served stays served and rated, and counts in the day it was issued; numbering
starts again from 001 in every service; the new day's queue holds none of yesterday's
tickets; configuration, logins (within their 12 hours) and tomorrow's bookings stay as
they were. A visitor still at a window at midnight stays with that window: the
administrator finishes the visit (or marks a no-show) the next day, and the visit
counts in the day its ticket was issued.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

import queue_server.main
from queue_server.main import create_app
from queue_server.service.days import expire_previous_days
from tests.conftest import Api, Stack, make_stack, settings_for
from tests.factories import (
    CAPPED,
    COUNTER_1,
    COUNTER_2,
    COUNTER_3,
    MAIN,
    PASSPORT,
    RESIDENCE,
)

V1 = "/api/v1"
KYIV = ZoneInfo("Europe/Kyiv")
DAY_1, DAY_2 = "2026-11-23", "2026-11-24"  # a Monday and a Tuesday in winter (UTC+2)
Json = dict[str, Any]


def kyiv(day: str, hhmmss: str) -> datetime:
    """A moment of the office's local time, as the clock (UTC) gives it."""
    local = datetime.fromisoformat(f"{day}T{hhmmss}").replace(tzinfo=KYIV)
    return local.astimezone(UTC)


def test_local_midnight_in_winter_is_22_utc() -> None:
    assert kyiv(DAY_1, "23:59:59") == datetime(2026, 11, 23, 21, 59, 59, tzinfo=UTC)
    assert kyiv(DAY_2, "00:00:01") == datetime(2026, 11, 23, 22, 0, 1, tzinfo=UTC)


@pytest.fixture
async def office(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    """The seeded test office on an SQLite file, with no server running on it yet."""
    stack = await make_stack("sqlite", tmp_path, request)
    await stack.db.dispose()
    yield stack


@asynccontextmanager
async def switched_on(stack: Stack, tokens: dict[str, str]) -> AsyncIterator[Api]:
    """The server on the office's database from its start (lifespan) to its end, over
    in-process HTTP; ``tokens`` are the logins kept by the staff's browsers."""
    app = create_app(settings_for(stack.url), clock=stack.clock)
    stack.container = app.state.container
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://qms.test") as client:
            yield Api(client=client, stack=stack, tokens=tokens)


async def ok(response: Any, status: int = 200) -> Json:
    r: httpx.Response = await response
    assert r.status_code == status, r.text
    return dict(r.json())


class Desk:
    """Reception, the administrators and the manager of the test office, over HTTP."""

    def __init__(self, api: Api) -> None:
        self.api, self.c = api, api.client

    async def issue(self, service_id: int, who: str = "reception") -> Json:
        headers = await self.api.as_(who)
        return await ok(
            self.c.post(
                f"{V1}/offices/{MAIN}/tickets", json={"service_id": service_id}, headers=headers
            ),
            201,
        )

    async def ticket(self, tid: int) -> Json:
        return await ok(self.c.get(f"{V1}/tickets/{tid}", headers=await self.api.as_("reception")))

    async def history(self, tid: int) -> list[Json]:
        headers = await self.api.as_("reception")
        r = await self.c.get(f"{V1}/tickets/{tid}/history", headers=headers)
        assert r.status_code == 200, r.text
        return list(r.json())

    async def open(self, admin: str, counter_id: int) -> None:
        headers = await self.api.as_(admin)
        await ok(self.c.post(f"{V1}/counters/{counter_id}/session", headers=headers))

    async def call(self, admin: str, counter_id: int, tid: int) -> Json:
        headers = await self.api.as_(admin)
        return await ok(self.c.post(f"{V1}/counters/{counter_id}/call/{tid}", headers=headers))

    async def step(self, admin: str, tid: int, action: str, **body: str) -> Json:
        headers = await self.api.as_(admin)
        url = f"{V1}/tickets/{tid}/{action}"
        return await ok(self.c.post(url, json=body or None, headers=headers))

    async def serve(self, admin: str, counter_id: int, tid: int) -> Json:
        await self.call(admin, counter_id, tid)
        await self.step(admin, tid, "start")
        return await self.step(admin, tid, "finish", outcome="documents_accepted")

    async def queue(self, headers: dict[str, str] | None = None) -> Json:
        headers = headers or await self.api.as_("reception")
        return await ok(self.c.get(f"{V1}/offices/{MAIN}/queue", headers=headers))

    async def report(self, day: str) -> Json:
        params = {"period": "day", "day": day, "office_id": str(MAIN)}
        headers = await self.api.as_("manager")
        body = await ok(self.c.get(f"{V1}/reports", params=params, headers=headers))
        return dict(body["total"])

    async def configuration(self) -> Json:
        headers = await self.api.as_("manager")
        return await ok(self.c.get(f"{V1}/config/offices/{MAIN}", headers=headers))

    async def catalog(self) -> Json:
        return await ok(self.c.get(f"{V1}/offices/{MAIN}/services"))

    async def expire(self) -> int:
        """What the server's periodic task does each minute, on the app's own container."""
        container = self.api.stack.container
        return await expire_previous_days(uow=container.uow, clock=container.clock)


def ends(report: Json) -> tuple[int, ...]:
    """A day report's visitors, served, no-shows, expired and in progress."""
    keys = ("visitors", "served", "no_shows", "expired", "in_progress")
    return tuple(int(report[k]) for k in keys)


def tickets_left(catalog: Json) -> dict[int, int | None]:
    return {s["id"]: s["tickets_left"] for c in catalog["categories"] for s in c["services"]}


def services_of(catalog: Json) -> list[Json]:
    """The catalogue's services but for what is left of them today."""
    return [
        {k: v for k, v in s.items() if k != "tickets_left"}
        for c in catalog["categories"]
        for s in c["services"]
    ]


def numbers_on(queue: Json) -> set[str]:
    """Every ticket number a queue snapshot shows: at the windows and among the calls."""
    at_windows = {c["ticket_number"] for c in queue["counters"] if c["ticket_number"]}
    return at_windows | {call["number"] for call in queue["recent_calls"]}


async def test_a_day_at_the_office_and_the_night_after(office: Stack) -> None:
    clock, tokens = office.clock, dict[str, str]()
    clock.now = kyiv(DAY_1, "14:00:00")  # logins last 12 hours: until 02:00 on day 2
    async with switched_on(office, tokens) as api:
        desk = Desk(api)
        kiosk = await api.device("kiosk")
        display = await api.device("display")
        configuration, catalog = await desk.configuration(), await desk.catalog()
        booking = await ok(
            api.client.post(
                f"{V1}/bookings",
                json={
                    "office_id": MAIN,
                    "service_id": PASSPORT,
                    "start": f"{DAY_2}T10:30:00+02:00",
                },
            ),
            201,
        )
        for admin, counter_id in (
            ("admin1", COUNTER_1),
            ("admin2", COUNTER_2),
            ("admin3", COUNTER_3),
        ):
            await desk.open(admin, counter_id)

        # Day 1: five passports (one from the kiosk), three residences, two capped.
        issued: dict[str, Json] = {}
        for service, count in ((PASSPORT, 4), (RESIDENCE, 3), (CAPPED, 2)):
            for _ in range(count):
                ticket = await desk.issue(service)
                issued[ticket["number"]] = ticket
                clock.advance(minutes=1)
        kiosk_ticket = await ok(
            api.client.post(
                f"{V1}/offices/{MAIN}/tickets", json={"service_id": PASSPORT}, headers=kiosk
            ),
            201,
        )
        issued[kiosk_ticket["number"]] = kiosk_ticket
        assert sorted(issued) == [
            "К-001", "К-002", "П-001", "П-002", "П-003", "П-004", "П-005",
            "Р-001", "Р-002", "Р-003",
        ]  # fmt: skip
        ids = {number: t["id"] for number, t in issued.items()}

        clock.now = kyiv(DAY_1, "15:00:00")
        await desk.serve("admin1", COUNTER_1, ids["П-001"])
        await desk.serve("admin2", COUNTER_2, ids["Р-001"])
        rated = await ok(
            api.client.post(
                f"{V1}/track/{issued['П-001']['track_token']}/rating", json={"score": 5}
            ),
            201,
        )
        clock.now = kyiv(DAY_1, "17:55:00")  # closing time
        await desk.call("admin3", COUNTER_3, ids["П-002"])
        await desk.step("admin3", ids["П-002"], "start")  # being served at midnight
        await desk.call("admin2", COUNTER_2, ids["Р-002"])  # called, never came to the window
        await desk.step("reception", ids["П-003"], "park")  # went to fetch a document
        left_in_queue = ["П-003", "П-004", "П-005", "Р-003", "К-001", "К-002"]
        finished = {n: await desk.ticket(ids[n]) for n in ("П-001", "Р-001")}
        at_windows = {n: await desk.ticket(ids[n]) for n in ("П-002", "Р-002")}
        rating = await ok(api.client.get(f"{V1}/track/{issued['П-001']['track_token']}/rating"))
        assert rating["rating"]["score"] == rated["score"] == 5
        assert ends(await desk.report(DAY_1)) == (10, 2, 0, 0, 8)
        assert (await desk.queue())["waiting_total"] == 5

        # A second before local midnight nothing expires; a second after it, the day's
        # queue does.
        clock.now = kyiv(DAY_1, "23:59:59")
        assert await desk.expire() == 0
        assert (await desk.ticket(ids["П-004"]))["status"] == "waiting"
        clock.now = kyiv(DAY_2, "00:00:01")
        assert await desk.expire() == len(left_in_queue)
        assert await desk.expire() == 0  # once only

        for number in left_in_queue:
            ticket = await desk.ticket(ids[number])
            assert (ticket["status"], ticket["finished_at"]) == ("expired", "2026-11-23T22:00:01Z")
            last = (await desk.history(ids[number]))[-1]
            assert (last["type"], last["actor"]) == ("ticket.expired", "система / system")
        for number, before in finished.items():
            assert await desk.ticket(ids[number]) == before
        assert (
            await ok(api.client.get(f"{V1}/track/{issued['П-001']['track_token']}/rating"))
            == rating
        )
        # The visitors at windows 2 and 3 stay there: expiry leaves a called or served
        # ticket alone, and the administrators decide (finish, no-show) in the morning.
        for number, before in at_windows.items():
            assert await desk.ticket(ids[number]) == before

        # The new day's queue: nobody waiting, and of yesterday only the two visitors
        # still at windows 2 and 3 (no old calls on the board).
        for headers in (await api.as_("reception"), display):
            board = await desk.queue(headers)
            assert (board["waiting_total"], board["services"]) == (0, [])
            assert numbers_on(board) == {"П-002", "Р-002"}, board["recent_calls"]
        assert ends(await desk.report(DAY_1)) == (10, 2, 0, 6, 2)

        # Logins from 14:00 still hold (12 hours); the configuration, the catalogue (but
        # for what a capped service has left today) and tomorrow's booking are as they were.
        for username in ("reception", "admin1", "admin2", "admin3", "manager"):
            await ok(api.client.get(f"{V1}/auth/me", headers=await api.as_(username)))
        assert await desk.configuration() == configuration
        now_catalog = await desk.catalog()
        assert tickets_left(now_catalog) == tickets_left(catalog) | {CAPPED: 3}
        assert services_of(now_catalog) == services_of(catalog)
        assert now_catalog["priorities"] == catalog["priorities"]
        found = await ok(api.client.get(f"{V1}/bookings/{booking['code']}"))
        assert {k: found[k] for k in ("id", "start", "status", "ticket_id")} == {
            k: booking[k] for k in ("id", "start", "status", "ticket_id")
        }

        # Numbers start again in every service; yesterday's stay findable only as
        # yesterday's.
        day_2 = {s: await desk.issue(s) for s in (PASSPORT, RESIDENCE, CAPPED)}
        assert [t["number"] for t in day_2.values()] == ["П-001", "Р-001", "К-001"]
        r = await api.client.get(
            f"{V1}/offices/{MAIN}/tickets",
            params={"number": "п1"},
            headers=await api.as_("reception"),
        )
        assert [t["id"] for t in r.json()] == [day_2[PASSPORT]["id"]]
        assert ends(await desk.report(DAY_2)) == (3, 0, 0, 0, 3)

        # Yesterday's visitors at the windows are finished today and count for yesterday.
        await desk.step("admin3", ids["П-002"], "finish", outcome="consultation")
        r = await api.client.post(
            f"{V1}/counters/{COUNTER_2}/call-next", headers=await api.as_("admin2")
        )
        assert r.status_code == 409  # Р-002 is still at window 2
        await desk.step("admin2", ids["Р-002"], "no-show")
        called = await ok(
            api.client.post(f"{V1}/counters/{COUNTER_2}/call-next", headers=await api.as_("admin2"))
        )
        assert called["id"] == day_2[RESIDENCE]["id"]
        assert ends(await desk.report(DAY_1)) == (10, 3, 1, 6, 0)

    # Morning: the server is switched off and on again (power back). Logins from
    # yesterday afternoon are over; the start expires nothing of today's.
    clock.now = kyiv(DAY_2, "08:00:00")
    async with switched_on(office, tokens) as api:
        desk = Desk(api)
        r = await api.client.get(
            f"{V1}/auth/me", headers={"Authorization": f"Bearer {tokens['reception']}"}
        )
        assert r.status_code == 401
        tokens.clear()
        assert (await desk.ticket(day_2[PASSPORT]["id"]))["status"] == "waiting"
        assert (await desk.queue())["waiting_total"] == 2
        assert (await desk.issue(PASSPORT))["number"] == "П-002"
        found = await ok(api.client.get(f"{V1}/bookings/{booking['code']}"))
        assert (found["status"], found["start"]) == ("booked", booking["start"])
        r = await api.client.get(
            f"{V1}/offices/{MAIN}/bookings", headers=await api.as_("reception")
        )
        assert [(b["code"], b["status"]) for b in r.json()] == [(booking["code"], "booked")]


async def test_a_server_off_over_the_night_expires_yesterday_before_serving_anyone(
    office: Stack,
) -> None:
    clock, tokens = office.clock, dict[str, str]()
    clock.now = kyiv(DAY_1, "16:00:00")
    async with switched_on(office, tokens) as api:
        desk = Desk(api)
        display = await api.device("display")
        waiting, parked, called = [await desk.issue(PASSPORT) for _ in range(3)]
        await desk.step("reception", parked["id"], "park")
        await desk.open("admin1", COUNTER_1)
        await desk.call("admin1", COUNTER_1, called["id"])
        await desk.open("admin3", COUNTER_3)

    clock.now = kyiv(DAY_2, "08:00:00")  # the power comes back in the morning
    async with switched_on(office, tokens) as api:
        desk = Desk(api)
        # The very first request, from a hall display: yesterday's queue is gone.
        board = await desk.queue(display)
        assert board["waiting_total"] == 0
        tokens.clear()  # yesterday's logins ran out overnight
        r = await api.client.post(
            f"{V1}/counters/{COUNTER_3}/call-next", headers=await api.as_("admin3")
        )
        assert r.status_code == 204  # nothing of yesterday is called
        for ticket in (waiting, parked):
            after = await desk.ticket(ticket["id"])
            assert (after["status"], after["finished_at"]) == ("expired", "2026-11-24T06:00:00Z")
        assert (await desk.ticket(called["id"]))["status"] == "called"  # still at window 1
        assert (await desk.issue(PASSPORT))["number"] == "П-001"


async def test_a_running_server_expires_the_queue_just_after_local_midnight(
    office: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue_server.main, "EXPIRY_EVERY", timedelta(seconds=0.02))
    clock, tokens = office.clock, dict[str, str]()
    clock.now = kyiv(DAY_1, "23:58:00")
    async with switched_on(office, tokens) as api:
        desk = Desk(api)
        waiting, parked = await desk.issue(RESIDENCE), await desk.issue(RESIDENCE)
        await desk.step("reception", parked["id"], "park")
        clock.now = kyiv(DAY_1, "23:59:59")
        await asyncio.sleep(0.2)  # several runs of the periodic task
        assert (await desk.ticket(waiting["id"]))["status"] == "waiting"
        clock.now = kyiv(DAY_2, "00:00:01")
        for _ in range(100):
            if (await desk.ticket(waiting["id"]))["status"] == "expired":
                break
            await asyncio.sleep(0.02)
        assert (await desk.ticket(waiting["id"]))["status"] == "expired"
        assert (await desk.ticket(parked["id"]))["status"] == "expired"
        assert (await desk.issue(RESIDENCE))["number"] == "Р-001"


async def test_call_next_after_midnight_never_calls_yesterdays_ticket(office: Stack) -> None:
    """Between midnight and the expiry task's next run (up to a minute), yesterday's
    tickets still wait in the table: call-next skips them and calls today's."""
    clock, tokens = office.clock, dict[str, str]()
    clock.now = kyiv(DAY_1, "23:59:00")
    async with switched_on(office, tokens) as api:
        desk = Desk(api)
        yesterday = await desk.issue(PASSPORT)
        await desk.open("admin1", COUNTER_1)
        clock.now = kyiv(DAY_2, "00:00:01")  # the periodic task has not run yet
        headers = await api.as_("admin1")
        nobody = await api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=headers)
        assert nobody.status_code == 204
        today = await desk.issue(PASSPORT)
        assert today["number"] == "П-001" == yesterday["number"]
        called = await ok(api.client.post(f"{V1}/counters/{COUNTER_1}/call-next", headers=headers))
        assert called["id"] == today["id"]
        assert (await desk.ticket(yesterday["id"]))["status"] == "waiting"  # until expiry
