"""Monthly and yearly reports over a million tickets, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/reports.py                     # 1,000,000 tickets, both DBs
    .venv/bin/python benchmarks/reports.py --tickets 200000 --db sqlite

A fresh database (a SQLite file, or a new ``bench_<random>`` PostgreSQL database dropped
afterwards) is migrated and given the demo data; then ``--tickets`` tickets are written
straight into it, spread evenly over the working days (Mon–Fri) of 2026 in office 1, with
a realistic mix: 80% served (a tenth of them rated, 3% refused), 8% no-shows, 5%
cancelled, 4% expired, 3% redirected once; waits 0–60 and service 2–30 minutes; two
air-raid pauses a month. Generating them is not timed.

Timed, each ``--repeat`` times (the table shows the median and the slowest), through the
report use case exactly as the API calls it (``make_report``):

* *month*: November 2026 by service; *year*: 2026 by service; *year by administrator*;
* *month XLSX* / *month CSV*: the month rendered to the files the manager downloads;

and, during the yearly report, the event loop's longest stall (a task that sleeps 10 ms in
a loop and records how late it wakes): what a kiosk or window served by the same process
would feel. Like the server after its start, the script freezes what setup made out of the
garbage collector's full passes (``gc.freeze()``) before timing. The peak memory of the
process (``ru_maxrss``) is printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import random
import resource
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from loadkit.config import PG_URL
from loadkit.servers import postgres_database
from sqlalchemy import insert, select

from queue_server.adapters.demo import load_demo_data
from queue_server.adapters.migrate import upgrade_async
from queue_server.adapters.orm import EventRow, RatingRow, ServiceRow, TicketRow, UserRow
from queue_server.api.report_exports import to_csv, to_xlsx
from queue_server.api.report_schemas import ReportOut
from queue_server.config import Settings
from queue_server.domain.reports import GroupBy, PeriodKind
from queue_server.domain.users import Principal, Role
from queue_server.main import build_container
from queue_server.service.reports import make_report

KYIV = ZoneInfo("Europe/Kyiv")
OFFICE = 1
YEAR = 2026
MANAGER = Principal(kind="user", id=1, office_id=None, roles=frozenset({Role.ADMIN}))
CHUNK = 20_000


def working_days() -> list[date]:
    day, days = date(YEAR, 1, 1), []
    while day.year == YEAR:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def ticket_rows(n: int, services: list[tuple[int, str]], operators: list[int]) -> Any:
    """``n`` tickets over the year's working days, in chunks of rows (and their ratings)."""
    rng = random.Random(2026)
    days = working_days()
    per_day = -(-n // len(days))
    made = 0
    rows: list[dict[str, Any]] = []
    ratings: list[tuple[int, int, int]] = []  # (row index in chunk, score, recommend)
    for day in days:
        opening = datetime.combine(day, dtime(8, 0), KYIV).astimezone(UTC)
        for i in range(min(per_day, n - made)):
            service_id, prefix = services[i % len(services)]
            issued = opening + timedelta(seconds=i * 9 * 3600 // per_day)
            fate = rng.random()
            wait = timedelta(minutes=rng.uniform(0, 60))
            called = started = finished = None
            status, outcome, note, operator = "expired", None, "", None
            if fate < 0.83:
                operator = operators[i % len(operators)]
                called = issued + wait
                if fate < 0.80:
                    status, started = "done", called + timedelta(minutes=1)
                    finished = started + timedelta(minutes=rng.uniform(2, 30))
                    outcome = "refused" if rng.random() < 0.03 else "documents_accepted"
                    note = "неповний пакет документів" if outcome == "refused" else ""
                    if rng.random() < 0.1:
                        ratings.append((len(rows), rng.randint(1, 5), rng.randint(0, 10)))
                else:
                    status, finished = "no_show", called + timedelta(minutes=3)
            elif fate < 0.88:
                status, finished = "cancelled", issued + wait
            else:
                finished = datetime.combine(day, dtime(20, 0), KYIV).astimezone(UTC)
            rows.append(
                {
                    "office_id": OFFICE,
                    "service_id": service_id,
                    "number": f"{prefix}-{i + 1:03d}",
                    "business_day": day,
                    "status": status,
                    "head_start_s": 0,
                    "queue_key": int(issued.timestamp() * 1000),
                    "language": "uk",
                    "note": "",
                    "operator_id": operator,
                    "issued_at": issued,
                    "arrived_at": issued,
                    "called_at": called,
                    "started_at": started,
                    "finished_at": finished,
                    "recall_count": 0,
                    "redirect_count": 1 if rng.random() < 0.03 else 0,
                    "outcome": outcome,
                    "outcome_note": note,
                    "track_token": secrets.token_hex(12),
                    "issued_by": "user:2",
                    "document_seen": False,
                    "version": 0,
                }
            )
            made += 1
            if len(rows) >= CHUNK:
                yield rows, ratings
                rows, ratings = [], []
    if rows:
        yield rows, ratings


async def fill(container: Any, n: int) -> None:
    """Write ``n`` tickets, their ratings and two pauses a month (not timed)."""
    async with container.uow() as tx:
        conn = tx._conn
        listed = await conn.execute(
            select(ServiceRow.id, ServiceRow.prefix, ServiceRow.referral).where(
                ServiceRow.office_id == OFFICE
            )
        )
        services = [(r.id, r.prefix) for r in listed if not r.referral]
        operators = [
            r.id for r in await conn.execute(select(UserRow.id).where(UserRow.office_id == OFFICE))
        ]
        await tx.commit()
    written = 0
    for rows, ratings in ticket_rows(n, services, operators):
        async with container.uow() as tx:
            conn = tx._conn
            ids = (
                (
                    await conn.execute(
                        insert(TicketRow).returning(TicketRow.id, sort_by_parameter_order=True),
                        rows,
                    )
                )
                .scalars()
                .all()
            )
            if ratings:
                await conn.execute(
                    insert(RatingRow),
                    [
                        {
                            "office_id": OFFICE,
                            "ticket_id": ids[index],
                            "service_id": rows[index]["service_id"],
                            "operator_id": rows[index]["operator_id"],
                            "score": score,
                            "recommend": recommend,
                            "comment": "",
                            "complaint": False,
                            "source": "pad",
                            "created_at": rows[index]["finished_at"],
                            "status": "new",
                            "answer": "",
                        }
                        for index, score, recommend in ratings
                    ],
                )
            await conn.commit()
        written += len(rows)
        print(f"\r  {written:,} tickets written", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    async with container.uow() as tx:
        pauses = []
        seq = 10_000_000
        for month in range(1, 13):
            for day in (7, 21):
                start = datetime(YEAR, month, day, 9, 30, tzinfo=KYIV).astimezone(UTC)
                for kind, at in (
                    ("office.paused", start),
                    ("office.resumed", start + timedelta(minutes=40)),
                ):
                    seq += 1
                    pauses.append(
                        {
                            "office_id": OFFICE,
                            "seq": seq,
                            "type": kind,
                            "at": at,
                            "actor": "user:2",
                            "data": {},
                        }
                    )
        await tx._conn.execute(insert(EventRow), pauses)
        await tx._conn.commit()


async def stall_watch(samples: list[float], stop: asyncio.Event) -> None:
    """Record how late a 10 ms sleep wakes, until ``stop``."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        t = loop.time()
        await asyncio.sleep(0.01)
        samples.append(loop.time() - t - 0.01)


async def timed(fn: Callable[[], Awaitable[Any]], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = await fn()
        times.append(time.perf_counter() - t)
    return times, result


async def bench(url: str, label: str, n: int, repeat: int) -> list[tuple[str, str, str, str]]:
    await upgrade_async(url)
    settings = Settings(database_url=url, demo=False, secret_key="bench", migrate_on_start=False)
    container, db = build_container(settings)
    try:
        await load_demo_data(db, container.hasher)
        t = time.perf_counter()
        await fill(container, n)
        print(
            f"  {label}: {n:,} tickets written in {time.perf_counter() - t:.0f} s", file=sys.stderr
        )
        gc.freeze()  # as the server does once it has started

        def report(
            kind: PeriodKind, day: date, group_by: GroupBy = GroupBy.SERVICE
        ) -> Callable[[], Awaitable[Any]]:
            async def run() -> Any:
                return await make_report(
                    uow=container.uow,
                    principal=MANAGER,
                    clock=lambda: datetime.now(UTC),
                    kind=kind,
                    day=day,
                    group_by=group_by,
                    office_id=OFFICE,
                )

            return run

        rows = []
        month_times, month = await timed(report(PeriodKind.MONTH, date(YEAR, 11, 15)), repeat)
        rows.append((label, "month (Nov), by service", month.report.total.visitors, month_times))
        samples: list[float] = []
        stop = asyncio.Event()
        watcher = asyncio.create_task(stall_watch(samples, stop))
        year_times, year = await timed(report(PeriodKind.YEAR, date(YEAR, 6, 1)), repeat)
        stop.set()
        await watcher
        rows.append((label, "year, by service", year.report.total.visitors, year_times))
        op_times, ops = await timed(
            report(PeriodKind.YEAR, date(YEAR, 6, 1), GroupBy.OPERATOR), repeat
        )
        rows.append((label, "year, by administrator", ops.report.total.visitors, op_times))
        out = ReportOut.of(month)

        async def xlsx() -> bytes:
            return to_xlsx(ReportOut.of(await report(PeriodKind.MONTH, date(YEAR, 11, 15))()), "uk")

        async def csv() -> bytes:
            return to_csv(ReportOut.of(await report(PeriodKind.MONTH, date(YEAR, 11, 15))()), "uk")

        xlsx_times, _ = await timed(xlsx, repeat)
        rows.append((label, "month as XLSX (report + file)", out.total.visitors, xlsx_times))
        csv_times, _ = await timed(csv, repeat)
        rows.append((label, "month as CSV (report + file)", out.total.visitors, csv_times))
        stall = max(samples) * 1000 if samples else 0.0
        print(
            f"  {label}: longest event-loop stall during the yearly report: {stall:.0f} ms",
            file=sys.stderr,
        )
        return [
            (db_label, what, f"{tickets:,}", f"{statistics.median(ts):.2f} / {max(ts):.2f}")
            for db_label, what, tickets, ts in rows
        ] + [(label, "event loop's longest stall during the yearly report", "", f"{stall:.0f} ms")]
    finally:
        await db.dispose()


@contextlib.asynccontextmanager
async def database(kind: str) -> AsyncIterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite+aiosqlite:///{tmp}/reports.sqlite3"
    else:
        async with postgres_database() as name:
            yield PG_URL.format(name=name)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    table = []
    for kind in kinds:
        async with database(kind) as url:
            table += await bench(url, kind, args.tickets, args.repeat)
    print("| database | report | tickets | seconds (median / slowest) |")
    print("| --- | --- | ---: | ---: |")
    for row in table:
        print("| " + " | ".join(row) + " |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak memory of the process (ru_maxrss): {peak:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
