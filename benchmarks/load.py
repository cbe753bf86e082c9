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
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/loadkit as ``loadkit``

from loadkit.metrics import wait_for_quiet
from loadkit.report import machine, render
from loadkit.runs import (
    CEILING,
    CEILING_NOOP,
    CONFIGURATIONS,
    Run,
    Settings,
    progress,
    run_ceiling,
    run_queue_server,
)


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
