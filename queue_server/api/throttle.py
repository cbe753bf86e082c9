"""A per-client limit on public endpoints nobody logs in to (booking, codes).

Anyone may book and anyone may try a code, so one client address may only do so many
times an hour: a script cannot take every free time of a month or walk the code space.
The count is kept in each process (a few workers each allow the limit: still far below
what abuse needs), in a bounded table that forgets the oldest addresses first.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from fastapi import Request

from queue_server.container import Container
from queue_server.domain.errors import BookingNotFound, TooManyAttempts

T = TypeVar("T")
HOUR = 3600.0

MAX_CLIENTS = 10_000


class Throttle:
    """At most ``limit`` events per client in any ``window`` seconds."""

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

    def check(self, client: str) -> None:
        """Raise TooManyAttempts if ``client`` used up its limit."""
        times = self._recent(client)
        if len(times) >= self.limit:
            raise TooManyAttempts(retry_after=max(1, int(times[0] + self.window - self.clock())))

    def hit(self, client: str) -> None:
        """Count one event of ``client``."""
        self._recent(client).append(self.clock())


def client_of(request: Request) -> str:
    """The caller's address (behind nginx, uvicorn's proxy headers give the visitor's)."""
    return request.client.host if request.client else "unknown"


@dataclass(frozen=True)
class PublicLimits:
    bookings: Throttle  # bookings made
    codes: Throttle  # unknown codes tried


def limits_of(request: Request) -> PublicLimits:
    """The app's limits (made on first use from its settings)."""
    state = request.app.state
    if not hasattr(state, "public_limits"):
        container: Container = state.container
        settings = container.settings
        state.public_limits = PublicLimits(
            bookings=Throttle(settings.bookings_per_hour, HOUR),
            codes=Throttle(settings.code_misses_per_hour, HOUR),
        )
    limits: PublicLimits = state.public_limits
    return limits


async def by_code(request: Request, call: Callable[[], Awaitable[T]]) -> T:
    """Run a use case that finds a booking by code; an unknown code counts against the
    caller, who is refused (429) once their hour's misses are used up."""
    codes, client = limits_of(request).codes, client_of(request)
    codes.check(client)
    try:
        return await call()
    except BookingNotFound:
        codes.hit(client)
        raise


async def booking_made(request: Request, call: Callable[[], Awaitable[T]]) -> T:
    """Run the booking use case within the caller's hourly number of bookings."""
    made, client = limits_of(request).bookings, client_of(request)
    made.check(client)
    result = await call()
    made.hit(client)
    return result
