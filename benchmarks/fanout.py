"""Call-to-display latency: N hall displays on websockets, one administrator calling.

    .venv/bin/python benchmarks/fanout.py                       # 100 and 1,000 displays, both modes
    .venv/bin/python benchmarks/fanout.py --mode embedded --clients 1000 --calls 20

For each mode (embedded: SQLite, one process; scaled: PostgreSQL + a private Redis + two
workers) and each number of displays, a fresh server starts on a fresh database with the
demo data; N display clients connect to ``/ws/offices/1`` (the kernel spreads them over
the workers) and wait for their snapshot; then the administrator at window 1 calls
``--calls`` tickets one after another. The latency of a call is measured from just
before its ``call-next`` request is sent to the moment each display has received the
``ticket.called`` message, so it includes the request itself. The server's resident
memory (all its processes) is read with every display connected.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.config import API, PG_URL
from loadkit.metrics import _proc_cpu_seconds as proc_cpu_seconds
from loadkit.metrics import _proc_tree as proc_tree
from loadkit.metrics import percentile
from loadkit.servers import free_port, postgres_database, queue_server, running

CONNECT_BATCH = 50


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    pids = [pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    total_kb = 0
    for p in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
    return total_kb / 1024


@contextlib.asynccontextmanager
async def private_redis() -> AsyncIterator[str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: ASYNC220 - starts at once, runs in the background
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    try:
        await asyncio.sleep(0.5)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


class Display:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.arrivals: dict[str, float] = {}

    async def listen(self) -> None:
        with contextlib.suppress(Exception):
            async for raw in self.ws:
                message = json.loads(raw)
                if message["type"] == "ticket.called":
                    self.arrivals[message["data"]["number"]] = time.perf_counter()


async def measure(base: str, pid: int, clients: int, calls: int) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:

        async def login(username: str) -> dict[str, str]:
            r = await http.post(
                f"{API}/auth/login", json={"username": username, "password": "demo"}
            )
            r.raise_for_status()
            http.cookies.clear()
            return {"Authorization": f"Bearer {r.json()['token']}"}

        manager, desk, admin = (
            await login("manager"),
            await login("reception"),
            await login("admin01"),
        )
        r = await http.post(
            f"{API}/offices/1/devices", json={"kind": "display", "name": "bench"}, headers=manager
        )
        token = r.json()["token"]
        await http.post(f"{API}/counters/1/session", headers=admin)
        url = f"{base.replace('http', 'ws')}/ws/offices/1?token={token}"
        displays: list[Display] = []
        async with contextlib.AsyncExitStack() as stack:
            for start in range(0, clients, CONNECT_BATCH):
                batch = [
                    await stack.enter_async_context(connect(url, max_queue=None))
                    for _ in range(min(CONNECT_BATCH, clients - start))
                ]
                for ws in batch:
                    assert json.loads(await ws.recv())["type"] == "snapshot"
                    displays.append(Display(ws))
            listeners = [asyncio.create_task(d.listen()) for d in displays]
            memory = rss_mb(pid)
            latencies: list[float] = []
            missing = 0
            wall, client_cpu = time.perf_counter(), time.process_time()
            server_cpu = sum(proc_cpu_seconds(p) for p in proc_tree(pid))
            for _ in range(calls):
                await http.post(f"{API}/offices/1/tickets", json={"service_id": 1}, headers=desk)
                sent = time.perf_counter()
                r = await http.post(f"{API}/counters/1/call-next", headers=admin)
                ticket = r.json()
                deadline = time.monotonic() + 5
                while time.monotonic() < deadline:
                    if all(ticket["number"] in d.arrivals for d in displays):
                        break
                    await asyncio.sleep(0.005)
                for d in displays:
                    arrived = d.arrivals.pop(ticket["number"], None)
                    if arrived is None:
                        missing += 1
                    else:
                        latencies.append((arrived - sent) * 1000)
                await http.post(f"{API}/tickets/{ticket['id']}/start", headers=admin)
                await http.post(
                    f"{API}/tickets/{ticket['id']}/finish",
                    json={"outcome": "consultation"},
                    headers=admin,
                )
            wall = time.perf_counter() - wall
            client_share = (time.process_time() - client_cpu) / wall * 100
            server_cpu = sum(proc_cpu_seconds(p) for p in proc_tree(pid)) - server_cpu
            for task in listeners:
                task.cancel()
    latencies.sort()
    return {
        "p50": percentile(latencies, 50),
        "p90": percentile(latencies, 90),
        "p99": percentile(latencies, 99),
        "max": latencies[-1] if latencies else float("nan"),
        "missing": missing,
        "rss_mb": memory,
        "client_cpu": client_share,
        "server_cpu": server_cpu / wall * 100,
    }


Measure = Callable[[str, int, int, int], Awaitable[dict[str, float]]]


async def run(
    mode: str, clients: int, calls: int, tmp: Path, how: Measure | None = None
) -> dict[str, float]:
    """``how(base_url, server pid, clients, calls)`` on a fresh server in ``mode``:
    embedded (SQLite, one process) or scaled (PostgreSQL, a private Redis, two workers)."""
    how = how or measure
    port = free_port()
    log = tmp / f"{mode}-{clients}.log"
    if mode == "embedded":
        argv, env = queue_server(f"sqlite+aiosqlite:///{tmp / f'{clients}.sqlite3'}", 1, port)
        async with running(argv, env, port, log) as server:
            return await how(server.base_url, server.process.pid, clients, calls)
    async with postgres_database() as name, private_redis() as redis_url:
        argv, env = queue_server(PG_URL.format(name=name), 2, port)
        env["QMS_REDIS_URL"] = redis_url
        async with running(argv, env, port, log) as server:
            return await how(server.base_url, server.process.pid, clients, calls)


async def main_async(args: argparse.Namespace) -> None:
    modes = ["embedded", "scaled"] if args.mode == "all" else [args.mode]
    print(
        "| mode | displays | calls | p50 ms | p90 ms | p99 ms | max ms | missing "
        "| server RSS MB | server CPU % | client CPU % |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for mode in modes:
            for clients in args.clients:
                r = await run(mode, clients, args.calls, Path(tmp))
                label = (
                    "SQLite, 1 process" if mode == "embedded" else "PostgreSQL + Redis, 2 workers"
                )
                print(
                    f"| {label} | {clients} | {args.calls} | {r['p50']:.1f} | {r['p90']:.1f} | "
                    f"{r['p99']:.1f} | {r['max']:.1f} | {int(r['missing'])} | {r['rss_mb']:.0f} "
                    f"| {r['server_cpu']:.0f} | {r['client_cpu']:.0f} |",
                    flush=True,
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["embedded", "scaled", "all"], default="all")
    parser.add_argument(
        "--clients", type=lambda s: [int(x) for x in s.split(",")], default=[100, 1000]
    )
    parser.add_argument("--calls", type=int, default=30)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
