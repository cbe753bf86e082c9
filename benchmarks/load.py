"""Load test of the queue server over real HTTP on loopback.

Run from the repository root with the project's virtualenv (PostgreSQL: trust auth for
user ``postgres`` on 127.0.0.1:5432 with a ``test`` database to connect to)::

    .venv/bin/python benchmarks/load.py                       # everything, about 3-6 min
    .venv/bin/python benchmarks/load.py --db sqlite --concurrency 1,10,50 --json out.json

For every configuration (SQLite with one server process; PostgreSQL with two) and every
concurrency level a fresh server (``python -m queue_server``, demo data) on a fresh
database is started as a subprocess, then:

1. *issue*: ``--tickets`` tickets (``--serial-tickets`` at concurrency 1) are issued by
   ``concurrency`` concurrent clients as the ``reception`` user, round-robin over the
   office's issuable services (active, no referral, no daily cap);
2. *call cycle*: ``min(concurrency, 12)`` administrators (admin01 at counter 1, ...) each
   run call-next -> start -> finish loops until ``--cycles`` cycles are done. Before it,
   untimed, the queue is topped up so every administrator's primary services hold enough
   waiting tickets (skills are read from the demo data file); a 204 from call-next means
   that administrator has nobody left and stops.

On PostgreSQL one server process first migrates and loads the demo data, then the
two-process server is started on it (``--cold-start`` skips that; see the README).

The ceiling (``benchmarks/ceiling_app.py``: one FastAPI endpoint, one SQLite insert, the
real server's pragmas; plus a no-database endpoint) is loaded the same way. Every phase is
bounded by its request count and by ``--phase-seconds``; before every run the script waits
(briefly) for the machine to be quiet. The load generator is this one process on uvloop:
one ``httpx.AsyncClient`` with one HTTP/1.1 keep-alive connection per concurrent user.
The results are printed as Markdown tables; ``--json`` also writes them as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx

ROOT = Path(__file__).resolve().parents[1]
CEILING_APP = Path(__file__).resolve().parent / "ceiling_app.py"
DEMO_DATA = ROOT / "queue_server" / "demo" / "data.json"
PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"
PG_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
API = "/api/v1"
OFFICE_ID = 1
COUNTERS = 12  # demo office 1: counters 1..12, operated by admin01..admin12
PASSWORD = "demo"
TOP_UP_CONCURRENCY = 10
TOP_UP_MARGIN = 1.5  # waiting tickets per administrator, relative to its share of cycles
ERROR_SAMPLES = 5
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
Clients = Sequence[httpx.AsyncClient]


# --- measurements ----------------------------------------------------------------------


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values (0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class Latency:
    """Latency summary in milliseconds."""

    count: int
    p50: float
    p95: float
    p99: float
    max: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        ms = sorted(s * 1000 for s in seconds)
        return cls(
            count=len(ms),
            p50=percentile(ms, 50),
            p95=percentile(ms, 95),
            p99=percentile(ms, 99),
            max=ms[-1] if ms else 0.0,
        )


def _proc_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (all its threads), 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def _proc_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                pids.extend(_proc_tree(int(child)))
    return pids


def _postgres_pids(database: str) -> list[int]:
    """PostgreSQL's own processes (postmaster, WAL writer, ...) and the backends connected
    to ``database``; backends of other databases (other people's work) are left out."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            is_backend = "(" in title or "[local]" in title
            if not is_backend or f" {database} " in title:
                pids.append(int(entry.name))
    return pids


def _host_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])
    return float(total - idle), float(total)


@dataclass
class CpuUse:
    """CPU used during a phase: client process, server process tree, PostgreSQL, host."""

    client_s: float = 0.0
    server_s: float = 0.0
    postgres_s: float = 0.0
    host_busy_pct: float = 0.0


