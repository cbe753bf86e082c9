"""Per-client limits on public endpoints nobody logs in to (booking, codes).

Anyone may book and anyone may try a code, so one client address may only do so many
times an hour: a script cannot take every free time of a month or walk the code space.

With Redis (``QMS_REDIS_URL``, the scaled mode) every worker shares one count
(``RedisThrottle``): a sorted set of event times per limit and address, trimmed to a
sliding window, so several workers together allow the limit once. Each process also
keeps its own count (``Throttle``, a bounded table that forgets the oldest addresses
first); it alone decides without Redis, and while Redis does not answer, so a visitor
never waits for it (a few workers then each allow the limit: still far below what
abuse needs).
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from fastapi import FastAPI, Request
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from queue_server.container import Container
from queue_server.domain.errors import BookingNotFound, TooManyAttempts

T = TypeVar("T")
HOUR = 3600.0

MAX_CLIENTS = 10_000
KEY_PREFIX = "qms:throttle"
REDIS_TIMEOUT = 0.5  # seconds a visitor may wait for the shared count, at most twice
REDIS_PAUSE = 5.0  # seconds to count locally after Redis failed, before trying it again
WARN_EVERY = 60.0  # seconds between two warnings that Redis does not answer

log = logging.getLogger(__name__)


class Limit(Protocol):
    """At most so many events per client in a window."""

    async def check(self, client: str) -> None:
        """Raise TooManyAttempts if ``client`` used up its limit."""

    async def hit(self, client: str) -> None:
        """Count one event of ``client``."""


def _retry_after(oldest: float, window: float, now: float) -> int:
    """Whole seconds until the oldest counted event leaves the window (at least 1)."""
    return max(1, math.ceil(oldest + window - now))


class Throttle:
    """At most ``limit`` events per client in any ``window`` seconds, in this process."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, client: str) -> deque[float]:
        now = self.clock()
        times = self._seen.pop(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        self._seen[client] = times  # the most recently seen last
        while len(self._seen) > MAX_CLIENTS:
            self._seen.popitem(last=False)
        return times

    async def check(self, client: str) -> None:
        """Raise TooManyAttempts if ``client`` used up its limit."""
        times = self._recent(client)
        if len(times) >= self.limit:
            raise TooManyAttempts(retry_after=_retry_after(times[0], self.window, self.clock()))

    async def hit(self, client: str) -> None:
        """Count one event of ``client``."""
        self._recent(client).append(self.clock())


class RedisThrottle:
    """The same limit shared by every worker: per client a sorted set in Redis (key
    ``qms:throttle:<name>:<client>``) of event times, trimmed to the window, expiring
    with it. Times are the wall clock, which the workers share."""

    def __init__(
        self,
        redis: Redis,
        name: str,
        limit: int,
        window: float,
        *,
        clock: Callable[[], float] = time.time,
        prefix: str = KEY_PREFIX,
    ) -> None:
        self.redis = redis
        self.name = name
        self.limit = limit
        self.window = window
        self.clock = clock
        self.prefix = f"{prefix}:{name}:"
        self.local = Throttle(limit, window, clock)  # what decides while Redis is away
        self._paused_until = 0.0
        self._warned_at: float | None = None

    async def check(self, client: str) -> None:
        """Raise TooManyAttempts if ``client`` used up its limit on all the workers."""
        now, key = self.clock(), self.prefix + client
        pipe = self.redis.pipeline(transaction=True)
        pipe.zremrangebyscore(key, "-inf", now - self.window)
        pipe.zcard(key)
        pipe.zrange(key, 0, 0, withscores=True)
        replies = await self._execute(pipe)
        if replies is None:
            await self.local.check(client)
        elif replies[1] >= self.limit:
            oldest = replies[2][0][1]
            raise TooManyAttempts(retry_after=_retry_after(oldest, self.window, now))

    async def hit(self, client: str) -> None:
        """Count one event of ``client``, for all the workers and in this process."""
        await self.local.hit(client)
        now, key = self.clock(), self.prefix + client
        pipe = self.redis.pipeline(transaction=True)
        pipe.zadd(key, {f"{now!r}:{os.urandom(6).hex()}": now})  # unique: times may repeat
        pipe.zremrangebyscore(key, "-inf", now - self.window)
        pipe.expire(key, math.ceil(self.window))
        await self._execute(pipe)

    async def _execute(self, pipe: Pipeline) -> list[Any] | None:
        """The replies of a MULTI pipeline; None if Redis does not answer in time, or
        failed a moment ago (then this process counts alone for a few seconds)."""
        if time.monotonic() < self._paused_until:
            return None
        try:
            async with asyncio.timeout(2 * REDIS_TIMEOUT):
                return list(await pipe.execute())
        except (RedisError, OSError, TimeoutError) as error:
            now = time.monotonic()
            self._paused_until = now + REDIS_PAUSE
            if self._warned_at is None or now - self._warned_at >= WARN_EVERY:
                self._warned_at = now
                log.warning(
                    "the %s limit is counted in each process alone: Redis does not answer (%r)",
                    self.name,
                    error,
                )
            return None


def redis_for_limits(url: str) -> Redis:
    """A client that gives up quickly: a visitor never waits long for the shared count."""
    return Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT,
        socket_timeout=REDIS_TIMEOUT,
        retry=Retry(NoBackoff(), 0),
    )


def client_of(request: Request) -> str:
    """The caller's address (behind nginx, uvicorn's proxy headers give the visitor's)."""
    return request.client.host if request.client else "unknown"


@dataclass(frozen=True)
class PublicLimits:
    bookings: Limit  # bookings made
    codes: Limit  # unknown codes tried
    redis: Redis | None = None  # the shared count's client, if any

    async def aclose(self) -> None:
        """Close the connections to Redis (at shutdown)."""
        if self.redis is not None:
            await self.redis.aclose()


def limits_of(request: Request) -> PublicLimits:
    """The app's limits (made on first use from its settings): shared by the workers
    through Redis when it is configured."""
    state = request.app.state
    if not hasattr(state, "public_limits"):
        container: Container = state.container
        settings = container.settings
        bookings, misses = settings.bookings_per_hour, settings.code_misses_per_hour
        if settings.redis_url:
            redis = redis_for_limits(settings.redis_url)
            state.public_limits = PublicLimits(
                bookings=RedisThrottle(redis, "bookings", bookings, HOUR),
                codes=RedisThrottle(redis, "codes", misses, HOUR),
                redis=redis,
            )
        else:
            state.public_limits = PublicLimits(
                bookings=Throttle(bookings, HOUR), codes=Throttle(misses, HOUR)
            )
    limits: PublicLimits = state.public_limits
    return limits


async def close_limits(app: FastAPI) -> None:
    """Close what the app's limits hold open (the lifespan's end)."""
    limits: PublicLimits | None = getattr(app.state, "public_limits", None)
    if limits is not None:
        await limits.aclose()


async def by_code(request: Request, call: Callable[[], Awaitable[T]]) -> T:
    """Run a use case that finds a booking by code; an unknown code counts against the
    caller, who is refused (429) once their hour's misses are used up."""
    codes, client = limits_of(request).codes, client_of(request)
    await codes.check(client)
    try:
        return await call()
    except BookingNotFound:
        await codes.hit(client)
        raise


async def booking_made(request: Request, call: Callable[[], Awaitable[T]]) -> T:
    """Run the booking use case within the caller's hourly number of bookings."""
    made, client = limits_of(request).bookings, client_of(request)
    await made.check(client)
    result = await call()
    await made.hit(client)
    return result
