"""The engine: SQLite (embedded) or PostgreSQL, with the transaction rules of DESIGN §4.

SQLite: WAL, full sync, and every write transaction is ``BEGIN IMMEDIATE`` behind an
in-process lock, so writers queue instead of failing with "database is locked".
PostgreSQL: READ COMMITTED; call-next claims with ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

READONLY = "qms_readonly"


@dataclass
class Database:
    engine: AsyncEngine
    # Serialises write transactions of this process on SQLite; None on PostgreSQL.
    write_lock: asyncio.Lock | None = field(default=None)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    async def dispose(self) -> None:
        await self.engine.dispose()


def create_database(url: str, *, echo: bool = False) -> Database:
    """Create the engine for ``url`` (making the SQLite folder if needed)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        pool: dict[str, Any] = {}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            pool = {"pool_size": 4, "max_overflow": 4}
        engine = create_async_engine(url, echo=echo, **pool)
        _configure_sqlite(engine)
        return Database(engine, asyncio.Lock())
    engine = create_async_engine(url, echo=echo, pool_size=10, max_overflow=10, pool_pre_ping=True)
    return Database(engine)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves (pysqlite's own transaction handling is off).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")