class CpuMeter:
    """CPU seconds used while a block runs, per side. A process that ends inside the block
    takes its CPU time with it (it is not counted)."""

    def __init__(self, server_pid: int, postgres_database: str | None = None) -> None:
        self.server_pids = _proc_tree(server_pid)
        self.postgres_database = postgres_database

    def _sample(self) -> tuple[float, dict[int, float], dict[int, float], tuple[float, float]]:
        server = {p: _proc_cpu_seconds(p) for p in self.server_pids}
        pg_pids = _postgres_pids(self.postgres_database) if self.postgres_database else []
        pg = {p: _proc_cpu_seconds(p) for p in pg_pids}
        return time.process_time(), server, pg, _host_cpu()

    @staticmethod
    def _delta(before: dict[int, float], after: dict[int, float]) -> float:
        return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items() if cpu)

    @contextlib.contextmanager
    def measure(self) -> Iterator[CpuUse]:
        use = CpuUse()
        client0, server0, pg0, (busy0, total0) = self._sample()
        try:
            yield use
        finally:
            client1, server1, pg1, (busy1, total1) = self._sample()
            use.client_s = client1 - client0
            use.server_s = self._delta(server0, server1)
            use.postgres_s = self._delta(pg0, pg1)
            use.host_busy_pct = 100 * (busy1 - busy0) / max(total1 - total0, 1.0)


async def wait_for_quiet(threshold_pct: float, max_wait_s: float) -> float:
    """Wait (at most ``max_wait_s``) until the host is busier than ``threshold_pct`` no
    more, so other work on the machine disturbs the run less; returns the last load seen."""
    give_up = time.monotonic() + max_wait_s
    while True:
        busy0, total0 = _host_cpu()
        await asyncio.sleep(1.0)
        busy1, total1 = _host_cpu()
        busy = 100 * (busy1 - busy0) / max(total1 - total0, 1.0)
        if busy <= threshold_pct or time.monotonic() > give_up:
            return busy


@dataclass
class Errors:
    """Unexpected responses and transport errors, with a few samples."""

    count: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def add(self, what: str, status: int | str, body: str = "") -> None:
        self.count += 1
        self.by_status[str(status)] += 1
        if len(self.samples) < ERROR_SAMPLES:
            self.samples.append(f"{what}: {status} {body[:300]}")

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "by_status": dict(self.by_status), "samples": self.samples}


async def _post(
    client: httpx.AsyncClient, url: str, body: dict[str, Any] | None, headers: dict[str, str]
) -> tuple[int | str, httpx.Response | None]:
    """POST, returning the status, or the exception's name on a transport error."""
    try:
        response = await client.post(url, json=body, headers=headers)
    except httpx.HTTPError as exc:
        return type(exc).__name__, None
    return response.status_code, response


# --- phases ----------------------------------------------------------------------------


@dataclass
class IssueResult:
    concurrency: int
    requests: int
    ok: int
    seconds: float
    per_second: float
    latency: Latency
    errors: dict[str, Any]
    cpu: CpuUse


async def issue(
    clients: Clients,
    path: str,
    headers: dict[str, str],
    service_ids: Sequence[int],
    deadline_s: float,
    issued: Counter[int] | None = None,
) -> tuple[int, float, list[float], Errors]:
    """Issue one ticket per entry of ``service_ids``, all clients at once.

    Returns (tickets issued, seconds, latencies of every request, errors); successful
    tickets are counted per service into ``issued``."""
    jobs = iter(service_ids)
    latencies: list[float] = []
    errors = Errors()
    ok = 0
    start = time.perf_counter()
    stop_at = start + deadline_s

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal ok
        for service_id in jobs:
            if time.perf_counter() > stop_at:
                return
            t0 = time.perf_counter()
            status, response = await _post(client, path, {"service_id": service_id}, headers)
            latencies.append(time.perf_counter() - t0)
            if status == 201:
                ok += 1
                if issued is not None:
                    issued[service_id] += 1
            else:
                errors.add("issue", status, response.text if response is not None else "")

    await asyncio.gather(*(client_loop(c) for c in clients))
    return ok, time.perf_counter() - start, latencies, errors


async def warm_up(clients: Clients) -> None:
    """Open every client's keep-alive connection before anything is timed."""
    await asyncio.gather(*(c.get("/healthz") for c in clients))


