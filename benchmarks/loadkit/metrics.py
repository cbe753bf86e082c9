"""Measurements: percentiles and latency summaries, CPU use of the client, the server
and PostgreSQL, PostgreSQL backend activity, and waiting for a quiet machine."""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]

from .config import PG_ADMIN_DSN

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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
class Usage:
    """What a phase used: CPU seconds of the client process, the server's process tree and
    PostgreSQL, how busy the whole host was, and (PostgreSQL) what its backends were doing:
    share of samples per activity."""

    client_s: float = 0.0
    server_s: float = 0.0
    postgres_s: float = 0.0
    host_busy_pct: float = 0.0
    pg_activity: dict[str, float] = field(default_factory=dict)


PG_ACTIVITY = """
SELECT state, wait_event_type, wait_event, query FROM pg_stat_activity
WHERE datname = $1 AND state IS NOT NULL AND state <> 'idle' AND pid <> pg_backend_pid()
"""
STATEMENT_TABLE = re.compile(
    r"^\s*(?:INSERT INTO|UPDATE|DELETE FROM|SELECT .*? FROM)\s+(\w+)", re.S
)
PG_SAMPLE_EVERY_S = 0.05


def _pg_activity(state: str, wait_type: str | None, wait: str | None, query: str) -> str:
    """A short name for what one backend is doing."""
    if state.startswith("idle in transaction"):
        return "idle in transaction (waiting for the app)"
    if wait_type is None:
        return "running"
    if wait_type == "Lock":
        table = STATEMENT_TABLE.match(query)
        return f"lock wait ({wait}) in {table.group(1) if table else 'a statement'}"
    return f"waiting {wait_type}/{wait}"


class Meter:
    """Measures a block's :class:`Usage`. A process that ends inside the block takes its
    CPU time with it (it is not counted)."""

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

    async def _watch_postgres(self, tally: Counter[str]) -> None:
        connection = await asyncpg.connect(PG_ADMIN_DSN)
        try:
            while True:
                for row in await connection.fetch(PG_ACTIVITY, self.postgres_database):
                    tally[_pg_activity(*row)] += 1
                await asyncio.sleep(PG_SAMPLE_EVERY_S)
        finally:
            await connection.close()

    @contextlib.asynccontextmanager
    async def measure(self) -> AsyncIterator[Usage]:
        use = Usage()
        tally: Counter[str] = Counter()
        watcher = (
            asyncio.create_task(self._watch_postgres(tally)) if self.postgres_database else None
        )
        client0, server0, pg0, (busy0, total0) = self._sample()
        try:
            yield use
        finally:
            client1, server1, pg1, (busy1, total1) = self._sample()
            use.client_s = client1 - client0
            use.server_s = self._delta(server0, server1)
            use.postgres_s = self._delta(pg0, pg1)
            use.host_busy_pct = 100 * (busy1 - busy0) / max(total1 - total0, 1.0)
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
                seen = sum(tally.values()) or 1
                use.pg_activity = {k: round(100 * n / seen, 1) for k, n in tally.most_common()}


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
