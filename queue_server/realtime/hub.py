"""The hub: one per process, it hands committed events to the sockets following each office.

Every socket has a bounded queue. A client too slow to drain it is dropped (it reconnects
and catches up from the event log) rather than allowed to stall the others.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field

from queue_server.service.ports import PublishedEvent

QUEUE_SIZE = 256


@dataclass(eq=False)
class Subscription:
    office_id: int
    queue: asyncio.Queue[PublishedEvent] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    overflowed: asyncio.Event = field(default_factory=asyncio.Event)
    # Set when events may have been lost on the bus: the socket reads the log now.
    nudged: asyncio.Event = field(default_factory=asyncio.Event)

    def offer(self, event: PublishedEvent) -> None:
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed.set()


RENDERED_KEPT = 512  # encoded messages kept for the sockets that have yet to send them


class Hub:
    """Fans events out to the subscriptions of their office."""

    def __init__(self) -> None:
        self._subscriptions: dict[int, set[Subscription]] = {}
        self._rendered: OrderedDict[Hashable, str | None] = OrderedDict()

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
                subscription.nudged.set()

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
