"""The public limits shared through Redis (127.0.0.1:6379), as the workers of the scaled
mode share them: one count for all, a sliding window, Retry-After from the oldest event,
and the process's own count when Redis does not answer. Each test has its own keys."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable

import pytest

from queue_server.api.throttle import HOUR, RedisThrottle, Throttle, redis_for_limits
from queue_server.domain.errors import TooManyAttempts
from tests.conftest import need_redis
from tests.servers import free_port

REDIS_URL = "redis://127.0.0.1:6379/0"
VISITOR, NEIGHBOUR = "203.0.113.7", "2001:db8::1"


class Clock:
    """Wall-clock seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


def nowhere() -> str:
    """A Redis URL nobody listens at."""
    return f"redis://127.0.0.1:{free_port()}/0"


Workers = Callable[..., list[RedisThrottle]]


@pytest.fixture
async def workers() -> AsyncIterator[Workers]:
    """``workers(n, limit=...)``: the same limit in ``n`` processes, each with its own
    Redis client, on keys no other test uses."""
    need_redis()
    prefix = f"qms:test:{uuid.uuid4().hex}"
    clients = []

    def make(
        count: int = 2,
        *,
        limit: int = 3,
        window: float = HOUR,
        clock: Callable[[], float] = time.time,
    ) -> list[RedisThrottle]:
        made = []
        for _ in range(count):
            clients.append(redis := redis_for_limits(REDIS_URL))
            made.append(RedisThrottle(redis, "codes", limit, window, clock=clock, prefix=prefix))
        return made

    yield make
    keys = await clients[0].keys(f"{prefix}:*") if clients else []
    if keys:
        await clients[0].delete(*keys)
    for redis in clients:
        await redis.aclose()


async def refused(throttle: RedisThrottle | Throttle, client: str = VISITOR) -> int | None:
    """The Retry-After of a refusal; None if ``client`` may go on."""
    try:
        await throttle.check(client)
    except TooManyAttempts as error:
        return int(str(error.params["retry_after"]))
    return None


class TestSharedCount:
    async def test_two_workers_together_allow_the_limit_once(self, workers: Workers) -> None:
        first, second = workers(2, limit=3)
        for throttle in (first, second, first):
            assert await refused(throttle) is None
            await throttle.hit(VISITOR)
        assert await refused(first) is not None
        assert await refused(second) is not None

    async def test_each_address_has_its_own_count(self, workers: Workers) -> None:
        first, second = workers(2, limit=1)
        await first.hit(VISITOR)
        assert await refused(second) is not None
        assert await refused(second, NEIGHBOUR) is None

    async def test_the_window_slides_and_retry_after_counts_to_the_oldest(
        self, workers: Workers
    ) -> None:
        clock = Clock()
        first, second = workers(2, limit=3, window=60, clock=clock)
        for throttle in (first, second, first):
            await throttle.hit(VISITOR)
            clock.now += 10
        # Events at 0, 10 and 20 s; now 30 s: the first leaves the window in 30 s.
        assert await refused(second) == 30
        clock.now += 29.5
        assert await refused(second) == 1
        clock.now += 0.5  # 60 s after the first event: it no longer counts
        assert await refused(second) is None
        await second.hit(VISITOR)
        assert await refused(first) == 10  # events at 10, 20 and 60 s; now 60 s

    async def test_the_key_expires_with_the_window(self, workers: Workers) -> None:
        (throttle,) = workers(1, window=90)
        await throttle.hit(VISITOR)
        ttl = await throttle.redis.ttl(f"{throttle.prefix}{VISITOR}")
        assert 0 < ttl <= 90


class TestUnreachableRedis:
    async def test_the_process_counts_alone_and_never_waits(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        redis = redis_for_limits(nowhere())
        throttle = RedisThrottle(redis, "bookings", 2, HOUR, prefix="qms:test:down")
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, "queue_server.api.throttle"):
            for _ in range(2):
                assert await refused(throttle) is None
                await throttle.hit(VISITOR)
            assert await refused(throttle) is not None  # the local count still limits
            assert await refused(throttle, NEIGHBOUR) is None
        assert time.monotonic() - started < 2
        warnings = [r for r in caplog.records if "Redis does not answer" in r.getMessage()]
        assert len(warnings) == 1 and "bookings" in warnings[0].getMessage()
        await redis.aclose()

    async def test_what_this_process_counted_before_redis_went_away_still_counts(
        self, workers: Workers
    ) -> None:
        (throttle,) = workers(1, limit=2)
        await throttle.hit(VISITOR)
        await throttle.hit(VISITOR)
        # Redis stops answering (and loses its keys): the process remembers its own two.
        await throttle.redis.delete(f"{throttle.prefix}{VISITOR}")
        live, throttle.redis = throttle.redis, redis_for_limits(nowhere())
        try:
            assert await refused(throttle) is not None
        finally:
            await throttle.redis.aclose()
            throttle.redis = live
