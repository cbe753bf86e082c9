"""Reading a period's tickets for reports: one streamed query, folded in batches.

A yearly report reads up to a million rows. On PostgreSQL they stream from a server-side
cursor in batches; on SQLite, whose connections are synchronous, the whole read runs on a
worker thread with a connection of its own, so kiosks and windows served by the event
loop are not held up while a manager waits for a report.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Float, Integer, Select, case, cast, func, select

from queue_server.adapters.database import READONLY, Conn, Database
from queue_server.adapters.orm import EventRow, RatingRow, ServiceRow, TicketRow
from queue_server.domain import events as ev
from queue_server.domain.reports import TicketFact

# Rows per batch (PostgreSQL): each is handed to a worker thread to fold.
BATCH = 2000
SQLITE_BATCH = 10_000  # read and folded on a worker thread
Sink = Callable[[Iterable[TicketFact]], None]


def _facts_query(
    office_ids: Sequence[int], first: date, last: date, *, sqlite: bool
) -> Select[*tuple[Any, ...]]:
    """The facts' columns, times as epoch seconds computed by the database (a million
    tickets convert far faster there than through Python datetimes), to the millisecond."""
    t = TicketRow
    if sqlite:  # days since 1970-01-01, as TicketFact counts the business day
        day_number = cast(func.julianday(t.business_day) - 2440587.5, Integer)
    else:
        day_number = cast(func.extract("epoch", t.business_day) / 86400, Integer)

    def epoch(column: Any) -> Any:
        if sqlite:  # naive UTC text; julianday's double is rounded to whole milliseconds
            millis = cast((func.julianday(column) - 2440587.5) * 86_400_000.0 + 0.5, Integer)
            return millis / 1000.0
        return cast(func.extract("epoch", column), Float)

    return (
        select(
            t.office_id,
            t.service_id,
            t.operator_id,
            t.status,
            day_number,
            epoch(t.issued_at),
            epoch(t.called_at),
            epoch(t.started_at),
            epoch(t.finished_at),
            t.outcome,
            # Only a refusal's note is a figure (its reason); the rest stays in the database.
            case((t.outcome == "refused", t.outcome_note), else_=""),
            t.redirect_count,
            ServiceRow.target_wait_min,
            RatingRow.score,
            RatingRow.recommend,
        )
        .join(ServiceRow, ServiceRow.id == t.service_id)
        .outerjoin(RatingRow, RatingRow.ticket_id == t.id)
        .where(t.office_id.in_(office_ids), t.business_day >= first, t.business_day <= last)
    )


def _facts(rows: Iterable[Any]) -> list[TicketFact]:
    make = TicketFact._make
    return [make(row) for row in rows]


class SqlReports:
    def __init__(self, conn: Conn, db: Database) -> None:
        self.conn = conn
        self.db = db

    async def scan(self, office_ids: Sequence[int], first: date, last: date, sink: Sink) -> None:
        """Feed every ticket of the offices' business days ``first``..``last`` to ``sink``."""
        if not office_ids:
            return
        engine = self.db.sync_engine
        stmt = _facts_query(office_ids, first, last, sqlite=engine is not None)
        if engine is not None:
            if engine.url.database in (None, "", ":memory:"):  # one connection: read it here
                result = await self.conn.execute(stmt)
                while batch := result.fetchmany(BATCH):
                    sink(_facts(batch))
                return

            def read() -> None:
                with engine.connect() as plain:
                    c = plain.execution_options(**{READONLY: True})
                    with c.begin():
                        cursor = c.connection.cursor()  # the driver's rows, no SQLAlchemy rows
                        compiled = stmt.compile(c, compile_kwargs={"literal_binds": True})
                        cursor.execute(str(compiled))
                        while batch := cursor.fetchmany(SQLITE_BATCH):
                            sink(_facts(batch))
                        cursor.close()

            await asyncio.to_thread(read)
            return
        assert self.db.async_engine is not None
        async with self.db.async_engine.connect() as conn:
            # asyncpg's own cursor: SQLAlchemy's rows would cost more than the fold itself.
            driver = (await conn.get_raw_connection()).driver_connection
            assert driver is not None
            sql = str(stmt.compile(conn.sync_engine, compile_kwargs={"literal_binds": True}))
            async with driver.transaction(readonly=True):
                cursor = await driver.cursor(sql)
                while rows := await cursor.fetch(BATCH):
                    # The fold runs beside the event loop, which goes on serving meanwhile.
                    await asyncio.to_thread(sink, _facts(rows))

    async def pauses(
        self, office_ids: Sequence[int], start: datetime, end: datetime, now: datetime
    ) -> dict[int, list[tuple[datetime, datetime]]]:
        """The offices' air-raid pauses overlapping ``start``..``end`` (an open one ends now)."""
        stmt = (
            select(EventRow.office_id, EventRow.type, EventRow.at)
            .where(
                EventRow.office_id.in_(office_ids),
                EventRow.type.in_([ev.OfficePaused.name, ev.OfficeResumed.name]),
                EventRow.at < end,
            )
            .order_by(EventRow.office_id, EventRow.seq)
        )
        spans: dict[int, list[tuple[datetime, datetime]]] = {}
        opened: dict[int, datetime] = {}
        for office_id, kind, at in await self.conn.execute(stmt):
            if kind == ev.OfficePaused.name:
                opened.setdefault(office_id, at)
            elif office_id in opened:
                began = opened.pop(office_id)
                if at > start:
                    spans.setdefault(office_id, []).append((began, at))
        for office_id, began in opened.items():
            spans.setdefault(office_id, []).append((began, max(began, now)))
        return spans