async def run_issue_phase(
    clients: Clients,
    meter: CpuMeter,
    path: str,
    headers: dict[str, str],
    service_ids: Sequence[int],
    total: int,
    deadline_s: float,
    issued: Counter[int] | None = None,
) -> IssueResult:
    """``total`` tickets, round-robin over ``service_ids``, one client per concurrent user."""
    jobs = [service_ids[i % len(service_ids)] for i in range(total)]
    # Untimed: warms the server's code paths (and statement caches) on every connection.
    await warm_up(clients)
    await issue(clients, path, headers, jobs[: max(20, 2 * len(clients))], deadline_s, issued)
    with meter.measure() as cpu:
        ok, seconds, latencies, errors = await issue(
            clients, path, headers, jobs, deadline_s, issued
        )
    return IssueResult(
        concurrency=len(clients),
        requests=len(latencies),
        ok=ok,
        seconds=seconds,
        per_second=ok / seconds if seconds else 0.0,
        latency=Latency.of(latencies),
        errors=errors.as_dict(),
        cpu=cpu,
    )


@dataclass
class Admin:
    username: str
    counter_id: int
    token: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class CycleResult:
    concurrency: int
    workers: int
    cycles: int
    seconds: float
    per_second: float
    requests_per_second: float
    call_next: Latency
    start: Latency
    finish: Latency
    cycle: Latency
    no_content: int
    ran_dry: int
    waiting_before: int
    errors: dict[str, Any]
    cpu: CpuUse


class Budget:
    """Cycles still to run, shared by the administrators; closes at the deadline."""

    def __init__(self, cycles: int, deadline_s: float) -> None:
        self.left = cycles
        self.stop_at = time.perf_counter() + deadline_s

    def take(self) -> bool:
        if self.left <= 0 or time.perf_counter() > self.stop_at:
            return False
        self.left -= 1
        return True

    def give_back(self) -> None:
        self.left += 1


async def serve_cycles(
    clients: Clients, admins: Sequence[Admin], budget: Budget
) -> tuple[int, dict[str, list[float]], int, int, Errors]:
    """Every administrator runs call-next -> start -> finish until the budget is spent.

    Returns (cycles, latencies per step and of whole cycles, 204s, administrators who ran
    out of visitors, errors)."""
    steps: dict[str, list[float]] = {"call_next": [], "start": [], "finish": [], "cycle": []}
    errors = Errors()
    done = 0
    no_content = 0
    ran_dry = 0

    async def admin_loop(admin: Admin, client: httpx.AsyncClient) -> None:
        nonlocal done, no_content, ran_dry
        while budget.take():
            t0 = time.perf_counter()
            status, response = await _post(
                client, f"{API}/counters/{admin.counter_id}/call-next", None, admin.headers
            )
            t1 = time.perf_counter()
            steps["call_next"].append(t1 - t0)
            if status == 204:
                no_content += 1
                ran_dry += 1
                budget.give_back()
                return
            if status != 200 or response is None:
                errors.add("call-next", status, response.text if response is not None else "")
                continue
            ticket_id = response.json()["id"]
            last = t1
            for step, body in (("start", None), ("finish", {"outcome": "consultation"})):
                status, response = await _post(
                    client, f"{API}/tickets/{ticket_id}/{step}", body, admin.headers
                )
                now = time.perf_counter()
                steps[step].append(now - last)
                last = now
                if status != 200:
                    errors.add(step, status, response.text if response is not None else "")
                    break
            else:
                steps["cycle"].append(last - t0)
                done += 1

    await asyncio.gather(*(admin_loop(a, c) for a, c in zip(admins, clients, strict=False)))
    return done, steps, no_content, ran_dry, errors


def read_skills() -> dict[str, list[str]]:
    """Primary service codes of every demo user (empty if the demo file cannot be read)."""
    try:
        data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        u["username"]: list(u.get("skills", {}).get("primary", [])) for u in data.get("users", [])
    }


