"""The hub: one per process, it hands committed events to the sockets following each office.

Every socket has a bounded queue. A client too slow to drain it is dropped (it reconnects
and catches up from the event log) rather than allowed to stall the others.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field

from queue_server.service.ports import PublishedEvent

QUEUE_SIZE = 256


@dataclass(eq=False)
class Subscription:
    """One socket's share of the office's events: a bounded queue and a wake-up."""

    office_id: int
    queue: deque[PublishedEvent] = field(default_factory=deque)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    overflowed: bool = False  # too slow: the socket is closed and the client reconnects
    nudged: bool = False  # the bus may have lost events: the socket reads the log now

    def offer(self, event: PublishedEvent) -> None:
        if len(self.queue) >= QUEUE_SIZE:
            self.overflowed = True
        else:
            self.queue.append(event)
        self.ready.set()

    def nudge(self) -> None:
        self.nudged = True
        self.ready.set()


RENDERED_KEPT = 512  # encoded messages kept for the sockets that have yet to send them


class Hub:
    """Fans events out to the subscriptions of their office."""

    def __init__(self) -> None:
        self._subscriptions: dict[int, set[Subscription]] = {}
        self._rendered: OrderedDict[Hashable, str | None] = OrderedDict()
        self._latest: dict[int, tuple[int, float]] = {}
        self._done: dict[Hashable, float] = {}

    async def latest_seq(
        self, office_id: int, read: Callable[[], Awaitable[int]], max_age: float
    ) -> int:
        """The office's latest seq in the log, read at most once per ``max_age`` seconds
        for all the sockets of this process (each heartbeat asks)."""
        now = asyncio.get_running_loop().time()
        cached = self._latest.get(office_id)
        if cached is None or now - cached[1] >= max_age:
            cached = (await read(), now)
            self._latest[office_id] = cached
        return cached[0]

    def due(self, key: Hashable, every: float) -> bool:
        """Whether ``key`` (e.g. a device's "I am alive") is due again, at most once per
        ``every`` seconds in this process."""
        now = asyncio.get_running_loop().time()
        if now - self._done.get(key, float("-inf")) < every:
            return False
        self._done[key] = now
        return True

    def rendered(self, key: Hashable, encode: Callable[[], str | None]) -> str | None:
        """The wire text of ``key``, encoded once and shared by every socket that sends it."""
        if key not in self._rendered:
            self._rendered[key] = encode()
            if len(self._rendered) > RENDERED_KEPT:
                self._rendered.popitem(last=False)
        return self._rendered[key]

    @property
    def clients(self) -> int:
        return sum(len(subs) for subs in self._subscriptions.values())

    async def deliver(self, events: Sequence[PublishedEvent]) -> None:
        """The bus listener: called with each batch of committed events, in order."""
        for event in events:
            for subscription in self._subscriptions.get(event.office_id, ()):
                subscription.offer(event)

    def resync(self) -> None:
        """The bus may have lost events: every socket catches up from the log."""
        for subscriptions in self._subscriptions.values():
            for subscription in subscriptions:
                subscription.nudge()

    @contextlib.contextmanager
    def subscribe(self, office_id: int) -> Iterator[Subscription]:
        subscription = Subscription(office_id)
        self._subscriptions.setdefault(office_id, set()).add(subscription)
        try:
            yield subscription
        finally:
            subs = self._subscriptions.get(office_id, set())
            subs.discard(subscription)
            if not subs:
                self._subscriptions.pop(office_id, None)
