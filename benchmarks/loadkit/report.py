"""The report: the machine (with its fsync cost) and one Markdown section per
configuration."""

from __future__ import annotations

import contextlib
import os
import platform
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from .metrics import PG_SAMPLE_EVERY_S, Usage, percentile
from .phases import CycleResult, IssueResult
from .runs import ENDPOINTS, POSTGRES, Run


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


def _cpu(use: Usage, count: int, seconds: float, unit: str, postgres: bool) -> dict[str, str]:
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


def _pg_activity_lines(runs: Sequence[Run], top: int = 4) -> list[str]:
    lines = []
    for run in runs:
        for phase, result in (("issue", run.issue), ("call cycle", run.cycle)):
            if result is not None and result.cpu.pg_activity:
                shares = list(result.cpu.pg_activity.items())[:top]
                text = ", ".join(f"{what} {share:.0f}%" for what, share in shares)
                lines.append(f"- {phase}, conc. {run.concurrency}: {text}")
    if not lines:
        return []
    return [
        "What the PostgreSQL backends of the benchmark database were doing (share of "
        f"non-idle backend samples, one sample every {PG_SAMPLE_EVERY_S * 1000:.0f} ms):",
        "",
        *lines,
        "",
    ]


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
        if postgres:
            out += _pg_activity_lines(chosen)
        background = ", ".join(
            f"conc. {r.concurrency}: {r.background_busy_pct:.0f}%" for r in chosen
        )
        out += [f"Host CPU busy with other work just before each run: {background}.", ""]
        problems = [p for r in chosen for p in _problems(r)]
        if problems:
            out += ["Problems seen:", "", *problems, ""]
    return "\n".join(out)