def top_up_plan(
    admins: Sequence[Admin],
    cycles: int,
    code_to_id: dict[str, int],
    issuable: Sequence[int],
    waiting: Counter[int],
) -> list[int]:
    """Service ids to issue so each administrator's primary services hold about
    ``TOP_UP_MARGIN`` times its share of the cycles (plus its warm-up cycle)."""
    skills = read_skills()
    share = math.ceil(cycles / len(admins)) + 1
    need: Counter[int] = Counter()
    for admin in admins:
        own = [code_to_id[c] for c in skills.get(admin.username, []) if c in code_to_id]
        own = own or list(issuable)  # skills unknown: any service may do
        per_service = math.ceil(share * TOP_UP_MARGIN / len(own))
        for service_id in own:
            need[service_id] += per_service
    missing = {s: max(0, wanted - waiting[s]) for s, wanted in need.items()}
    plan: list[int] = []
    while any(missing.values()):  # round-robin over the services, like real arrivals
        for service_id, left in missing.items():
            if left:
                plan.append(service_id)
                missing[service_id] = left - 1
    return plan


async def run_cycle_phase(
    clients: Clients,
    meter: CpuMeter,
    reception: dict[str, str],
    catalog: list[dict[str, Any]],
    issuable: Sequence[int],
    waiting: Counter[int],
    concurrency: int,
    cycles: int,
    deadline_s: float,
) -> CycleResult:
    workers = min(concurrency, COUNTERS)
    admins = [Admin(f"admin{n:02d}", n) for n in range(1, workers + 1)]
    code_to_id = {s["code"]: s["id"] for s in catalog if s["id"] in set(issuable)}
    plan = top_up_plan(admins, cycles, code_to_id, issuable, waiting)
    top_up = await issue(
        clients[:TOP_UP_CONCURRENCY],
        f"{API}/offices/{OFFICE_ID}/tickets",
        reception,
        plan,
        deadline_s,
        waiting,
    )
    if top_up[3].count:
        raise RuntimeError(f"topping up the queue failed: {top_up[3].samples}")
    clients = clients[:workers]  # administrator k uses client k
    for admin in admins:  # untimed: logins are argon2-bound by design
        admin.token = await login(clients[0], admin.username)
        status, response = await _post(
            clients[0], f"{API}/counters/{admin.counter_id}/session", None, admin.headers
        )
        if status != 200:
            body = response.text if response is not None else ""
            raise RuntimeError(f"{admin.username} cannot open counter: {status} {body}")
    await warm_up(clients)
    await serve_cycles(clients, admins, Budget(workers, deadline_s))  # one warm-up cycle each
    waiting_before = sum(waiting.values()) - workers
    budget = Budget(cycles, deadline_s)
    start = time.perf_counter()
    with meter.measure() as cpu:
        done, steps, no_content, ran_dry, errors = await serve_cycles(clients, admins, budget)
    seconds = time.perf_counter() - start
    requests = sum(len(steps[s]) for s in ("call_next", "start", "finish"))
    return CycleResult(
        concurrency=concurrency,
        workers=workers,
        cycles=done,
        seconds=seconds,
        per_second=done / seconds if seconds else 0.0,
        requests_per_second=requests / seconds if seconds else 0.0,
        call_next=Latency.of(steps["call_next"]),
        start=Latency.of(steps["start"]),
        finish=Latency.of(steps["finish"]),
        cycle=Latency.of(steps["cycle"]),
        no_content=no_content,
        ran_dry=ran_dry,
        waiting_before=waiting_before,
        errors=errors.as_dict(),
        cpu=cpu,
    )


# --- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group (it was started in a session of its own)."""
    for sig, wait_s in ((signal.SIGTERM, 15.0), (signal.SIGKILL, 5.0)):
        if process.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(wait_s)
    # Workers of a multi-process server may outlive their supervisor; end the group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _spawn(argv: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start a server in a session (process group) of its own, output into ``log_path``."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def _log_tail(log_path: Path, chars: int = 2000) -> str:
    return log_path.read_text(errors="replace")[-chars:]


