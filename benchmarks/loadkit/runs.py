"""One configuration at one concurrency level: a fresh server (or the ceiling app) on a
fresh database, both phases against it, and what went wrong."""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from .clients import http_clients, login
from .config import API, CEILING_APP, OFFICE_ID, PG_URL, REDIS_URL, TOP_UP_CONCURRENCY
from .metrics import Meter
from .phases import CycleResult, IssueResult, run_cycle_phase, run_issue_phase
from .servers import (
    Server,
    base_env,
    free_port,
    postgres_database,
    queue_server,
    running,
    server_problems,
)


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


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def load_queue_server(
    server: Server, run: Run, settings: Settings, postgres_database: str | None = None
) -> None:
    """Both phases against one fresh queue server; results go into ``run`` as they come."""
    meter = Meter(server.process.pid, postgres_database)
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
                env["QMS_REDIS_URL"] = REDIS_URL
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
        meter = Meter(server.process.pid)
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
POSTGRES = "Queue server, PostgreSQL + Redis, 2 processes"
CEILING = "Ceiling: FastAPI + one aiosqlite INSERT (WAL, synchronous=FULL), 1 process"
CEILING_NOOP = "Floor of HTTP + FastAPI: same app, endpoint without database, 1 process"
ENDPOINTS = {
    SQLITE: f"POST {API}/offices/{OFFICE_ID}/tickets",
    POSTGRES: f"POST {API}/offices/{OFFICE_ID}/tickets",
    CEILING: "POST /tickets",
    CEILING_NOOP: "POST /noop",
}
CONFIGURATIONS = {"sqlite": [SQLITE], "postgres": [POSTGRES], "all": [SQLITE, POSTGRES]}
