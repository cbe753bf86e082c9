"""The ceiling: the least a FastAPI endpoint that durably stores one row can cost.

``POST /tickets`` {"service_id": N} does one SQLite ``INSERT ... RETURNING`` (its own
transaction) on one aiosqlite connection with the real server's pragmas (WAL,
``synchronous=FULL``) and answers 201 with a small JSON body. ``POST /noop`` answers the
same without touching the database: the cost of HTTP, the client and FastAPI alone.

It is served by uvicorn with the real server's settings (one process, ``log_level="info"``
so access logging is on, ``proxy_headers=True``). ``benchmarks/load.py`` starts it::

    CEILING_DB=/tmp/ceiling.sqlite3 CEILING_PORT=8100 python benchmarks/ceiling_app.py
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL,
    issued_at TEXT NOT NULL
)
"""


class TicketIn(BaseModel):
    service_id: int


class TicketOut(BaseModel):
    id: int
    service_id: int
    issued_at: datetime


def create_app(db_path: Path) -> FastAPI:
    """The app, storing into the SQLite file ``db_path``."""
    state: dict[str, aiosqlite.Connection] = {}

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # isolation_level=None: autocommit, so each INSERT is one committed transaction.
        db = await aiosqlite.connect(db_path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=15000"):
            await db.execute(f"PRAGMA {pragma}")
        await db.execute(SCHEMA)
        state["db"] = db
        try:
            yield
        finally:
            await db.close()

    app = FastAPI(title="ceiling", lifespan=lifespan)

    @app.post("/tickets", status_code=201)
    async def issue(body: TicketIn) -> TicketOut:
        now = datetime.now(UTC)
        # One call on the connection's thread: the INSERT, its commit, last_insert_rowid().
        row = await state["db"].execute_insert(
            "INSERT INTO tickets (service_id, issued_at) VALUES (?, ?)",
            (body.service_id, now.isoformat()),
        )
        assert row is not None
        return TicketOut(id=int(row[0]), service_id=body.service_id, issued_at=now)

    @app.post("/noop", status_code=201)
    async def noop(body: TicketIn) -> TicketOut:
        return TicketOut(id=0, service_id=body.service_id, issued_at=datetime.now(UTC))

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main() -> None:
    uvicorn.run(
        create_app(Path(os.environ["CEILING_DB"])),
        host=os.environ.get("CEILING_HOST", "127.0.0.1"),
        port=int(os.environ.get("CEILING_PORT", "8100")),
        log_level="info",
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
