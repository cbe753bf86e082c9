"""Faults the scaled deployment survives, each under load and bounded in time.

- ``kill -9`` of one app process while kiosks issue and windows call through nginx: a
  request in flight to it gets nginx's 503 "no answer" and is tried again; every
  acknowledged ticket exists, no number repeats, no ticket is called twice, and the
  displays of the killed process reconnect through nginx to the other and miss nothing.
- A PostgreSQL restart: while it is down requests get a 503 with ``Retry-After`` (and a
  message a person can act on), nothing half-written; afterwards everything recovers by
  itself, without restarting the app.

(A Redis restart is in test_scaled_stream.py.)
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from pathlib import Path

import httpx
import pytest

from queue_server.adapters.migrate import upgrade
from tests.conftest import in_thread, seed
from tests.e2e.test_event_stream import Office
from tests.scaled.load import Clients, Display, Tally, kiosk, stored, until, window
from tests.scaled.topology import PrivatePostgres, PrivateRedis, Topology, topology

pytestmark = pytest.mark.slow
WINDOWS = [("admin1", 1), ("admin2", 2), ("admin3", 3)]


def office_clients(worker_url: str, token: str) -> int:
    """How many office-stream websockets a worker holds (its /metrics)."""
    text = httpx.get(f"{worker_url}/metrics", headers={"Authorization": f"Bearer {token}"}).text
    found = re.search(r'qms_websocket_clients\{kind="office"\} (\S+)', text)
    return int(float(found.group(1))) if found else 0


def check_nothing_lost_nor_doubled(
    tally: Tally, tickets: list, calls: list, displays: list[Display]
) -> None:
    by_id = {t["id"]: t for t in tickets}
    # Every acknowledged ticket exists, as it was acknowledged.
    for key, ticket in tally.issued.items():
        assert ticket["id"] in by_id, f"acknowledged ticket {key} {ticket['number']} is lost"
        assert by_id[ticket["id"]]["number"] == ticket["number"]
    # One tap, one ticket: a retried key never made a second one.
    assert len({t["id"] for t in tally.issued.values()}) == len(tally.issued)
    # No number repeats within the day.
    numbers = Counter((t["business_day"], t["number"]) for t in tickets)
    assert [n for n, c in numbers.items() if c > 1] == []
    # No ticket is called twice: not by the acknowledged answers, not in the log.
    assert len(set(tally.called)) == len(tally.called)
    called_ids = Counter(c["ticket_id"] for c in calls)
    assert [t for t, c in called_ids.items() if c > 1] == []
    # Every display saw every call, in the log's order, once.
    logged = [by_id[c["ticket_id"]]["number"] for c in calls]
    for display in displays:
        assert display.called == logged
        assert display.seqs == sorted(set(display.seqs))


def test_kill_9_of_one_app_process_under_load(scaled: Topology) -> None:
    tally = Tally()

    async def scenario() -> list[Display]:
        async with httpx.AsyncClient(timeout=10) as client:
            token = await Office(client, scaled.url).display_token()
        # Six displays through nginx; the process holding more of them is killed.
        displays = [Display(scaled.url, token) for _ in range(6)]
        async with Clients() as screens, Clients() as load:
            for display in displays:
                screens.start(display.follow(screens.stopping))
            await until(lambda: all(d.connections for d in displays), 10, "displays", screens)
            held = [office_clients(w.url, "metrics-token-for-tests") for w in scaled.workers]
            victim = scaled.workers[held.index(max(held))]
            assert max(held) >= 3
            for i in range(6):
                load.start(kiosk(scaled.url, f"k{i}", tally, load.stopping))
            for user, counter in WINDOWS:
                load.start(window(scaled.url, user, counter, tally, load.stopping))
            await until(lambda: len(tally.called) >= 10, 20, "calls under load", load)
            issued_before = len(tally.issued)
            victim.kill()
            await asyncio.sleep(3)  # the load goes on through the other process
            assert len(tally.issued) > issued_before + 20, "issuing stopped after the kill"
            await load.stop()
            # Every display converges on the log through the surviving process.
            _, calls = await stored(scaled.database_url)
            converged = lambda: all(len(d.called) == len(calls) for d in displays)  # noqa: E731
            await until(converged, 5, "displays converged", screens)
            await screens.stop()
        return displays

    displays = asyncio.run(asyncio.wait_for(scenario(), timeout=90))
    tickets, calls = asyncio.run(stored(scaled.database_url))
    check_nothing_lost_nor_doubled(tally, tickets, calls, displays)
    assert sum(d.connections for d in displays) >= len(displays) + 3, "nobody reconnected"
    # Only requests in flight to the killed process failed: nginx's 503 "no answer" (the
    # app's error shape, with Retry-After), never a 500.
    assert set(tally.statuses) <= {200, 201, 204, 409, 503}, tally.statuses
    assert {r.json()["error"]["code"] for r in tally.unavailable} <= {"no_answer"}
    assert all(r.headers["Retry-After"] == "5" for r in tally.unavailable)
    assert tally.statuses[409] <= 3 * len(WINDOWS)  # a start or finish replayed after a loss


@pytest.fixture
def on_private_postgres(
    tmp_path: Path, private_postgres: PrivatePostgres, private_redis: PrivateRedis
) -> str:
    """The private cluster, migrated and seeded (its URL)."""
    in_thread(upgrade, private_postgres.url)
    in_thread(asyncio.run, seed(private_postgres.url))
    return private_postgres.url


def test_postgresql_restart_gives_503_then_recovers_by_itself(
    tmp_path: Path,
    on_private_postgres: str,
    private_postgres: PrivatePostgres,
    private_redis: PrivateRedis,
) -> None:
    tally = Tally()
    with topology(
        on_private_postgres, private_redis.url, tmp_path, QMS_HEARTBEAT_SECONDS="1"
    ) as scaled:

        async def scenario() -> Display:
            async with httpx.AsyncClient(timeout=10) as client:
                token = await Office(client, scaled.url).display_token()
            display = Display(scaled.url, token)
            async with Clients() as screen, Clients() as load:
                screen.start(display.follow(screen.stopping))
                for i in range(4):
                    load.start(kiosk(scaled.url, f"k{i}", tally, load.stopping))
                for user, counter in WINDOWS[:2]:
                    load.start(window(scaled.url, user, counter, tally, load.stopping))
                await until(lambda: len(tally.called) >= 5, 20, "calls before", load, screen)
                private_postgres.stop()
                async with httpx.AsyncClient(base_url=scaled.url, timeout=10) as client:
                    ready = await client.get("/readyz")
                    assert ready.status_code == 503 and ready.json()["database"] is False
                    await until(lambda: len(tally.unavailable) >= 5, 10, "503s while down", load)
                    down = tally.unavailable[0]
                    assert down.headers["Retry-After"] == "5"
                    assert down.json()["error"]["code"] == "unavailable"
                    assert "Спробуйте ще раз" in down.json()["error"]["message"]
                    await asyncio.sleep(2)  # down for a while under load
                    issued_while_down = len(tally.issued)
                    private_postgres.start()
                    # Nobody restarts the app: issuing, calling and readiness come back.
                    more = lambda: len(tally.issued) > issued_while_down + 20  # noqa: E731
                    await until(more, 20, "issuing again", load)
                    called = len(tally.called)
                    await until(lambda: len(tally.called) > called + 5, 20, "calling again", load)
                    assert (await client.get("/readyz")).status_code == 200
                await load.stop()
                _, calls = await stored(on_private_postgres)
                converged = lambda: len(display.called) == len(calls)  # noqa: E731
                await until(converged, 5, "the display converged", screen)
                await screen.stop()
            return display

        display = asyncio.run(asyncio.wait_for(scenario(), timeout=120))
    tickets, calls = asyncio.run(stored(on_private_postgres))
    check_nothing_lost_nor_doubled(tally, tickets, calls, [display])
    # While down: the app's 503s ("unavailable": nothing saved), and no 500.
    assert set(tally.statuses) <= {200, 201, 204, 409, 503}, tally.statuses
    assert {r.json()["error"]["code"] for r in tally.unavailable} == {"unavailable"}
