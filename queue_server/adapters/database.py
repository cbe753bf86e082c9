"""The database: SQLite (embedded) or PostgreSQL, with the transaction rules of DESIGN §4.

PostgreSQL runs on asyncpg: READ COMMITTED, and call-next claims with
``FOR UPDATE SKIP LOCKED``.

SQLite runs on the standard library driver *on the event loop*: its statements take
microseconds, far less than the hop to a driver thread that an async driver costs on
every call (measured: 0.75 ms per statement through aiosqlite, 0.05 ms inline). Write
transactions are ``BEGIN IMMEDIATE`` behind an in-process lock, so writers queue instead of
failing with "database is locked"; WAL and ``synchronous=FULL`` keep every acknowledged
commit through a crash or a power cut.

Repositories see one small connection interface, ``Conn``, whichever database it is.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import asyncpg
from sqlalchemy import Connection, Dialect, Engine, create_engine, event
from sqlalchemy.engine import CursorResult, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.sql.base import Executable

READONLY = "qms_readonly"
T = TypeVar("T")

# What the driver raises when the server is down, restarting or unreachable (not a bug).
_OUTAGES = (
    OSError,  # refused, reset, unreachable (ConnectionError is an OSError)
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,  # shutting down, starting up
    asyncpg.exceptions.ConnectionDoesNotExistError,  # the server closed it meanwhile
)


def is_outage(exc: BaseException) -> bool:
    """Whether ``exc`` means the database cannot be reached now (so the request may simply
    be tried again), rather than a fault of the request or of the code."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        e = pending.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, _OUTAGES):
            return True
        if isinstance(e, DBAPIError):
            if e.connection_invalidated:
                return True
            pending.append(e.orig)
        pending += [e.__cause__, e.__context__]
    return False


class Conn(Protocol):
    """The part of a SQLAlchemy connection the repositories use."""

    @property
    def dialect(self) -> Dialect: ...

    async def execute(
        self, statement: Executable, parameters: Any = None
    ) -> CursorResult[*tuple[Any, ...]]:
        """Run one statement in the current transaction."""
        ...

    def begin_nested(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """A savepoint, rolled back if the block raises."""
        ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def close(self) -> None: ...
    def in_transaction(self) -> bool: ...


class InlineConnection:
    """``Conn`` over a synchronous connection, called directly on the event loop."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    @property
    def dialect(self) -> Dialect:
        return self._c.dialect

    async def execute(
        self, statement: Executable, parameters: Any = None
    ) -> CursorResult[*tuple[Any, ...]]:
        return self._c.execute(statement, parameters)

    @contextlib.asynccontextmanager
    async def begin_nested(self) -> AsyncIterator[Any]:
        with self._c.begin_nested() as savepoint:
            yield savepoint

    async def commit(self) -> None:
        self._c.commit()

    async def rollback(self) -> None:
        self._c.rollback()

    async def close(self) -> None:
        self._c.close()

    def in_transaction(self) -> bool:
        return self._c.in_transaction()


@dataclass
class Database:
    """Connections to the app's database, SQLite or PostgreSQL."""

    dialect: str
    sync_engine: Engine | None = None  # SQLite
    async_engine: AsyncEngine | None = None  # PostgreSQL
    # Serialises write transactions of this process on SQLite; None on PostgreSQL.
    write_lock: asyncio.Lock | None = field(default=None)

    async def connect(self, *, readonly: bool = False) -> Conn:
        """A connection with its transaction begun (``BEGIN IMMEDIATE`` for SQLite writes)."""
        if self.sync_engine is not None:
            sync = self.sync_engine.connect()
            if readonly:
                sync = sync.execution_options(**{READONLY: True})
            sync.begin()
            return InlineConnection(sync)
        assert self.async_engine is not None
        conn = await self.async_engine.connect()
        await conn.begin()
        return conn

    @contextlib.asynccontextmanager
    async def begin(self) -> AsyncIterator[Conn]:
        """A transaction that commits at the end of the block, or rolls back on error."""
        conn = await self.connect()
        try:
            yield conn
            await conn.commit()
        finally:
            if conn.in_transaction():
                await conn.rollback()
            await conn.close()

    async def dispose(self) -> None:
        if self.sync_engine is not None:
            self.sync_engine.dispose()
        if self.async_engine is not None:
            await self.async_engine.dispose()


def create_database(url: str, *, echo: bool = False) -> Database:
    """Create the engine for ``url`` (making the SQLite folder if needed)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        pool: dict[str, Any] = {}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            pool = {"pool_size": 4, "max_overflow": 4}
        engine = create_engine(
            parsed.set(drivername="sqlite+pysqlite"),
            echo=echo,
            connect_args={"check_same_thread": False},
            **pool,
        )
        _configure_sqlite(engine)
        return Database("sqlite", sync_engine=engine, write_lock=asyncio.Lock())
    async_engine = create_async_engine(
        url, echo=echo, pool_size=10, max_overflow=10, pool_pre_ping=True
    )
    return Database(parsed.get_backend_name(), async_engine=async_engine)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves (the driver's own transaction handling is off).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")
