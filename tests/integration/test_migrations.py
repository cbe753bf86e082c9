"""Alembic is the only schema source: upgrade, downgrade and upgrade again on both databases."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import create_async_engine

from queue_server.adapters.migrate import downgrade, upgrade
from queue_server.adapters.orm import Base
from tests.conftest import PG_HOST, PG_PORT, _pg_admin, in_thread, need_postgres


async def table_names(url: str) -> set[str]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


def round_trip(url: str) -> None:
    expected = set(Base.metadata.tables)
    upgrade(url)
    assert asyncio.run(table_names(url)) == expected | {"alembic_version"}
    downgrade(url, "base")
    assert asyncio.run(table_names(url)) == {"alembic_version"}
    upgrade(url)
    assert asyncio.run(table_names(url)) == expected | {"alembic_version"}


def test_sqlite_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    in_thread(round_trip, f"sqlite+aiosqlite:///{tmp_path / 'm.sqlite3'}")


def test_postgres_upgrade_downgrade_upgrade() -> None:
    need_postgres()
    name = f"qms_mig_{uuid.uuid4().hex[:8]}"
    in_thread(asyncio.run, _pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        in_thread(round_trip, f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}")
    finally:
        in_thread(asyncio.run, _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
