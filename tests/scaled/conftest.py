"""Fixtures of the scaled deployment: a private Redis, PostgreSQL, app processes, nginx."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import fresh_database, in_thread, seed
from tests.scaled.topology import PrivatePostgres, PrivateRedis, Topology, topology
from tests.servers import servers


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    cluster = PrivatePostgres()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def seeded_postgres(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    url = fresh_database("postgres", tmp_path, request)
    in_thread(asyncio.run, seed(url))
    return url


@pytest.fixture
def two_workers(
    tmp_path: Path, request: pytest.FixtureRequest, private_redis: PrivateRedis
) -> Iterator[list[str]]:
    """Two app processes on one PostgreSQL database and a private Redis (no nginx)."""
    with servers(seeded_postgres(tmp_path, request), 2, tmp_path,
                 QMS_REDIS_URL=private_redis.url) as bases:  # fmt: skip
        yield bases


@pytest.fixture
def scaled(
    tmp_path: Path, request: pytest.FixtureRequest, private_redis: PrivateRedis
) -> Iterator[Topology]:
    """The whole scaled deployment: PostgreSQL, Redis, two app processes, nginx in front."""
    url = seeded_postgres(tmp_path, request)
    with topology(
        url,
        private_redis.url,
        tmp_path,
        QMS_HEARTBEAT_SECONDS="1",
        QMS_METRICS_TOKEN="metrics-token-for-tests",
        QMS_CODE_MISSES_PER_HOUR="3",
    ) as t:
        yield t
