"""The scaled mode's event stream: PostgreSQL + Redis + two server processes.

A call made through worker A reaches a display connected to worker B within a second;
with Redis restarted in the middle, the display converges within five seconds; a display
that was away for 30 calls receives all of them, in order, when it comes back.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from websockets.asyncio.client import connect

from tests.e2e.test_event_stream import Office, receive, ws_url
from tests.scaled.topology import PrivateRedis


async def called_numbers(ws: object, count: int, within: float) -> list[str]:
    numbers: list[str] = []
    deadline = time.monotonic() + within
    while len(numbers) < count:
        left = deadline - time.monotonic()
        assert left > 0, f"only {len(numbers)} of {count} calls arrived in {within}s"
        message = await asyncio.wait_for(receive(ws), timeout=left)  # type: ignore[arg-type]
        if message["type"] == "ticket.called":
            numbers.append(message["data"]["number"])
    return numbers


@pytest.mark.slow
def test_a_call_through_one_worker_reaches_a_display_on_the_other(two_workers: list[str]) -> None:
    a, b = two_workers

    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, a)
            token = await office.display_token()
            async with connect(ws_url(b, token)) as ws:
                await receive(ws, "snapshot")
                await office.issue()
                started = time.monotonic()
                ticket = await office.call_and_finish()
                assert await called_numbers(ws, 1, within=1.0) == [ticket["number"]]
                assert time.monotonic() - started < 1.0

    asyncio.run(scenario())


@pytest.mark.slow
def test_displays_converge_after_redis_restarts(
    two_workers: list[str], private_redis: PrivateRedis
) -> None:
    a, b = two_workers

    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, a)
            token = await office.display_token()
            await office.login("reception")
            await office.login("admin1")
            async with connect(ws_url(b, token)) as ws:
                await receive(ws, "snapshot")
                private_redis.stop()
                numbers = []
                for _ in range(5):  # issuing and calling keep working without Redis
                    numbers.append((await office.issue())["number"])
                    await office.call_and_finish()
                private_redis.start()
                assert await called_numbers(ws, 5, within=5.0) == numbers

    asyncio.run(scenario())


@pytest.mark.slow
def test_a_display_away_for_30_calls_gets_them_all_in_order(two_workers: list[str]) -> None:
    a, b = two_workers

    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            office = Office(client, a)
            token = await office.display_token()
            async with connect(ws_url(b, token)) as ws:
                last = (await receive(ws, "snapshot"))["seq"]
            numbers = []
            for _ in range(30):
                numbers.append((await office.issue())["number"])
                await office.call_and_finish()
            async with connect(ws_url(b, token, since=last)) as ws:
                await receive(ws, "snapshot")
                assert await called_numbers(ws, 30, within=5.0) == numbers

    asyncio.run(scenario())


@pytest.mark.slow
def test_a_worker_is_not_ready_while_redis_is_down(
    two_workers: list[str], private_redis: PrivateRedis
) -> None:
    a, _ = two_workers
    assert httpx.get(f"{a}/readyz").status_code == 200
    private_redis.stop()
    r = httpx.get(f"{a}/readyz")
    assert r.status_code == 503 and r.json()["bus"] is False and r.json()["database"] is True
    assert r.headers["Retry-After"] == "5"
    private_redis.start()
    deadline = time.monotonic() + 5
    while httpx.get(f"{a}/readyz").status_code != 200:
        assert time.monotonic() < deadline, "not ready again 5 s after Redis came back"
        time.sleep(0.1)
