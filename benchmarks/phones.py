"""Visitors' phones following their tickets: N phones on ``/ws/track/{token}``, one
administrator calling.

    .venv/bin/python benchmarks/phones.py                        # 200 and 1,000 phones, embedded
    .venv/bin/python benchmarks/phones.py --phones 1000 --calls 20 --mode scaled

A fresh server starts on a fresh database with the demo data (embedded: SQLite, one
process; scaled: PostgreSQL + a private Redis + two workers). Reception issues N passport
tickets and each gets a phone on its websocket; then the administrator at window 1 calls,
starts and finishes ``--calls`` tickets one after another. Measured per call, from just
before its ``call-next`` request is sent:

* *called*: until the called ticket's phone shows ``called`` with the window number;
* *ahead*: until every other phone shows one person fewer ahead (all N of them);

and the server's CPU (all its processes) over the calls, and its memory with every phone
connected.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fanout import rss_mb, run
from loadkit.config import API
from loadkit.metrics import _proc_cpu_seconds as proc_cpu_seconds
from loadkit.metrics import _proc_tree as proc_tree
from loadkit.metrics import percentile

CONNECT_BATCH = 50


class Phone:
    """One visitor's phone: the latest view and when each (status, position) arrived."""

    def __init__(self, ws: ClientConnection, view: dict[str, object]) -> None:
        self.ws = ws
        self.view = view
        self.seen: dict[tuple[object, object], float] = {}

    async def listen(self) -> None:
        with contextlib.suppress(Exception):
            async for raw in self.ws:
                message = json.loads(raw)
                if message["type"] == "ticket":
                    self.view = message["data"]
                    key = (self.view["status"], self.view["position"])
                    self.seen.setdefault(key, time.perf_counter())


CALLED = ("called", 0)


def shown(phone: Phone, expected: dict[int, int]) -> bool:
    """The phone shows one person fewer ahead than before the call."""
    return ("waiting", expected[id(phone)]) in phone.seen


def settled(mine: Phone, waiting: list[Phone], expected: dict[int, int]) -> bool:
    """The called phone shows its call, and every other one its new place."""
    return CALLED in mine.seen and all(shown(p, expected) for p in waiting)


async def wait_for(check: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.005)
    return False


async def measure(base: str, pid: int, phones: int, calls: int) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:

        async def login(username: str) -> dict[str, str]:
            r = await http.post(
                f"{API}/auth/login", json={"username": username, "password": "demo"}
            )
            r.raise_for_status()
            http.cookies.clear()
            return {"Authorization": f"Bearer {r.json()['token']}"}

        desk, admin = await login("reception"), await login("admin01")
        tickets = []
        for _ in range(phones):
            r = await http.post(f"{API}/offices/1/tickets", json={"service_id": 1}, headers=desk)
            r.raise_for_status()
            tickets.append(r.json())
        await http.post(f"{API}/counters/1/session", headers=admin)
        ws_base = base.replace("http", "ws")
        by_number: dict[str, Phone] = {}
        async with contextlib.AsyncExitStack() as stack:
            for start in range(0, phones, CONNECT_BATCH):
                for t in tickets[start : start + CONNECT_BATCH]:
                    ws = await stack.enter_async_context(
                        connect(f"{ws_base}/ws/track/{t['track_token']}", max_queue=None)
                    )
                    first = json.loads(await ws.recv())
                    by_number[t["number"]] = Phone(ws, first["data"])
            listeners = [asyncio.create_task(p.listen()) for p in by_number.values()]
            memory = rss_mb(pid)
            called_ms: list[float] = []
            ahead_ms: list[float] = []
            late = 0
            wall = time.perf_counter()
            server_cpu = sum(proc_cpu_seconds(p) for p in proc_tree(pid))
            for _ in range(calls):
                sent = time.perf_counter()
                r = await http.post(f"{API}/counters/1/call-next", headers=admin)
                ticket = r.json()
                mine = by_number.pop(ticket["number"])
                waiting = list(by_number.values())
                expected = {id(p): int(p.view["position"]) - 1 for p in waiting}  # type: ignore[call-overload]

                ok = await wait_for(functools.partial(settled, mine, waiting, expected))
                late += not ok
                if CALLED in mine.seen:
                    called_ms.append((mine.seen[CALLED] - sent) * 1000)
                arrivals = [
                    p.seen[("waiting", expected[id(p)])] for p in waiting if shown(p, expected)
                ]
                if arrivals:
                    ahead_ms.append((max(arrivals) - sent) * 1000)
                await http.post(f"{API}/tickets/{ticket['id']}/start", headers=admin)
                await http.post(
                    f"{API}/tickets/{ticket['id']}/finish",
                    json={"outcome": "consultation"},
                    headers=admin,
                )
                await asyncio.sleep(1.2)  # let the phones settle: the next call starts clean
            wall = time.perf_counter() - wall
            server_cpu = sum(proc_cpu_seconds(p) for p in proc_tree(pid)) - server_cpu
            for task in listeners:
                task.cancel()
    called_ms.sort()
    ahead_ms.sort()
    return {
        "called_p50": percentile(called_ms, 50),
        "called_p99": percentile(called_ms, 99),
        "ahead_p50": percentile(ahead_ms, 50),
        "ahead_p99": percentile(ahead_ms, 99),
        "late": late,
        "rss_mb": memory,
        "server_cpu": server_cpu / wall * 100,
    }


async def main_async(args: argparse.Namespace) -> None:
    modes = ["embedded", "scaled"] if args.mode == "all" else [args.mode]
    print(
        "| mode | phones | calls | called p50 ms | called p99 ms | all ahead p50 ms "
        "| all ahead p99 ms | late | server RSS MB | server CPU % |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for mode in modes:
            for phones in args.phones:
                r = await run(mode, phones, args.calls, Path(tmp), measure)
                label = (
                    "SQLite, 1 process" if mode == "embedded" else "PostgreSQL + Redis, 2 workers"
                )
                print(
                    f"| {label} | {phones} | {args.calls} | {r['called_p50']:.0f} "
                    f"| {r['called_p99']:.0f} | {r['ahead_p50']:.0f} | {r['ahead_p99']:.0f} "
                    f"| {int(r['late'])} | {r['rss_mb']:.0f} | {r['server_cpu']:.0f} |",
                    flush=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["embedded", "scaled", "all"], default="embedded")
    parser.add_argument(
        "--phones", type=lambda s: [int(x) for x in s.split(",")], default=[200, 1000]
    )
    parser.add_argument("--calls", type=int, default=10)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
