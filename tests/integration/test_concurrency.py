"""Concurrency is a feature: 8 kiosks issue 1,000 tickets while 12 windows call and
finish them, over real HTTP, against real server processes (SQLite: one process;
PostgreSQL: two). Every ticket gets a distinct number, is called exactly once and ends
in exactly one final state, and the event log accounts for every transition."""

from __future__ import annotations

import asyncio
import copy
import itertools
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from queue_server.adapters.orm import EventRow, TicketRow
from tests.conftest import fresh_database, in_thread, seed
from tests.factories import MAIN, PASSPORT, PASSWORD, RESIDENCE, office_data
from tests.servers import servers

KIOSKS, WINDOWS, TICKETS = 8, 12, 1000
V1 = "/api/v1"


def busy_office() -> dict[str, Any]:
    """The test office with 12 windows and 12 administrators serving everything."""
    data = office_data()
    main = data["offices"][0]
    main["counters"] = [
        {"number": n, "name_uk": f"Вікно {n}", "name_en": f"Window {n}", "zone": "A"}
        for n in range(1, WINDOWS + 1)
    ]
    data["users"] = copy.deepcopy(data["users"][:2]) + [
        {
            "username": f"w{n:02d}",
            "display_name": f"Адміністратор {n}",
            "roles": ["administrator"],
            "office": "main",
            "skills": {"primary": ["passport"], "secondary": ["residence"]},
        }
        for n in range(1, WINDOWS + 1)
    ]
    return data


async def login(client: httpx.AsyncClient, base: str, username: str) -> dict[str, str]:
    r = await client.post(
        f"{base}{V1}/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


async def run_day(bases: list[str]) -> tuple[list[dict[str, Any]], list[int]]:
    rr = itertools.cycle(bases)
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        manager = await login(client, bases[0], "manager")
        kiosk_headers = []
        for i in range(KIOSKS):
            r = await client.post(
                f"{bases[0]}{V1}/offices/{MAIN}/devices",
                json={"kind": "kiosk", "name": f"Кіоск {i}"},
                headers=manager,
            )
            kiosk_headers.append({"Authorization": f"Bearer {r.json()['token']}"})
        issued: list[dict[str, Any]] = []
        called: list[int] = []
        issuing_done = asyncio.Event()

        async def kiosk(k: int) -> None:
            base = bases[k % len(bases)]
            for i in range(TICKETS // KIOSKS):
                service = PASSPORT if (k + i) % 3 else RESIDENCE
                r = await client.post(
                    f"{base}{V1}/offices/{MAIN}/tickets",
                    json={"service_id": service},
                    headers=kiosk_headers[k] | {"Idempotency-Key": f"k{k}-{i}"},
                )
                assert r.status_code == 201, r.text
                issued.append(r.json())

        async def window(n: int) -> None:
            base = next(rr)
            headers = await login(client, base, f"w{n:02d}")
            counter_id = n  # counters 1..12 were created in order
            r = await client.post(f"{base}{V1}/counters/{counter_id}/session", headers=headers)
            assert r.status_code == 200, r.text
            idle_after_done = 0
            while idle_after_done < 3:
                r = await client.post(
                    f"{base}{V1}/counters/{counter_id}/call-next", headers=headers
                )
                if r.status_code == 204:
                    if issuing_done.is_set():
                        idle_after_done += 1
                    await asyncio.sleep(0.02)
                    continue
                assert r.status_code == 200, r.text
                tid = r.json()["id"]
                called.append(tid)
                r = await client.post(f"{base}{V1}/tickets/{tid}/start", headers=headers)
                assert r.status_code == 200, r.text
                r = await client.post(
                    f"{base}{V1}/tickets/{tid}/finish",
                    json={"outcome": "consultation"},
                    headers=headers,
                )
                assert r.status_code == 200, r.text

        windows = [asyncio.create_task(window(n)) for n in range(1, WINDOWS + 1)]
        await asyncio.gather(*(kiosk(k) for k in range(KIOSKS)))
        issuing_done.set()
        await asyncio.gather(*windows)
    return issued, called


async def read_log(url: str) -> tuple[list[Any], list[Any]]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            tickets = (await conn.execute(select(TicketRow))).all()
            events = (await conn.execute(select(EventRow).order_by(EventRow.seq))).all()
    finally:
        await engine.dispose()
    return list(tickets), list(events)


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "processes"), [("sqlite", 1), ("postgres", 2)])
def test_kiosks_and_windows_at_once(
    kind: str, processes: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = fresh_database(kind, tmp_path, request)
    in_thread(asyncio.run, seed(url, busy_office()))
    # Load, not people: kiosks here issue far faster than any visitor could tap.
    with servers(url, processes, tmp_path, QMS_KIOSK_TICKETS_PER_MINUTE="600") as bases:
        issued, called = in_thread(asyncio.run, run_day(bases))
    tickets, events = in_thread(asyncio.run, read_log(url))

    assert len(issued) == len(tickets) == TICKETS
    numbers = [t.number for t in tickets]
    assert len(set(numbers)) == TICKETS, "a ticket number repeated"
    assert sorted(called) == sorted(t.id for t in tickets), "a ticket was called twice or never"
    assert Counter(t.status for t in tickets) == {"done": TICKETS}

    assert [e.seq for e in events] == list(range(1, len(events) + 1)), "gaps in the event log"
    per_ticket: dict[int, list[str]] = {}
    for e in events:
        if e.ticket_id is not None:
            per_ticket.setdefault(e.ticket_id, []).append(e.type)
    expected = ["ticket.issued", "ticket.called", "ticket.started", "ticket.finished"]
    assert all(per_ticket[t.id] == expected for t in tickets)


@pytest.mark.slow
def test_two_workers_starting_on_an_empty_postgres_load_the_demo_once(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = fresh_database("postgres", tmp_path, request)
    with servers(url, 2, tmp_path, QMS_DEMO="1") as bases:
        offices = [httpx.get(f"{base}{V1}/offices").json() for base in bases]
    assert offices[0] == offices[1] and len(offices[0]) == 2
