"""Shared fixtures: real SQLite and PostgreSQL databases, the app, a fixed clock.

PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) run on every development and CI
machine. A test that needs one skips with a reason when it is missing, and fails under CI.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from queue_server.adapters.database import Database
from queue_server.adapters.demo import load_data
from queue_server.adapters.migrate import upgrade
from queue_server.config import Settings
from queue_server.container import Container
from queue_server.main import build_container, create_app
from tests.factories import PASSWORD, FakeClock, office_data

T = TypeVar("T")
T = TypeVar("T")
PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_ADMIN_URL = f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/test"
IN_CI = bool(os.environ.get("CI"))


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need(service: str, host: str, port: int) -> None:
    """Skip without the service; under CI its absence is a failure."""
    if not reachable(host, port):
        message = f"{service} is not reachable on {host}:{port}"
        if IN_CI:
            pytest.fail(f"{message}, and CI must test against it")
        pytest.skip(message)


def in_thread(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn`` in a fresh thread: it may start an event loop of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def need_postgres() -> None:
    need("PostgreSQL", PG_HOST, PG_PORT)


def need_redis() -> None:
    need("Redis", "127.0.0.1", 6379)


async def _pg_admin(sql: str) -> None:
    engine = create_async_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    need_postgres()
    name = f"qms_test_{uuid.uuid4().hex[:10]}"
    in_thread(asyncio.run, _pg_admin(f'CREATE DATABASE "{name}"'))
    url = f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    in_thread(upgrade, url)
    yield url
    in_thread(asyncio.run, _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    in_thread(upgrade, f"sqlite+aiosqlite:///{path}")
    return path


async def reset_postgres(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            tables = (
                await conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname='public' "
                        "AND tablename <> 'alembic_version'"
                    )
                )
            ).scalars()
            names = ", ".join(f'"{t}"' for t in tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


@dataclass
class Stack:
    """A seeded database with the app's container on it."""

    url: str
    dialect: str
    container: Container
    db: Database
    clock: FakeClock

    @property
    def uow(self):  # type: ignore[no-untyped-def]
        return self.container.uow


def settings_for(url: str, **extra: object) -> Settings:
    return Settings(
        database_url=url, demo=False, secret_key="test-secret", migrate_on_start=False, **extra
    )


def fresh_database(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The URL of an empty, migrated database: a copied SQLite file or the emptied
    session PostgreSQL database."""
    if kind == "postgres":
        url: str = request.getfixturevalue("pg_url")
        in_thread(asyncio.run, reset_postgres(url))
        return url
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "qms.sqlite3"
    shutil.copy(template, path)
    return f"sqlite+aiosqlite:///{path}"


async def seed(url: str, data: dict[str, Any] | None = None) -> None:
    """Load the test office (or ``data``) into the database at ``url``."""
    container, db = build_container(settings_for(url))
    try:
        await load_data(db, container.hasher, data or office_data(), password=PASSWORD)
    finally:
        await db.dispose()


async def make_stack(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Stack:
    url = fresh_database(kind, tmp_path, request)
    clock = FakeClock()
    container, db = build_container(settings_for(url), clock)
    await load_data(db, container.hasher, office_data(), password=PASSWORD)
    return Stack(url=url, dialect=kind, container=container, db=db, clock=clock)


@pytest.fixture
async def stack(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    """The seeded test office on embedded SQLite, with a fixed clock."""
    s = await make_stack("sqlite", tmp_path, request)
    yield s
    await s.db.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
async def any_stack(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    """The seeded test office on each database in turn."""
    s = await make_stack(request.param, tmp_path, request)
    yield s
    await s.db.dispose()


@dataclass
class Api:
    """The app over HTTP (in process), with logins cached per user."""

    client: httpx.AsyncClient
    stack: Stack
    tokens: dict[str, str]

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            r = await self.client.post(
                "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
            )
            assert r.status_code == 200, r.text
            self.tokens[username] = r.json()["token"]
            self.client.cookies.clear()  # every call names its caller explicitly
        return self.tokens[username]

    async def as_(self, username: str) -> dict[str, str]:
        """Authorization headers of ``username``."""
        return {"Authorization": f"Bearer {await self.token(username)}"}

    async def device(self, kind: str = "kiosk", office_id: int = 1) -> dict[str, str]:
        r = await self.client.post(
            f"/api/v1/offices/{office_id}/devices",
            json={"kind": kind, "name": f"{kind} test"},
            headers=await self.as_("manager"),
        )
        assert r.status_code == 201, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}


@pytest.fixture
async def api(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The seeded test office behind the real app, called over in-process HTTP."""
    s = await make_stack("sqlite", tmp_path, request)
    await s.db.dispose()
    app = create_app(settings_for(s.url), clock=s.clock)
    s.container = app.state.container
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://qms.test") as client:
            yield Api(client=client, stack=s, tokens={})