@contextlib.asynccontextmanager
async def running(
    argv: list[str], env: dict[str, str], port: int, log_path: Path
) -> AsyncIterator[Server]:
    """Start a server subprocess, wait for ``/healthz``, and always stop it afterwards."""
    base_url = f"http://127.0.0.1:{port}"
    process = _spawn(argv, env, log_path)
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=2.0) as probe:
            deadline = time.monotonic() + 120
            while True:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"server exited with {process.returncode}:\n{_log_tail(log_path)}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if (await probe.get("/healthz")).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not become healthy in 120 s")
                await asyncio.sleep(0.1)
        yield Server(base_url, process, log_path)
    finally:
        _stop(process)


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QMS_", "CEILING_"))}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def queue_server(database_url: str, workers: int, port: int) -> tuple[list[str], dict[str, str]]:
    env = base_env() | {
        "QMS_DATABASE_URL": database_url,
        "QMS_DEMO": "1",
        "QMS_HOST": "127.0.0.1",
        "QMS_PORT": str(port),
        "QMS_WORKERS": str(workers),
    }
    return [sys.executable, "-m", "queue_server"], env


ACCESS_5XX = re.compile(r'HTTP/1\.[01]" 5\d\d')
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b(:.*)?$")
SHOWN = 300  # characters of a log line quoted in a report


def server_problems(log_path: Path) -> list[str]:
    """What went wrong according to a server's log: 5xx responses, tracebacks (with their
    exceptions) and ERROR lines."""
    if not log_path.exists():
        return []
    lines = log_path.read_text(errors="replace").splitlines()
    problems = []
    failed = [line for line in lines if ACCESS_5XX.search(line)]
    if failed:
        problems.append(f"{len(failed)} 5xx response(s), first: {failed[0][:SHOWN]}")
    tracebacks = sum(line.startswith(("Traceback", "ERROR:    Traceback")) for line in lines)
    if tracebacks:
        exceptions = dict.fromkeys(line[:SHOWN] for line in lines if EXCEPTION_LINE.match(line))
        problems.append(f"{tracebacks} traceback section(s); exceptions: {' / '.join(exceptions)}")
    errors = dict.fromkeys(
        line.strip()[:SHOWN]
        for line in lines
        if (line.startswith("ERROR") or " ERROR " in line) and "Traceback" not in line
    )
    problems += [f"logged: {line}" for line in errors]
    return problems


@contextlib.asynccontextmanager
async def postgres_database() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards; yields its name."""
    name = f"bench_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(PG_ADMIN_DSN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield name
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


# --- one configuration at one concurrency level ---------------------------------------


@dataclass
class Settings:
    tickets: int
    serial_tickets: int
    cycles: int
    phase_seconds: float
    log_dir: Path  # server logs are written here
    cold_start: bool = False  # PostgreSQL: start two workers on the empty database at once

    def tickets_at(self, concurrency: int) -> int:
        return self.serial_tickets if concurrency == 1 else self.tickets

    def cycles_at(self, concurrency: int) -> int:
        return min(self.cycles, self.serial_tickets) if concurrency == 1 else self.cycles


@dataclass
class Run:
    configuration: str
    concurrency: int
    issue: IssueResult | None = None
    cycle: CycleResult | None = None
    failure: str | None = None  # why the run stopped early, if it did
    server_problems: list[str] = field(default_factory=list)
    background_busy_pct: float = 0.0  # host CPU busy just before the run (other work)


@contextlib.asynccontextmanager
async def http_clients(base_url: str, count: int) -> AsyncIterator[list[httpx.AsyncClient]]:
    """``count`` clients of one keep-alive connection each, one per concurrent user.

    One client per user rather than one shared pool: httpx's pool gets quadratically
    slower with the number of connections and waiting requests (at 50 it capped this
    machine at about a quarter of the throughput), which would measure the client."""
    async with contextlib.AsyncExitStack() as stack:
        yield [
            await stack.enter_async_context(
                httpx.AsyncClient(
                    base_url=base_url,
                    limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
                    timeout=httpx.Timeout(60.0),
                )
            )
            for _ in range(count)
        ]


async def login(client: httpx.AsyncClient, username: str) -> str:
    response = await client.post(
        f"{API}/auth/login", json={"username": username, "password": PASSWORD}
    )
    response.raise_for_status()
    return str(response.json()["token"])


async def load_queue_server(
    server: Server, run: Run, settings: Settings, postgres_database: str | None = None
) -> None:
    """Both phases against one fresh queue server; results go into ``run`` as they come."""
    meter = CpuMeter(server.process.pid, postgres_database)
    concurrency = run.concurrency
    async with http_clients(server.base_url, max(concurrency, TOP_UP_CONCURRENCY)) as clients:
        reception = {"Authorization": f"Bearer {await login(clients[0], 'reception')}"}
        response = await clients[0].get(f"{API}/offices/{OFFICE_ID}/services")
        response.raise_for_status()
        catalog = [s for c in response.json()["categories"] for s in c["services"]]
        issuable = [
            s["id"]
            for s in catalog
            if s["active"] and s["referral"] is None and s.get("daily_cap") is None
        ]
        waiting: Counter[int] = Counter()
        run.issue = await run_issue_phase(
            clients[:concurrency],
            meter,
            f"{API}/offices/{OFFICE_ID}/tickets",
            reception,
            issuable,
            settings.tickets_at(concurrency),
            settings.phase_seconds,
            waiting,
        )
        run.cycle = await run_cycle_phase(
            clients,
            meter,
            reception,
            catalog,
            issuable,
            waiting,
            concurrency,
            settings.cycles_at(concurrency),
            settings.phase_seconds,
        )


@contextlib.asynccontextmanager
async def recorded(run: Run, log_path: Path) -> AsyncIterator[None]:
    """A failed run is a result too: keep what was measured, why it stopped, and what the
    server logged."""
    try:
        yield
    except Exception as exc:
        run.failure = f"{type(exc).__name__}: {exc}"
        progress(f"  run failed: {run.failure[:500]}")
    run.server_problems = server_problems(log_path)


async def run_queue_server(
    configuration: str, concurrency: int, settings: Settings, tmp: Path
) -> Run:
    run = Run(configuration, concurrency)
    postgres = configuration == POSTGRES
    port = free_port()
    log_path = settings.log_dir / f"{'postgres' if postgres else 'sqlite'}-{concurrency}.log"
    async with recorded(run, log_path):
        if postgres:
            async with postgres_database() as name:
                argv, env = queue_server(PG_URL.format(name=name), 2, port)
                if not settings.cold_start:
                    # Migrate and load the demo data with one process first: two workers
                    # starting together on an empty database race to load it (README).
                    seed_log = settings.log_dir / f"postgres-{concurrency}-seed.log"
                    async with running(argv, env | {"QMS_WORKERS": "1"}, port, seed_log):
                        pass
                async with running(argv, env, port, log_path) as server:
                    await load_queue_server(server, run, settings, name)
        else:
            db_file = tmp / f"bench-{concurrency}.sqlite3"
            argv, env = queue_server(f"sqlite+aiosqlite:///{db_file}", 1, port)
            async with running(argv, env, port, log_path) as server:
                await load_queue_server(server, run, settings)
    return run


async def run_ceiling(configuration: str, concurrency: int, settings: Settings, tmp: Path) -> Run:
    run = Run(configuration, concurrency)
    endpoint = "tickets" if configuration == CEILING else "noop"
    port = free_port()
    env = base_env() | {
        "CEILING_DB": str(tmp / f"ceiling-{endpoint}-{concurrency}.sqlite3"),
        "CEILING_HOST": "127.0.0.1",
        "CEILING_PORT": str(port),
    }
    log_path = settings.log_dir / f"ceiling-{endpoint}-{concurrency}.log"
    async with (
        recorded(run, log_path),
        running([sys.executable, str(CEILING_APP)], env, port, log_path) as server,
    ):
        meter = CpuMeter(server.process.pid)
        async with http_clients(server.base_url, concurrency) as clients:
            run.issue = await run_issue_phase(
                clients,
                meter,
                f"/{endpoint}",
                {},
                list(range(1, 49)),
                settings.tickets_at(concurrency),
                settings.phase_seconds,
            )
    return run


SQLITE = "Queue server, SQLite, 1 process"
POSTGRES = "Queue server, PostgreSQL, 2 processes"
CEILING = "Ceiling: FastAPI + one aiosqlite INSERT (WAL, synchronous=FULL), 1 process"
CEILING_NOOP = "Floor of HTTP + FastAPI: same app, endpoint without database, 1 process"
ENDPOINTS = {
    SQLITE: f"POST {API}/offices/{OFFICE_ID}/tickets",
    POSTGRES: f"POST {API}/offices/{OFFICE_ID}/tickets",
    CEILING: "POST /tickets",
    CEILING_NOOP: "POST /noop",
}
CONFIGURATIONS = {"sqlite": [SQLITE], "postgres": [POSTGRES], "all": [SQLITE, POSTGRES]}


# --- report ----------------------------------------------------------------------------


def fsync_ms(directory: Path, rounds: int = 200) -> float:
    """Median time of a 4 KiB append + fdatasync in ``directory`` (the disk's commit cost)."""
    path = directory / "fsync-probe"
    times = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for _ in range(rounds):
            t0 = time.perf_counter()
            os.write(fd, b"x" * 4096)
            os.fdatasync(fd)
            times.append(time.perf_counter() - t0)
    finally:
        os.close(fd)
        path.unlink()
    return percentile(sorted(times), 50) * 1000


def machine(tmp: Path) -> dict[str, Any]:
    cpu_model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_gib = 0.0
    with contextlib.suppress(OSError, ValueError):
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        mem_gib = int(meminfo[0].split()[1]) / 1024**2
    return {
        "date": date.today().isoformat(),
        "nproc": os.cpu_count(),
        "cpu": cpu_model,
        "memory_gib": round(mem_gib, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "fsync_median_ms": round(fsync_ms(tmp), 3),
    }


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _cpu(use: CpuUse, count: int, seconds: float, unit: str, postgres: bool) -> dict[str, str]:
    columns = {f"server CPU ms/{unit}": f"{1000 * use.server_s / count:.2f}" if count else "-"}
    if postgres:
        columns[f"PG CPU ms/{unit}"] = f"{1000 * use.postgres_s / count:.2f}" if count else "-"
    columns["client CPU %"] = f"{100 * use.client_s / seconds:.0f}" if seconds else "-"
    columns["host busy %"] = f"{use.host_busy_pct:.0f}"
    return columns


def _table(rows: Sequence[dict[str, str]]) -> list[str]:
    header = list(rows[0])
    return [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" for _ in header) + "|",
        *("| " + " | ".join(row[h] for h in header) + " |" for row in rows),
    ]


def _issue_row(i: IssueResult, postgres: bool) -> dict[str, str]:
    return {
        "conc.": str(i.concurrency),
        "requests": str(i.requests),
        "ok/s": f"{i.per_second:.0f}",
        "p50 ms": _ms(i.latency.p50),
        "p95 ms": _ms(i.latency.p95),
        "p99 ms": _ms(i.latency.p99),
        "max ms": _ms(i.latency.max),
        "errors": str(i.errors["count"]),
        **_cpu(i.cpu, i.requests, i.seconds, "req", postgres),
    }


def _cycle_row(c: CycleResult, postgres: bool) -> dict[str, str]:
    return {
        "conc.": str(c.concurrency),
        "admins": str(c.workers),
        "waiting": str(c.waiting_before),
        "cycles": str(c.cycles),
        "cycles/s": f"{c.per_second:.0f}",
        "req/s": f"{c.requests_per_second:.0f}",
        "call-next p50 ms": _ms(c.call_next.p50),
        "p95": _ms(c.call_next.p95),
        "p99": _ms(c.call_next.p99),
        "finish p99 ms": _ms(c.finish.p99),
        "cycle p50 ms": _ms(c.cycle.p50),
        "cycle p99 ms": _ms(c.cycle.p99),
        "204s": str(c.no_content),
        "errors": str(c.errors["count"]),
        **_cpu(c.cpu, c.cycles, c.seconds, "cycle", postgres),
    }


def _problems(run: Run) -> list[str]:
    found = list(run.server_problems)
    if run.failure:
        found.append(f"run stopped: {run.failure}")
    if run.issue:
        found += [f"issue: {s}" for s in run.issue.errors["samples"]]
    if run.cycle:
        found += [f"cycle: {s}" for s in run.cycle.errors["samples"]]
    return [f"- concurrency {run.concurrency}: {p}" for p in found]


def render(runs: Sequence[Run]) -> str:
    """One Markdown section per configuration."""
    out: list[str] = []
    for configuration in dict.fromkeys(r.configuration for r in runs):
        chosen = [r for r in runs if r.configuration == configuration]
        postgres = configuration == POSTGRES
        out += [f"### {configuration}", ""]
        issues = [_issue_row(r.issue, postgres) for r in chosen if r.issue]
        if issues:
            out += [f"Issue (`{ENDPOINTS[configuration]}`):", "", *_table(issues), ""]
        cycles = [_cycle_row(r.cycle, postgres) for r in chosen if r.cycle]
        if cycles:
            out += ["Call cycle (call-next → start → finish):", "", *_table(cycles), ""]
        background = ", ".join(
            f"conc. {r.concurrency}: {r.background_busy_pct:.0f}%" for r in chosen
        )
        out += [f"Host CPU busy with other work just before each run: {background}.", ""]
        problems = [p for r in chosen for p in _problems(r)]
        if problems:
            out += ["Problems seen:", "", *problems, ""]
    return "\n".join(out)


# --- main ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--db", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument(
        "--concurrency",
        type=lambda s: [int(x) for x in s.split(",") if x.strip()],
        default=[1, 10, 50],
        help="comma-separated levels (default 1,10,50)",
    )
    parser.add_argument("--tickets", type=int, default=2000, help="tickets per issue phase")
    parser.add_argument(
        "--serial-tickets", type=int, default=300, help="tickets (and cycles) at concurrency 1"
    )
    parser.add_argument("--cycles", type=int, default=1000, help="call cycles per phase")
    parser.add_argument(
        "--phase-seconds", type=float, default=60.0, help="time limit of every phase"
    )
    parser.add_argument(
        "--quiet-below",
        type=float,
        default=20.0,
        help="before each run wait until the host CPU is at most this %% busy (default 20)",
    )
    parser.add_argument(
        "--quiet-wait", type=float, default=15.0, help="...but at most this many seconds"
    )
    parser.add_argument(
        "--cold-start",
        action="store_true",
        help="PostgreSQL: start both workers on the empty database at once (by default one "
        "process migrates and loads the demo data first; see the README)",
    )
    parser.add_argument("--no-ceiling", action="store_true", help="skip the ceiling app")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--log-dir", type=Path, help="keep the servers' logs here (default: a temporary folder)"
    )
    return parser.parse_args(argv)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def main_async(args: argparse.Namespace) -> int:
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="qms-bench-") as tmp_name:
        tmp = Path(tmp_name)
        log_dir = args.log_dir or tmp
        log_dir.mkdir(parents=True, exist_ok=True)
        settings = Settings(
            tickets=args.tickets,
            serial_tickets=args.serial_tickets,
            cycles=args.cycles,
            phase_seconds=args.phase_seconds,
            log_dir=log_dir,
            cold_start=args.cold_start,
        )
        info = machine(tmp)
        progress(f"machine: {info}")
        plan = [(name, run_queue_server) for name in CONFIGURATIONS[args.db]]
        if not args.no_ceiling:
            plan += [(CEILING, run_ceiling), (CEILING_NOOP, run_ceiling)]
        for name, runner in plan:
            for level in args.concurrency:
                background = await wait_for_quiet(args.quiet_below, args.quiet_wait)
                progress(f"{name}, concurrency {level} (background load {background:.0f}%) ...")
                run = await runner(name, level, settings, tmp)
                run.background_busy_pct = background
                runs.append(run)
    info_line = ", ".join(f"{k}: {v}" for k, v in info.items())
    print(f"Machine: {info_line}\n")
    print(render(runs))
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "runs": [asdict(r) for r in runs]}, indent=2) + "\n",
            encoding="utf-8",
        )
    failed = any(
        r.failure
        or r.server_problems
        or (r.issue and r.issue.errors["count"])
        or (r.cycle and r.cycle.errors["count"])
        for r in runs
    )
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main_async(args))
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
